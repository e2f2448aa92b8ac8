"""The learned store: for each site, on how many of its pages each line form was seen.

One SQLite file (:class:`Store`). Learning is a count per (site, fingerprint), added to what
the file already holds, so learning in one call or in several gives the same counts; a page
already learned (the same text for the same site) is not counted twice. Forms seen on one
page only are kept as counts without their text (most are article lines, and there are many);
a form's text is kept from its second page on, for fuzzy matching and for ``store show``.

Readers open the file read-only, so any number of cleaning processes can share it, also while
``learn`` adds to it (write-ahead log).
"""
from __future__ import annotations

import sqlite3
import time
from collections import Counter, OrderedDict, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .fingerprints import fingerprint, folded, keys
from .io import site_key
from .markup import readable

if TYPE_CHECKING:
    from .settings import Settings

FORMAT = "newsclean-store"
VERSION = "2"   # 2: forms folded as bytes (ASCII digits only); 1 hashed other forms
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, pages INTEGER NOT NULL DEFAULT 0);
CREATE TABLE pages (site INTEGER NOT NULL, page INTEGER NOT NULL, PRIMARY KEY (site, page)) WITHOUT ROWID;
CREATE TABLE forms (site INTEGER NOT NULL, hash INTEGER NOT NULL, pages INTEGER NOT NULL, form TEXT,
                    PRIMARY KEY (site, hash)) WITHOUT ROWID;
CREATE INDEX forms_by_hash ON forms (hash);
"""
# Added since version 2's first stores, made when such a store is opened to learn into:
# the index (see SiteForms.elsewhere) and every learned page's forms (zlib) under its site
# ('' for none), from which the templates are found again at each learn
# (``newsclean.template_store``). A store opened read-only without them has no templates.
_ADDED = ("CREATE INDEX IF NOT EXISTS forms_by_hash ON forms (hash)",
          "CREATE TABLE IF NOT EXISTS page_forms (scope TEXT NOT NULL, page INTEGER NOT NULL, template INTEGER, "
          "forms BLOB NOT NULL, PRIMARY KEY (scope, page)) WITHOUT ROWID",
          "CREATE INDEX IF NOT EXISTS page_forms_in_templates ON page_forms (scope) WHERE template IS NOT NULL")
# A form's text is kept up to this many characters (a whole disclaimer is recognisable by then).
_FORM_CHARS = 400
# (page, form) entries held in memory before they are added to the file.
_BATCH = 300_000
# Forms of the most recently used sites held in memory for cleaning (a few hundred bytes
# each): inputs usually mix many sites, and reading a site again costs more than cleaning.
_CACHED_FORMS = 200_000
# Names of sites the store does not know, remembered up to this many.
_CACHED_UNKNOWN = 100_000
# ...and at most this many sites read, whatever their forms (a site with no form seen on two
# pages costs no forms, but its entry and memo are memory: a crawl meets millions of sites).
_CACHED_SITES = 20_000
# How long a learner waits for another one's write (a batch takes a second or two).
_BUSY_SECONDS = 300
# Stores up to this size are checked for damage when the command opens them (about a second).
_VERIFY_BYTES = 200_000_000


def _write_ahead(connection: sqlite3.Connection) -> None:
    """Switch a store to the write-ahead log, waiting for other learners meanwhile: the
    switch needs the file to itself, and SQLite refuses at once (no busy wait) while
    another learner that opened it holds its write lock (its first transaction)."""
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class StoreError(Exception):
    """The store cannot be used; the message names the file and says why (one line)."""


@dataclass(frozen=True)
class Form:
    """A line form of a site, and on how many of the site's pages it was seen."""

    form: str
    pages: int


