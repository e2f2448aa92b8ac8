"""The templates of a store: pages grouped by the chrome they share (``newsclean.templates``).

Learning keeps every page it learns as its key (the fingerprint of its text) and the forms
of its lines, compressed, under its scope: its site, or '' for a page without one (the
store's table ``page_forms``). After each learn the templates of each scope it added pages
to are found again over all that scope's pages, and each template's counts learned anew
from the kept forms:

- the pages without a site: template N is learned as the site "template N";
- a site's pages: when they show two templates or more (a redesign, a blog beside the
  news), template N is learned as "SITE template N" beside the site's own counts, so that
  each template's chrome counts on its own pages; templates never join pages of two sites.

So the templates, their numbers and their counts are the same whether the pages were
learned in one call or in several, in any order.

Cleaning (:class:`Templates`) gives a page the template it was found in when learned; a
page never learned the template of its scope whose chrome it shares most, by the rule that
links two pages (``Settings.template_min_weight``, ``template_min_share``), a template's
chrome being its chrome-shaped forms seen on as many of its pages as learning asks of
chrome (``learn_min_pages``, ``learn_min_share``). A page of no template is learned as its
site (or, without one, not at all).

>>> import tempfile, pathlib
>>> from newsclean.store import Store
>>> chrome = "Home | World | Sport\\nSign up for our daily newsletter\\nCopyright Harbour Gazette 2024\\n"
>>> pages = [(None, chrome + f"Story number {n} is told here in a sentence of its own.\\n") for n in range(3)]
>>> settings = Settings(template_min_weight=2.0)
>>> with tempfile.TemporaryDirectory() as tmp, Store.create_or_open(pathlib.Path(tmp) / "s") as store:
...     learned = learn_templates(store, pages, settings)
...     new_page = chrome + "A page never learned, of the same template.\\n"
...     learned, store.sites(), store.template_of(new_page, None, settings), store.template_of("Other\\n", None, settings)
((3, 0), [('template 0', 3)], 'template 0', None)
"""
from __future__ import annotations

import math
import sqlite3
import zlib
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from itertools import groupby, islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from .fingerprints import fingerprint
from .io import site_key
from .markup import readable
from .settings import DEFAULT_SETTINGS, Settings
from .templates import TEMPLATE_PREFIX, Evidence, chrome_forms, page_forms, weight

if TYPE_CHECKING:
    from .store import Learner, Store

# Pages' forms written to the store at a time.
_BATCH = 2_000
# Pages of a template counted at a time (a task of count_template, sent to a worker).
_TASK_PAGES = 256
# How the counting of templates' pages is mapped: map, or a worker pool's map.
Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
# Scopes (sites) whose templates' index cleaning keeps, the most recently used.
_CACHED_SCOPES = 2_000
_SITES_NAMED = "SELECT id, name, pages FROM sites WHERE substr(name, 1, ?) = ?"


def template_prefix(scope: str) -> str:
    """What the names of a scope's templates begin with.

    >>> template_prefix(""), template_prefix("example.com")
    ('template ', 'example.com template ')
    """
    return f"{scope} {TEMPLATE_PREFIX}" if scope else TEMPLATE_PREFIX


def encode(forms: Iterable[bytes]) -> bytes:
    """A page's set of forms as the store keeps it.

    >>> decode(encode({b"home", b"0 comments"}))
    [b'0 comments', b'home']
    """
    return zlib.compress(b"".join(form + b"\n" for form in sorted(forms)), 6)


def decode(blob: bytes) -> list[bytes]:
    """The forms :func:`encode` kept (forms hold no newline)."""
    return zlib.decompress(blob).split(b"\n")[:-1]


def folded_page(site: str | None, text: str) -> tuple[str | None, int, bytes]:
    """What learning keeps of a page: its site (keyed, or None), its key (the fingerprint
    of its text as cleaning reads it) and its lines' forms (:func:`encode`). The costly
    part of learning, and independent for every page: engines run it where the pages are.

    >>> site, key, blob = folded_page("WWW.Example.com", "Home\\n\\n12 Comments\\n")
    >>> site, decode(blob)
    ('example.com', [b'0 comments', b'home'])
    """
    from .store import page_form_set

    text = readable(text)[0]
    return (None if site is None else site_key(site)), fingerprint(text), encode(page_form_set(text))


def learn_templates(store: "Store", documents: Iterable[tuple[str | None, str]],
                    settings: Settings = DEFAULT_SETTINGS) -> tuple[int, int]:
    """Learn ``(site, text)`` pairs into ``store``, each site's pages as that site's and
    into its templates, the pages without a site into the templates found among all such
    pages of the store; returns (pages learned, pages already known)."""
    return learn_folded(store, (folded_page(site, text) for site, text in documents), settings)


