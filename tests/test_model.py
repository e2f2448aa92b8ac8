"""The body model: the tree evaluator, the shipped model, the features it reads, the stage."""
from __future__ import annotations

import numpy as np
import pytest

from newsclean import Cleaner, Settings
from newsclean.document import segment
from newsclean.features import NAMES, PROFILE, content_words, document_features, line_profile
from newsclean.confidence import NAMES as CONFIDENCE_NAMES
from newsclean.model import TreeEnsemble, load_line_model
from newsclean.stacking import NAMES as CONTEXT_NAMES

# A tree of depth 2 whose left child is a leaf at depth 1 (it must be pushed down).
#        x0 <= 0.5
#        /        \
#     -1.0     x1 <= 2.0
#              /      \
#            0.5      2.0
TREE = {"feature": [0, 0, 1, 0, 0], "threshold": [0.5, 0.0, 2.0, 0.0, 0.0],
        "left": [1, -1, 3, -1, -1], "right": [2, -1, 4, -1, -1], "value": [0.0, -1.0, 0.0, 0.5, 2.0]}


def test_tree_ensemble_walks_each_row_to_its_leaf():
    ensemble = TreeEnsemble.from_trees(["x0", "x1"], [TREE, TREE])
    X = np.array([[0.0, 9.0], [1.0, 1.0], [1.0, 3.0], [0.5, 2.0]])
    assert ensemble.depth == 2
    assert ensemble.raw(X).tolist() == [-2.0, 1.0, 4.0, -2.0]
    assert np.allclose(ensemble.probability(X), 1 / (1 + np.exp(-np.array([-2.0, 1.0, 4.0, -2.0]))))


def test_float32_features_are_compared_with_float64_thresholds_exactly():
    # 0.1 is not a float32: the nearest float32 lies above it, and must go right; the
    # float32 just below it must go left, as a float64 comparison decides.
    tree = {**TREE, "threshold": [0.1, 0.0, 2.0, 0.0, 0.0]}
    ensemble = TreeEnsemble.from_trees(["x0", "x1"], [tree])
    above = np.float32(0.1)
    below = np.nextafter(above, np.float32(0))
    assert float(below) <= 0.1 < float(above)
    X = np.array([[above, 9.0], [below, 9.0]], dtype=np.float32)
    assert ensemble.raw(X).tolist() == [2.0, -1.0]


def test_shipped_model_reads_the_features_the_code_computes():
    model = load_line_model()
    for ensemble, names in ((model.line, NAMES), (model.context, CONTEXT_NAMES),
                            (model.confidence, CONFIDENCE_NAMES)):
        assert list(ensemble.features) == names, "features changed: refit the model (make model)"
        assert ensemble.feature.max() < len(names)


def test_shipped_model_scores_lie_between_zero_and_one():
    doc = segment("\n".join(MENU + ARTICLE) + "\n", Settings())
    X = document_features(doc, Settings().region_max_gap)
    scores = load_line_model().line.probability(X)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert scores[len(MENU):].min() > scores[:len(MENU)].max()


def test_a_one_paragraph_item_under_a_menu_is_kept():
    line = "The talks in Geneva ended on Monday without an agreement on the border, officials said."
    assert Cleaner().clean(f"Home\nNews\nSport\n{line}\n").text == line + "\n"


def test_features_of_a_document_are_finite_and_neighbours_are_minus_one_at_the_edges():
    doc = segment("First line of text.\n\nSecond line, with more words than the first.\n", Settings())
    X = document_features(doc, 6)
    assert X.shape == (2, len(NAMES)) and np.isfinite(X).all()
    assert X[0, NAMES.index("log_words-1")] == -1 and X[1, NAMES.index("log_words+1")] == -1
    assert X[1, NAMES.index("log_words-1")] == X[0, NAMES.index("log_words")]


def test_line_profile_of_a_menu_item_and_of_prose():
    settings = Settings()
    menu = dict(zip(PROFILE, line_profile(segment("Politics", settings).blocks[0])))
    prose = dict(zip(PROFILE, line_profile(segment("The minister said that the talks would go on.", settings).blocks[0])))
    assert menu["ends_sentence"] == 0 and prose["ends_sentence"] == 1
    assert prose["stopword_share"] > menu["stopword_share"]
    assert menu["capitals_per_word"] == 1.0


def test_chinese_lines_count_function_characters():
    line = segment("今天上午，市政府召开了新闻发布会，介绍了全市经济运行的基本情况。", Settings()).blocks[0]
    shape = dict(zip(PROFILE, line_profile(line)))
    assert 0 < shape["stopword_share"] < 1
    assert "市政" in content_words(line)


ARTICLE = ["The talks in Geneva ended on Monday without an agreement on the border, officials said.",
           "Both delegations said they would meet again in Geneva next month to discuss the border.",
           "The foreign minister told reporters that the gap on the border question had narrowed.",
           "Observers in Geneva said a deal on the border was still possible before the end of the year."]
MENU = ["Home", "World", "Politics", "Business", "Sport", "Weather", "Video", "Opinion"]


def test_cohesion_is_high_for_the_article_and_low_for_an_unrelated_teaser():
    teaser = "Storm closes three ports on the northern coast as fishermen stay in harbour."
    doc = segment("\n".join(ARTICLE + [teaser]) + "\n", Settings())
    cohesion = document_features(doc, 6)[:, NAMES.index("cohesion_document")]
    assert cohesion[:4].min() > cohesion[4]


def test_the_model_removes_a_menu_and_keeps_the_article_with_scores():
    result = Cleaner().clean("\n".join(MENU + ARTICLE) + "\n")
    assert result.text == "\n\n".join(ARTICLE) + "\n"
    for removal in result.removed:
        if removal["reason"].startswith("layout."):
            assert 0 <= removal["score"] < 0.9 and "line model" in removal["detail"]


def test_rule_removals_carry_no_score():
    result = Cleaner().clean("Share\n" + "\n".join(ARTICLE) + "\n")
    share = next(r for r in result.removed if r["reason"] == "share.share-buttons")
    assert share["score"] is None


@pytest.mark.parametrize("text", ["", "Only a menu\nHome\nNews\n", "\n".join(ARTICLE)])
def test_without_the_model_the_layout_heuristics_decide(text):
    cleaner = Cleaner(settings=Settings(line_model=False))
    assert cleaner.context.model is None
    assert all(r["score"] is None for r in cleaner.clean(text).removed)