@dataclass
class SiteForms:
    """What a store knows of one site, indexed for matching a page's lines.

    :meth:`find` looks a folded line up among the forms seen on two pages or more;
    ``by_key`` files the same forms under their :func:`~newsclean.fingerprints.keys` for
    fuzzy matching.
    """

    site: str
    pages: int
    # Forms by their folded bytes (no hashing per line looked up), except those longer than
    # the store keeps their text, which are found by fingerprint.
    by_form: dict[bytes, Form] = field(default_factory=dict)
    long_forms: dict[int, Form] = field(default_factory=dict)
    by_key: dict[bytes, list[Form]] = field(default_factory=lambda: defaultdict(list))
    # Decisions already made for a form of this site, and their removals (see
    # stages/fingerprints.py).
    decided: dict = field(default_factory=dict)
    removals: dict = field(default_factory=dict)
    # Fingerprints of its forms that pages of other sites print too: a sentence among them is
    # more likely copy the sites share (a wire story) than chrome.
    elsewhere: set = field(default_factory=set)

    def add(self, hash_: int, form: Form) -> None:
        data = form.form.encode()
        if len(form.form) < _FORM_CHARS:
            self.by_form[data] = form
        else:  # the text was cut: only its fingerprint identifies it
            self.long_forms[hash_] = form
        for key in keys(data):
            self.by_key[key].append(form)

    def find(self, folded_form: bytes) -> Form | None:
        """The form seen on two pages or more that ``folded_form`` is, if any."""
        found = self.by_form.get(folded_form)
        if found is None and len(folded_form) >= _FORM_CHARS and self.long_forms:
            found = self.long_forms.get(fingerprint(folded_form))
        return found

    def __len__(self) -> int:
        """The number of forms known."""
        return len(self.by_form) + len(self.long_forms)


