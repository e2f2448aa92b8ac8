#!/usr/bin/env python3
"""Learned site chrome, measured: F1/P/R with and without learning, learn speed and memory.

    python benchmarks/sites.py                    # l3s-gn1, the bench, a synthetic corpus
    python benchmarks/sites.py --pages 100000     # ...the synthetic corpus this large

Each corpus goes through the installed command as one JSON Lines file of {id, site, text}
records: `newsclean clean corpus.jsonl` (which learns from the corpus itself first) and
`newsclean clean corpus.jsonl --no-learn`, scored with the bench's scorer. The bench's site
is a page's domain (most domains have one page there: learning must simply cost nothing).

The synthetic corpus: many sites, each with its own menu of sections, prompts, footer of
links (common link names in a site's own choice and order), comment policy and a rail
of other stories' headlines that changes from page to page, counts and dates that change on
every page, and wire stories that pages of several sites carry. The comment policy
sits right under the article and the rail holds other stories' one-sentence summaries: chrome
that reads as prose. Its gold is each page's
article; the script also counts the wire paragraphs that any output lost (there must be none).
`newsclean learn` over it is timed (docs/s) and its peak memory taken (GNU time).

With no site information: l3s-gn1 and the synthetic corpus as a flat folder of text files
(`newsclean clean folder -o out`) and as JSON Lines records without a site, learned by the
templates discovered among them. Sites that print two templates (the synthetic corpus with
a blog section on a sixth of the pages of 40% of its sites), keyed: learned by templates
(--site-from auto) against as whole sites (--site-from field). Pages never learned: each
site's pages halved, one half learned (without sites, and with them), the other cleaned
with the store (placed in the template whose chrome they share most). Templates against
the real sites: all shared corpora pooled, sites hidden: purity and completeness per
corpus, and F1 of the pages of templates that span several sites. Discovery over 100,000
synthetic pages: the grouping alone, and `newsclean learn` over them without their sites.

Cleaning with a store, against jusText: l3s-gn1, and a synthetic corpus of 5,000 pages
(--store-pages), each learned into a store, then cleaned with `newsclean clean corpus.jsonl
--store S` (the command, start-up included; in one process and with --jobs 2), with the
library (Cleaner with the store, in a fresh process) and with --no-learn, and jusText over the
same texts in this process (as benchmarks/throughput.py runs it); best of 3 interleaved runs.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
NEWSCLEAN = Path(sys.executable).parent / "newsclean"
sys.path.insert(0, str(SHARED / "bench"))
from score import score_pairs  # noqa: E402

_WORDS = ("minister council budget harbour election school railway hospital festival bridge museum court "
          "police weather market energy water housing transport farmers teachers nurses union plan report "
          "study vote talks city region county village river mountain coast company bank shares prices").split()


_FOOTER_LINKS = ("About us", "Contact", "Advertise", "Careers", "Privacy policy", "Cookie settings", "Terms of use",
                 "Accessibility", "Site map", "Archive", "Subscriptions", "Help", "Corrections", "Newsletters",
                 "Events", "Podcasts", "Syndication", "Editorial standards")


def corpus_records(folder: Path) -> tuple[list[dict], dict[str, str]]:
    """A corpus folder (text/, gold/, meta.jsonl) as records with a site, and its gold bodies."""
    records, gold = [], {}
    for line in (folder / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        records.append({"id": meta["id"], "site": meta.get("site") or meta.get("domain"),
                        "text": (folder / "text" / f"{meta['id']}.txt").read_text(encoding="utf-8")})
        gold[meta["id"]] = (folder / "gold" / f"{meta['id']}.txt").read_text(encoding="utf-8")
    return records, gold


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def site_name(number: int) -> str:
    """A site's name made of three words, unique up to 59,319 sites ("sharescouncilminister.example"):
    names that differ only by digits would fold into one form, and no real site is named so."""
    words = [_WORDS[number // len(_WORDS) ** k % len(_WORDS)] for k in range(3)]
    return "".join(words) + ".example"


def synthetic(pages: int, seed: int = 11, sections: float = 0.0) -> tuple[list[dict], dict[str, str], list[str]]:
    """``pages`` records over pages // 25 sites, their gold bodies, and the wire paragraphs.

    ``sections``: the share of sites that print a second template (a blog section, its own
    menu, policy and footer) on about a sixth of their pages."""
    rng = random.Random(seed)
    sites = max(2, pages // 25)
    wire = [" ".join(_sentence(rng, 14) for _ in range(3)) for _ in range(max(5, pages // 50))]
    chrome = {}
    for s in range(sites):
        name = site_name(s)
        # As real templates print them (real pages carry 7 to 32 times more weight of short
        # chrome lines at their 10th percentile than a bare menu and copyright line): a
        # menu of sections (one or two words each), the site's own prompts, a footer of links.
        menu = [" ".join(w.title() for w in rng.sample(_WORDS, rng.randint(1, 2))) for _ in range(rng.randint(6, 12))]
        menu += [f"Sign up for the {name} newsletter", f"Follow {name} on social media"]
        policy = (f"Comments on {name} are moderated: keep to the topic, be civil, and do not post "
                  f"personal details of anyone, or your comment will be removed.")
        links = rng.sample(_FOOTER_LINKS, rng.randint(4, 8))
        footer = [f"Copyright {name} Media Group. All rights reserved.", " | ".join(links[:len(links) // 2]),
                  " | ".join(links[len(links) // 2:]), f"{name} is part of the {rng.choice(_WORDS).title()} network"]
        chrome[name] = (menu, policy, footer)
        if sections and rng.random() < sections:   # (no draw otherwise: the corpus stays as it was)
            blog = [f"{name} blogs", *(w.title() for w in rng.sample(_WORDS, 8)), f"Write for {name} blogs"]
            note = (f"The views in {name} blogs are the writers' own; to reply, write to the editor, "
                    "who reads every letter and prints the best of them at the weekend.")
            chrome[name, "blog"] = (blog, note, [f"{name} blogs, an independent voice since 1998",
                                                 " | ".join(rng.sample(_FOOTER_LINKS, 5))])
    # Each site's rail shows 3 of its 12 latest summaries: a summary recurs on some of its pages.
    teasers = {site_name(s): [_sentence(rng, 16) for _ in range(12)] for s in range(sites)}
    records, gold = [], {}
    for n in range(pages):
        name = site_name(n % sites)
        menu, policy, footer = chrome[(name, "blog") if (name, "blog") in chrome and rng.random() < 1 / 6 else name]
        body = [" ".join(_sentence(rng, rng.randint(12, 25)) for _ in range(rng.randint(1, 3)))
                for _ in range(rng.randint(3, 8))]
        if rng.random() < 0.3:  # a wire story, carried by pages of several sites
            story = rng.choice(wire)
            body.insert(rng.randint(0, len(body)), story)
        day = rng.randint(1, 28)
        # The policy right under the article and a rail of other stories' summaries read as
        # prose: chrome that only recurrence across the site's pages gives away.
        lines = [*menu, f"Updated {day} March 2008, {rng.randint(1, 12)}:{rng.randint(10, 59)} GMT", *body,
                 policy, f"{rng.randint(0, 300)} comments", "More from this section",
                 *rng.sample(teasers[name], 3), *footer]
        records.append({"id": str(n), "site": name, "text": "\n".join(lines) + "\n"})
        gold[str(n)] = "\n\n".join(body) + "\n"
    return records, gold, wire


def write_jsonl(records: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def clean(path: Path, *options: str) -> dict[str, str]:
    done = subprocess.run([str(NEWSCLEAN), "clean", str(path), *options], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"newsclean failed: {done.stderr[-500:]}")
    return {r["id"]: r["clean_text"] for r in map(json.loads, done.stdout.splitlines())}


def measure(name: str, records: list[dict], gold: dict[str, str], work: Path, wire: list[str] = ()) -> None:
    path = work / f"{name}.jsonl"
    write_jsonl(records, path)
    for label, options in (("learning", ()), ("--no-learn", ("--no-learn",))):
        started = time.perf_counter()
        output = clean(path, *options)
        seconds = time.perf_counter() - started
        summary, _ = score_pairs({i: (gold[i], output.get(i, "")) for i in gold})
        line = (f"  {name:10} {label:11} F1 {summary['f1']:.3f}  P {summary['precision']:.3f}  "
                f"R {summary['recall']:.3f}   ({len(records)} pages, {len(records) / seconds:.0f} docs/s)")
        if wire:
            lost = sum(1 for r in records for story in wire if story in r["text"] and story not in output[r["id"]])
            line += f"   wire paragraphs lost: {lost}"
        print(line)


def measure_flat(name: str, records: list[dict], gold: dict[str, str], work: Path, wire: list[str] = ()) -> None:
    """The corpus with no site information: as a folder of text files, and as JSON Lines
    records without a site (what template discovery, issue 14, has to learn from)."""
    folder, output = work / f"{name}-flat", work / f"{name}-flat-out"
    folder.mkdir()
    for record in records:
        (folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([str(NEWSCLEAN), "clean", str(folder), "-o", str(output)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"newsclean failed: {done.stderr[-500:]}")
    cleaned = {path.stem: path.read_text(encoding="utf-8") for path in output.glob("*.txt")}
    summary, _ = score_pairs({i: (gold[i], cleaned.get(i, "")) for i in gold})
    print(f"  {name:10} {'flat folder':11} F1 {summary['f1']:.3f}  P {summary['precision']:.3f}  "
          f"R {summary['recall']:.3f}   ({len(records)} pages, {len(records) / seconds:.0f} docs/s)"
          + (f"   wire paragraphs lost: {_wire_lost(records, cleaned, wire)}" if wire else ""))
    path = work / f"{name}-nosite.jsonl"
    write_jsonl([{k: v for k, v in r.items() if k != "site"} for r in records], path)
    started = time.perf_counter()
    output_records = clean(path)
    seconds = time.perf_counter() - started
    summary, _ = score_pairs({i: (gold[i], output_records.get(i, "")) for i in gold})
    print(f"  {name:10} {'no site':11} F1 {summary['f1']:.3f}  P {summary['precision']:.3f}  "
          f"R {summary['recall']:.3f}   ({len(records)} pages, {len(records) / seconds:.0f} docs/s)"
          + (f"   wire paragraphs lost: {_wire_lost(records, output_records, wire)}" if wire else ""))


def measure_sections(records: list[dict], gold: dict[str, str], work: Path) -> None:
    """Sites printing two templates, keyed: learned by their templates (--site-from auto)
    against as one site each (--site-from field: the same sites, no templates)."""
    path = work / "sections.jsonl"
    write_jsonl(records, path)
    for label, options in (("templates", ()), ("whole site", ("--site-from", "field")), ("--no-learn", ("--no-learn",))):
        output = clean(path, *options)
        summary, _ = score_pairs({i: (gold[i], output.get(i, "")) for i in gold})
        print(f"  {'sections':10} {label:11} F1 {summary['f1']:.3f}  P {summary['precision']:.3f}  "
              f"R {summary['recall']:.3f}   ({len(records)} pages)")


def measure_held_out(name: str, records: list[dict], gold: dict[str, str], work: Path) -> None:
    """Pages never learned: each site's pages split in two (alternately), the first half
    learned, the second cleaned with the store: learned without sites (templates), each new
    page placed in the template whose chrome it shares most; against the same learned with
    their sites (the new pages cleaned with theirs), and no learning. Also: the share of new
    pages placed, and of those placed in a template whose learned pages are mostly of the
    page's own site."""
    by_site: dict[str, list[dict]] = {}
    for record in records:
        by_site.setdefault(record["site"], []).append(record)
    learned = [r for pages in by_site.values() for r in pages[0::2]]
    new = [r for pages in by_site.values() for r in pages[1::2]]
    flat_store, keyed_store = work / f"{name}-held-flat.sqlite", work / f"{name}-held-keyed.sqlite"
    for store, rows in ((flat_store, [{k: v for k, v in r.items() if k != "site"} for r in learned]),
                        (keyed_store, learned)):
        write_jsonl(rows, work / "held-learn.jsonl")
        subprocess.run([str(NEWSCLEAN), "learn", str(work / "held-learn.jsonl"), "--store", str(store)],
                       capture_output=True, check=True)
    write_jsonl([{k: v for k, v in r.items() if k != "site"} for r in new], work / "held-new-flat.jsonl")
    write_jsonl(new, work / "held-new-keyed.jsonl")
    new_gold = {r["id"]: gold[r["id"]] for r in new}
    for label, path, options in (("flat store", "held-new-flat.jsonl", ("--store", str(flat_store))),
                                 ("keyed store", "held-new-keyed.jsonl", ("--store", str(keyed_store))),
                                 ("--no-learn", "held-new-keyed.jsonl", ("--no-learn",))):
        output = clean(work / path, *options)
        summary, _ = score_pairs({i: (new_gold[i], output.get(i, "")) for i in new_gold})
        print(f"  {name:10} {label:11} F1 {summary['f1']:.3f}  P {summary['precision']:.3f}  "
              f"R {summary['recall']:.3f}   ({len(new)} pages never learned; {len(learned)} learned)")
    done = subprocess.run([sys.executable, "-c", _PLACEMENT_RUN, str(flat_store), str(work / "held-learn.jsonl"),
                           str(work / "held-new-keyed.jsonl")], capture_output=True, text=True, check=True)
    placed, right = map(int, done.stdout.split())
    print(f"  {name:10} placement: {placed} of {len(new)} new pages placed in a template, "
          f"{right} of them in one whose learned pages are mostly of their own site")


