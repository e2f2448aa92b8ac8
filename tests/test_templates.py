"""Template discovery (newsclean.templates): pages that share chrome, whatever their names say."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.settings import Settings
from newsclean.templates import discover, page_forms

WORDS = ("harbour council budget school railway hospital festival bridge museum court police weather "
         "market energy water housing transport farmers teachers nurses union plan report study vote "
         "talks city region county village river mountain coast company bank shares prices").split()


def site_chrome(name: str) -> list[str]:
    """A site's menu, rails and footer: short lines that every page of it prints."""
    return [f"{name} | Home | World | Business | Sport", f"Sign up for the {name} morning briefing",
            f"Most read on {name}", f"Copyright {name} Media, all rights reserved", f"Contact the {name} newsroom",
            f"Advertise with {name}", f"{name} on your phone", f"Jobs at {name}"]


def story(rng: random.Random) -> list[str]:
    """An article of prose paragraphs, unique to its page."""
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 30))).capitalize() + "."
            for _ in range(rng.randint(3, 6))]


def pages_of(names: list[str], per_site: int, seed: int = 3) -> tuple[list[list[str]], list[str]]:
    rng = random.Random(seed)
    pages, sites = [], []
    for name in names:
        for _ in range(per_site):
            pages.append(site_chrome(name)[:4] + story(rng) + site_chrome(name)[4:])
            sites.append(name)
    return pages, sites


def labels(pages: list[list[str]]) -> list[int | None]:
    return discover([page_forms(page) for page in pages])


def test_pages_of_each_site_form_one_template_of_their_own():
    pages, sites = pages_of(["Harbour Gazette", "Valley Echo", "Coast Times"], per_site=4)
    found = labels(pages)
    assert None not in found
    assert len(set(found)) == 3 and all(len({l for s, l in zip(sites, found) if s == site}) == 1 for site in sites)


def test_a_big_site_is_one_template_through_its_anchors():
    pages, sites = pages_of(["Harbour Gazette", "Valley Echo"], per_site=120)   # more than 50 pages a form
    found = labels(pages)
    assert found[:120] == [found[0]] * 120 and found[120:] == [found[120]] * 120 and found[0] != found[120]


def test_sites_sharing_a_themes_lines_stay_apart():
    # The theme's lines weigh more than the absolute bound; against each site's own chrome
    # they are a small share, and that keeps the sites apart.
    theme = ["Leave a Reply", "Your email address will not be published", "Required fields are marked",
             "Post Comment", "Powered by WordPress", "Proudly powered by WordPress | Theme: Blogger",
             "Recent Posts", "Archives", "Categories", "Search for:"]
    pages, sites = pages_of(["Harbour Gazette", "Valley Echo"], per_site=3)
    pages = [page + theme + [f"{site} section on {word} news" for word in WORDS[:16]]
             for page, site in zip(pages, sites)]
    found = labels(pages)
    assert len(set(found[:3])) == 1 and len(set(found[3:])) == 1 and found[0] != found[3]
    joined = discover([page_forms(page) for page in pages], Settings(template_min_share=0.0))
    assert len(set(joined)) == 1   # what the relative bound prevents


def test_two_sites_sharing_only_a_powered_by_line_are_not_one_template():
    rng = random.Random(5)
    pages = [[f"Site {name} notes", *story(rng), "Powered by WordPress"] for name in ("Alpha", "Bravo", "Charlie")]
    assert labels(pages) == [None, None, None]


def test_a_wire_story_on_pages_of_several_sites_does_not_join_them():
    rng = random.Random(7)
    wire = story(rng) + ["(Reporting by Jane Doe; Editing by John Roe)", "Associated Press", "LONDON, March 3"]
    found = labels([site_chrome(name)[:2] + wire + [f"More from {name}"]
                    for name in ("Harbour Gazette", "Valley Echo", "Coast Times", "Hill Herald")])
    assert found == [None] * 4


