"""The body decision: the context features, the headline, the confidence, and the kinds of
page where a line-by-line judgement loses the body (lists, stacked articles, threads)."""
from __future__ import annotations

import numpy as np
import pytest

from newsclean import Cleaner, Settings
from newsclean.confidence import NAMES as CONFIDENCE_NAMES, page_features
from newsclean.document import segment
from newsclean.features import line_evidence
from newsclean.region import candidate_regions, region_arrays
from newsclean.stacking import NAMES, context_features
from newsclean.stages import Context, stacked
from newsclean.ruleset import RuleSet, make_rule
from newsclean.title import find_title

CLEANER = Cleaner()
ARTICLE = [
    "The city council voted on Tuesday to rebuild the old harbour bridge, ending a debate of ten years.",
    "Work on the new bridge is to start next spring and should take three years, the mayor told reporters.",
    "The council said the cost would be shared between the city, the region and the national government.",
    "Residents who live near the harbour said they welcomed the decision but feared the noise of the works.",
    "The old bridge, built in 1911, has been closed to lorries since a crack was found in one of its piers.",
]
MENU = ["Home", "News", "Sport", "Business", "Culture", "Weather", "Contact"]


def column(X: np.ndarray, name: str) -> np.ndarray:
    return X[:, NAMES.index(name)]


# --- context features ------------------------------------------------------------------

def test_context_features_place_each_line_among_the_first_scores():
    doc = segment("\n".join(MENU + ARTICLE) + "\n", Settings())
    evidence = line_evidence(doc, 6)
    p = np.array([0.1] * len(MENU) + [0.9] * len(ARTICLE))
    X = context_features(doc, evidence, p)
    assert X.shape == (len(MENU) + len(ARTICLE), len(NAMES)) and np.isfinite(X).all()
    in_best = column(X, "in_best")
    assert in_best[:len(MENU)].sum() == 0 and in_best[len(MENU):].all()
    assert column(X, "p_prev1")[0] == -1 and column(X, "p_next1")[-1] == -1
    assert column(X, "before_best")[0] > 0 and column(X, "after_best")[-1] == 0


def test_a_list_introduced_by_a_colon_knows_it():
    lines = [ARTICLE[0], "The plan includes:", "- a wider road", "- two bus lanes", "- a cycle path", ARTICLE[1]]
    doc = segment("\n".join(lines) + "\n", Settings())
    X = context_features(doc, line_evidence(doc, 6), np.array([0.9, 0.6, 0.3, 0.3, 0.3, 0.9]))
    assert column(X, "list_run_colon_before")[2:5].tolist() == [1, 1, 1]
    assert column(X, "list_run_p_before")[2] == pytest.approx(0.6)
    assert column(X, "list_run_p_after")[2] == pytest.approx(0.9)
    assert column(X, "list_run_colon_before")[0] == 0


def test_candidate_regions_are_runs_of_body_like_lines_with_gaps():
    mask = np.array([1, 0, 1, 0, 0, 0, 1, 1], bool)
    assert candidate_regions(mask, np.arange(8.0), 2) == [(2.0, 0, 2), (13.0, 6, 7)]
    assert candidate_regions(np.zeros(3, bool), np.ones(3), 2) == []
    sums, firsts, lasts = region_arrays(mask, np.arange(8.0), 2)
    assert sums.tolist() == [2.0, 13.0] and firsts.tolist() == [0, 6] and lasts.tolist() == [2, 7]


def test_stacked_mark_records_the_headline_and_removes_nothing():
    byline = RuleSet([make_rule("bylines.by", "byline", pattern=r"^By [A-Z]\w+ [A-Z]\w+$")])
    second = ["Storm Closes Ports Along The Coast", "By Jane Roe"] + [line.replace("bridge", "port") for line in ARTICLE[:3]]
    doc = segment("\n\n".join(ARTICLE + second) + "\n", Settings())
    from newsclean.stages import rules
    rules.run(doc, Context(rules=byline))
    stacked.mark(doc, Context(rules=byline))
    assert doc.stacked_at is not None and doc.stacked_at.text == second[0]
    assert sum(1 for b in doc.blocks if b.removal is not None) == 1  # the byline, by the rule


# --- the headline ----------------------------------------------------------------------