_PLACEMENT_RUN = """
import collections, json, sys
from newsclean.markup import readable
from newsclean.store import Store
store = Store.open(sys.argv[1])
learned = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
new = [json.loads(line) for line in open(sys.argv[3], encoding="utf-8")]
members = collections.defaultdict(collections.Counter)
for record in learned:
    members[store.template_of(readable(record["text"])[0])][record["site"]] += 1
placed = right = 0
for record in new:
    template = store.template_of(readable(record["text"])[0])
    if template is not None:
        placed += 1
        right += members[template].most_common(1)[0][0] == record["site"]
print(placed, right)
"""


def registrable(site: str) -> str:
    """A host's registrable domain, roughly (a second-level suffix such as co.uk kept)."""
    parts = site.split(".")
    if len(parts) >= 3 and parts[-2] in ("co", "com", "net", "org", "gov", "ac") and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def purity_figures() -> None:
    """Discovered templates against the real sites, all shared corpora pooled (their sites
    hidden): purity (of the pages in a template, the share whose site, or registrable
    domain, is the template's most common one) and completeness (of the pages of a site
    with several, the share in its largest template), per corpus; and, since a template on
    several sites is mostly one publisher's on its domains, F1 of the pages of such
    templates with learning flat, keyed by site and none."""
    from newsclean.markup import readable
    from newsclean.templates import discover, page_forms

    pages = []   # (corpus, record, gold)
    for corpus, folder in (("bench", SHARED / "bench"), ("wcxb", SHARED / "wcxb"), ("l3s-rest", SHARED / "l3s-rest"),
                           ("l3s-gn1", SHARED / "sites" / "l3s-gn1")):
        records, gold = corpus_records(folder)
        pages += [(corpus, {**r, "id": f"{corpus}/{r['id']}", "site": (r["site"] or "").lower().removeprefix("www.")},
                   gold[r["id"]]) for r in records]
    labels = discover([page_forms(readable(r["text"])[0].splitlines()) for _, r, _ in pages])
    members: dict[int, list[int]] = {}
    for n, label in enumerate(labels):
        if label is not None:
            members.setdefault(label, []).append(n)

    def purity(ns: list[int], key) -> float:
        placed = [n for n in ns if labels[n] is not None]
        mine = sum(key(pages[n][1]["site"]) == max(
            (key(pages[m][1]["site"]) for m in members[labels[n]]),
            key=[key(pages[m][1]["site"]) for m in members[labels[n]]].count) for n in placed)
        return mine / max(len(placed), 1)

    for corpus in ("bench", "wcxb", "l3s-rest", "l3s-gn1", "all"):
        ns = [n for n, (c, _, _) in enumerate(pages) if corpus in (c, "all")]
        by_site: dict[str, list[int]] = {}
        for n in ns:
            by_site.setdefault(pages[n][1]["site"], []).append(n)
        several = [group for group in by_site.values() if len(group) > 1]
        largest = sum(max((sum(labels[m] == label for m in group) for label in {labels[m] for m in group}
                           if label is not None), default=0) for group in several)
        print(f"  {corpus:9} {len(ns):5} pages, {sum(labels[n] is not None for n in ns):4} in templates: purity by "
              f"site {purity(ns, lambda s: s):.3f}, by registrable domain {purity(ns, registrable):.3f}; completeness "
              f"{largest / max(sum(map(len, several)), 1):.3f} over {sum(map(len, several))} pages of sites with several")
    mixed = [n for group in members.values() if len({pages[m][1]["site"] for m in group}) > 1 for n in group]
    rows = [r for _, r, _ in pages]
    gold = {r["id"]: g for _, r, g in pages}
    for label, path_rows, options in (("flat", [{k: v for k, v in r.items() if k != "site"} for r in rows], ()),
                                      ("keyed", rows, ()), ("--no-learn", rows, ("--no-learn",))):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "pooled.jsonl"
            write_jsonl(path_rows, path)
            output = clean(path, *options)
        summary, _ = score_pairs({pages[n][1]["id"]: (gold[pages[n][1]["id"]], output.get(pages[n][1]["id"], ""))
                                  for n in mixed})
        print(f"  pages of templates on several sites ({len(mixed)}), learned {label}: F1 {summary['f1']:.3f}")


