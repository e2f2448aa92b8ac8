"""The library's record API (newsclean.records) and cleaners that engines can ship."""
from __future__ import annotations

import json
import pickle

from newsclean import Cleaner
from newsclean.records import ADDED_FIELDS, learn_records, record_plan
from newsclean.store import Store
from test_templates import site_records, write_folder


def test_records_come_out_as_the_command_writes_them(run, tmp_path):
    site_records(tmp_path / "pages.jsonl", {"Harbour News": 5, "Harbour Blogs": 2})
    records = [json.loads(line) for line in (tmp_path / "pages.jsonl").read_text().splitlines()]
    records.append({"id": "bare", "text": "Share\n\nThe talks in Geneva ended on Monday without an agreement.\n"})
    write = tmp_path / "all.jsonl"
    write.write_text("".join(json.dumps(r) + "\n" for r in records))
    command = [json.loads(line) for line in run("clean", write).stdout.splitlines()]
    with Store.create_or_open(tmp_path / "s") as store:   # learned as the command learns from its inputs
        learn_records(store, records, record_plan())
        library = list(Cleaner(store=store).clean_records(records))
    assert library == command
    assert all(set(ADDED_FIELDS) <= set(r) and "error" not in r for r in library)


def test_a_record_that_cannot_be_cleaned_comes_out_with_its_error_in_its_place():
    records = [{"id": 1, "text": "A line of prose that is the whole of the article.\n"}, {"id": 2, "body": "x"},
               {"id": 3, "text": 42}, "not a record", {"id": 5, "text": "Another article, whole, in one line.\n"}]
    out = list(Cleaner().clean_records(records))
    assert [r.get("error") is None for r in out] == [True, False, False, False, True]
    assert out[1]["error"] == "record 2: record has no 'text' field" and out[1]["body"] == "x"
    assert out[2]["error"] == "record 3: record has a non-text 'text' field"
    assert out[4]["clean_text"] == "Another article, whole, in one line.\n"


def test_the_fields_are_the_commands_options():
    records = [{"body": "<html><body><article><p>The talks in Geneva ended on Monday without an agreement, "
                        "officials said.</p></article></body></html>", "host": "x"}]
    out = list(Cleaner().clean_records(records, text_field="body", site="Example.COM"))
    assert "Geneva" in out[0]["clean_text"] and out[0]["site"] == "example.com"
    assert out[0]["source_text"] is None   # read as text: the html field is 'html'
    out = list(Cleaner().clean_records([{"page": records[0]["body"]}], html_field="page"))
    assert out[0]["source_text"] is not None and "Geneva" in out[0]["clean_text"]


def test_a_cleaner_with_a_store_pickles_and_cleans_the_same(tmp_path):
    articles = write_folder(tmp_path / "in", ["Harbour Gazette", "Valley Echo"], per_site=4)
    texts = [path.read_text() for path in sorted((tmp_path / "in").glob("*.txt"))]
    with Store.create_or_open(tmp_path / "s") as store:
        learn_records(store, [{"text": text} for text in texts], record_plan())
    cleaner = Cleaner(store=Store.open(tmp_path / "s"))
    shipped = pickle.loads(pickle.dumps(cleaner))
    assert shipped.context.learned is not cleaner.context.learned and not shipped.context.learned.writable
    for text in texts:
        assert shipped.clean(text).text == cleaner.clean(text).text
    assert shipped.clean(texts[0]).text == "\n\n".join(articles["page000"]) + "\n"   # its template's chrome gone


def test_a_cleaner_without_a_store_pickles_with_its_rules_and_settings():
    from newsclean import Settings, make_rule
    from newsclean.ruleset import RuleSet

    rule = make_rule("promo.label", "promo", pattern=r"^Promoted content$")
    cleaner = Cleaner(rules=RuleSet([rule]), settings=Settings(line_model=False))
    shipped = pickle.loads(pickle.dumps(cleaner))
    text = "Promoted content\n\nThe talks in Geneva ended on Monday without an agreement.\n"
    assert shipped.clean(text).text == cleaner.clean(text).text == \
        "The talks in Geneva ended on Monday without an agreement.\n"
    assert shipped.settings == cleaner.settings
