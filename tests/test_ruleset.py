"""The rule engine: file format, validation messages, matching, scopes, linear-time patterns."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsclean import Cleaner
from newsclean.ruleset import RuleFileError, RuleSet, load_rules, make_rule

GOOD = """\
rules:
  - id: test.hide
    kind: comments
    description: Comment widget controls.
    phrases: [hide comments, "Show   Comments"]
    examples:
      match: [Hide Comments]
      keep: [We will not hide comments from the committee.]
"""


def write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(*paths: Path) -> list[str]:
    with pytest.raises(RuleFileError) as caught:
        load_rules(paths, defaults=False)
    return caught.value.problems


def test_a_good_file_loads(tmp_path):
    rules = load_rules([write(tmp_path, GOOD)], defaults=False)
    assert [r.id for r in rules.rules] == ["test.hide"]
    assert rules.rules[0].line == 2


def test_phrases_match_the_whole_line_ignoring_case_space_and_edge_punctuation():
    rules = RuleSet([make_rule("t.share", "share", phrases=["Share this"])])
    assert rules.matching("  • SHARE   this:")
    assert not rules.matching("Share this story with your friends, she said.")


def test_pattern_is_searched_in_the_line():
    rules = RuleSet([make_rule("t.count", "comments", pattern=r"^\d+ comments$")])
    assert rules.matching("12 comments")
    assert not rules.matching("The 12 comments were read aloud.")


def test_max_words_keeps_a_rule_off_long_lines():
    rules = RuleSet([make_rule("t.sub", "newsletter", pattern="(?i)subscribe", max_words=5)])
    assert rules.matching("Subscribe now")
    assert not rules.matching("Readers who subscribe to the paper got the report on Monday.")


def test_first_rule_in_order_wins():
    rules = RuleSet([make_rule("a.one", "share", phrases=["share"]),
                     make_rule("b.two", "share", pattern="^Share$")])
    assert [r.id for r in rules.matching("Share")] == ["a.one", "b.two"]


@pytest.mark.parametrize("text, expected", [
    ("rules: [", ": invalid YAML"),
    ("- just a list\n", ":1: expected a top-level 'rules:' list"),
    (GOOD.replace("    kind: comments\n", ""), ":2: rule 'test.hide': 'kind' must be"),
    (GOOD.replace("id: test.hide", "id: Bad Id"), ":2: rule 'Bad Id': 'id' must be dotted"),
    (GOOD + "    colour: red\n", ":9: rule 'test.hide': unknown field 'colour'"),
    (GOOD.replace("    phrases: [hide comments, \"Show   Comments\"]\n", ""), ":2: rule 'test.hide': needs 'phrases' or 'pattern'"),
    (GOOD.replace("phrases: [hide comments", "pattern: '(?=x)y'\n    phrases: [hide comments"),
     ":5: rule 'test.hide': bad pattern"),
    (GOOD + "    scope: everywhere\n", ":9: rule 'test.hide': 'scope' must be one of"),
    (GOOD + "    max_words: -3\n", ":9: rule 'test.hide': 'max_words' must be"),
    (GOOD.replace("keep: [We will", "keep: [2019-11-20, We will"), "'examples.keep' item 1 must be a string"),
    (GOOD.replace("match: [Hide Comments]", "match: [Note: this]"), "read it as a mapping"),
])
def test_problems_name_the_file_the_rule_and_the_line(tmp_path, text, expected):
    path = write(tmp_path, text)
    problems = problems_of(path)
    assert any(p.startswith(str(path)) and expected in p for p in problems), problems


def test_an_id_used_twice_names_both_places(tmp_path):
    first = write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD, "b.yaml")
    problems = problems_of(first, second)
    assert problems == [f"{second}:2: rule 'test.hide': id already used at {first}:2"]


def test_a_missing_rule_file_is_named(tmp_path):
    problems = problems_of(tmp_path / "nope.yaml")
    assert problems[0].startswith(f"{tmp_path / 'nope.yaml'}: cannot read rule file")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = GOOD.replace("    kind: comments\n", "") + "    scope: nowhere\n"
    assert len(problems_of(write(tmp_path, text))) == 2


def test_catastrophic_pattern_cannot_hang_a_run(tmp_path):
    # With a backtracking engine ^(a+)+$ takes exponential time on "aaaa...b"; RE2 is linear.
    rule_file = write(tmp_path, """\
rules:
  - id: test.redos
    kind: test
    description: A pattern that hangs backtracking engines.
    pattern: '^(a+)+$'
""")
    cleaner = Cleaner(rule_files=[rule_file], default_rules=False)
    text = "The article starts here and it goes on for a while, as articles do.\n" + "a" * 50_000 + "b\n"
    started = time.perf_counter()
    result = cleaner.clean(text)
    assert time.perf_counter() - started < 5
    assert "a" * 100 in result.source


def test_examples_are_checked(tmp_path):
    path = write(tmp_path, GOOD.replace("keep: [We will not hide comments from the committee.]",
                                        "keep: [Hide comments]"))
    failures = load_rules([path], defaults=False).check_examples()
    assert failures == [f"{path}:2: rule 'test.hide': should keep but matches: 'Hide comments'"]


def scoped(scope: str) -> Cleaner:
    rule = make_rule("test.credit", "byline", phrases=["Reuters"], scope=scope)
    return Cleaner(rules=RuleSet([rule]))


ARTICLE = ("Reuters\n\nThe talks ended on Monday without an agreement, officials said.\n\n"
           "Reuters\n\nBoth sides said they would meet again next month in Geneva.\n\nReuters\n")


def reasons(result) -> list[tuple[str, int]]:
    return [(r["reason"], r["start"]) for r in result.removed if r["reason"].startswith("test.")]


def test_scope_line_matches_anywhere():
    assert len(reasons(scoped("line").clean(ARTICLE))) == 3


def test_scope_head_matches_before_the_first_prose_line_only():
    assert reasons(scoped("head").clean(ARTICLE)) == [("test.credit", 0)]


def test_scope_tail_matches_after_the_last_prose_line_only():
    assert reasons(scoped("tail").clean(ARTICLE)) == [("test.credit", len(ARTICLE) - len("Reuters\n"))]


def test_scope_block_matches_a_whole_paragraph():
    rule = make_rule("test.form", "share", phrases=["your name your email"], scope="block")
    cleaner = Cleaner(rules=RuleSet([rule]))
    text = "The talks ended on Monday without an agreement, officials said.\n\nYour name\nYour email\n"
    assert [r for r, _ in reasons(cleaner.clean(text))] == ["test.form", "test.form"]
    # ...but not one line of it alone
    assert not reasons(cleaner.clean("The talks ended on Monday without an agreement.\n\nYour name\n"))
