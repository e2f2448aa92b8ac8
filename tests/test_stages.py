"""Each within-document stage, on small documents: what it removes and what it must keep."""
from __future__ import annotations

from newsclean import Cleaner
from newsclean.document import segment
from newsclean.ruleset import RuleSet, make_rule
from newsclean.settings import Settings
from newsclean.stages import Context, duplicates, layout, stacked

P1 = "The talks in Geneva ended on Monday without an agreement, officials said."
P2 = "Both delegations said they would meet again next month to try once more."
P3 = "The foreign minister told reporters that the gap between the sides had narrowed."
P4 = "Observers said a deal was still possible before the end of the year."
P5 = "Markets rose slightly on the news, with the currency gaining half a percent."
ARTICLE = [P1, P2, P3, P4, P5]


def run(lines: list[str], *stages, rules: RuleSet | None = None):
    doc = segment("\n\n".join(lines) + "\n", Settings())
    context = Context(rules=rules or RuleSet([]))
    for stage in stages:
        stage.run(doc, context)
    return doc


def kept(doc) -> list[str]:
    return [b.text for b in doc.kept()]


def reason_of(doc, text: str) -> str | None:
    block = next(b for b in doc.blocks if b.text == text)
    return block.removal.reason if block.removal else None


# --- duplicates ------------------------------------------------------------------------

def test_glued_versions_keep_the_newest_once():
    old = "The minister said on Monday that the talks had failed and would not resume soon."
    new = "The minister said on Tuesday that the talks had stalled and might not resume soon."
    doc = run([old + " " + new, P2], duplicates)
    assert kept(doc) == [new, P2]
    assert doc.blocks[0].removal.reason == "duplicate.older-version"


def test_glued_versions_without_a_space_between():
    old = "Officials said the vote would be held in March despite the objections."
    new = "Officials said the vote would be held in April despite the objections."
    doc = run([old + new], duplicates)
    assert kept(doc) == [new]


def test_a_line_that_only_repeats_a_phrase_is_not_cut():
    line = "The river rose and the river fell, and the town waited through the long wet spring."
    assert kept(run([line], duplicates)) == [line]


def test_repeated_long_paragraph_keeps_one_copy():
    long = " ".join([P1, P2, P3])
    doc = run([long, P4, long, P5], duplicates)
    assert kept(doc) == [long, P4, P5]
    assert doc.blocks[2].removal.detail == "copy of block 0"


def test_near_duplicate_paragraph_keeps_one_copy():
    long = " ".join([P1, P2, P3])
    edited = long.replace("Monday", "Tuesday")
    doc = run([long, P4, edited, P5], duplicates)
    assert kept(doc) == [long, P4, P5]
    assert doc.blocks[2].removal.reason == "duplicate.near"


def test_passage_printed_twice_keeps_one_run_including_its_short_lines():
    intro = "In other news on Monday:"
    doc = run([P1, P2, intro, P1, P2, intro, "• The port reopened after the storm."], duplicates)
    assert kept(doc) == [P1, P2, intro, "• The port reopened after the storm."]


def test_a_question_put_to_each_guest_is_content_every_time():
    question = "What made you start cooking for other people?"
    answers = ["— My grandmother taught me everything I know about bread.",
               "— I started when I moved abroad and missed the food from home.",
               "— Honestly, it began as a way to relax after work."]
    lines = [x for answer in answers for x in (question, answer)]
    assert kept(run(lines, duplicates)) == lines


def test_doubled_caption_goes_entirely():
    caption = "The minister speaks to reporters in the capital."
    doc = run([P1, caption, caption.replace("minister", "minister,"), P2], duplicates)
    assert kept(doc) == [P1, P2]
    assert reason_of(doc, caption) == "duplicate.doubled-line"


def test_neighbouring_list_items_are_not_a_doubled_line():
    items = ["Section 4 of the law - patient records", "Section 5 of the law - patient files"]
    assert kept(run([P1, *items, P2], duplicates)) == [P1, *items, P2]


def test_short_repeated_table_cells_stay():
    lines = [P1, "Yes", "No", "Yes", "No", P2]
    assert kept(run(lines, duplicates)) == lines


# --- stacked articles ------------------------------------------------------------------

BYLINE = RuleSet([make_rule("bylines.by", "byline", pattern=r"^By [A-Z]\w+ [A-Z]\w+$")])