def _wire_lost(records: list[dict], output: dict[str, str], wire: list[str]) -> int:
    """How many wire paragraphs some page carried and its output lost."""
    return sum(1 for r in records for story in wire if story in r["text"] and story not in output.get(r["id"], ""))


_DISCOVERY_RUN = """
import json, resource, sys, time
from newsclean.templates import discover, page_forms
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
started = time.perf_counter()
evidence = [page_forms(r["text"].splitlines()) for r in records]
formed = time.perf_counter()
labels = discover(evidence)
done = time.perf_counter()
sites = {}
for record, label in zip(records, labels):
    if label is not None:
        sites.setdefault(label, set()).add(record["site"])
pure = sum(len(members) == 1 for members in sites.values())
print(f"{formed - started:.1f} {done - formed:.1f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} "
      f"{sum(l is not None for l in labels)} {len(sites)} {pure}")
"""


def discovery_figures(records: list[dict], work: Path) -> None:
    """Time and peak memory of template discovery over ``records`` (their sites hidden from
    it), and how pure the templates are (each template's pages of one site)."""
    path = work / "discovery.jsonl"
    write_jsonl(records, path)
    done = subprocess.run([sys.executable, "-c", _DISCOVERY_RUN, str(path)], capture_output=True, text=True, check=True)
    forms, grouping, peak, assigned, templates, pure = done.stdout.split()
    print(f"  discovery over {len(records):,} synthetic pages: forms {forms} s, grouping {grouping} s, peak RSS "
          f"{peak} MB (records loaded included); {assigned} pages in {templates} templates, {pure} of them one site's")
    # The command as a user runs it: the records without their sites, learned into a store.
    write_jsonl([{k: v for k, v in r.items() if k != "site"} for r in records], path)
    store = work / "discovery.sqlite"
    argv = [str(NEWSCLEAN), "learn", str(path), "--store", str(store)]
    timer = shutil.which("time", path="/usr/bin:/bin")
    started = time.perf_counter()
    done = subprocess.run(([timer, "-f", "peak-kb %M"] if timer else []) + argv, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"newsclean learn failed: {done.stderr[-500:]}")
    peak = re.findall(r"^peak-kb (\d+)$", done.stderr, re.MULTILINE)
    print(f"  newsclean learn over the same pages without a site: {seconds:.1f} s, "
          + (f"peak RSS {int(peak[-1]) / 1024:.0f} MB" if peak else "peak RSS not measured (no GNU time)")
          + f", store {store.stat().st_size / 1e6:.0f} MB")