def learn_folded(store: "Store", pages: Iterable[tuple[str | None, int, bytes]],
                 settings: Settings = DEFAULT_SETTINGS, mapper: Mapper = map) -> tuple[int, int]:
    """Learn pages as :func:`folded_page` gives them (in any order: the store is the same)
    into ``store``; returns (pages learned, pages already known). ``mapper`` maps the
    counting of templates' pages (:func:`count_template`): ``map``, or a pool's."""
    from .store import StoreError

    db = store.db
    seen: set[int] = set()        # the pages without a site of this call
    pending: list[tuple[str, int, bytes]] = []
    touched: set[str] = set()     # the scopes that have new pages
    repeated = added_unsited = 0
    try:
        with store.learner() as learner:
            for site, key, blob in pages:
                if site is not None:
                    if learner.add_forms(site, key, decode(blob)):
                        pending.append((site, key, blob))
                elif key in seen:   # the same page twice is one page
                    repeated += 1
                else:
                    seen.add(key)
                    pending.append(("", key, blob))
                if len(pending) >= _BATCH:
                    added_unsited += _insert(db, pending, touched)
            added_unsited += _insert(db, pending, touched)
        rediscover(store, sorted(touched), settings, mapper)
    except sqlite3.Error as error:
        raise StoreError(f"{store.path}: cannot write the store: {error}")
    return learner.learned + added_unsited, learner.skipped + repeated + len(seen) - added_unsited


def _insert(db: sqlite3.Connection, pending: list[tuple[str, int, bytes]], touched: set[str]) -> int:
    """Keep pages' forms (a page already kept is left as it is), noting the scopes that
    gained pages; the number of pages without a site added."""
    if not pending:
        return 0
    added = 0
    db.execute("BEGIN IMMEDIATE")
    try:
        for scope, key, blob in pending:
            if db.execute("INSERT OR IGNORE INTO page_forms (scope, page, template, forms) VALUES (?, ?, NULL, ?)",
                          (scope, key, blob)).rowcount:
                touched.add(scope)
                added += not scope
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    pending.clear()
    return added


def rediscover(store: "Store", scopes: Sequence[str], settings: Settings = DEFAULT_SETTINGS,
               mapper: Mapper = map) -> None:
    """Find the templates of the pages of each of ``scopes`` (a site, or '' for none) and
    learn their counts again, in one transaction (readers see the old templates until it
    ends). A site of fewer than four pages cannot show two templates: it is passed over.

    Memory: the chrome-shaped forms of one scope's pages (4 bytes a form a page, and each
    distinct form once), then a learner's batch."""
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    try:
        with store.learner(in_transaction=True) as learner:
            for scope in scopes:
                if scope and db.execute("SELECT count(*) FROM page_forms WHERE scope = ?",
                                        (scope,)).fetchone()[0] < 4:
                    continue
                _rediscover(db, learner, scope, settings, mapper)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    store.forget_sites()


def _rediscover(db: sqlite3.Connection, learner: "Learner", scope: str, settings: Settings,
                mapper: Mapper) -> None:
    """One scope's templates found again and learned into ``learner`` (within the caller's
    transaction), the old ones deleted first."""
    prefix = template_prefix(scope)
    keys: list[int] = []
    evidence = Evidence(settings)
    for key, blob in db.execute("SELECT page, forms FROM page_forms WHERE scope = ? ORDER BY page", (scope,)):
        keys.append(key)
        evidence.add(decode(blob))
    labels = evidence.templates()
    del evidence
    if scope and len({label for label in labels if label is not None}) < 2:
        labels = [None] * len(labels)   # a site of one template is learned as the site
    old = [(site,) for site, _, _ in db.execute(_SITES_NAMED, (len(prefix), prefix))]
    for table, column in (("forms", "site"), ("pages", "site"), ("sites", "id")):
        db.executemany(f"DELETE FROM {table} WHERE {column} = ?", old)
    db.execute("UPDATE page_forms SET template = NULL WHERE scope = ? AND template IS NOT NULL", (scope,))
    db.executemany("UPDATE page_forms SET template = ? WHERE scope = ? AND page = ?",
                   [(label, scope, key) for key, label in zip(keys, labels) if label is not None])
    del keys, labels
    for site, keys, rows in mapper(count_template, _template_tasks(db, scope)):
        learner.add_counted(site, keys, rows)


def _template_tasks(db: sqlite3.Connection, scope: str) -> Iterator[tuple[str, list[tuple[int, bytes]]]]:
    """The pages of each template of ``scope``, at most ``_TASK_PAGES`` at a time, as
    :func:`count_template` takes them."""
    prefix = template_prefix(scope)
    rows = db.execute("SELECT template, page, forms FROM page_forms WHERE scope = ? AND template IS NOT NULL "
                      "ORDER BY template, page", (scope,))
    for label, pages in groupby(rows, key=itemgetter(0)):
        while task := [(key, blob) for _, key, blob in islice(pages, _TASK_PAGES)]:
            yield f"{prefix}{label}", task


