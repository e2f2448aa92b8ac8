"""The pipeline: segment a text, run the stages in order, emit the kept blocks.

>>> result = clean("Share\\n\\nThe talks in Geneva ended on Monday without an agreement.\\n")
>>> result.text
'The talks in Geneva ended on Monday without an agreement.\\n'
>>> [(r["reason"], result.source[r["start"]:r["end"]]) for r in result.removed]
[('share.share-buttons', 'Share')]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

from .document import Document, segment
from .ruleset import RuleSet, load_rules
from .settings import DEFAULT_SETTINGS, Settings
from .model import load_line_model
from .stages import Context, classify, duplicates, fingerprints, layout, rules, stacked
from .store import Store

Stage = Callable[[Document, Context], None]

# The order matters: rules name chrome first (their reasons are the most telling);
# duplicates then see only what rules left; learned chrome (fingerprints, when a store is
# given) is what the site itself repeats; the stacked-article stage looks for the
# bylines, datelines and doubled captions the first ones found; the line model (or, without
# it, the layout heuristics) judges what remains, with all of that as context.
STAGES: tuple[Stage, ...] = (rules.run, duplicates.run, fingerprints.run, stacked.run, classify.run)
HEURISTIC_STAGES: tuple[Stage, ...] = (rules.run, duplicates.run, fingerprints.run, stacked.run, layout.run)
# Passes are repeated until nothing more is removed; each pass removes at least one block, and
# in practice the second finds nothing. The bound only guards against a pathological loop.
_MAX_PASSES = 8


@dataclass
class Result:
    """The cleaned body and what was removed from ``source`` to get it."""

    text: str
    site: str | None
    document: Document

    @property
    def source(self) -> str:
        return self.document.text

    @cached_property
    def removed(self) -> list[dict]:
        """Every removed block as ``{start, end, reason, kind, detail}``, in text order."""
        return self.document.removals()


class Cleaner:
    """Rules and settings loaded once, for cleaning many documents.

    >>> cleaner = Cleaner()
    >>> cleaner.clean("Hide Comments\\n\\nA line of prose that is the whole of the article.\\n").text
    'A line of prose that is the whole of the article.\\n'
    """

    def __init__(self, rules: RuleSet | None = None, settings: Settings = DEFAULT_SETTINGS, *,
                 rule_files: Sequence[Path | str] = (), default_rules: bool = True,
                 stages: Sequence[Stage] | None = None, store: Store | None = None):
        """``store``: learned chrome to remove (``newsclean.store``); None learns nothing."""
        if rules is None:
            rules = load_rules(rule_files, defaults=default_rules)
        self.settings = settings
        self.context = Context(rules=rules, model=load_line_model() if settings.line_model else None,
                               learned=store)
        if stages is None:
            stages = STAGES if settings.line_model else HEURISTIC_STAGES
        self.stages = tuple(stages)

    def clean(self, text: str, *, site: str | None = None) -> Result:
        doc = segment(text, self.settings, site=site)
        view = doc
        # Run the stages until they remove nothing more, each time over the kept blocks only
        # (what cleaning the output would see). Removing some lines can make others chrome:
        # two copies of a caption that a removed line kept apart are now side by side. So the
        # result is a fixed point, and cleaning it again changes nothing.
        for _ in range(_MAX_PASSES):
            before = list(view.blocks)  # a copy: splitting a line changes the list in place
            for stage in self.stages:
                stage(view, self.context)
            view = view.view()
            if len(view.blocks) == len(before) and all(a is b for a, b in zip(view.blocks, before)):
                break
        return Result(text=doc.clean_text(), site=site, document=doc)


_default_cleaner: Cleaner | None = None


def clean(text: str, *, site: str | None = None) -> Result:
    """Clean one text with the shipped rules and default settings."""
    global _default_cleaner
    if _default_cleaner is None:
        _default_cleaner = Cleaner()
    return _default_cleaner.clean(text, site=site)