def learn_figures(records: list[dict], work: Path, label: str) -> None:
    """docs/s and peak memory of `newsclean learn` over ``records``."""
    path = work / "learn.jsonl"
    write_jsonl(records, path)
    store = work / "learn.sqlite"
    store.unlink(missing_ok=True)
    argv = [str(NEWSCLEAN), "learn", str(path), "--store", str(store)]
    timer = shutil.which("time", path="/usr/bin:/bin")
    if timer:
        argv = [timer, "-f", "peak-kb %M"] + argv
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"newsclean learn failed: {done.stderr[-500:]}")
    peak = re.findall(r"^peak-kb (\d+)$", done.stderr, re.MULTILINE)
    memory = f"peak RSS {int(peak[-1]) / 1024:.0f} MB" if peak else "peak RSS not measured (no GNU time)"
    print(f"  learn {label}: {len(records)} pages in {seconds:.1f} s = {len(records) / seconds:.0f} docs/s, "
          f"{memory}, store {store.stat().st_size / 1e6:.0f} MB")


_LIBRARY_RUN = """
import json, sys, time
from newsclean import Cleaner
from newsclean.store import Store
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
cleaner = Cleaner(store=Store.open(sys.argv[2]) if sys.argv[2] != "-" else None)
started = time.perf_counter()
for record in records:
    cleaner.clean(record["text"], site=record["site"])
print(time.perf_counter() - started)
"""