def count_template(task: tuple[str, list[tuple[int, bytes]]]) -> tuple[str, list[int], list[tuple]]:
    """Count pages of one template ``(its name, [(page key, forms as encoded)])``: what
    :meth:`~newsclean.store.Learner.add_counted` adds. Independent for every template:
    engines run it in their workers.

    >>> name, keys, rows = count_template(("template 0", [(1, encode({b"home"})), (2, encode({b"home"}))]))
    >>> name, keys, [row[1:] for row in rows]
    ('template 0', [1, 2], [(2, 'home', 'home')])
    """
    from .store import counted_rows

    name, pages = task
    return name, [key for key, _ in pages], counted_rows(decode(blob) for _, blob in pages)


def summary(store: "Store") -> tuple[int, int]:
    """(templates of the pages without a site, templates of sites) in a store."""
    try:
        rows = store.db.execute("SELECT scope = '', count(DISTINCT template) FROM page_forms "
                                "WHERE template IS NOT NULL GROUP BY scope = ''")
        counts = dict(rows)
    except sqlite3.OperationalError:   # a store from before templates: none
        return 0, 0
    return counts.get(1, 0), counts.get(0, 0)


@dataclass
class TemplateIndex:
    """The templates of one scope: which template each learned page was found in, and each
    template's chrome, to place a page never learned."""

    store: "Store"
    settings: Settings
    scope: str
    names: list[str] = field(default_factory=list)
    chrome_weight: list[float] = field(default_factory=list)   # of each template's chrome
    by_form: dict[bytes, list[int]] = field(default_factory=lambda: defaultdict(list))  # templates printing a form

    @classmethod
    def read(cls, store: "Store", settings: Settings, scope: str) -> "TemplateIndex":
        """The index of the templates of ``scope`` in ``store`` (none in a store without them)."""
        index = cls(store, settings, scope)
        prefix = template_prefix(scope)
        sites = list(store.db.execute(_SITES_NAMED, (len(prefix), prefix)))
        for site, name, pages in sorted(sites, key=lambda row: int(row[1][len(prefix):])):
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
        return index

    def template_of(self, text: str) -> str | None:
        """The template of a page of this scope (``text`` as cleaning reads it), or None."""
        if not self.names:
            return None
        row = self.store.db.execute("SELECT template FROM page_forms WHERE scope = ? AND page = ?",
                                    (self.scope, fingerprint(text))).fetchone()
        if row is not None:   # learned: the template it was found in, or none
            return None if row[0] is None else f"{template_prefix(self.scope)}{row[0]}"
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


class Templates:
    """What cleaning asks of a store's templates: the name a page was learned under."""

    def __init__(self, store: "Store", settings: Settings):
        self.store = store
        self.settings = settings
        self._indexes: OrderedDict[str, TemplateIndex] = OrderedDict()
        self._has: dict[bool, bool] = {}   # whether pages without a site / sites have templates

    def learned_as(self, text: str, site: str | None) -> str | None:
        """The template of the page ``text`` of ``site`` (None: without one), else ``site``.

        >>> import tempfile, pathlib
        >>> from newsclean.store import Store
        >>> with tempfile.TemporaryDirectory() as tmp, Store.create_or_open(pathlib.Path(tmp) / "s") as store:
        ...     Templates(store, DEFAULT_SETTINGS).learned_as("A page.\\n", "example.com")
        'example.com'
        """
        from .store import StoreError

        scope = "" if site is None else site_key(site)
        try:
            if not self._scopes_have_templates(bool(scope)):
                return site
            index = self._indexes.get(scope)
            if index is None:
                index = self._indexes[scope] = TemplateIndex.read(self.store, self.settings, scope)
                if len(self._indexes) > _CACHED_SCOPES:
                    self._indexes.popitem(last=False)
            else:
                self._indexes.move_to_end(scope)
            found = index.template_of(text)
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):   # a store from before templates: none
                self._has = {False: False, True: False}
                return site
            raise StoreError(f"{self.store.path}: cannot read the store: {error}")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.store.path}: cannot read the store: {error}")
        return site if found is None else found

    def _scopes_have_templates(self, sited: bool) -> bool:
        has = self._has.get(sited)
        if has is None:
            query = ("SELECT 1 FROM page_forms WHERE scope > '' AND template IS NOT NULL LIMIT 1" if sited else
                     "SELECT 1 FROM page_forms WHERE scope = '' AND template IS NOT NULL LIMIT 1")
            has = self._has[sited] = self.store.db.execute(query).fetchone() is not None
        return has
