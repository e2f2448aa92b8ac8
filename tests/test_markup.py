"""A text that is really a page's markup: recognised, read as its page text, cleaned."""
from __future__ import annotations

import json

import pytest

from newsclean import Cleaner
from newsclean.markup import looks_like_html, page_text
from newsclean.store import Store, learn

ARTICLE = ["The talks in Geneva ended on Monday without an agreement on the border, officials said.",
           "Both delegations said they would meet again in Geneva next month to discuss the border.",
           "The foreign minister told reporters that the gap on the border question had narrowed.",
           "Observers in Geneva said a deal on the border was still possible before the end of the year."]
MENU = ["Home", "World", "Politics", "Business", "Sport", "Weather", "Video", "Opinion"]


def saved_page(paragraphs=ARTICLE, newlines: bool = False) -> str:
    """A page's markup as a failed scrape saves it: one line, scripts, a menu, the article."""
    menu = "".join(f'<li class="nav"><a href="/{m.lower()}"><span>{m}</span></a></li><!-- -->' for m in MENU)
    link = "<a href='/geneva'>Geneva</a>"
    body = "".join('<p class="story">' + p.replace("Geneva", link, 1) + "</p>" for p in paragraphs)
    page = ('<!DOCTYPE html><html><head><title>Talks end without a deal | Example News</title>'
            '<script type="text/javascript">var ads = {"slot": "top"}; document.write("<b>ad</b>");</script>'
            '<style>p { color: black }</style></head><body>'
            f'<div id="nav"><ul>{menu}</ul></div><div id="main"><h1>Talks end without a deal</h1>'
            f'<div class="byline">By <b>Jane Roe</b></div>{body}</div>'
            '<div id="foot"><p>&copy; 2008 Example News &amp; Co. All rights reserved.</p></div></body></html>')
    return page.replace("><", ">\n<") if newlines else page


@pytest.mark.parametrize("newlines", [False, True])
def test_a_saved_page_is_recognised_as_markup(newlines):
    assert looks_like_html(saved_page(newlines=newlines))


@pytest.mark.parametrize("text", [
    "\n\n".join(ARTICLE),
    # An article about HTML quotes tags in its prose: they are a small share of it.
    "\n\n".join(ARTICLE + ["Write <p> to open a paragraph and </p> to close it; <br> breaks a line."] * 30),
    # A scrape with a few stray tags left in.
    "\n\n".join(MENU + ['<a href="http://example.com/x">More</a>'] + ARTICLE),
])
def test_text_with_a_few_tags_is_not_markup(text):
    assert not looks_like_html(text)


def test_page_text_lays_the_page_out_as_a_full_page_scrape():
    lines = page_text(saved_page()).splitlines()
    assert lines[0] == "Talks end without a deal | Example News"      # the <title> first
    assert lines[1:1 + len(MENU)] == MENU                              # each list item on its line
    assert ARTICLE[0] in lines                                         # a link stays inside its line
    assert "By Jane Roe" in lines
    assert "© 2008 Example News & Co. All rights reserved." in lines   # references decoded
    text = "\n".join(lines)
    assert "var ads" not in text and "color: black" not in text and "<" not in text


def test_page_text_survives_deep_nesting_and_garbage():
    deep = "<html><body>" + "<div>" * 20_000 + "<p>Deep text.</p>" + "</div>" * 20_000 + "</body></html>"
    assert "Deep text." in page_text(deep) or page_text(deep) == deep   # never an exception
    assert page_text("") == "" and page_text("<html><body></body></html>") == "<html><body></body></html>"
    declared = '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>Caf\u00e9 open.</p></body></html>'
    assert page_text(declared) == "Caf\u00e9 open.\n"


def test_cleaning_a_saved_page_gives_the_article_and_spans_into_its_page_text():
    result = Cleaner().clean(saved_page())
    assert result.from_html
    assert result.text == "\n\n".join(ARTICLE) + "\n"
    assert result.title == "Talks end without a deal"
    assert result.source == page_text(saved_page())
    for removal in result.removed:
        assert result.source[removal["start"]:removal["end"]].strip()
    again = Cleaner().clean(result.text)
    assert not again.from_html and again.text == result.text                 # idempotent


def test_a_plain_text_is_not_read_as_markup():
    result = Cleaner().clean("\n\n".join(MENU + ARTICLE) + "\n")
    assert not result.from_html and result.source.startswith("Home")


def test_jsonl_gives_the_page_text_the_spans_index_for_markup_and_null_for_text(run):
    rows = [{"id": 1, "text": saved_page()}, {"id": 2, "text": "\n\n".join(MENU + ARTICLE)}]
    result = run("clean", "-", "--format", "jsonl", input="".join(json.dumps(r) + "\n" for r in rows))
    assert result.exit_code == 0, result.stderr
    html_row, text_row = [json.loads(line) for line in result.stdout.splitlines()]
    assert html_row["source_text"] == page_text(saved_page())
    assert html_row["clean_text"] == "\n\n".join(ARTICLE) + "\n"
    for removal in html_row["removed"]:
        assert html_row["source_text"][removal["start"]:removal["end"]]
    assert text_row["source_text"] is None


def test_preview_says_a_page_was_read_as_markup(run, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(saved_page(), encoding="utf-8")
    result = run("clean", path, "--preview", "--color", "never")
    assert result.exit_code == 0, result.stderr
    assert "read as HTML" in result.stdout and "var ads" not in result.stdout


def test_learning_counts_a_saved_page_as_its_page_text(tmp_path):
    with Store.create_or_open(tmp_path / "store") as store:
        pages = [("example.com", saved_page(ARTICLE[k:k + 2])) for k in range(3)]
        learn(store, pages)
        forms = {f.form for f in store.top_forms("example.com")}
    assert "politics" in forms and not any("<" in form for form in forms)


def test_the_sources_own_line_breaks_are_spaces_except_in_pre():
    markup = ("<html><body><p>A sentence that the page's source\nwrapped over\r\nthree lines.</p>"
              "<pre>first line of code\nsecond line</pre></body></html>")
    assert page_text(markup) == "A sentence that the page's source wrapped over three lines.\nfirst line of code\nsecond line\n"
