"""Remove the blocks that YAML rules recognise as chrome.

Scopes decide where a rule may match: ``line`` anywhere; ``block`` against a whole paragraph
(its lines joined by spaces; all of them go); ``head`` only before the first line of prose,
where headlines, datelines and page headers sit; ``tail`` only after the last line of prose,
where credits and widgets sit. Anchoring head and tail to prose rather than to a line count
keeps them meaningful on pages of any length, and makes cleaning idempotent: a cleaned text
starts and ends with prose, so head and tail rules find nothing more in it.
"""
from __future__ import annotations

from itertools import groupby

from ..document import Block, Document
from ..ruleset import Rule
from . import Context


def run(doc: Document, context: Context) -> None:
    rules = context.rules
    if not len(rules):
        return
    prose = [b.index for b in doc.kept() if b.prose]
    first_prose = prose[0] if prose else len(doc.blocks)
    last_prose = prose[-1] if prose else -1

    paragraphs = groupby(list(doc.kept()), key=lambda b: b.paragraph) if "block" in rules.scopes else ()
    for _, group in paragraphs:
        blocks = list(group)
        joined = " ".join(b.text for b in blocks)
        rule = _first(rules.matching(joined), "block")
        if rule is not None:
            for block in blocks:
                _remove(doc, block, rule)

    blocks = [b for b in doc.blocks if b.removal is None]
    matches = rules.matching_many([b.text for b in blocks], [b.words for b in blocks])
    for block, found in zip(blocks, matches):
        for rule in found:
            if rule.scope == "line" \
                    or (rule.scope == "head" and block.index < first_prose) \
                    or (rule.scope == "tail" and block.index > last_prose):
                _remove(doc, block, rule)
                break


def _first(rules: list[Rule], scope: str) -> Rule | None:
    return next((r for r in rules if r.scope == scope), None)


def _remove(doc: Document, block: Block, rule: Rule) -> None:
    doc.remove(block, rule.id, rule.kind, rule.description)
