"""The templates of a store: its pages without a site, grouped by the chrome they share.

Learning keeps each page without a site as its key (the fingerprint of its text) and the
forms of its lines, compressed (the store's table ``unsited``). After each learn that added
such pages the templates are found again over all of them (``newsclean.templates``) and
each template's counts are learned anew from the kept forms, as the site "template N". So
the templates, their numbers and their counts are the same whether the pages were learned
in one call or in several, in any order; and the inputs are read once to learn them.

A page cleaned without a site takes the template it was found in when learned (or none);
a page never learned takes the template whose chrome it shares most, by the rule that links
two pages (``Settings.template_min_weight``, ``template_min_share``), where a template's
chrome is its chrome-shaped forms seen on as many of its pages as learning asks of chrome
(``learn_min_pages``, ``learn_min_share``).

>>> import tempfile, pathlib
>>> from newsclean.store import Store
>>> chrome = "Home | World | Sport\\nSign up for our daily newsletter\\nCopyright Harbour Gazette 2024\\n"
>>> pages = [(None, chrome + f"Story number {n} is told here in a sentence of its own.\\n") for n in range(3)]
>>> settings = Settings(template_min_weight=2.0)
>>> with tempfile.TemporaryDirectory() as tmp, Store.create_or_open(pathlib.Path(tmp) / "s") as store:
...     learned = learn_templates(store, pages, settings)
...     new_page = chrome + "A page never learned, of the same template.\\n"
...     learned, store.sites(), store.template_of(new_page, settings), store.template_of("Other text\\n", settings)
((3, 0), [('template 0', 3)], 'template 0', None)
"""
from __future__ import annotations

import math
import sqlite3
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from .fingerprints import fingerprint
from .markup import readable
from .settings import DEFAULT_SETTINGS, Settings
from .templates import TEMPLATE_PREFIX, chrome_forms, discover, page_forms, template_name, weight

if TYPE_CHECKING:
    from .store import Store

# Pages without a site written to the store at a time.
_BATCH = 2_000
_TEMPLATE_SITES = "SELECT id, name, pages FROM sites WHERE substr(name, 1, ?) = ?"


def encode(forms: Iterable[bytes]) -> bytes:
    """A page's set of forms as the store keeps it.

    >>> decode(encode({b"home", b"0 comments"}))
    [b'0 comments', b'home']
    """
    return zlib.compress(b"".join(form + b"\n" for form in sorted(forms)), 6)


def decode(blob: bytes) -> list[bytes]:
    """The forms :func:`encode` kept (forms hold no newline)."""
    return zlib.decompress(blob).split(b"\n")[:-1]


def learn_templates(store: "Store", documents: Iterable[tuple[str | None, str]],
                    settings: Settings = DEFAULT_SETTINGS) -> tuple[int, int]:
    """Learn ``(site, text)`` pairs into ``store``: a page with a site as that site's, a
    page without one into the templates found among all such pages the store holds; returns
    (pages learned, pages already known)."""
    from .store import StoreError, page_form_set

    db = store.db
    seen: set[int] = set()
    pending: list[tuple[int, bytes]] = []
    added = repeated = 0
    try:
        with store.learner() as learner:
            for site, text in documents:
                if site is not None:
                    learner.add(site, text)
                    continue
                text = readable(text)[0]
                key = fingerprint(text)
                if key in seen:   # the same page twice is one page
                    repeated += 1
                    continue
                seen.add(key)
                pending.append((key, encode(page_form_set(text))))
                if len(pending) >= _BATCH:
                    added += _insert(db, pending)
            added += _insert(db, pending)
        if added:
            rediscover(store, settings)
    except sqlite3.Error as error:
        raise StoreError(f"{store.path}: cannot write the store: {error}")
    return learner.learned + added, learner.skipped + repeated + len(seen) - added


def _insert(db: sqlite3.Connection, pending: list[tuple[int, bytes]]) -> int:
    """Add pages without a site (a page already kept is left as it is); the number added."""
    if not pending:
        return 0
    db.execute("BEGIN IMMEDIATE")
    try:
        before = db.total_changes
        db.executemany("INSERT OR IGNORE INTO unsited (page, template, forms) VALUES (?, NULL, ?)", pending)
        added = db.total_changes - before
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    pending.clear()
    return added