@pytest.mark.parametrize("lines, title", [
    (["Bridge to be rebuilt | City News", "Home", "News", "Bridge to be rebuilt"] + ARTICLE, "Bridge to be rebuilt"),
    (["Bridge to be rebuilt - City News", "Home", "News"] + ARTICLE, "Bridge to be rebuilt"),
    (["Council votes to rebuild the harbour bridge"] + ARTICLE, "Council votes to rebuild the harbour bridge"),
    (ARTICLE, ""),
    (["Share this", "Home", "News"] + ARTICLE, ""),        # a share prompt first is chrome, not a title
])
def test_the_headline_is_found_above_the_body(lines, title):
    assert CLEANER.clean("\n".join(lines) + "\n").title == title


def test_a_heading_that_repeats_the_title_is_never_body():
    lines = ["Bridge to be rebuilt | City News", "Bridge to be rebuilt"] + ARTICLE
    result = CLEANER.clean("\n".join(lines) + "\n")
    assert result.text == "\n\n".join(ARTICLE) + "\n"
    assert {r["reason"] for r in result.removed} <= {"title.headline", "layout.before-article"}
    assert CLEANER.clean(result.text).text == result.text


def test_a_sub_heading_in_the_body_is_not_taken_for_the_headline():
    lines = ["Bridge to be rebuilt | City News", "Bridge to be rebuilt", ARTICLE[0], "What happens next", *ARTICLE[1:]]
    doc = segment("\n".join(lines) + "\n", Settings())
    assert find_title(doc) == "Bridge to be rebuilt"


# --- confidence ------------------------------------------------------------------------

def test_confidence_is_a_number_from_zero_to_one_and_higher_for_a_clear_article():
    clear = CLEANER.clean("\n".join(["Bridge to be rebuilt | City News"] + MENU + ARTICLE + MENU) + "\n")
    murky = CLEANER.clean("\n".join(MENU + ["Read more: Bridge to be rebuilt", "Sign up for our newsletter"]) + "\n")
    assert 0 <= murky.confidence <= 1 and 0 <= clear.confidence <= 1
    assert clear.confidence > murky.confidence


def test_confidence_features_are_finite_for_any_page():
    for text in ["", "One line.", "\n".join(MENU), "\n".join(ARTICLE)]:
        result = CLEANER.clean(text)
        features = page_features(result.document, result.title)
        assert features.shape == (len(CONFIDENCE_NAMES),) and np.isfinite(features).all()


def test_without_the_model_there_is_no_confidence():
    assert Cleaner(settings=Settings(line_model=False)).clean("\n".join(ARTICLE)).confidence is None


# --- kinds of page the body decision must get right ------------------------------------

def test_a_list_between_body_paragraphs_is_body():
    items = ["- a wider road with two lanes each way", "- two bus lanes", "- a cycle path on both sides",
             "- a footpath for the harbour walk"]
    lines = MENU + ARTICLE[:2] + ["The plan for the new bridge includes:"] + items + ARTICLE[2:] + MENU
    kept = CLEANER.clean("\n".join(lines) + "\n").text.split("\n\n")
    kept = [k.strip() for k in kept]
    assert all(item in kept for item in items)
    assert "The plan for the new bridge includes:" in kept


def test_menus_around_the_article_go_and_the_article_stays():
    result = CLEANER.clean("\n".join(MENU + ARTICLE + MENU) + "\n")
    assert result.text == "\n\n".join(ARTICLE) + "\n"


def test_a_headline_that_repeats_the_page_title_opens_the_article_not_a_second_one():
    # A blog sidebar of three prose lines above the post looks like a first article; the
    # post's headline repeats the page's title, so it is the page's own article.
    byline = RuleSet([make_rule("bylines.by", "byline", pattern=r"^By [A-Z]\w+ [A-Z]\w+$")])
    sidebar = [line.replace("bridge", "library") for line in ARTICLE[:3]]
    lines = ["Council rebuilds harbour bridge | City Blog", *sidebar, "Council rebuilds harbour bridge", "By Jane Roe",
             *ARTICLE]
    from newsclean.stages import rules
    for title_line, expected in ((lines[0], None), ("Weekend weather for the coast | City Blog", 4)):
        doc = segment("\n\n".join([title_line, *lines[1:]]) + "\n", Settings())
        rules.run(doc, Context(rules=byline))
        assert stacked.find(doc) == expected