def test_unrelated_single_pages_learn_nothing():
    rng = random.Random(11)
    pages = [site_chrome(name) + story(rng) for name in ("Harbour Gazette", "Valley Echo", "Coast Times")]
    assert labels(pages) == [None, None, None]


def test_labels_do_not_depend_on_the_order_of_the_pages():
    pages, _ = pages_of(["Harbour Gazette", "Valley Echo", "Coast Times"], per_site=5)
    rng = random.Random(1)
    found = labels(pages)
    for _ in range(3):
        order = list(range(len(pages)))
        rng.shuffle(order)
        shuffled = labels([pages[i] for i in order])
        assert [shuffled[order.index(i)] for i in range(len(pages))] == found


def test_evidence_is_short_lines_only():
    long_line = " ".join(WORDS[:20]) + "."
    assert page_forms(["Home", "12 Comments", long_line, "  ", "|"]) == {b"home", b"0 comments"}


# --- learning a flat folder's chrome (clean with --site-from auto, the default) -------------

WIRE = ("The central bank raised its main interest rate by a quarter of a point on Thursday, "
        "saying that prices were still rising faster than it had expected at the start of the year.")


def write_folder(folder, names: list[str], per_site: int, *, order=lambda n: n, wire_on=()) -> dict[str, list[str]]:
    """Pages of ``names`` (each site's chrome around its own story, and under it the site's
    comment policy, chrome that reads as prose: only learning finds it) as text files, named
    by ``order`` of their number; returns each file's article lines by file stem."""
    rng = random.Random(5)
    folder.mkdir(parents=True, exist_ok=True)
    articles = {}
    number = 0
    for name in names:
        chrome = site_chrome(name)
        for _ in range(per_site):
            article = story(rng) + ([WIRE] if number in wire_on else [])
            stem = f"page{order(number):03d}"
            policy = (f"Comments on {name} are moderated: keep to the topic, be civil, and do not post "
                      "the personal details of anyone, or your comment will be removed.")
            (folder / f"{stem}.txt").write_text("\n\n".join(chrome[:4] + article + [policy] + chrome[4:]) + "\n",
                                                encoding="utf-8")
            articles[stem] = article
            number += 1
    return articles


def outputs(folder) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}


def test_a_flat_folder_learns_each_templates_chrome(run, tmp_path):
    articles = write_folder(tmp_path / "in", ["Harbour Gazette", "Valley Echo"], per_site=5)
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    for stem, text in outputs(tmp_path / "out").items():
        assert text == "\n\n".join(articles[stem]) + "\n"   # every chrome line gone, the article whole


def test_without_discovery_a_flat_folder_learns_nothing(run, tmp_path):
    write_folder(tmp_path / "in", ["Harbour Gazette", "Valley Echo"], per_site=5)
    learned = run("clean", tmp_path / "in", "-o", tmp_path / "auto")
    alone = run("clean", tmp_path / "in", "-o", tmp_path / "none", "--site-from", "none")
    unlearned = run("clean", tmp_path / "in", "-o", tmp_path / "nolearn", "--no-learn")
    assert learned.exit_code == alone.exit_code == unlearned.exit_code == 0
    assert outputs(tmp_path / "none") == outputs(tmp_path / "nolearn") != outputs(tmp_path / "auto")


def test_reasons_name_the_template(run, tmp_path):
    folder = tmp_path / "in"
    write_folder(folder, ["Harbour Gazette", "Valley Echo"], per_site=5)
    records = tmp_path / "pages.jsonl"
    import json

    with records.open("w", encoding="utf-8") as out:
        for path in sorted(folder.glob("*.txt")):
            out.write(json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}) + "\n")
    result = run("clean", records)
    assert result.exit_code == 0, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    learned = [r for r in first["removed"] if r["reason"] == "fingerprint"]
    assert learned and all("of template " in r["detail"] for r in learned)
    assert first["site"] is None   # a template is not a site the record had


