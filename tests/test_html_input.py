"""HTML input: .html/.htm files and folders, --format html on standard input, records with an
html field, the page's charset; bad pages get one line and the other inputs go on."""
from __future__ import annotations

import json

from newsclean.markup import page_text

ARTICLE = ["The talks in Geneva ended on Monday without an agreement on the border, officials said.",
           "Both delegations said they would meet again in Geneva next month to discuss the border.",
           "The foreign minister told reporters that the gap on the border question had narrowed.",
           "Observers in Geneva said a deal on the border was still possible before the end of the year."]
MENU = ["Home", "World", "Politics", "Business", "Sport", "Weather"]
BODY = "\n\n".join(ARTICLE) + "\n"


def page(paragraphs=ARTICLE, head: str = "") -> str:
    """A small page, laid out as most are (a menu of links in a <nav>, the article's
    paragraphs, a footer line): few tags (the markup heuristic alone would not call it HTML)."""
    items = "".join(f"<li><a href=\"/{m.lower()}\">{m}</a></li>" for m in MENU)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head>{head}<title>Talks end without a deal</title><script>var x = 1;</script></head>"
            f"<body><nav><ul>{items}</ul></nav>{body}<p>Copyright 2024 Example News</p></body></html>")


def test_an_html_file_is_read_as_its_page(run, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    result = run("clean", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == BODY


def test_a_folder_gives_html_and_text_files_text_outputs(run, tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.htm").write_text(page(), encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("\n\n".join(MENU + ARTICLE) + "\n", encoding="utf-8")
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "sub" / "a.txt").read_text(encoding="utf-8") == BODY
    assert (tmp_path / "out" / "b.txt").exists()


def test_a_page_and_a_text_of_one_name_would_collide_and_are_refused(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page(), encoding="utf-8")
    (tmp_path / "in" / "a.txt").write_text(BODY, encoding="utf-8")
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "would both be written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_standard_input_as_html(run):
    result = run("clean", "-", "--format", "html", input=page())
    assert result.exit_code == 0, result.stderr
    assert result.stdout == BODY


def test_the_declared_charset_is_used_and_a_wrong_one_is_survived(run, tmp_path):
    accented = ["Le ministre a déclaré que les négociations reprendraient à Genève après les fêtes de fin d'année.",
                "Les deux délégations se retrouveront à Genève le mois prochain pour parler de la frontière.",
                "Selon les observateurs, un accord sur la frontière reste possible avant la fin de l'année."]
    declared = tmp_path / "declared.html"
    declared.write_bytes(page(accented, '<meta charset="windows-1252">').encode("cp1252"))
    result = run("clean", declared)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "\n\n".join(accented) + "\n"
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(page(accented, '<meta charset="utf-8">').encode("cp1252"))
    result = run("clean", wrong)
    assert result.exit_code == 0
    assert result.stdout == "\n\n".join(accented) + "\n"
    assert "declares utf-8, but is not utf-8" in result.stderr and result.stderr.count("\n") == 1


def test_a_binary_file_named_html_is_one_error_and_the_others_go_on(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.html").write_bytes(b"\x00\x01\x02PNG" * 100)
    (tmp_path / "in" / "good.html").write_text(page(), encoding="utf-8")
    (tmp_path / "in" / "json.html").write_text(json.dumps({"text": "not a page"}), encoding="utf-8")
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {tmp_path / 'in' / 'bad.html'}: binary file, not text (skipped)"]
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == BODY
    assert (tmp_path / "out" / "json.txt").exists()


def test_a_record_with_an_html_field_is_cleaned_from_its_page(run):
    rows = [{"id": 1, "text": "ignored: the page is used", "html": page()},
            {"id": 2, "page": page()},
            {"id": 3, "text": "\n\n".join(MENU + ARTICLE)}]
    lines = "".join(json.dumps(r) + "\n" for r in rows)
    result = run("clean", "-", "--format", "jsonl", input=lines)
    assert result.exit_code == 1   # record 2 has neither field
    first, third = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["clean_text"] == BODY and first["source_text"] == page_text(page())
    assert first["title"] == "Talks end without a deal"
    for removal in first["removed"]:
        assert first["source_text"][removal["start"]:removal["end"]]
    assert third["source_text"] is None
    result = run("clean", "-", "--format", "jsonl", "--html-field", "page", input=json.dumps(rows[1]) + "\n")
    assert result.exit_code == 0 and json.loads(result.stdout)["clean_text"] == BODY


def test_learning_from_pages_of_one_site_removes_their_shared_lines(run, tmp_path):
    stories = [
        ["Heavy rain flooded the lower town overnight and closed the two bridges across the river.",
         "Firefighters pumped water from basements until dawn while the council opened a shelter."],
        ["The city orchestra will tour four countries next spring with a programme of new works.",
         "Tickets for the opening concert in the old opera house sold out within an hour online."],
        ["A local bakery won the national prize for its rye bread after three years of trying.",
         "Its owner said the recipe came from her grandmother and uses a starter kept since 1950."],
        ["The harbour authority approved a plan to extend the ferry pier by forty metres this year.",
         "Work is expected to start in May and the ferries will keep running during construction."],
    ]
    pages = []
    for n, story in enumerate(stories):
        pages.append({"id": n, "site": "example.com",
                      "html": page(story).replace("<ul>", "<ul><li>Subscribe to our weekly letter today</li>")})
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    result = run("clean", path)
    assert result.exit_code == 0, result.stderr
    for row in map(json.loads, result.stdout.splitlines()):
        reasons = {row["source_text"][r["start"]:r["end"]]: r["reason"] for r in row["removed"]}
        assert reasons["Subscribe to our weekly letter today"] == "fingerprint"   # learned from the pages' text
        assert row["clean_text"] == "\n\n".join(stories[row["id"]]) + "\n"


def test_a_cut_page_a_page_without_a_body_and_a_large_page_clean_without_error(run, tmp_path):
    (tmp_path / "in").mkdir()
    full = page()
    (tmp_path / "in" / "cut.html").write_text(full[:full.index(ARTICLE[3]) + 30], encoding="utf-8")  # mid-paragraph
    (tmp_path / "in" / "nobody.html").write_text(
        "<html><head><title>x</title><script>var a = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>",
        encoding="utf-8")
    (tmp_path / "in" / "empty.html").write_text("", encoding="utf-8")
    stories = "".join(f"<p>Paragraph {n} tells of the harbour works, week {n} of {n * 7 % 53} in the plan.</p>"
                      for n in range(40_000))                                     # about 3 MB
    (tmp_path / "in" / "large.html").write_text(f"<html><body>{stories}</body></html>", encoding="utf-8")
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "cut.txt").read_text(encoding="utf-8").startswith(ARTICLE[0])
    assert "var a" not in (tmp_path / "out" / "nobody.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "empty.txt").read_text(encoding="utf-8") == ""
    large = (tmp_path / "out" / "large.txt").read_text(encoding="utf-8").split("\n\n")
    # (40,000 lines of one shape is no page the model has seen: what it keeps of them is not
    # the point here, only that it cleans, and keeps nothing the page does not hold.)
    assert large and all(line.strip().startswith("Paragraph ") for line in large)
    assert "Traceback" not in result.stderr
