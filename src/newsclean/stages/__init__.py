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
    """What stages share across documents: the rule set, the body models (for text, and for
    pages read from HTML), the learned store."""

    rules: RuleSet
    model: LineModel | None = None
    learned: Store | None = None
    html_model: LineModel | None = None

    def body_model(self, doc: Document) -> LineModel | None:
        """The model that judges ``doc``: the HTML model for a page read from HTML, if loaded."""
        if self.html_model is not None and doc.root().page is not None:
            return self.html_model
        return self.model