def test_a_wire_story_on_pages_of_several_templates_stays(run, tmp_path):
    articles = write_folder(tmp_path / "in", ["Harbour Gazette", "Valley Echo", "Coast Times"], per_site=4,
                            wire_on={0, 1, 4, 5, 8, 9})
    result = run("clean", tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    cleaned = outputs(tmp_path / "out")
    assert sum(WIRE in text for text in cleaned.values()) == 6
    assert all(cleaned[stem] == "\n\n".join(article) + "\n" for stem, article in articles.items())


def test_a_folder_of_unrelated_single_pages_learns_nothing(run, tmp_path):
    write_folder(tmp_path / "in", ["Harbour Gazette", "Valley Echo", "Coast Times", "Hill Herald", "River Post",
                                   "Town Crier"], per_site=1)
    learned = run("clean", tmp_path / "in", "-o", tmp_path / "auto")
    unlearned = run("clean", tmp_path / "in", "-o", tmp_path / "nolearn", "--no-learn")
    assert learned.exit_code == unlearned.exit_code == 0
    assert outputs(tmp_path / "auto") == outputs(tmp_path / "nolearn")


def test_a_flat_folder_cleans_the_same_whatever_the_file_order_and_jobs(run, tmp_path):
    names = ["Harbour Gazette", "Valley Echo", "Coast Times"]
    write_folder(tmp_path / "a", names, per_site=4)
    write_folder(tmp_path / "b", names, per_site=4, order=lambda n: 11 - n)   # the same pages, reversed
    for folder, jobs in (("a", "1"), ("b", "1"), ("a", "2")):
        result = run("clean", tmp_path / folder, "-o", tmp_path / f"out-{folder}-{jobs}", "--jobs", jobs)
        assert result.exit_code == 0, result.stderr
    a, b, a2 = (outputs(tmp_path / name) for name in ("out-a-1", "out-b-1", "out-a-2"))
    assert a == a2
    assert sorted(a.values()) == sorted(b.values()) and a != outputs(tmp_path / "a")


# --- templates kept in a store (newsclean learn, clean --store) ------------------------------

def learn_in_one_and_in_two(learn, one, two, documents, cut: int, random_order) -> None:
    """``documents`` learned into ``one`` in one call, and into ``two`` shuffled and cut in two calls."""
    learn(one, documents)
    shuffled = list(documents)
    random_order.shuffle(shuffled)
    learn(two, shuffled[:cut])
    learn(two, shuffled[cut:])


def store_dump(path) -> list:
    import sqlite3

    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT s.name, s.pages, f.hash, f.pages, f.form FROM forms f "
                                 "JOIN sites s ON s.id = f.site"))


def test_learn_in_one_call_or_several_keeps_the_same_templates_and_cleans_alike(run, tmp_path):
    names = ["Harbour Gazette", "Valley Echo", "Coast Times"]
    write_folder(tmp_path / "all", names, per_site=4)
    pages = sorted((tmp_path / "all").glob("*.txt"))
    # Three calls, in an order that splits every site and learns a page twice.
    for part, picked in enumerate(([5, 0, 9], [1, 2, 10, 11, 0], [3, 4, 6, 7, 8])):
        (tmp_path / f"part{part}").mkdir()
        for n in picked:
            (tmp_path / f"part{part}" / pages[n].name).write_bytes(pages[n].read_bytes())
    assert run("learn", tmp_path / "all", "--store", tmp_path / "one").exit_code == 0
    for part in range(3):
        result = run("learn", tmp_path / f"part{part}", "--store", tmp_path / "several")
        assert result.exit_code == 0, result.stderr
    assert "1 already learned" in result.stderr or "learned 5 pages" in result.stderr
    assert store_dump(tmp_path / "one") == store_dump(tmp_path / "several")
    for store in ("one", "several"):
        assert run("clean", tmp_path / "all", "-o", tmp_path / f"out-{store}", "--store", tmp_path / store).exit_code == 0
    assert run("clean", tmp_path / "all", "-o", tmp_path / "out-inputs").exit_code == 0
    assert outputs(tmp_path / "out-one") == outputs(tmp_path / "out-several") == outputs(tmp_path / "out-inputs")


