"""The pipeline: segment a text, run the stages in order, emit the kept blocks.

>>> result = clean("Share\\n\\nThe talks in Geneva ended on Monday without an agreement.\\n")
>>> result.text
'The talks in Geneva ended on Monday without an agreement.\\n'
>>> [(r["reason"], result.source[r["start"]:r["end"]]) for r in result.removed]
[('share.share-buttons', 'Share')]
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .document import Document, segment
from .markup import PageMarkup, judgeable, judged_page, parse, readable, unjudged_page
from .ruleset import RuleSet, load_rules
from .settings import DEFAULT_SETTINGS, Settings
from .confidence import near_threshold_share, page_features
from .model import TreeEnsemble, load_html_model, load_line_model, load_markup_model
from .title import find_title
from .stages import Context, classify, duplicates, fingerprints, headline, layout, rules, stacked
from .store import Store

Stage = Callable[[Document, Context], None]

# The order matters: rules name chrome first (their reasons are the most telling);
# duplicates then see only what rules left; learned chrome (fingerprints, when a store is
# given) is what the site itself repeats; the stacked-article stage looks for the
# bylines, datelines and doubled captions the first ones found (marking a second article's
# headline for the model; cutting there for the heuristics); the body model (or, without
# it, the layout heuristics) judges what remains, with all of that as context; last, the
# copies of the headline that the model kept go (the headline is the result's title).
STAGES: tuple[Stage, ...] = (rules.run, duplicates.run, fingerprints.run, stacked.mark, classify.run, headline.run)
HEURISTIC_STAGES: tuple[Stage, ...] = (rules.run, duplicates.run, fingerprints.run, stacked.run, layout.run,
                                       headline.run)
# Passes are repeated until nothing more is removed; each pass removes at least one block, and
# in practice the second finds nothing. The bound only guards against a pathological loop.
_MAX_PASSES = 8


@dataclass
class Result:
    """The cleaned body and what was removed from ``source`` to get it, the headline, and
    how sure the model is that the body was found."""

    text: str
    site: str | None
    document: Document
    confidence_model: "TreeEnsemble | None" = None
    from_html: bool = False   # the input was a page's markup, read as its page text (``source``)

    @cached_property
    def title(self) -> str:
        """The article's headline, or "" (``newsclean.title``); not part of ``text``."""
        return find_title(self.document)

    @cached_property
    def confidence(self) -> float | None:
        """An estimate (0 to 1) of how well the body was found: the expected F1 of ``text``
        against the true body (``newsclean.confidence``); None without the body model."""
        if self.confidence_model is None:
            return None
        features = page_features(self.document, self.title)
        return round(float(self.confidence_model.probability(features[None, :])[0]), 3)

    @property
    def source(self) -> str:
        """The text the removed spans index: the input, or the page text of an input that
        was markup (``newsclean.markup``)."""
        return self.document.text

    @cached_property
    def removed(self) -> list[dict]:
        """Every removed block as ``{start, end, reason, kind, detail}``, in text order."""
        return self.document.removals()


class DocumentTooLarge(ValueError):
    """A text of more lines than one page can have (``Settings.max_lines``)."""