def rediscover(store: "Store", settings: Settings = DEFAULT_SETTINGS) -> None:
    """Find the templates of all the store's pages without a site and learn their counts
    again, in one transaction (readers see the old templates until it ends).

    Memory: the chrome-shaped forms of those pages (one copy per distinct form), then a
    learner's batch."""
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        keys: list[int] = []
        evidence: list[frozenset[bytes]] = []
        shared: dict[bytes, bytes] = {}
        for key, blob in db.execute("SELECT page, forms FROM unsited ORDER BY page"):
            keys.append(key)
            evidence.append(frozenset(shared.setdefault(form, form) for form in chrome_forms(decode(blob), settings)))
        del shared
        labels = discover(evidence, settings)
        del evidence
        old = [(site,) for site, _, _ in db.execute(_TEMPLATE_SITES, (len(TEMPLATE_PREFIX), TEMPLATE_PREFIX))]
        for table, column in (("forms", "site"), ("pages", "site"), ("sites", "id")):
            db.executemany(f"DELETE FROM {table} WHERE {column} = ?", old)
        db.execute("UPDATE unsited SET template = NULL WHERE template IS NOT NULL")
        db.executemany("UPDATE unsited SET template = ? WHERE page = ?",
                       [(label, key) for key, label in zip(keys, labels) if label is not None])
        del keys, labels
        with store.learner(in_transaction=True) as learner:
            for key, label, blob in db.execute(
                    "SELECT page, template, forms FROM unsited WHERE template IS NOT NULL ORDER BY page"):
                learner.add_forms(template_name(label), key, decode(blob))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    store.forget_sites()


def summary(store: "Store") -> tuple[int, int, int]:
    """(templates, pages in them, pages without a site) of a store."""
    try:
        templates = list(store.db.execute(_TEMPLATE_SITES, (len(TEMPLATE_PREFIX), TEMPLATE_PREFIX)))
        unsited = store.db.execute("SELECT count(*) FROM unsited").fetchone()[0]
    except sqlite3.OperationalError:   # a store from before templates: none
        return 0, 0, 0
    return len(templates), sum(pages for _, _, pages in templates), unsited


@dataclass
class TemplateIndex:
    """What cleaning needs of a store's templates: which template each learned page without
    a site was found in, and each template's chrome, to place a page never learned."""

    store: "Store"
    settings: Settings
    names: list[str] = field(default_factory=list)
    chrome_weight: list[float] = field(default_factory=list)   # of each template's chrome
    by_form: dict[bytes, list[int]] = field(default_factory=lambda: defaultdict(list))  # templates printing a form

    @classmethod
    def read(cls, store: "Store", settings: Settings = DEFAULT_SETTINGS) -> "TemplateIndex":
        """The index of ``store``'s templates (none for a store without them)."""
        from .store import StoreError

        index = cls(store, settings)
        try:
            sites = list(store.db.execute(_TEMPLATE_SITES, (len(TEMPLATE_PREFIX), TEMPLATE_PREFIX)))
            for site, name, pages in sorted(sites, key=lambda row: int(row[1][len(TEMPLATE_PREFIX):])):
                floor = max(settings.learn_min_pages, math.ceil(settings.learn_min_share * pages))
                number = len(index.names)
                index.names.append(name)
                total = 0.0
                for (form,) in store.db.execute("SELECT form FROM forms WHERE site = ? AND pages >= ? "
                                                "AND form IS NOT NULL", (site, floor)):
                    for kept in chrome_forms([form.encode()], settings):
                        index.by_form[kept].append(number)
                        total += weight(kept)
                index.chrome_weight.append(total)
        except sqlite3.OperationalError:   # a store from before templates
            pass
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{store.path}: cannot read the store: {error}")
        return index

    def template_of(self, text: str) -> str | None:
        """The template of a page without a site (``text`` as cleaning reads it), or None."""
        if not self.names:
            return None
        from .store import StoreError

        try:
            row = self.store.db.execute("SELECT template FROM unsited WHERE page = ?",
                                        (fingerprint(text),)).fetchone()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.store.path}: cannot read the store: {error}")
        if row is not None:   # learned: the template it was found in, or none
            return None if row[0] is None else template_name(row[0])
        return self.closest(page_forms(text.splitlines(), self.settings))

    def closest(self, forms: Sequence[bytes] | frozenset[bytes]) -> str | None:
        """The template whose chrome a page of these forms shares most, if it shares enough."""
        shared: dict[int, float] = defaultdict(float)
        for form in forms:
            for number in self.by_form.get(form, ()):
                shared[number] += weight(form)
        own = sum(map(weight, forms))
        settings = self.settings
        best = None
        for number, value in sorted(shared.items()):
            if (value >= settings.template_min_weight
                    and value >= settings.template_min_share * min(own, self.chrome_weight[number])
                    and (best is None or value > shared[best])):
                best = number
        return None if best is None else self.names[best]
