#!/usr/bin/env python3
"""Evidence for issue 14's discovery rule (a probe, not the product): are pages that share
chrome-shaped lines pages of one template?

    python benchmarks/discovery_probe.py [MAXW CAP K R] [reg] [writeall]

All shared corpora pooled as one flat folder (1,501 pages, 1,229 sites; no site used). A
page's evidence is its set of folded forms (newsclean.fingerprints) of lines of 1 to MAXW
words; a form counts min(words, 4) / 4 (one-word forms such as "home" a quarter); forms on
more than CAP pages are dropped (generic), forms on one page carry nothing. Two pages are
linked when the forms they share weigh at least K and at least R times the smaller page's
own weight (a WordPress theme's five lines do not make two blogs one template); linked
pages form templates (union-find over an inverted index: never all pairs of pages).
Printed: purity of the templates against the corpora's sites (``reg``: registrable
domains), completeness over sites with several pages, the largest impure templates, and
per corpus. ``writeall`` writes /tmp/t14/CORPUS_{k,t,n}.jsonl: keyed by site, by discovered
template, and without any site, for scoring with the command.
"""
import json, sys, collections, time
from pathlib import Path
from newsclean.fingerprints import folded
S=Path('/work/shared')
corpora={'bench':S/'bench','wcxb':S/'wcxb','l3s-rest':S/'l3s-rest','l3s-gn1':S/'sites/l3s-gn1'}
pages=[]  # (corpus, id, site, text)
for name,folder in corpora.items():
    for line in open(folder/'meta.jsonl'):
        m=json.loads(line)
        p=folder/'text'/f"{m['id']}.txt"
        if p.exists():
            pages.append((name,m['id'],(m.get('site') or m.get('domain') or '').lower().removeprefix('www.'),p.read_text(errors='replace')))
def reg(site):
    parts=site.split('.')
    if len(parts)>=3 and parts[-2] in ('co','com','net','org','gov','ac') and len(parts[-1])==2: return '.'.join(parts[-3:])
    return '.'.join(parts[-2:])
if 'reg' in sys.argv: pages=[(c,i,reg(s),t) for c,i,s,t in pages]
print(len(pages),'pages', len({p[2] for p in pages}),'sites')
MAXW=int(sys.argv[1]) if len(sys.argv)>1 else 12
CAP=int(sys.argv[2]) if len(sys.argv)>2 else 50
K=float(sys.argv[3]) if len(sys.argv)>3 else 6
R=float(sys.argv[4]) if len(sys.argv)>4 else 0
t=time.time()
pforms=[]
for c,i,s,text in pages:
    lines=[l.strip() for l in text.splitlines() if l.strip()]
    fs=set()
    for l,f in zip(lines, folded(lines)):
        w=len(f.split())
        if 1<=w<=MAXW and len(f)>=3:
            fs.add(f)
    pforms.append(fs)
df=collections.Counter(f for fs in pforms for f in fs)
index=collections.defaultdict(list)
for n,fs in enumerate(pforms):
    for f in fs:
        if 2<=df[f]<=CAP: index[f].append(n)
def weight(f):
    w=len(f.split())
    return min(w,4)/4   # one-word forms (home, share) count a quarter
pair=collections.Counter()
for f,ps in index.items():   # (pairs within a form's <= CAP pages: bounded)
    wt=weight(f)
    for a in range(len(ps)):
        for b in range(a+1,len(ps)):
            pair[ps[a],ps[b]]+=wt
# union-find on strong pairs
parent=list(range(len(pages)))
def find(x):
    while parent[x]!=x:
        parent[x]=parent[parent[x]]; x=parent[x]
    return x
linked=0
tw=[sum(weight(f) for f in fs) for fs in pforms]
for (a,b),w in pair.items():
    if w>=K and w>=R*min(tw[a],tw[b]):
        linked+=1
        ra,rb=find(a),find(b)
        if ra!=rb: parent[ra]=rb
groups=collections.defaultdict(list)
for n in range(len(pages)): groups[find(n)].append(n)
multi=[g for g in groups.values() if len(g)>1]
# purity: for each page in multi-page group, share of its group's majority site
pure=sum(collections.Counter(pages[n][2] for n in g).most_common(1)[0][1] for g in multi)
inmulti=sum(len(g) for g in multi)
# completeness over sites with >=2 pages: share of a site's pages in its largest group
site_pages=collections.defaultdict(list)
for n,p in enumerate(pages): site_pages[p[2]].append(n)
comp_num=comp_den=0
for s,ns in site_pages.items():
    if len(ns)<2: continue
    c=collections.Counter(find(n) for n in ns).most_common(1)[0][1]
    comp_num+=c; comp_den+=len(ns)
impure=[g for g in multi if len({pages[n][2] for n in g})>1]
print(f'maxw={MAXW} cap={CAP} K={K}: {time.time()-t:.1f}s groups>1: {len(multi)} pages in them {inmulti}; purity {pure/max(inmulti,1):.3f}; completeness {comp_num/comp_den:.3f} over {comp_den} pages of multi-page sites; impure groups {len(impure)}')
for g in sorted(impure,key=len,reverse=True)[:6]:
    print('  ', collections.Counter(pages[n][2] for n in g).most_common(4))
# per-corpus figures, and a JSONL of gn1 with discovered template labels as sites
for corpus in corpora:
    ns=[n for n,p in enumerate(pages) if p[0]==corpus]
    g=collections.defaultdict(list)
    for n in ns: g[find(n)].append(n)
    mg=[x for x in g.values() if len(x)>1]
    pure=sum(collections.Counter(pages[n][2] for n in x).most_common(1)[0][1] for x in mg); inm=sum(map(len,mg))
    print(f'  {corpus}: pages {len(ns)}, in templates {inm}, purity {pure/max(inm,1):.3f}')
if 'write' in sys.argv:
    with open('/tmp/t14/gn1_templates.jsonl','w') as out, open('/tmp/t14/gn1_sites.jsonl','w') as out2, open('/tmp/t14/gn1_none.jsonl','w') as out3:
        for n,p in enumerate(pages):
            if p[0]!='l3s-gn1': continue
            out.write(json.dumps({'id':p[1],'site':f't{find(n)}','text':p[3]})+'\n')
            out2.write(json.dumps({'id':p[1],'site':p[2],'text':p[3]})+'\n')
            out3.write(json.dumps({'id':p[1],'text':p[3]})+'\n')
if 'writeall' in sys.argv:
    golddirs={k:v/'gold' for k,v in corpora.items()}
    for corpus in corpora:
        with open(f'/tmp/t14/{corpus}_t.jsonl','w') as o1, open(f'/tmp/t14/{corpus}_k.jsonl','w') as o2, open(f'/tmp/t14/{corpus}_n.jsonl','w') as o3:
            for n,p in enumerate(pages):
                if p[0]!=corpus: continue
                g=find(n); size=len(groups[g])
                rec={'id':p[1],'text':p[3]}
                o3.write(json.dumps(rec)+'\n')
                o2.write(json.dumps(dict(rec,site=p[2]))+'\n')
                o1.write(json.dumps(dict(rec,site=f't{g}') if size>1 else rec)+'\n')
