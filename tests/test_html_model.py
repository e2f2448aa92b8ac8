"""The HTML path's evidence: trafilatura's judgement aligned onto the page's lines, the
markup's columns, the HTML model choosing, the preview showing both opinions."""
from __future__ import annotations

import json

import numpy as np
import pytest

from newsclean import Cleaner
from newsclean.document import segment
from newsclean.extraction import align
from newsclean.html_features import NAMES, html_features
from newsclean.markup import name_hints, read_page, HINTS
from newsclean.settings import Settings

from test_html_input import ARTICLE, BODY, MENU, page


def hints(names: str) -> set[str]:
    bits = name_hints(names)
    return {name for k, name in enumerate(HINTS) if bits >> k & 1}


def test_alignment_keeps_what_trafilatura_kept_in_order():
    lines = ["Home", ARTICLE[0], "Home", ARTICLE[1]]
    # The menu's "Home" is not the article's; a long line is found where it is.
    assert align(lines, f"{ARTICLE[0]}\n{ARTICLE[1]}") == [False, True, False, True]


def test_alignment_matches_short_lines_only_next_in_line_and_whole():
    extracted = "- Step one\n- Step two\nHomes are cheaper this year."
    assert align(["Step one", "Step two", "Home"], extracted) == [True, True, False]   # "Homes" is not "Home"
    assert align(["Step two", "Step one"], extracted) == [False, True]   # "Step two" is not what comes next
    assert align(["Step one"], "") == [False]


def test_alignment_finds_a_long_line_trafilatura_moved():
    assert align([ARTICLE[1], ARTICLE[0]], f"{ARTICLE[0]}\n{ARTICLE[1]}") == [True, True]


@pytest.mark.parametrize("names, expected", [
    ("related-links", {"related"}), ("socialShareBar", {"share"}), ("article__body", {"body"}),
    ("nav-menu", {"nav"}), ("ad-slot", {"advert"}), ("newsletter-signup", {"subscribe"}),
    ("comment-list", {"comment"}), ("header address", set()), ("gradient shadow", set()),
])
def test_class_names_say_what_kind_of_chrome_they_hold(names, expected):
    assert hints(names) == expected


def test_html_features_follow_the_blocks_to_their_lines():
    markup = page().replace("<p>Copyright", "<footer class='site-footer'><p>Copyright").replace("</body>", "</footer></body>")
    text, markup_of_page = read_page(markup)
    doc = segment(text, Settings())
    doc.page = markup_of_page
    X = html_features(doc)
    column = {name: i for i, name in enumerate(NAMES)}
    by_text = {b.text: X[i] for i, b in enumerate(doc.blocks)}
    assert by_text["Home"][column["in_nav"]] == 1 and by_text["Home"][column["link_share"]] == 1
    assert by_text[ARTICLE[0]][column["extracted"]] == 1 and by_text[ARTICLE[0]][column["el_paragraph"]] == 1
    assert by_text["Copyright 2024 Example News"][column["in_footer"]] == 1
    assert by_text["Talks end without a deal"][column["el_title"]] == 1
    assert segment("plain text\n", Settings()).page is None
    assert html_features(segment("plain text\n", Settings())) is None


def test_an_html_page_is_judged_by_the_html_model_and_text_by_the_text_model(cleaner, monkeypatch):
    seen = []
    import newsclean.stages.classify as classify

    original = classify.context_features

    def spy(doc, evidence, p, stacked_at=None):
        seen.append(evidence.X.shape[1])
        return original(doc, evidence, p, stacked_at)

    monkeypatch.setattr(classify, "context_features", spy)
    assert cleaner.clean(page(), html=True).text == BODY
    html_width = seen[-1]
    cleaner.clean("\n\n".join(MENU + ARTICLE) + "\n")
    assert seen[-1] < html_width == seen[-1] + len(NAMES)


