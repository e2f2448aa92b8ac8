"""Every threshold newsclean uses, gathered in one place with the reason for its default.

The CLI and the library both read a :class:`Settings`; change a figure here, not in a stage.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Settings:
    # --- the shape of prose -------------------------------------------------------------
    # A line is prose when it has at least this many words and ends like a sentence. Menu
    # items, teaser headlines and buttons are shorter; a one-clause sentence of the article
    # ("The vote is to be held on Sunday.") is about this long.
    prose_min_words: int = 7
    # ...or, whatever its ending, when it is this long: a paragraph cut off by the scraper, a
    # bullet point without a full stop, a quote ending in a closing mark we did not foresee.
    prose_long_words: int = 25

    # --- the line model ------------------------------------------------------------------
    # Decide which lines are body text with the line model (stages/classify.py); without it,
    # the layout heuristics below decide (stages/layout.py).
    line_model: bool = True
    # A line stays when the body model (both passes) scores it at least this. Chosen by
    # 5-fold cross-validation grouped by site over every shared corpus (benchmarks/
    # train_model.py --cv): mean F1 0.30 -> 0.928, 0.40 -> 0.932, 0.45 -> 0.933,
    # 0.50 -> 0.932-0.936, 0.60 -> 0.931 (earlier fits of the same design; flat from 0.4 to
    # 0.5, so the unbiased middle).
    body_threshold: float = 0.5
    # A page read from HTML is judged with trafilatura's opinion of each line (its main
    # text, aligned) among the markup's evidence. Off: the markup alone, by a model fitted
    # without that opinion; trafilatura's extraction is about 40% of a page's time. CV by
    # site, no learning (benchmarks/train_model.py --html --cv [--no-trafilatura]): mean F1
    # 0.954 with it, 0.949 without (README, "HTML input").
    html_trafilatura: bool = True
    # ...and only about the pages the markup model (which reads every page first) doubts:
    # where at least this share of the words it judged scored within 0.1 of the threshold
    # (confidence's ``near_threshold_share``); 0 asks about every page. CV by site, learning
    # (benchmarks/cascade_probe.py): 0.02 asks about 16% of the shared pages, mean F1 0.9550
    # against 0.9551 asking about all and 0.9523 about none (0.01: 24%, 0.9559; 0.03: 10%,
    # 0.9540); HTML throughput about 1.0x trafilatura.extract's, against 0.64x asking about all.
    html_trafilatura_doubt: float = 0.02
    # ...but only on pages of at most this many elements: trafilatura's time and memory grow
    # steeply with the tree (a 320,000-element table page: 8 s and 430 MB for its opinion
    # alone), while the largest of the 1,501 shared pages has 4,975 elements (median 615).
    # A bigger page is judged by its markup alone, as with --no-trafilatura.
    html_trafilatura_max_elements: int = 50_000

    # --- what a page can be -----------------------------------------------------------------
    # A text of more lines than this is not one page (a book, a log, a whole crawl in one
    # file) and is refused: cleaning costs about 2 KB of memory a line, and the longest
    # page of the shared corpora has under 5,000. With --max-bytes it bounds a run's memory.
    max_lines: int = 200_000

    # --- the article region (layout stage) ----------------------------------------------
    # Prose lines belong to one region while at most this many other lines (removed or not)
    # separate them: sub-headings, a caption, an inline "Read more" link, a short list.
    # Measured on the bench text with all stages: 6 -> F1 0.916 (P 0.902), 8 -> 0.916 (P 0.896),
    # 10 -> 0.914, 12 -> 0.912; larger gaps let sidebars in, smaller ones cut at embeds.
    region_max_gap: int = 6
    # A run of at least this many short lines without sentence punctuation is navigation
    # (a menu, a tag list, a link rail) even inside the article region.
    nav_run_min_lines: int = 4
    # "Short" for navigation: menu items and buttons are one to four words.
    nav_max_words: int = 4

    # --- duplicates ----------------------------------------------------------------------
    # Paragraphs shorter than this are not compared: short repeated lines ("Share", "Reply",
    # a list item) are the business of rules and layout, and short real lines repeat in
    # lists and tables.
    duplicate_min_chars: int = 40
    # Similarity (rapidfuzz ratio, 0-100) above which two paragraphs are the same paragraph:
    # edits between versions of a paragraph change a word or two; different sentences
    # that share a frame ("X said on Monday that ...") stay well below.
    duplicate_min_ratio: float = 90.0
    # A repeated paragraph this long goes even when its neighbours differ: nobody repeats a
    # long paragraph on purpose, while short formulae (an interview question put to each
    # guest, a refrain, a recurring sub-heading) do recur and are content.
    duplicate_alone_min_words: int = 30
    # A line printed twice in a row is a caption or a headline (image alt text then caption,
    # page title then heading) when it has at most this many words.
    doubled_line_max_words: int = 30
    # ...and at least this many: a doubled one- or two-word line is a table or list cell as
    # often as chrome, and layout judges those.
    doubled_line_min_words: int = 3
    # ...and the two copies are this similar, with the same numbers: alt text and caption
    # differ by a comma at most, while neighbouring list items ("Section 4 ...", "Section 5
    # ...") differ by a number or a word.
    doubled_line_min_ratio: float = 95.0
    # A line holding two versions of a paragraph: both halves at least this long...
    glued_min_chars: int = 40
    # ...and at least this similar.
    glued_min_ratio: float = 85.0

    # --- learned chrome (stages/fingerprints.py) -------------------------------------------
    # A line is a site's chrome when its form was seen on at least this many of the site's
    # learned pages... Two: on l3s-gn1 (40 sites of 3-12 pages, 5-fold CV by site, the
    # model never trained on the site), F1 without learning 0.942; with 3 pages 0.944, with 2
    # 0.953: what two pages of a small site share is its rails of other stories' summaries
    # and its prose-like chrome ("Click here to download."), and no body line was lost.
    learn_min_pages: int = 2
    # ...and on at least this share of them. Low, because one domain often holds several
    # templates (news, blogs, galleries) whose chrome each covers a part of its pages
    # (0.1, 0.2 and 0.4 give the same F1 on l3s-gn1, whose sites have one template each).
    learn_min_share: float = 0.2
    # A line that reads as a sentence needs a larger share: short common sentences ("He
    # declined to comment.") recur in a big site's articles, while the sentences of its
    # chrome (a commenting policy, a disclaimer) stand on most of its pages. (l3s-gn1 CV:
    # 0.5 -> 0.953, 0.7 -> 0.943: what 2 of 3 pages share is chrome there.)
    learn_sentence_min_share: float = 0.5
    # A recurring sentence with chrome on both sides (a rail of other stories' summaries,
    # each on a few of the site's pages) goes when seen on this many pages and this share
    # of them (a paragraph two stories share stays). l3s-gn1 and the bench: F1 unchanged
    # (0.961, 0.937); the synthetic corpus of benchmarks/sites.py (summaries on ~25% of a
    # site's pages): none 0.891, share 0.2 0.973, share 0.1 0.998; no wire paragraph lost.
    learn_enclosed_min_pages: int = 3
    learn_enclosed_min_share: float = 0.1
    # Forms this similar (rapidfuzz Indel ratio, 0-100) are one line with a word changed
    # ("Posted in Politics" / "Posted in Business"); digits are already folded away.
    # l3s-gn1 CV: 95 -> 0.953, 85 -> 0.953, 80 -> 0.955, 70 -> 0.955.
    learn_min_ratio: float = 80.0
    # Learned chrome may take at most this share of a page's prose (in words); past it the
    # page's prose lines stay: what most of a page's prose shares with another page of its
    # site is its text printed twice (a repeated post, a page in two locales), not chrome.
    learn_max_prose_share: float = 0.8

    # --- templates found from the pages without a site (templates.py, --site-from auto) -----
    # A page's evidence is the forms of its lines of at most this many words (menus,
    # footers, copyright and comment-form lines; not the prose a wire story shares).
    template_max_words: int = 12
    # Two pages are one template's when the forms they share weigh at least this (a form
    # weighs min(words, 4) / 4)... All shared corpora pooled as one flat folder
    # (benchmarks/discovery_probe.py): the command with discovered templates as sites,
    # F1 mean 0.9440 against 0.9433 keyed by site and 0.9419 with no site; l3s-gn1 0.9640.
    template_min_weight: float = 6.0
    # ...and at least this share of the lighter page's evidence: without it unrelated blogs
    # on one theme join by its comment-form lines (purity by site 0.63; with 0.3, 0.79, and
    # 0.88 by registrable domain: the rest are one publisher's template on several domains).
    template_min_share: float = 0.3
    # A form on more pages than this pairs each with this many anchor pages only (linear).
    template_anchors: int = 50

    # --- stacked articles ----------------------------------------------------------------
    # A second article's headline: a line of this many words without sentence punctuation...
    stacked_headline_min_words: int = 3
    stacked_headline_max_words: int = 20
    # ...followed at once (this many lines at most, all of them chrome) by a byline,
    # a dateline or a doubled caption,
    stacked_marker_window: int = 3
    # ...then by at least this many prose lines (a sub-heading with a caption is not enough).
    stacked_min_prose_lines: int = 3
    # The first article must already have this many prose lines before a second can start.
    stacked_min_first_article_lines: int = 3

    def with_changes(self, **changes: object) -> "Settings":
        """A copy with some values changed, refusing names that do not exist.

        >>> Settings().with_changes(region_max_gap=3).region_max_gap
        3
        """
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        return replace(self, **changes)


DEFAULT_SETTINGS = Settings()


# Young objects are collected after this many allocations in a long run (Python's default: 700).
YOUNG_COLLECTION_THRESHOLD = 10_000


def settle_collector() -> None:
    """Set the garbage collector up for a long run of documents.

    A program's choice, not the library's: the console script and the worker processes call
    it. A document's objects are freed by reference counting and cleaning makes few cycles,
    so walking the young objects every 700 allocations mostly finds nothing (about 3% of the
    instructions of a run, more of its time).
    """
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
