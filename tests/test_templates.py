"""Template discovery (newsclean.templates): pages that share chrome, whatever their names say."""
from __future__ import annotations

import random

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