def test_a_page_trafilatura_finds_nothing_in_still_cleans():
    markup = "<html><head><title>Only a title</title></head><body></body></html>"
    text, page_markup = read_page(markup)
    assert text == "Only a title\n" and not page_markup.extracted.any()
    result = Cleaner().clean(markup, html=True)
    assert result.source == text and result.text in ("", text)


def test_without_trafilatura_a_page_is_judged_by_its_markup_alone(monkeypatch):
    import newsclean.extraction as extraction

    def refuse(tree):
        raise AssertionError("trafilatura asked although html_trafilatura is off")

    monkeypatch.setattr(extraction, "extracted_text", refuse)
    text, page_markup = read_page(page(), judge=False)
    assert not page_markup.judged and not page_markup.extracted.any()
    cleaner = Cleaner(settings=Settings(html_trafilatura=False))
    result = cleaner.clean(page(), html=True)
    assert cleaner.context.body_model(result.document) is cleaner.context.markup_model is not None
    assert cleaner.context.html_model is None
    assert result.text == BODY   # the menu, the footer and the title go; the article stays


def test_the_markup_model_is_not_the_html_model():
    from newsclean.model import load_html_model, load_markup_model

    assert load_markup_model().line.source != load_html_model().line.source


def test_no_trafilatura_on_the_command_line(run, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    result = run("clean", path, "--no-trafilatura")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == BODY
    shown = run("preview", path, "--no-trafilatura", "--color", "never")
    assert shown.exit_code == 0, shown.stderr
    assert not any(line.startswith("trafilatura (T) kept") for line in shown.stdout.splitlines())


def test_preview_marks_what_trafilatura_kept_and_counts_the_disagreements(run, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    result = run("clean", path, "--preview", "--color", "never", "--trafilatura", "all")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    article = next(line for line in lines if ARTICLE[0] in line)
    menu = next(line for line in lines if line.endswith("Home") or "Home  [" in line)
    assert f"T {ARTICLE[0]}" in article and "T Home" not in menu
    assert any(line.startswith("trafilatura (T) kept") for line in lines)


def test_a_page_near_the_size_bound_cleans_and_a_bigger_one_is_refused(run, tmp_path):
    # 19 MB of 95,000 elements: too big for trafilatura's opinion (Settings.html_trafilatura_max_elements),
    # judged by its markup alone; 30 MB: over --max-bytes' default, one line.
    paragraph = ("The harbour works went on through the {n}th week, the engineers said, and the council "
                 "will hear their report on the stones, the cranes and the cost before the vote in spring.")
    for name, count in (("big.html", 95_000), ("huge.html", 150_000)):
        body = "".join(f"<div class='c{n % 97}'><p>{paragraph.format(n=n)}</p></div>" for n in range(count))
        (tmp_path / name).write_text(f"<html><head><title>Big</title></head><body>{body}</body></html>",
                                     encoding="utf-8")
    assert 19_000_000 < (tmp_path / "big.html").stat().st_size < 20_000_000 < (tmp_path / "huge.html").stat().st_size
    result = run("clean", tmp_path / "big.html", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert np.all([line.startswith("The harbour works") for line in
                   (tmp_path / "out" / "big.txt").read_text(encoding="utf-8").split("\n\n") if line])
    result = run("clean", tmp_path / "huge.html")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path / 'huge.html'}: larger than 20,000,000 bytes "
                             "(skipped; --max-bytes raises the bound)\n")


def test_pages_come_out_the_same_with_two_workers_and_in_either_order(run, tmp_path):
    (tmp_path / "in").mkdir()
    stories = [ARTICLE, ARTICLE[1:] + ARTICLE[:1], ARTICLE[::-1]]
    for n, story in enumerate(stories):
        (tmp_path / "in" / f"p{n}.html").write_text(page(story), encoding="utf-8")
    one = run("clean", tmp_path / "in", "-o", tmp_path / "one", "--jobs", "1")
    two = run("clean", tmp_path / "in", "-o", tmp_path / "two", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0, one.stderr + two.stderr
    for n, story in enumerate(stories):
        expected = "\n\n".join(story) + "\n"
        assert (tmp_path / "one" / f"p{n}.txt").read_text(encoding="utf-8") == expected
        assert (tmp_path / "two" / f"p{n}.txt").read_text(encoding="utf-8") == expected
    records = "".join(json.dumps({"id": n, "html": page(s)}) + "\n" for n, s in enumerate(stories))
    backwards = "".join(reversed(records.splitlines(keepends=True)))
    forward = {json.loads(r)["id"]: json.loads(r) for r in run("clean", "-", "--format", "jsonl", input=records).stdout.splitlines()}
    reverse = {json.loads(r)["id"]: json.loads(r) for r in run("clean", "-", "--format", "jsonl", input=backwards).stdout.splitlines()}
    assert forward == reverse and len(forward) == 3


def _asking(monkeypatch) -> list:
    """Record each time trafilatura is asked about a page (and still ask it)."""
    import newsclean.extraction as extraction

    asked = []
    original = extraction.extracted_text
    monkeypatch.setattr(extraction, "extracted_text", lambda tree: asked.append(tree) or original(tree))
    return asked


def test_a_page_the_markup_leaves_in_no_doubt_is_not_asked_about(monkeypatch):
    import newsclean.pipeline as pipeline

    asked = _asking(monkeypatch)
    cleaner = Cleaner()
    monkeypatch.setattr(pipeline, "near_threshold_share", lambda doc: 0.0)
    result = cleaner.clean(page(), html=True)
    assert not asked and not result.document.page.judged
    assert cleaner.context.body_model(result.document) is cleaner.context.markup_model
    assert result.text == BODY


def test_a_doubtful_page_is_judged_again_with_trafilatura_as_if_asked_about_every_page(monkeypatch):
    import newsclean.pipeline as pipeline

    every = Cleaner(settings=Settings(html_trafilatura_doubt=0.0))
    asked = _asking(monkeypatch)
    expected = every.clean(page(), html=True)
    assert len(asked) == 1 and every.context.markup_model is None   # no markup pass first
    monkeypatch.setattr(pipeline, "near_threshold_share", lambda doc: 1.0)
    cascade = Cleaner()
    result = cascade.clean(page(), html=True)
    assert len(asked) == 2 and result.document.page.judged
    assert cascade.context.body_model(result.document) is cascade.context.html_model
    assert (result.text, result.removed) == (expected.text, expected.removed)


def test_the_bound_on_doubt_decides_which_pages_are_asked_about(monkeypatch):
    import newsclean.pipeline as pipeline

    asked = _asking(monkeypatch)
    monkeypatch.setattr(pipeline, "near_threshold_share", lambda doc: 0.2)
    Cleaner(settings=Settings(html_trafilatura_doubt=0.3)).clean(page(), html=True)
    assert not asked
    Cleaner(settings=Settings(html_trafilatura_doubt=0.2)).clean(page(), html=True)
    assert len(asked) == 1


def test_how_much_of_a_page_the_model_doubted():
    from newsclean.confidence import near_threshold_share

    doc = segment("A line\nAnother line here\nA third\n", Settings())
    assert near_threshold_share(doc) == 0.0   # not yet scored
    doc.scores = np.array([0.55, 0.95, 0.1])
    words = [b.words for b in doc.blocks]
    assert near_threshold_share(doc) == pytest.approx(words[0] / (sum(words) + 1.0))


@pytest.mark.parametrize("options, asked_for", [((), 0), (("--trafilatura", "all"), 1),
                                                (("--trafilatura", "none"), 0), (("--no-trafilatura",), 0)])
def test_which_pages_trafilatura_is_asked_about_on_the_command_line(run, tmp_path, monkeypatch, options, asked_for):
    import newsclean.pipeline as pipeline

    asked = _asking(monkeypatch)
    monkeypatch.setattr(pipeline, "near_threshold_share", lambda doc: 0.0)   # no page is in doubt
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    result = run("clean", path, *options)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == BODY and len(asked) == asked_for