def test_a_page_never_learned_takes_the_template_whose_chrome_it_shares(run, tmp_path):
    articles = write_folder(tmp_path / "pages", ["Harbour Gazette", "Valley Echo", "Coast Times"], per_site=4)
    (tmp_path / "learned").mkdir()
    (tmp_path / "new").mkdir()
    for path in sorted((tmp_path / "pages").glob("*.txt")):
        # Learned: three pages of the first site, two of the second; none of the third.
        target = "learned" if int(path.stem[4:]) in {0, 1, 2, 4, 5} else "new"
        path.rename(tmp_path / target / path.name)
    assert run("learn", tmp_path / "learned", "--store", tmp_path / "s").exit_code == 0
    result = run("clean", tmp_path / "new", "-o", tmp_path / "out", "--store", tmp_path / "s")
    assert result.exit_code == 0, result.stderr
    plain = run("clean", tmp_path / "new", "-o", tmp_path / "plain", "--no-learn")
    assert plain.exit_code == 0
    cleaned, unlearned = outputs(tmp_path / "out"), outputs(tmp_path / "plain")
    for stem in ("page003", "page006", "page007"):   # of the learned templates: chrome gone
        assert cleaned[stem] == "\n\n".join(articles[stem]) + "\n"
        assert unlearned[stem] != cleaned[stem]      # (what the template's chrome added)
    for stem in ("page008", "page009", "page010", "page011"):   # of no learned template: as without
        assert cleaned[stem] == unlearned[stem]


def test_store_show_lists_the_templates_after_the_sites(run, tmp_path):
    write_folder(tmp_path / "flat", ["Harbour Gazette", "Valley Echo"], per_site=3)
    (tmp_path / "sited").mkdir()
    (tmp_path / "sited" / "one.txt").write_text("Home\n\nA page of a named site.\n")
    learned = run("learn", tmp_path / "flat", "--store", tmp_path / "s")
    assert "learned 6 pages" in learned.stderr and "2 templates" in learned.stderr
    assert run("learn", tmp_path / "sited", "--store", tmp_path / "s", "--site", "example.com").exit_code == 0
    listed = [line.split("\t") for line in run("store", "show", tmp_path / "s").stdout.splitlines()]
    assert [row[:2] for row in listed] == [["example.com", "1"], ["template 0", "3"], ["template 1", "3"]]
    assert all(int(row[2]) >= 8 for row in listed[1:])   # each template's chrome, seen on its 3 pages
    forms = run("store", "show", tmp_path / "s", "--site", "template 0").stdout.splitlines()
    assert forms and all(line.split("\t")[0] == "3" for line in forms)


