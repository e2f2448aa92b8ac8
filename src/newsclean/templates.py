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

from array import array
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
    words = settings.template_max_words
    return frozenset(form for form in forms if len(form) >= 3 and form.count(b" ") < words)


def weight(form: bytes) -> float:
    """What a shared form says of two pages: by its words, up to four.

    >>> weight(b"home"), weight(b"copyright the harbour gazette")
    (0.25, 1.0)
    """
    return min(form.count(b" ") + 1, 4) / 4


def discover(pages: Iterable[Iterable[bytes]], settings: Settings = DEFAULT_SETTINGS) -> list[int | None]:
    """The template of each page (a set of forms, by :func:`page_forms`), or None for a
    page of none."""
    evidence = Evidence(settings)
    for forms in pages:
        evidence.add(forms)
    return evidence.templates()


class Evidence:
    """Pages' evidence gathered for discovery, as arrays: every distinct form numbered once,
    a page its forms' numbers (4 bytes a form a page, where sets of strings cost ~100).

    >>> evidence = Evidence()
    >>> evidence.add([b"home", b"ok", b"the council met"])   # "ok" is too short to tell
    >>> evidence.pages, evidence.entries
    (1, 2)
    """

    def __init__(self, settings: Settings = DEFAULT_SETTINGS):
        self.settings = settings
        self._numbers: dict[bytes, int] = {}   # a chrome-shaped form's number
        self._weights: list[float] = []
        self._forms = array("i")               # each page's forms' numbers, page after page
        self._ends = array("q")                # where each page's numbers end in _forms
        self._hashes: list[bytes] = []

    @property
    def pages(self) -> int:
        return len(self._hashes)

    @property
    def entries(self) -> int:
        return len(self._forms)

    def add(self, forms: Iterable[bytes]) -> None:
        """The next page: its set of forms (those not chrome-shaped are passed over)."""
        kept = sorted(chrome_forms(forms, self.settings))
        numbers = list(map(self._numbers.get, kept))
        if None in numbers:
            numbers = [self._number(form) if number is None else number for form, number in zip(kept, numbers)]
        self._forms.extend(numbers)
        self._ends.append(len(self._forms))
        self._hashes.append(_page_hash(kept))

    def _number(self, form: bytes) -> int:
        """A chrome-shaped form's number, given the first time it is seen."""
        self._numbers[form] = number = len(self._weights)
        self._weights.append(weight(form))
        return number

    def templates(self) -> list[int | None]:
        """Each page's template, or None (see the module's description)."""
        from .template_pairs import linked_components

        count = len(self._hashes)
        if count < 2:
            return [None] * count
        rank = [0] * count        # pages in the order of their content hashes
        for position, page in enumerate(sorted(range(count), key=self._hashes.__getitem__)):
            rank[page] = position
        settings = self.settings
        roots = linked_components(self._forms, self._ends, self._weights, rank,
                                  min_weight=settings.template_min_weight,
                                  min_share=settings.template_min_share, anchors=settings.template_anchors)
        groups: dict[int, list[int]] = defaultdict(list)
        for page, root in enumerate(roots.tolist()):
            groups[root].append(page)
        templates = sorted((min(rank[p] for p in members), members)
                           for members in groups.values() if len(members) > 1)
        labels: list[int | None] = [None] * count
        for number, (_, members) in enumerate(templates):
            for page in members:
                labels[page] = number
        return labels


def _page_hash(forms: list[bytes]) -> bytes:
    """A page's content hash (of its evidence, ``forms`` sorted): the same wherever it is read."""
    return blake2b(b"".join(form + b"\n" for form in forms), digest_size=8).digest()


def template_name(number: int) -> str:
    """The site name a template's chrome is learned under.

    >>> template_name(3)
    'template 3'
    """
    return f"{TEMPLATE_PREFIX}{number}"
