"""Learning from the inputs of a clean, in this process or in the workers that then clean.

``newsclean clean`` learns its inputs' chrome before it cleans them: every input is read,
folded to its lines' forms (``template_store.folded_page``: the costly part, independent
for every page) and counted into a store. With ``--jobs N`` the folding runs in the same
worker processes that clean afterwards: a worker reads a file itself (only its name goes
through the pipe) or a JSON Lines record from its line, and sends back the folded page,
about 2.5 KB. The parent only counts the folded pages into the store, in input order, so
the store is the one one process learns.

What cannot be read is passed over here: the cleaning pass that follows says why.
"""
from __future__ import annotations

from functools import partial
from typing import IO, TYPE_CHECKING, Iterable, Iterator

from .files import Plan, discovers, input_format, learnable_text, record_input, record_site, text_site
from .io import DOCUMENT_FORMATS, InputError, read_source

if TYPE_CHECKING:
    from .store import Store
    from .workers import WorkerPool

Folded = tuple   # (site or None, page key, forms blob): template_store.folded_page's result

_CHUNK = 32      # items per message to a worker: a file's name, or a record's line


def fold_items(plan: Plan, stdin: "IO[bytes] | bytes | None" = None) -> Iterator[tuple]:
    """What :func:`fold_item` folds of every input, in order: a file to read (``"source"``),
    a JSON Lines line (``"line"``) or a Parquet row's document (``"document"``). Text
    files without a site are left out unless templates are found from the pages."""
    from .files import _as_format
    from .record_files import open_lines

    siteless = discovers(plan)
    reading = (plan.text_field, plan.html_field, plan.site, plan.site_from)
    for source in plan.sources:
        source = _as_format(source, input_format(plan, source))
        if source.format in DOCUMENT_FORMATS:
            site = text_site(plan, source)
            if site is not None or siteless:
                yield "source", source, site, stdin if source.is_stdin else None, plan.max_bytes
        elif source.format == "parquet":
            from .columns import ColumnsError, parquet_records, require_pyarrow

            try:
                require_pyarrow()
            except ColumnsError:
                continue
            for number, record, problem in parquet_records(source.path, source.name):
                document, problem = record_input(plan, source.name, number, record, problem)
                if problem is None:
                    yield "document", record_site(plan, record), document[0], document[1]
        else:
            from .jsonl import jsonl_raw_records

            handle = open_lines(source, stdin, plan.max_bytes, None)
            if handle is None:
                continue
            with handle as lines:
                for number, raw, problem in jsonl_raw_records(lines, source.name, plan.max_bytes):
                    if problem is None:
                        yield "line", raw, source.name, number, reading


def fold_item(item: tuple) -> Folded | None:
    """An item of :func:`fold_items` read and folded (``folded_page``), or None if it
    cannot be read or holds no document."""
    from .template_store import folded_page

    kind, *rest = item
    if kind == "source":
        source, site, stdin, max_bytes = rest
        try:
            text, _ = read_source(source, stdin, max_bytes)
        except InputError:
            return None
        return folded_page(site, learnable_text(text, source.format == "html"))
    if kind == "document":
        site, document, html = rest
        return folded_page(site, learnable_text(document, html))
    from .jsonl import read_record
    from .records import record_plan

    raw, name, number, (text_field, html_field, site, site_from) = rest
    plan = record_plan(text_field=text_field, html_field=html_field, site=site, site_from=site_from)
    record, problem = read_record(raw, name, number)
    document, problem = record_input(plan, name, number, record, problem)
    if problem:
        return None
    return folded_page(record_site(plan, record), learnable_text(*document))


def learn_inputs(store: "Store", plan: Plan, stdin: "IO[bytes] | bytes | None" = None,
                 pool: "WorkerPool | None" = None) -> int:
    """Learn the inputs of ``plan`` into ``store``, folded in ``pool``'s workers if given;
    the number of pages learned. By site, and (``--site-from auto``) by template."""
    from .template_store import decode, learn_folded

    items = fold_items(plan, stdin)
    folded: Iterable[Folded | None] = pool.map(fold_item, items, chunk=_CHUNK) if pool else map(fold_item, items)
    pages = (page for page in folded if page is not None)
    if discovers(plan):   # templates' pages are counted in the workers too
        return learn_folded(store, pages, mapper=partial(pool.map, chunk=1) if pool else map)[0]
    with store.learner() as learner:   # by site only: pages without one are not learned
        for site, key, blob in pages:
            if site is not None:
                learner.add_forms(site, key, decode(blob))
    return learner.learned