class Store:
    """A learned store file. Open with :meth:`open` (to read) or :meth:`create_or_open`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *, writable: bool):
        self.path = path
        self._db = connection
        self.writable = writable
        self._sites: OrderedDict[str, SiteForms] = OrderedDict()   # most recently used last
        self._unknown: set[str] = set()   # sites looked up and not found (inputs of unlearned sites)
        self._cached_forms = 0
        self._by_hash: bool | None = None   # whether the forms are indexed by fingerprint (known once asked)
        self._templates = None   # the templates' index (newsclean.template_store), read when first asked

    # --- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str) -> "Store":
        """An existing store, read-only; :class:`StoreError` if missing, corrupt or foreign."""
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"{path}: no such store file (make one with: newsclean learn PATH... --store {path})")
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError(f"{path}: cannot open the store: {error}")
        store = cls(path, connection, writable=False)
        store._check()
        return store

    @classmethod
    def create_or_open(cls, path: Path | str) -> "Store":
        """A store to learn into: the existing file, or a new one.

        Any number of learners may open one store at once, a new one too: the tables are
        made under SQLite's write lock, by whichever comes first.
        """
        path = Path(path)
        if path.exists() and not path.is_file():
            raise StoreError(f"{path}: is not a file")
        try:
            connection = sqlite3.connect(path, timeout=_BUSY_SECONDS, check_same_thread=False,
                                         isolation_level=None)   # transactions are begun explicitly
            store = cls(path, connection, writable=True)
            connection.execute("BEGIN IMMEDIATE")
            try:
                if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                    for statement in _SCHEMA.strip().split(";"):
                        if statement.strip():
                            connection.execute(statement)
                    connection.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("version", VERSION)])
                for statement in _ADDED:
                    connection.execute(statement)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            store._check()
            _write_ahead(connection)
            connection.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as error:
            raise StoreError(f"{path}: cannot use the store: {error}")
        return store

    @classmethod
    def temporary(cls, folder: Path | str) -> "Store":
        """A new store in ``folder`` (for a clean that learns from its own inputs)."""
        return cls.create_or_open(Path(folder) / "learned.sqlite")

    def _check(self) -> None:
        try:
            found = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as error:
            if "malformed" in str(error):
                raise StoreError(f"{self.path}: the store is damaged ({error}): learn it again")
            raise StoreError(f"{self.path}: not a newsclean store ({error})")
        if found.get("format") != FORMAT:
            raise StoreError(f"{self.path}: not a newsclean store (an SQLite file of something else)")
        version = found.get("version")
        if version != VERSION:
            if version and version.isdigit() and int(version) > int(VERSION):
                raise StoreError(f"{self.path}: made by a newer newsclean (store version {version}; this one "
                                 f"reads version {VERSION}): upgrade newsclean to use it")
            raise StoreError(f"{self.path}: a newsclean store of version {version}, "
                             f"this newsclean reads version {VERSION}: learn it again")

    def verify(self) -> None:
        """:class:`StoreError` if the file is damaged (SQLite's quick check, up to a size
        where it takes about a second; a bigger store's damage is found when it is read,
        and ends the run then, in one line)."""
        try:
            if self.path.stat().st_size > _VERIFY_BYTES:
                return
            problems = [row[0] for row in self._db.execute("PRAGMA quick_check(1)")]
        except (OSError, sqlite3.DatabaseError) as error:
            raise StoreError(f"{self.path}: the store is damaged ({error}): learn it again")
        if problems != ["ok"]:
            first = next((line for line in problems[0].splitlines() if not line.startswith("***")), problems[0])
            raise StoreError(f"{self.path}: the store is damaged ({first[:200]}): learn it again")

    def close(self) -> None:
        if self.writable:
            try:  # leave one self-contained file (readers may open it read-only, anywhere)
                self._db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.Error:
                pass  # a reader holds it: the log stays until the next writer closes
        self._db.close()

    def __reduce__(self):
        """A store pickles as its path: opened again, read-only (to clean with, in a worker)."""
        return (Store.open, (str(self.path),))

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------------
    def site(self, name: str) -> SiteForms | None:
        """The forms of site ``name`` seen on two pages or more (None if the site is unknown).

        Read once per site and kept (the most recently used sites, up to a bound on their forms);
        a site found unknown is remembered as such (inputs of sites never learned are common).
        """
        name = site_key(name)
        cached = self._sites.get(name)
        if cached is not None:
            self._sites.move_to_end(name)
            return cached
        if name in self._unknown:
            return None
        try:
            row = self._db.execute("SELECT id, pages FROM sites WHERE name = ?", (name,)).fetchone()
            if row is None:
                if len(self._unknown) >= _CACHED_UNKNOWN:
                    self._unknown.clear()
                self._unknown.add(name)
                return None
            site = SiteForms(name, row[1])
            for hash_, pages, form in self._db.execute(
                    "SELECT hash, pages, form FROM forms WHERE site = ? AND pages >= 2 ORDER BY hash", (row[0],)):
                site.add(hash_, Form(form, pages))
            if self._indexed_by_hash():
                family = ",".join(str(id_) for id_ in self._family(name, row[0]))
                site.elsewhere = {hash_ for (hash_,) in self._db.execute(
                    "SELECT f.hash FROM forms f WHERE f.site = ?1 AND f.pages >= 2 AND EXISTS "
                    "(SELECT 1 FROM forms g INDEXED BY forms_by_hash WHERE g.hash = f.hash "
                    f"AND g.site NOT IN ({family}))", (row[0],))}
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot read the store: {error}")
        self._sites[name] = site
        self._cached_forms += len(site)
        while (self._cached_forms > _CACHED_FORMS or len(self._sites) > _CACHED_SITES) and len(self._sites) > 1:
            _, evicted = self._sites.popitem(last=False)
            self._cached_forms -= len(evicted)
        return site

    def _family(self, name: str, site_id: int) -> list[int]:
        """The ids of the site ``name`` and of the sites that are parts of the same site:
        a site and its templates (``newsclean.template_store``); a template of pages
        without a site is a family of its own."""
        if name.startswith("template "):
            return [site_id]
        whole = name.rpartition(" template ")[0] or name
        prefix = f"{whole} template "
        return [id_ for (id_,) in self._db.execute(
            "SELECT id FROM sites WHERE name = ? OR substr(name, 1, ?) = ?", (whole, len(prefix), prefix))]

    def _indexed_by_hash(self) -> bool:
        if self._by_hash is None:
            self._by_hash = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'forms_by_hash'").fetchone() is not None
        return self._by_hash

    def forget_sites(self) -> None:
        """Drop the sites read so far (their counts have changed)."""
        self._sites.clear()
        self._unknown.clear()
        self._cached_forms = 0
        self._templates = None

    def template_of(self, text: str, site: str | None = None, settings: "Settings | None" = None) -> str | None:
        """The name this store learned the page ``text`` (as cleaning reads it) of ``site``
        under: its template's, or the site's own (``newsclean.template_store``)."""
        from .settings import DEFAULT_SETTINGS
        from .template_store import Templates

        settings = settings or DEFAULT_SETTINGS
        if self._templates is None or self._templates.settings is not settings:
            self._templates = Templates(self, settings)
        return self._templates.learned_as(text, site)

    @property
    def db(self) -> sqlite3.Connection:
        """The SQLite connection (for the store's companion, ``newsclean.template_store``)."""
        return self._db

    def sites(self) -> list[tuple[str, int]]:
        """Every site with its number of learned pages, by name (each followed by its
        templates); then the templates of the pages without a site (``newsclean.template_store``)."""
        def order(row: tuple[str, int]) -> tuple:
            site, _, number = f" {row[0]}".rpartition(" template ")
            if not number.isdigit():
                return (False, row[0], -1)
            site = site.strip()
            return (not site, site, int(number))   # a site's templates after it, by number

        return sorted(self._db.execute("SELECT name, pages FROM sites"), key=order)

    def top_forms(self, name: str, min_pages: int = 2, limit: int | None = None) -> list[Form]:
        """A site's forms seen on at least ``min_pages`` pages, most frequent first."""
        rows = self._db.execute(
            "SELECT f.form, f.pages FROM forms f JOIN sites s ON s.id = f.site "
            "WHERE s.name = ? AND f.pages >= ? ORDER BY f.pages DESC, f.form LIMIT ?",
            (name, max(min_pages, 2), -1 if limit is None else limit))
        return [Form(form, pages) for form, pages in rows]

    # --- learning ---------------------------------------------------------------------------
    def learner(self, *, in_transaction: bool = False) -> "Learner":
        if not self.writable:
            raise StoreError(f"{self.path}: opened read-only")
        return Learner(self, in_transaction=in_transaction)


class Learner:
    """Counts pages into a store, a batch at a time (memory bounded by the batch size).

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp, Store.create_or_open(pathlib.Path(tmp) / "s") as store:
    ...     with store.learner() as learner:
    ...         for n in range(3):
    ...             _ = learner.add("example.com", f"Home | News\\nStory {n} of the day, told in full.\\n")
    ...     [(f.form, f.pages) for f in store.top_forms("example.com")]
    [('home news', 3), ('story 0 of the day told in full', 3)]
    """

    def __init__(self, store: Store, *, in_transaction: bool = False):
        """``in_transaction``: the caller holds the write lock and commits (batches are
        written without a transaction of their own)."""
        self.store = store
        self._db = store._db
        self._in_transaction = in_transaction
        self._site_ids: dict[str, int] = {}
        # The batch: each page's forms, kept apart until they are added to the file, where
        # a page another learner added meanwhile is left out (the counts stay exact); equal
        # forms of different pages are one bytes object.
        self._batch: dict[tuple[int, int], tuple[bytes, ...]] = {}
        self._forms: dict[bytes, bytes] = {}
        self._entries = 0                                  # (page, form) entries in the batch
        self.learned = 0
        self.skipped = 0

    def __enter__(self) -> "Learner":
        return self

    def __exit__(self, kind, *exc) -> None:
        if kind is None:
            self.flush()

    def add(self, site: str, text: str) -> bool:
        """Count the line forms of one page of ``site``; False if the page was learned before.

        A page's markup is counted as its page text, as cleaning reads it (``newsclean.markup``).
        """
        text = readable(text)[0]
        return self.add_forms(site, fingerprint(text), page_form_set(text))

    def add_forms(self, site: str, page_key: int, forms: Iterable[bytes]) -> bool:
        """Count a page of ``site`` by its key (the fingerprint of its text) and the set of
        its lines' forms (:func:`page_form_set`); False if the page was learned before."""
        site_id = self._site_id(site_key(site))
        page = (site_id, page_key)
        if page in self._batch or self._known(page):
            self.skipped += 1
            return False
        shared = self._forms.setdefault
        forms = tuple(shared(form, form) for form in forms)
        self._batch[page] = forms
        self._entries += len(forms)
        self.learned += 1
        if self._entries >= _BATCH:
            self.flush()
        return True

    def _known(self, page: tuple[int, int]) -> bool:
        try:
            return self._db.execute("SELECT 1 FROM pages WHERE site = ? AND page = ?", page).fetchone() is not None
        except sqlite3.Error as error:
            raise StoreError(f"{self.store.path}: cannot read the store: {error}")

    def _site_id(self, site: str) -> int:
        site_id = self._site_ids.get(site)
        if site_id is None:
            try:
                self._db.execute("INSERT OR IGNORE INTO sites (name) VALUES (?)", (site,))
                site_id = self._site_ids[site] = self._db.execute(
                    "SELECT id FROM sites WHERE name = ?", (site,)).fetchone()[0]
            except sqlite3.Error as error:
                raise StoreError(f"{self.store.path}: cannot write the store: {error}")
        return site_id

    def add_counted(self, site: str, keys: list[int], rows: list[tuple[int, int, str | None, str]]) -> None:
        """Add pages of ``site`` already counted (:func:`counted_rows` of their forms, by
        keys ``keys``, done in a worker): pages the store cannot hold yet, such as those of
        a template found again, whose old counts were deleted."""
        self.flush()
        site_id = self._site_id(site_key(site))
        with self._writing():
            self._insert_counts([(site_id, *row) for row in rows], sorted((site_id, key) for key in keys),
                                [(len(keys), site_id)])
        self.learned += len(keys)
        self.store.forget_sites()

    def flush(self) -> None:
        """Add the batch's counts to the file, in one transaction under the write lock."""
        if not self._batch:
            return
        with self._writing():
            # Pages another learner added since they were read here: not counted twice
            # (none can have, when the caller held the write lock all along).
            raced = [] if self._in_transaction else [page for page in self._batch if self._known(page)]
            for page in raced:
                del self._batch[page]
            self.learned -= len(raced)
            self.skipped += len(raced)
            by_site: dict[int, list[tuple[bytes, ...]]] = defaultdict(list)
            for (site, _), forms in self._batch.items():
                by_site[site].append(forms)
            sites = sorted(by_site)
            self._insert_counts([(site, *row) for site in sites for row in counted_rows(by_site[site])],
                                sorted(self._batch), [(len(by_site[site]), site) for site in sites])
        self._batch.clear()
        self._forms.clear()
        self._entries = 0
        self.store.forget_sites()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A transaction under the write lock (the caller's, when it holds one)."""
        try:
            if not self._in_transaction:
                self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
                if not self._in_transaction:
                    self._db.execute("COMMIT")
            except BaseException:
                if not self._in_transaction:
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise StoreError(f"{self.store.path}: cannot write the store: {error}")

    def _insert_counts(self, rows: list[tuple], pages: list[tuple[int, int]],
                       per_site: list[tuple[int, int]]) -> None:
        """Add counted forms ``(site, hash, pages, text kept, text)``, the ``(site, key)``
        of the pages counted and ``(pages, site)`` to each site's number of pages."""
        # A form's text is kept once it is seen on two pages: now, or with this batch.
        self._db.executemany(
            "INSERT INTO forms (site, hash, pages, form) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (site, hash) DO UPDATE SET pages = pages + excluded.pages, "
            "form = coalesce(form, ?5)", rows)
        self._db.executemany("INSERT INTO pages VALUES (?, ?)", pages)
        self._db.executemany("UPDATE sites SET pages = pages + ? WHERE id = ?", per_site)


def counted_rows(pages: Iterable[Iterable[bytes]]) -> list[tuple[int, int, str | None, str]]:
    """What pages of one site add to its counts: for each form, by fingerprint, ``(its
    fingerprint, on how many of the pages, its text if on two or more, its text)`` (the
    text cut to what the store keeps). ``pages``: each page's set of forms.

    >>> sorted(row[1:] for row in counted_rows([{b"home", b"0 comments"}, {b"home"}]))
    [(1, None, '0 comments'), (2, 'home', 'home')]
    """
    counts: Counter[bytes] = Counter()
    for forms in pages:
        counts.update(forms)
    return sorted((fingerprint(form), n, text if n >= 2 else None, text)
                  for form, n in counts.items()
                  for text in (form[:4 * _FORM_CHARS].decode(errors="ignore")[:_FORM_CHARS],))


def page_form_set(text: str) -> set[bytes]:
    """The forms of a page's non-blank lines, each once: what learning counts of a page.

    >>> sorted(page_form_set("Home\\n\\n12 Comments\\nHome\\n"))
    [b'0 comments', b'home']
    """
    return set(folded([line for line in text.splitlines() if line.strip()]))


def learn(store: Store, documents: Iterable[tuple[str | None, str]]) -> tuple[int, int, int]:
    """Learn ``(site, text)`` pairs; returns (pages learned, pages already known, pages
    without a site, which are not learned)."""
    unknown = 0
    with store.learner() as learner:
        for site, text in documents:
            if site is None:
                unknown += 1
            else:
                learner.add(site, text)
    return learner.learned, learner.skipped, unknown