def test_a_second_article_under_the_first_goes():
    second = ["Storm Closes Ports Along The Coast", "By Jane Roe",
              "Heavy rain closed three ports on Sunday, officials said.",
              "Shipping companies said delays could last a week or more.",
              "Fishermen were told to stay in harbour until Wednesday."]
    doc = run(ARTICLE + second, stacked, rules=BYLINE)
    from newsclean.stages import rules as rules_stage
    doc = run(ARTICLE + second, rules_stage, duplicates, stacked, rules=BYLINE)
    assert kept(doc) == ARTICLE
    assert reason_of(doc, second[0]) == "layout.stacked-article"


def test_a_sub_heading_inside_the_article_stays():
    from newsclean.stages import rules as rules_stage
    lines = [P1, P2, P3, "Talks resume", P4, P5, "Markets calm down after the news", P1.replace("Geneva", "Vienna")]
    doc = run(lines, rules_stage, duplicates, stacked, rules=BYLINE)
    assert kept(doc) == lines


# --- layout ----------------------------------------------------------------------------

MENU = ["Home", "World", "Politics", "Business", "Sport", "Weather"]


def test_a_menu_run_goes_and_the_article_stays():
    doc = run(MENU + ARTICLE + ["Privacy", "Terms", "Contact", "Careers"], layout)
    assert kept(doc) == ARTICLE
    assert reason_of(doc, "Politics") == "layout.navigation"


def test_headline_before_the_article_goes():
    doc = run(["Talks End Without A Deal", *ARTICLE], layout)
    assert kept(doc) == ARTICLE
    assert reason_of(doc, "Talks End Without A Deal") == "layout.before-article"


def test_sub_headings_and_bullets_inside_the_article_stay():
    lines = [P1, P2, "What happens next", P3,
             "• A new round of talks in May", "• A report to parliament", "• A vote in the autumn", P4, P5]
    assert kept(run(lines, layout)) == lines


def test_teasers_after_a_read_more_rail_go():
    from newsclean.stages import rules as rules_stage
    rail = RuleSet([make_rule("related.rail", "related", phrases=["read more"])])
    teasers = ["Read more", "• Storm closes ports", "Heavy rain closed three ports on Sunday, officials said.",
               "• Strike ends at the airport", "Workers at the airport returned on Monday after a week out."]
    doc = run(ARTICLE + teasers, rules_stage, layout, rules=rail)
    assert kept(doc) == ARTICLE


def test_article_continues_after_an_inline_link():
    from newsclean.stages import rules as rules_stage
    link = RuleSet([make_rule("related.inline", "related", pattern=r"^READ MORE:")])
    lines = [P1, P2, "READ MORE: Storm closes ports", P3, P4, P5]
    doc = run(lines, rules_stage, layout, rules=link)
    assert kept(doc) == [P1, P2, P3, P4, P5]


def test_the_largest_cluster_of_prose_is_the_article():
    sidebar = ["Popular", "A short teaser about something else entirely, told in a sentence."]
    doc = run(sidebar + MENU + ["Video", "Opinion"] + ARTICLE, layout)
    assert kept(doc) == ARTICLE


def test_chinese_text_counts_characters():
    doc = run(["首页", "新闻", "体育", "财经", "娱乐", "今天上午，市政府召开新闻发布会，介绍了今年前三季度全市经济运行的基本情况。",
               "发布会上，有关负责人表示，全市经济总体保持平稳，主要指标好于预期。"], layout)
    assert len(kept(doc)) == 2


# --- the whole pipeline ----------------------------------------------------------------

def test_every_removal_says_why_and_spans_the_text(cleaner: Cleaner):
    text = "\n".join(["Share", *MENU, *ARTICLE, "Reuters", "Hide Comments"]) + "\n"
    result = cleaner.clean(text)
    assert result.text == "\n\n".join(ARTICLE) + "\n"
    for removal in result.removed:
        assert removal["reason"] and removal["detail"] and removal["kind"]
        assert text[removal["start"]:removal["end"]].strip() == text[removal["start"]:removal["end"]]
    assert {r["reason"] for r in result.removed} >= {"share.share-buttons", "navigation.controls",
                                                    "bylines.wire-credit"}
    removed = {text[r["start"]:r["end"]]: r["reason"] for r in result.removed}
    assert all(removed[item].startswith(("layout.", "navigation.")) for item in MENU)


def test_empty_and_blank_texts(cleaner: Cleaner):
    assert cleaner.clean("").text == ""
    assert cleaner.clean("\n \n\t\n").text == ""
