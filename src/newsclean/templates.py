"""Templates: pages that print the same chrome, found from the pages themselves.

A folder of scraped files says nothing of which pages come from one site, and one site can
print several templates. What pages of one template share is their chrome: the menu, the
footer, the copyright line, the comment form, in short lines. Pages of different sites
that carry the same wire story share long lines of prose instead, and sites built on one
CMS theme share a few of its lines, not most of their chrome. So:

- a page's evidence is the set of forms (``newsclean.fingerprints``) of its short lines,
  each weighing by its length in words (a one-word "Home" a quarter of a four-word line);
- two pages are linked when the forms they share weigh at least ``template_min_weight``
  *and* at least ``template_min_share`` of the lighter page's own evidence;
- a template is a set of linked pages (connected, by union-find), of two pages or more.

Pairs are counted through an inverted index from form to pages, never over all pairs, a
page at a time: a form on at most ``template_anchors`` pages pairs each with all the
others; a form on more pages (a big site's menu, or "Home" on every site) pairs each of its
pages with its anchors only, the ``template_anchors`` of them whose content hashes are
lowest. Pages of one template share most of their forms, so they meet the same anchors in
each and add up there. Time is linear in the pages, memory in their forms.

Labels do not depend on the order of the pages: a template is numbered by the rank of its
smallest content hash. (``newsclean.template_store`` keeps a store's templates.)

>>> chrome = ["Home | World | Business | Sport | Weather", "Sign up for the morning briefing",
...           "Most read on the Harbour Gazette", "Copyright Harbour Gazette, all rights reserved",
...           "Contact the newsroom", "Terms of use and privacy", "Advertise with us"]
>>> stories = ["The council met on Monday and voted for the harbour plan, which will cost more than it has.",
...            "Floods closed the coast road for a second day as rain kept falling over the hills.",
...            "The school board chose a new head teacher after a search that took a whole year."]
>>> pages = [chrome + [story] for story in stories]
>>> pages.append(["Home", "A different site altogether", "Its own footer line here"])
>>> discover([page_forms(p) for p in pages])
[0, 0, 0, None]
"""
from __future__ import annotations

from collections import defaultdict
from hashlib import blake2b
from typing import Iterable, Sequence

from .fingerprints import folded
from .settings import DEFAULT_SETTINGS, Settings

# A template is learned as a site of this name ("template 3"): no host name has a space.
TEMPLATE_PREFIX = "template "


def page_forms(lines: Sequence[str], settings: Settings = DEFAULT_SETTINGS) -> frozenset[bytes]:
    """The evidence of a page of ``lines``: the forms of its chrome-shaped lines.

    >>> sorted(page_forms(["Home", "12 Comments", "The council met on Monday and voted for the harbour plan, "
    ...                    "which will cost the town more than it has."]))
    [b'0 comments', b'home']
    """
    return chrome_forms(folded([line.strip() for line in lines if line.strip()]), settings)


def chrome_forms(forms: Iterable[bytes], settings: Settings = DEFAULT_SETTINGS) -> frozenset[bytes]:
    """Of folded forms (``newsclean.fingerprints.folded``), the chrome-shaped ones: of at
    most ``template_max_words`` words and three characters.

    >>> sorted(chrome_forms([b"home", b"ok", b"0 comments"]))
    [b'0 comments', b'home']
    """
    return frozenset(form for form in forms
                     if 1 <= form.count(b" ") + 1 <= settings.template_max_words and len(form) >= 3)


def weight(form: bytes) -> float:
    """What a shared form says of two pages: by its words, up to four.

    >>> weight(b"home"), weight(b"copyright the harbour gazette")
    (0.25, 1.0)
    """
    return min(form.count(b" ") + 1, 4) / 4


def discover(pages: Sequence[frozenset[bytes]], settings: Settings = DEFAULT_SETTINGS) -> list[int | None]:
    """The template of each page (by :func:`page_forms`), or None for a page of none."""
    hashes = [_page_hash(forms) for forms in pages]
    postings: dict[bytes, list[int]] = defaultdict(list)
    for page, forms in enumerate(pages):
        for form in forms:
            postings[form].append(page)
    # What each form pairs a page with: all its pages, or its anchors when it has many.
    anchors = settings.template_anchors
    partners = {form: members if len(members) <= anchors else sorted(members, key=hashes.__getitem__)[:anchors]
                for form, members in postings.items() if len(members) > 1}
    weights = {form: weight(form) for form in postings}
    del postings
    own = [sum(map(weights.__getitem__, forms)) for forms in pages]
    parent = list(range(len(pages)))
    floor, least = settings.template_min_share, settings.template_min_weight
    lookup = partners.get
    # A page at a time (memory: one page's partners): what it shares with each partner.
    for page, forms in enumerate(pages):
        shared: dict[int, float] = defaultdict(float)
        for form in forms:
            others = lookup(form)
            if others is not None:
                value = weights[form]
                for other in others:
                    shared[other] += value
        shared.pop(page, None)
        mine = own[page]
        for other, value in shared.items():
            if value >= least and value >= floor * min(mine, own[other]):
                _union(parent, page, other)
    groups: dict[int, list[int]] = defaultdict(list)
    for page in range(len(pages)):
        groups[_find(parent, page)].append(page)
    templates = sorted((min(hashes[p] for p in members), members) for members in groups.values() if len(members) > 1)
    labels: list[int | None] = [None] * len(pages)
    for number, (_, members) in enumerate(templates):
        for page in members:
            labels[page] = number
    return labels


def _page_hash(forms: frozenset[bytes]) -> bytes:
    """A page's content hash (of its evidence, in a fixed order): the same wherever it is read."""
    digest = blake2b(digest_size=8)
    for form in sorted(forms):
        digest.update(form + b"\n")
    return digest.digest()


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def template_name(number: int) -> str:
    """The site name a template's chrome is learned under.

    >>> template_name(3)
    'template 3'
    """
    return f"{TEMPLATE_PREFIX}{number}"