def store_throughput(name: str, records: list[dict], work: Path, repeat: int = 3) -> None:
    """docs/s of cleaning ``records`` with a store learned from them, beside --no-learn and jusText."""
    try:
        from throughput import print_rates, run_justext
    except ImportError:  # jusText is in the bench extras (make bench installs them)
        print("  (jusText not installed: make bench installs it)")
        return
    path, store = work / "store-run.jsonl", work / "store-run.sqlite"
    write_jsonl(records, path)
    store.unlink(missing_ok=True)
    subprocess.run([str(NEWSCLEAN), "learn", str(path), "--store", str(store)], capture_output=True, check=True)
    runs: dict[str, list[float]] = {"command": [], "jobs": [], "library": [], "no-learn": [], "justext": []}
    for _ in range(repeat):
        for label, extra in (("command", []), ("jobs", ["--jobs", "2"])):
            started = time.perf_counter()
            subprocess.run([str(NEWSCLEAN), "clean", str(path), "--store", str(store), *extra],
                           capture_output=True, check=True)
            runs[label].append(time.perf_counter() - started)
        for label, store_arg in (("library", str(store)), ("no-learn", "-")):
            done = subprocess.run([sys.executable, "-c", _LIBRARY_RUN, str(path), store_arg],
                                  capture_output=True, text=True, check=True)
            runs[label].append(float(done.stdout.strip().splitlines()[-1]))
        runs["justext"].append(run_justext([r["text"] for r in records]))
    rate = {label: len(records) / min(seconds) for label, seconds in runs.items()}
    print(f"  {name}: {len(records)} pages (best of {repeat} interleaved runs)")
    print_rates(rate, [("clean --store (command, 1 process)", "command", ""),
                       ("clean --store --jobs 2", "jobs", ""),
                       ("library with the store, in process", "library", ""),
                       ("library without learning", "no-learn", "")],
                [("command", "command"), ("--jobs 2", "jobs"), ("library", "library"),
                 ("library without learning", "no-learn")])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20_000, help="pages of the synthetic corpus for learn's figures")
    parser.add_argument("--quality-pages", type=int, default=2_000, help="pages of the synthetic corpus scored")
    parser.add_argument("--store-pages", type=int, default=5_000,
                        help="pages of the synthetic corpus cleaned with a store, for its docs/s")
    parser.add_argument("--discovery-pages", type=int, default=100_000,
                        help="pages of the synthetic corpus over which template discovery is timed")
    parser.add_argument("--flat", action="store_true",
                        help="only the corpora with and without site information (keyed, flat, no learning)")
    args = parser.parse_args()
    if not NEWSCLEAN.exists():
        sys.exit(f"{NEWSCLEAN} not found: run make test (or make bench) first")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("F1/P/R with and without learned site chrome (newsclean clean corpus.jsonl [--no-learn]):")
        for name, folder in (("l3s-gn1", SHARED / "sites" / "l3s-gn1"), ("bench", SHARED / "bench"))[:2 - args.flat]:
            records, gold = corpus_records(folder)
            measure(name, records, gold, work)
        records, gold, wire = synthetic(args.quality_pages)
        measure("synthetic", records, gold, work, wire)
        print("with no site information (a flat folder of text files; JSON Lines records without a site):")
        for name, (records, gold, *wire) in (("l3s-gn1", corpus_records(SHARED / "sites" / "l3s-gn1")),
                                      ("synthetic", synthetic(args.quality_pages))):
            measure_flat(name, records, gold, work, *wire)
        print("sites printing two templates (a blog section on a sixth of the pages of 40% of the sites):")
        records, gold, _ = synthetic(args.quality_pages, sections=0.4)
        measure_sections(records, gold, work)
        print("pages never learned, cleaned with a store learned from the other half of each site's pages:")
        for name, (records, gold, *_) in (("l3s-gn1", corpus_records(SHARED / "sites" / "l3s-gn1")),
                                          ("synthetic", synthetic(args.quality_pages))):
            measure_held_out(name, records, gold, work)
        print("discovered templates against the real sites (all shared corpora pooled, sites hidden):")
        purity_figures()
        discovery_figures(synthetic(args.discovery_pages)[0], work)
        if args.flat:
            return 0
        print("learning:")
        bench_like = corpus_records(SHARED / "bench")[0] * 25
        learn_figures([{**r, "text": r["text"] + f"\n{n}\n"} for n, r in enumerate(bench_like)], work,
                      "on bench pages (each page 25 times, made distinct)")
        learn_figures(synthetic(args.pages)[0], work, "on the synthetic corpus")
        print("cleaning with a store learned from the same pages, against jusText:")
        store_throughput("l3s-gn1", corpus_records(SHARED / "sites" / "l3s-gn1")[0], work)
        store_throughput("synthetic", synthetic(args.store_pages)[0], work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
