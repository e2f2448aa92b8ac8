"""The shipped rules: one file per kind of chrome, every rule tested both ways."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, SEEDS
from newsclean.ruleset import default_rule_files, load_rules

RULES = load_rules([])

# Kinds of chrome the shipped rules must cover, and the file each lives in.
EXPECTED_FILES = {
    "comments", "related", "marketplace", "share", "newsletter", "cookies", "tips", "captions",
    "datelines", "bylines", "disclaimers", "history", "urls", "navigation", "advertising",
}


def test_one_file_per_kind_of_chrome():
    assert {p.stem for p in default_rule_files()} == EXPECTED_FILES


def test_shipped_rules_load_from_the_package_or_the_source_tree():
    assert all(p.parent.name == "rules" for p in default_rule_files())


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_rule_has_examples_both_ways(rule):
    assert rule.match_examples, "needs chrome it removes"
    assert rule.keep_examples, "needs prose that looks similar but must stay"


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_rule_examples_behave(rule):
    from newsclean.ruleset import RuleSet

    single = RuleSet([rule])
    for example in rule.match_examples:
        assert single.matching(example), f"should match: {example!r}"
    for example in rule.keep_examples:
        assert not single.matching(example), f"should keep: {example!r}"


def _seed_sentences() -> set[str]:
    sentences = set()
    for path in (SEEDS / "raw").glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                if len(sentence.split()) >= 4:
                    sentences.add(sentence.casefold())
    return sentences


def test_rules_do_not_quote_the_seeds():
    """Rules describe kinds of chrome; none may carry a seed's own sentence."""
    sentences = _seed_sentences()
    for path in default_rule_files():
        text = path.read_text(encoding="utf-8").casefold()
        quoted = [s for s in sentences if s in text]
        assert not quoted, f"{path.name} quotes the seeds: {quoted}"


def test_no_rule_removes_a_sentence_of_the_expected_bodies():
    """A rule must not eat prose: no line of the seeds' clean bodies matches any rule."""
    for path in (SEEDS / "expected").glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                assert not RULES.matching(line.strip()), (path.name, line)