def test_learning_a_template_never_empties_a_page_whose_post_another_repeats(run, tmp_path):
    # A small site printing one post twice (its comment count changed): every line of the
    # two pages recurs, but the post is their body.
    folder = tmp_path / "in"
    articles = write_folder(folder, ["Harbour Gazette"], per_site=3)
    twice = (folder / "page000.txt").read_text(encoding="utf-8").replace("Jobs at", "Careers at")
    (folder / "page003.txt").write_text(twice, encoding="utf-8")
    result = run("clean", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    cleaned = outputs(tmp_path / "out")
    for stem in ("page000", "page003"):
        assert all(line in cleaned[stem] for line in articles["page000"])
    assert "Most read on Harbour Gazette" not in cleaned["page001"]   # the chrome still goes


def site_records(path, templates: dict[str, int], site: str = "example.com") -> dict[str, list[str]]:
    """JSON Lines records of one ``site`` printing several templates (each of ``templates``
    a chrome name and its number of pages), under each page its template's comment policy;
    returns each record's article lines by id."""
    import json

    rng = random.Random(9)
    articles = {}
    policies = ("Comments on {} are moderated: keep to the topic, be civil, and do not post the personal "
                "details of anyone, or your comment will be removed.",
                "Write to {}: we read every letter, and print the best of them in the weekend edition, "
                "edited for length and clarity.")
    with path.open("w", encoding="utf-8") as out:
        for (name, count), policy in zip(templates.items(), policies):
            chrome = site_chrome(name)
            policy = policy.format(name)
            for _ in range(count):
                key = f"r{len(articles):02d}"
                articles[key] = story(rng)
                text = "\n\n".join(chrome[:4] + articles[key] + [policy] + chrome[4:]) + "\n"
                out.write(json.dumps({"id": key, "site": site, "text": text}) + "\n")
    return articles


def test_a_sites_pages_are_learned_by_its_templates_too(run, tmp_path):
    # The blog's chrome is on 2 of the site's 12 pages: too few for the site's chrome (a
    # share of 0.2, and 3 pages for a sentence among chrome); on both of its template's.
    import json

    articles = site_records(tmp_path / "pages.jsonl", {"Harbour News": 10, "Harbour Blogs": 2})
    split = {r["id"]: r for r in map(json.loads, run("clean", tmp_path / "pages.jsonl").stdout.splitlines())}
    whole = {r["id"]: r for r in map(json.loads, run("clean", tmp_path / "pages.jsonl", "--site-from", "field")
                                     .stdout.splitlines())}
    for key in ("r10", "r11"):
        assert split[key]["clean_text"] == "\n\n".join(articles[key]) + "\n"
        assert "Write to Harbour Blogs" in whole[key]["clean_text"]
        assert split[key]["site"] == "example.com"
        details = [r["detail"] for r in split[key]["removed"] if r["reason"] == "fingerprint"]
        assert any("of example.com template " in detail for detail in details)
    assert all(split[key]["clean_text"] == whole[key]["clean_text"] for key in articles if key < "r10")


def test_a_site_of_one_template_is_learned_as_the_site(run, tmp_path):
    site_records(tmp_path / "pages.jsonl", {"Harbour News": 5})
    assert run("learn", tmp_path / "pages.jsonl", "--store", tmp_path / "s").exit_code == 0
    assert [row.split("\t")[:2] for row in run("store", "show", tmp_path / "s").stdout.splitlines()] == \
        [["example.com", "5"]]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([None, "a.com", "b.org"]), st.sampled_from(["Harbour News", "Valley Blog"]),
                          st.integers(0, 6)), min_size=2, max_size=14), st.integers(0, 14), st.randoms(use_true_random=False))
def test_templates_do_not_depend_on_order_or_on_how_learning_is_split(tmp_path_factory, drawn, cut, random_order):
    from newsclean.store import Store
    from newsclean.template_store import learn_templates

    def text(name, n):
        return "\n\n".join(site_chrome(name)[:4] + story(random.Random(n)) + site_chrome(name)[4:]) + "\n"

    documents = [(site, text(name, n)) for site, name, n in drawn]
    folder = tmp_path_factory.mktemp("stores")
    with Store.create_or_open(folder / "one") as one, Store.create_or_open(folder / "two") as two:
        learn_in_one_and_in_two(learn_templates, one, two, documents, cut, random_order)
        assert store_dump(folder / "one") == store_dump(folder / "two")
        assert one.sites() == two.sites()


def test_a_store_from_before_templates_cleans_as_before(run, tmp_path):
    import json
    import sqlite3

    articles = site_records(tmp_path / "pages.jsonl", {"Harbour News": 4})
    assert run("learn", tmp_path / "pages.jsonl", "--store", tmp_path / "s").exit_code == 0
    with sqlite3.connect(tmp_path / "s") as db:   # as a store made before pages' forms were kept
        db.execute("DROP TABLE page_forms")
    (tmp_path / "new.txt").write_text((tmp_path / "pages.jsonl").read_text().splitlines()[0], encoding="utf-8")
    for options in ((), ("--site", "example.com")):
        result = run("clean", tmp_path / "pages.jsonl", "--store", tmp_path / "s", *options)
        assert result.exit_code == 0 and result.stderr == ""
        assert all(json.loads(line)["clean_text"] == "\n\n".join(articles[json.loads(line)["id"]]) + "\n"
                   for line in result.stdout.splitlines())
    assert run("clean", tmp_path / "new.txt", "--store", tmp_path / "s").exit_code == 0


