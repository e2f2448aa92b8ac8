"""Invariants, checked on generated documents (hypothesis):

* the output is made only of the input's text, in the input's order (nothing invented);
* cleaning the output again changes nothing (idempotence);
* a document's result does not depend on the order of the files or the number of workers.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean import Cleaner
from newsclean.batch import CleanerConfig, Runner, clean_text_item
from newsclean.ruleset import load_rules

CLEANER = Cleaner()
CHROME = sorted({e for r in load_rules([]).rules for e in r.match_examples})
WORDS = ("the minister said talks would resume next week after a long pause in Geneva while "
         "officials from both sides met to discuss trade security and the border dispute").split()

words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=30)
prose = words.map(lambda w: " ".join(w).capitalize() + ".")
menu_item = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda w: " ".join(x.title() for x in w))
chrome = st.sampled_from(CHROME)
heading = st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(lambda w: " ".join(w).title())
spacing = st.sampled_from(["", "  ", "\t", "\u00a0", " • "])


@st.composite
def documents(draw) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["prose", "prose", "prose", "menu", "chrome", "heading", "repeat", "glued"]))
        if kind == "prose":
            line = draw(prose)
        elif kind == "menu":
            line = draw(menu_item)
        elif kind == "chrome":
            line = draw(chrome)
        elif kind == "heading":
            line = draw(heading)
        elif kind == "repeat" and lines:
            line = draw(st.sampled_from(lines)).strip()
        else:
            first = draw(prose)
            line = first + " " + first.replace("the", "a", 1)
        lines.append(draw(spacing) + line)
        lines.append(draw(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n"])))
    return "".join(lines)


common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(documents())
def test_output_is_a_selection_of_the_input(text):
    result = CLEANER.clean(text)
    kept = [b for b in result.document.blocks if b.kept]
    assert result.text == ("\n\n".join(b.text for b in kept) + "\n" if kept else "")
    position = 0
    for block in kept:
        assert text[block.start:block.end] == block.text
        assert block.start >= position
        position = block.end
    spans = sorted([(b.start, b.end) for b in kept] + [(r["start"], r["end"]) for r in result.removed])
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start, "kept and removed spans overlap"
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split()), "some text is neither kept nor removed"


@common
@given(documents())
def test_cleaning_is_idempotent(text):
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once


@settings(max_examples=40, deadline=None)
@given(st.lists(documents(), min_size=1, max_size=6), st.randoms())
def test_result_does_not_depend_on_file_order(texts, random):
    alone = {i: CLEANER.clean(t).text for i, t in enumerate(texts)}
    order = list(range(len(texts)))
    random.shuffle(order)
    with Runner(CleanerConfig()) as runner:
        shuffled = list(runner.map(clean_text_item, ((texts[i], None, str(i)) for i in order)))
    assert {i: o.text for i, o in zip(order, shuffled)} == alone


@pytest.fixture(scope="module")
def two_workers():
    with Runner(CleanerConfig(), jobs=2) as runner:
        yield runner


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(documents(), min_size=1, max_size=30))
def test_result_does_not_depend_on_the_number_of_workers(two_workers, texts):
    items = [(t, None, str(i)) for i, t in enumerate(texts)]
    with Runner(CleanerConfig(), jobs=1) as one_worker:
        one = [(o.text, o.removed) for o in one_worker.map(clean_text_item, items)]
    two = [(o.text, o.removed) for o in two_workers.map(clean_text_item, items)]
    assert one == two
