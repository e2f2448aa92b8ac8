"""Records in, records out: the JSON Lines contract as a library call.

A record is a dict with a page's text (``text``) or markup (``html``), and maybe its site
(``site``, ``domain`` or ``url``). The record out is the record in with the fields the
command adds (:data:`ADDED_FIELDS`, see the README's JSON Lines section). One record comes
out for each that goes in, in order, whatever happens (what an engine mapping partitions
needs): a record that cannot be cleaned comes out with an ``error`` field saying why, and
``clean_text`` None.

>>> from newsclean import Cleaner
>>> out = list(Cleaner().clean_records([{"id": 1, "text": "Share\\n\\nThe talks ended on Monday without an agreement.\\n"},
...                                     {"id": 2}]))
>>> out[0]["clean_text"], out[0]["removed"][0]["reason"]
('The talks ended on Monday without an agreement.\\n', 'share.share-buttons')
>>> out[1]["clean_text"], out[1]["error"]
(None, "record 2: record has no 'text' field")
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from .files import Plan, learnable_text, record_input, record_site

if TYPE_CHECKING:
    from .pipeline import Cleaner
    from .store import Store

# What cleaning adds to a record (JSON Lines output), in this order.
ADDED_FIELDS = ("clean_text", "title", "confidence", "site", "removed", "source_text")


def cleaned_record(record: dict, *, text: str | None, title: str | None, confidence: float | None,
                   site: str | None, removed: list, source_text: str | None) -> dict:
    """``record`` with what cleaning it gave (:data:`ADDED_FIELDS`), in a new dict.

    >>> cleaned_record({"id": 7, "site": "X.com"}, text="Body.\\n", title="", confidence=0.9,
    ...                site="x.com", removed=[], source_text=None)
    {'id': 7, 'site': 'x.com', 'clean_text': 'Body.\\n', 'title': '', 'confidence': 0.9, 'removed': [], 'source_text': None}
    """
    out = dict(record)
    out.update(clean_text=text, title=title, confidence=confidence, site=site, removed=removed,
               source_text=source_text)
    return out


def record_plan(*, text_field: str = "text", html_field: str = "html", site: str | None = None,
                site_from: str = "auto") -> Plan:
    """How records are read, as the command's options say it (``--text-field`` ...)."""
    return Plan(sources=[], text_field=text_field, html_field=html_field, site=site, site_from=site_from)


def clean_records(cleaner: "Cleaner", records: Iterable[dict], plan: Plan) -> Iterator[dict]:
    """Each of ``records`` cleaned by ``cleaner`` (see :meth:`newsclean.Cleaner.clean_records`)."""
    from .pipeline import DocumentTooLarge

    for number, record in enumerate(records, start=1):
        name = f"record {record.get('id', number)}" if isinstance(record, dict) else f"record {number}"
        if not isinstance(record, dict):
            yield {"clean_text": None, "error": f"{name}: not a dict but {type(record).__name__}"}
            continue
        document, problem = record_input(plan, "record", number, record, None)
        site = record_site(plan, record)
        if problem is None:
            try:
                result = cleaner.clean(document[0], site=site, html=document[1])
            except DocumentTooLarge as error:
                problem = f"{name}: {error}"
            else:
                yield cleaned_record(record, text=result.text, title=result.title, confidence=result.confidence,
                                     site=site, removed=result.removed,
                                     source_text=result.source if result.from_html else None)
                continue
        else:
            problem = problem.replace(f"record:{number}:", f"{name}:", 1)
        yield {**cleaned_record(record, text=None, title=None, confidence=None, site=site, removed=[],
                                source_text=None), "error": problem}


def learnable_documents(records: Iterable[dict], plan: Plan) -> Iterator[tuple[str | None, str]]:
    """``(site, text)`` of each record that can be cleaned, as learning counts it (a page's
    markup as its page text); the others are passed over."""
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        document, problem = record_input(plan, "record", number, record, None)
        if problem is None:
            yield record_site(plan, record), learnable_text(*document)


def learn_records(store: "Store", records: Iterable[dict], plan: Plan) -> tuple[int, int]:
    """Learn the chrome of ``records`` into ``store`` (as ``newsclean learn`` does: by site,
    and by template with ``site_from`` auto); returns (pages learned, pages already known).
    Records that cannot be cleaned are passed over."""
    from .store import learn
    from .template_store import learn_templates

    if plan.site_from == "auto":
        return learn_templates(store, learnable_documents(records, plan))
    learned, known, _ = learn(store, learnable_documents(records, plan))
    return learned, known
