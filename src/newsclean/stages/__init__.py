"""The stages of the pipeline: each looks at a Document and marks blocks removed, with a reason.

A stage is a module with ``run(doc: Document, context: Context) -> None``. Stages know nothing
of the command line or of files; the order they run in is set in :mod:`newsclean.pipeline`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..document import Document
from ..model import LineModel
from ..ruleset import RuleSet
from ..store import Store


@dataclass(frozen=True)
class Context:
    """What stages share across documents: the rule set, the body models (for text, for
    pages read from HTML with trafilatura's opinion, and from their markup alone), the
    learned store."""

    rules: RuleSet
    model: LineModel | None = None
    learned: Store | None = None
    html_model: LineModel | None = None
    markup_model: LineModel | None = None

    def body_model(self, doc: Document) -> LineModel | None:
        """The model that judges ``doc``: for a page read from HTML, the HTML model (the
        markup model if trafilatura was not asked, or not on this page), if loaded; else
        the text model."""
        page = doc.root().page
        if page is not None:
            chosen = self.html_model if page.judged else self.markup_model
            if chosen is None and not page.judged and self.html_model is not None:
                from ..model import load_markup_model   # a page too big for trafilatura: rare

                chosen = load_markup_model()
            if chosen is not None:
                return chosen
        return self.model
