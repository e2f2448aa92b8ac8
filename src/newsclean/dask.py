"""newsclean on Dask: the command's two phases over a ``dask.bag`` of records.

``pip install 'newsclean[dask]'``. Records are dicts, as in JSON Lines::

    import json
    import dask.bag as db
    from newsclean import dask as nd

    records = db.read_text("crawl-*.jsonl.gz").map(json.loads)
    nd.learn(records, "chrome.sqlite")                  # phase 1: fold on the workers, count here
    cleaned = nd.clean(records, "chrome.sqlite")        # phase 2: a bag of cleaned records
    cleaned.map(json.dumps).to_textfiles("clean-*.jsonl.gz")

1. :func:`learn` folds every record where it is (the costly part: reading markup,
   folding each line to its form; ``template_store.folded_page``), and the client counts
   the folded pages into one store, a group of partitions at a time (memory: one group's
   folded pages, about 2.5 KB a page). Learning is exact whatever the order, so the store
   is the one ``newsclean learn`` makes of the same records.
2. :func:`clean` cleans every partition with a ``Cleaner`` over that store: opened by its
   path where the workers share a file system, or sent to each worker once
   (``ship_store=True``) and opened from a local copy.

The records out are those ``Cleaner.clean_records`` gives: what ``newsclean clean``
writes for the same input, plus, for a record it would skip with a message, the record
with an ``error`` field (``drop_errors=True`` leaves them out, as the command does).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .records import record_plan

if TYPE_CHECKING:
    import dask.bag

    from .files import Plan
    from .settings import Settings

# Partitions folded at once while learning (their folded pages are held by the client).
GROUP = 8


def _folded_partition(records: Iterable[dict], plan: "Plan") -> list[tuple[str | None, int, bytes]]:
    from .records import learnable_documents
    from .template_store import folded_page

    return [folded_page(site, text) for site, text in learnable_documents(records, plan)
            if site is not None or plan.site_from == "auto"]


def learn(records: "dask.bag.Bag", store: str | os.PathLike, *, text_field: str = "text", html_field: str = "html",
          site: str | None = None, site_from: str = "auto", group: int = GROUP) -> tuple[int, int]:
    """Learn the chrome of a bag of records into ``store`` (created if missing; learning
    again adds pages), as ``newsclean learn`` would; returns (pages learned, already known)."""
    import dask

    from .store import Store
    from .template_store import decode, learn_folded

    plan = record_plan(text_field=text_field, html_field=html_field, site=site, site_from=site_from)
    parts = records.map_partitions(_folded_partition, plan).to_delayed()

    def pages():
        for start in range(0, len(parts), group):
            for part in dask.compute(*parts[start:start + group]):
                yield from part

    with Store.create_or_open(store) as opened:
        if plan.site_from == "auto":   # by site and by template, as newsclean learn
            return learn_folded(opened, pages())
        with opened.learner() as learner:   # by site only (--site-from field, none)
            for site_name, key, blob in pages():
                learner.add_forms(site_name, key, decode(blob))
        return learner.learned, learner.skipped


def clean(records: "dask.bag.Bag", store: str | os.PathLike | None = None, *, text_field: str = "text",
          html_field: str = "html", site: str | None = None, site_from: str = "auto",
          settings: "Settings | None" = None, ship_store: bool = False, drop_errors: bool = False) -> "dask.bag.Bag":
    """A bag of the records cleaned (lazily), with the chrome learned into ``store`` (None:
    no learned chrome)."""
    import dask

    from .settings import DEFAULT_SETTINGS

    plan = record_plan(text_field=text_field, html_field=html_field, site=site, site_from=site_from)
    if store is None:
        source = None
    elif ship_store:
        data = Path(store).read_bytes()
        source = dask.delayed(("bytes", hashlib.blake2b(data, digest_size=16).hexdigest(), data), traverse=False)
    else:
        source = ("path", str(Path(store).resolve()), None)
    return records.map_partitions(_clean_partition, plan, settings or DEFAULT_SETTINGS, source, drop_errors)


_cleaners: dict = {}   # per worker process: the cleaner of each (store, settings)


def _clean_partition(records: Iterable[dict], plan: "Plan", settings: "Settings", source, drop_errors: bool) -> list:
    from .pipeline import Cleaner
    from .records import clean_records
    from .store import Store

    key = (None if source is None else source[1], settings)
    cleaner = _cleaners.get(key)
    if cleaner is None:
        store = None
        if source is not None:
            kind, name, data = source
            path = Path(name)
            if kind == "bytes":   # a local copy, written once per process
                path = Path(tempfile.gettempdir()) / f"newsclean-store-{name}.sqlite"
                if not path.exists():
                    partial = path.with_suffix(f".{os.getpid()}.part")
                    partial.write_bytes(data)
                    os.replace(partial, path)
            store = Store.open(path)
        cleaner = _cleaners[key] = Cleaner(settings=settings, store=store, templates=plan.site_from == "auto")
    out = list(clean_records(cleaner, records, plan))
    return [record for record in out if "error" not in record] if drop_errors else out