@pytest.mark.parametrize("site_from", ["auto", "field"])
def test_records_learned_in_the_workers_clean_as_learned_in_one_process(run, tmp_path, site_from):
    from newsclean.learning import fold_item, fold_items
    from newsclean.files import Plan
    from newsclean.io import discover

    lines = []
    for n in range(12):
        site = ("harbour.example", "valley.example")[n % 2]
        chrome = f"Subscribe to the {site} morning briefing today"
        text = f"{chrome}\n\nStory {n} is told here in full, with a line of its own about the harbour.\n"
        lines.append(json.dumps({"id": n, "site": site, "text": text}) + "\n")
    (tmp_path / "r.jsonl").write_text("".join(lines[:6]) + "{bad\n" + "".join(lines[6:]), encoding="utf-8")
    one = run("clean", tmp_path / "r.jsonl", "--site-from", site_from, "--jobs", "1")
    two = run("clean", tmp_path / "r.jsonl", "--site-from", site_from, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1 and one.stderr == two.stderr   # the bad line, said once
    assert one.stdout == two.stdout
    assert "morning briefing" not in "".join(json.loads(line)["clean_text"] for line in one.stdout.splitlines())
    plan = Plan(sources=discover([str(tmp_path / "r.jsonl")], [], []), site_from=site_from)
    folded = [fold_item(item) for item in fold_items(plan)]
    assert folded.count(None) == 1                     # the bad line: passed over (cleaning says why)
    assert {page[0] for page in folded if page} == {"harbour.example", "valley.example"}


def store_rows(path) -> dict[str, list]:
    import sqlite3

    db = sqlite3.connect(path)
    queries = {"forms": "SELECT s.name, f.hash, f.pages, f.form FROM forms f JOIN sites s ON s.id = f.site",
               "pages": "SELECT s.name, p.page FROM pages p JOIN sites s ON s.id = p.site",
               "sites": "SELECT name, pages FROM sites",
               "page_forms": "SELECT scope, page, template, forms FROM page_forms"}
    try:
        return {table: sorted(db.execute(query)) for table, query in queries.items()}
    finally:
        db.close()


def test_templates_counted_in_workers_make_the_same_store(tmp_path, monkeypatch):
    """The counting of templates' pages, mapped over a worker pool in small tasks, stores
    exactly what counting them in this process stores."""
    import newsclean.template_store
    from newsclean.batch import start_workers
    from newsclean.store import Store
    from newsclean.template_store import folded_page, learn_folded

    rng = random.Random(9)
    pages = [folded_page(site, "\n".join(site_chrome(name) + story(rng)))
             for name in ("Harbour News", "Valley Blog", "Coast Post") for site in (None, None, None, "x.example")
             for _ in range(3)]
    monkeypatch.setattr(newsclean.template_store, "_TASK_PAGES", 2)   # a template's pages in several tasks
    with Store.create_or_open(tmp_path / "here") as store:
        learn_folded(store, pages)
    with start_workers(2) as pool, Store.create_or_open(tmp_path / "pool") as store:
        learn_folded(store, pages, mapper=lambda function, items: pool.map(function, items, chunk=1))
    here, pooled = store_rows(tmp_path / "here"), store_rows(tmp_path / "pool")
    assert here == pooled and len(here["sites"]) >= 4
    # ... and what a learner counts, given each page as its template's
    from newsclean.template_store import decode, template_prefix

    with Store.create_or_open(tmp_path / "plain") as store, store.learner() as learner:
        for scope, key, template, blob in here["page_forms"]:
            if template is not None:
                learner.add_forms(f"{template_prefix(scope)}{template}", key, decode(blob))
    plain = store_rows(tmp_path / "plain")
    for table in ("forms", "pages", "sites"):
        assert [row for row in here[table] if " template " in f" {row[0]}"] == plain[table]