class Cleaner:
    """Rules and settings loaded once, for cleaning many documents.

    >>> cleaner = Cleaner()
    >>> cleaner.clean("Hide Comments\\n\\nA line of prose that is the whole of the article.\\n").text
    'A line of prose that is the whole of the article.\\n'
    """

    def __init__(self, rules: RuleSet | None = None, settings: Settings = DEFAULT_SETTINGS, *,
                 rule_files: Sequence[Path | str] = (), default_rules: bool = True,
                 stages: Sequence[Stage] | None = None, store: Store | None = None,
                 templates: bool = True):
        """``store``: learned chrome to remove (``newsclean.store``); None learns nothing.
        ``templates``: a page takes the chrome of its template in the store, if it has
        one (``newsclean.template_store``)."""
        self.templates = templates
        if rules is None:
            rules = load_rules(rule_files, defaults=default_rules)
        self.settings = settings
        # (Of the two HTML models, the one the settings ask for.)
        # (The markup model reads every page first unless trafilatura is asked about all.)
        models = settings.line_model
        every_page = settings.html_trafilatura and settings.html_trafilatura_doubt <= 0
        self.context = Context(rules=rules, model=load_line_model() if models else None, learned=store,
                               html_model=load_html_model() if models and settings.html_trafilatura else None,
                               markup_model=load_markup_model() if models and not every_page else None)
        if stages is None:
            stages = STAGES if settings.line_model else HEURISTIC_STAGES
        self.stages = tuple(stages)
        # Seconds spent in each step, by name, while timed (``time_steps``); None: not timed.
        self.timings: dict[str, float] | None = None

    def time_steps(self) -> dict[str, float]:
        """Start adding up the seconds each step takes (reading the markup, asking
        trafilatura, each stage, the body's confidence): the dict that holds them.

        >>> cleaner = Cleaner()
        >>> timings = cleaner.time_steps()
        >>> _ = cleaner.clean("Share\\n\\nThe talks in Geneva ended on Monday without an agreement.\\n")
        >>> {"rules", "classify"} <= set(timings) and all(seconds >= 0 for seconds in timings.values())
        True
        """
        if self.timings is None:
            self.timings = {}
        return self.timings

    def _timed(self, step: str, started: float) -> float:
        now = time.perf_counter()
        self.timings[step] = self.timings.get(step, 0.0) + now - started
        return now

    def clean(self, text: str, *, site: str | None = None, html: bool = False) -> Result:
        """Clean ``text``; ``html``: it is a page's markup (a text that is mostly tags is
        read as one anyway, see ``newsclean.markup``)."""
        if not html:
            text, from_html = readable(text)
            return self._clean(text, site, None, from_html)
        settings = self.settings
        started = time.perf_counter() if self.timings is not None else 0.0
        root = parse(text)
        page = unjudged_page(root)
        if self.timings is not None:
            self._timed("markup", started)
        if page is None:    # no text the parser could reach: the markup as it is
            return self._clean(text, site, None, True)
        text = page.text
        ask = settings.html_trafilatura and judgeable(root, settings.html_trafilatura_max_elements)
        if ask and (settings.html_trafilatura_doubt <= 0 or not settings.line_model):
            return self._clean(text, site, self._judged(page, root), True)
        result = self._clean(text, site, page, True)
        # The cascade: trafilatura is asked only about a page the markup model doubts.
        if ask and self._doubts(result):
            result = self._clean(text, site, self._judged(page, root), True)
        return result

    def _judged(self, page: PageMarkup, root) -> PageMarkup:
        """``page`` with trafilatura's judgement of its lines (timed as "trafilatura")."""
        if self.timings is None:
            return judged_page(page, root)
        started = time.perf_counter()
        judged = judged_page(page, root)
        self._timed("trafilatura", started)
        return judged

    def clean_records(self, records: Iterable[dict], *, text_field: str = "text", html_field: str = "html",
                      site: str | None = None, site_from: str = "auto") -> Iterator[dict]:
        """Clean dict records as the command cleans JSON Lines: each record out is the record
        in with ``clean_text``, ``title``, ``confidence``, ``site``, ``removed`` and
        ``source_text`` added (or ``error``), one for each, in order (``newsclean.records``).
        The options are the command's: ``--text-field``, ``--html-field``, ``--site``,
        ``--site-from``."""
        from .records import clean_records, record_plan

        plan = record_plan(text_field=text_field, html_field=html_field, site=site, site_from=site_from)
        return clean_records(self, records, plan)

    def __reduce__(self):
        """A cleaner pickles as what builds it again: its rules, settings and stages, and its
        store by its path (opened again, read-only), for engines that ship it to workers."""
        return (_rebuilt, (self.context.rules, self.settings, self.stages, self.context.learned, self.templates))

    def _doubts(self, result: Result) -> bool:
        """Whether the markup model was unsure of enough of the page (``Settings.html_trafilatura_doubt``)."""
        return near_threshold_share(result.document) >= self.settings.html_trafilatura_doubt

    def _clean(self, text: str, site: str | None, page: PageMarkup | None, from_html: bool) -> Result:
        """Run the stages over ``text`` (``page``: what its markup says of its lines)."""
        lines = text.count("\n") + (not text.endswith("\n"))
        if lines > self.settings.max_lines:
            raise DocumentTooLarge(f"{lines:,} lines, more than the {self.settings.max_lines:,} a page may have "
                                   "(not one page: skipped)")
        learned_as = site
        store = self.context.learned
        if store is not None and self.templates:   # its template's chrome
            learned_as = store.template_of(text, site, self.settings)
        doc = segment(text, self.settings, site=learned_as)
        doc.page = page
        view = doc
        # Run the stages until they remove nothing more, each time over the kept blocks only
        # (what cleaning the output would see). Removing some lines can make others chrome:
        # two copies of a caption that a removed line kept apart are now side by side. So the
        # result is a fixed point, and cleaning it again changes nothing.
        # A pass that removed nothing is the fixed point only if it saw what the output shows:
        # each kept line a paragraph of its own (a text whose lines share paragraphs is read
        # once more as its output reads).
        for _ in range(_MAX_PASSES):
            before = list(view.blocks)  # a copy: splitting a line changes the list in place
            as_output = all(b.paragraph == k for k, b in enumerate(before))
            if self.timings is None:
                for stage in self.stages:
                    stage(view, self.context)
            else:
                started = time.perf_counter()
                for stage in self.stages:
                    stage(view, self.context)
                    started = self._timed(_step_name(stage), started)
            view = view.view()
            if as_output and len(view.blocks) == len(before) and all(a is b for a, b in zip(view.blocks, before)):
                break
        model = self.context.body_model(doc)
        return Result(text=doc.clean_text(), site=site, document=doc,
                      confidence_model=None if model is None else model.confidence, from_html=from_html)


def _step_name(stage: Stage) -> str:
    """A stage's name in timings: its module's ("rules", "fingerprints"), or its own."""
    module = getattr(stage, "__module__", "") or ""
    return module.rpartition(".")[2] if module.startswith("newsclean.stages.") else getattr(stage, "__name__", "stage")


def _rebuilt(rules: RuleSet, settings: Settings, stages: tuple, store: Store | None, templates: bool) -> Cleaner:
    return Cleaner(rules=rules, settings=settings, stages=stages, store=store, templates=templates)


_default_cleaner: Cleaner | None = None


def clean(text: str, *, site: str | None = None, html: bool = False) -> Result:
    """Clean one text (``html``: a page's markup) with the shipped rules and default settings."""
    global _default_cleaner
    if _default_cleaner is None:
        _default_cleaner = Cleaner()
    return _default_cleaner.clean(text, site=site, html=html)
