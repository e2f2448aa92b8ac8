"""Remove the lines a site prints on many of its pages: its chrome, learned from its pages.

The store (``newsclean.store``) says on how many of a site's learned pages each line form
was seen. A line of a page of that site is chrome when its form, or forms near it (a word or
a date changed: rapidfuzz ratio), were seen on at least ``learn_min_pages`` pages and on a
share of the site's pages: ``learn_min_share``, or ``learn_sentence_min_share`` for a line
that reads as a sentence, since short common sentences ("He declined to comment.") recur in
the articles of a big site while chrome sentences (a commenting policy, a disclaimer) stand
on most of its pages. A line that recurs on a few pages only, without being a sentence, is
chrome too when it sits in a run with learned chrome (the items of a rail or of a footer);
and so is a sentence seen on a share of the pages when removed chrome encloses it (a rail
of other stories' summaries between its heading and the footer).

Counts are per site, so text that pages of different sites share (wire copy, a quoted
statement) is never evidence, and a sentence a site's pages repeat stays when pages of
another site print it too (a wire story on two of a small site's pages); a page without a
site is left alone.
"""
from __future__ import annotations

from rapidfuzz.distance import Indel

from ..document import Block, Document, LearnedMatch, Removal
from ..fingerprints import fingerprint, folded, keys
from ..io import site_label
from ..store import SiteForms
from . import Context

REASON = "fingerprint"


def run(doc: Document, context: Context) -> None:
    store = context.learned
    if store is None or doc.site is None:
        return
    site = store.site(doc.site)
    if not site:  # unknown, or nothing seen on two pages
        return
    settings = doc.settings
    kept = [b for b in doc.blocks if b.removal is None]
    supports = [_support(site, form, settings.learn_min_ratio) for form in _forms(doc, kept)]
    chrome = [_is_chrome(block, pages, site.pages, settings) for block, (pages, _) in zip(kept, supports)]
    for block, is_chrome, (pages, matched) in zip(kept, chrome, supports):
        if is_chrome:
            _remove(block, site, pages, matched, "")
    _extend_runs(kept, chrome, supports, site)
    _remove_enclosed(doc.blocks, {id(block): support for block, support in zip(kept, supports)}, site, settings)
    _keep_shared_copy(kept, _forms(doc, kept), site)
    _keep_the_body(kept, settings)


def _keep_shared_copy(kept: list[Block], forms: list[bytes], site: SiteForms) -> None:
    """A sentence that pages of other sites print too stays: text that different sites
    share is copy they all carry (a wire story, an agency's report), not one site's chrome."""
    if not site.elsewhere:
        return
    for block, form in zip(kept, forms):
        if block.removal is not None and (block.prose or _sentence(block)) and fingerprint(form) in site.elsewhere:
            block.removal = None


def _keep_the_body(kept: list[Block], settings) -> None:
    """Learning never empties a page: when its learned removals would take more than
    ``learn_max_prose_share`` of the page's prose, its prose lines stay (pages of one
    template that carry one text: a post repeated, a page in two locales, a story twice)."""
    prose = sum(block.words for block in kept if block.prose)
    taken = [block for block in kept if block.prose and block.removal is not None]   # by this stage
    if prose and sum(block.words for block in taken) > settings.learn_max_prose_share * prose:
        for block in taken:
            block.removal = None


def _forms(doc: Document, blocks: list[Block]) -> list[bytes]:
    """The folded form of each block, folded once per document (the fixed-point passes
    see the same blocks again)."""
    memo = doc.memo
    found = [memo.get(("form", block)) for block in blocks]
    missing = [i for i, form in enumerate(found) if form is None]
    if missing:
        for i, form in zip(missing, folded([blocks[i].text for i in missing])):
            found[i] = memo[("form", blocks[i])] = form
    return found


# Decisions kept per site, at most this many (then forgotten: article lines never recur).
_DECIDED = 50_000


def _support(site: SiteForms, folded_form: bytes, min_ratio: float) -> tuple[int, str]:
    """On how many of the site's pages a form or a near form was seen, and the form matched.

    Near forms are looked for only among those filed under the same keys; their pages are
    added up (the same line with another date on each page), at most the site's pages.
    """
    decided = site.decided.get(folded_form)
    if decided is not None:
        return decided
    exact = site.find(folded_form)
    pages, matched, best = (exact.pages, exact.form, 101.0) if exact else (0, "", 0.0)
    candidates = [candidate for key in keys(folded_form) for candidate in site.by_key.get(key, ())]
    if candidates:
        form = folded_form.decode()
        seen = {form}
        for candidate in candidates:
            if candidate.form in seen:
                continue
            seen.add(candidate.form)
            ratio = Indel.normalized_similarity(form, candidate.form, score_cutoff=min_ratio / 100) * 100
            if ratio >= min_ratio:
                pages += candidate.pages
                if ratio > best or (ratio == best and candidate.form < matched):
                    matched, best = candidate.form, ratio
    decided = (min(pages, site.pages), matched)
    if candidates:   # only what cost a fuzzy search is kept (an article line has no candidates)
        if len(site.decided) >= _DECIDED:
            site.decided.clear()
        site.decided[folded_form] = decided
    return decided


def _is_chrome(block: Block, pages: int, site_pages: int, settings) -> bool:
    if pages < settings.learn_min_pages:
        return False
    share = settings.learn_sentence_min_share if _sentence(block) else settings.learn_min_share
    return pages >= share * site_pages


def _sentence(block: Block) -> bool:
    """Reads as a sentence: ends like one and has a few words (not a menu item "Home.")."""
    return block.ends_sentence and block.words >= 4


def _extend_runs(kept: list[Block], chrome: list[bool], supports: list[tuple[int, str]], site: SiteForms) -> None:
    """Runs of recurring lines next to learned chrome are chrome too: a site's header, footer
    or rail, whose items each recur less than the run does.

    Lines seen on two pages or more that are not sentences join a run from either side.
    (Sentences join only a run enclosed on both sides: :func:`_remove_enclosed`. Next to
    the article on one side, a sentence that recurs is as likely the article's own.)
    """
    marked = list(chrome)
    recurring = [pages >= 2 and not _sentence(block) for block, (pages, _) in zip(kept, supports)]
    for order in (range(len(kept)), range(len(kept) - 1, -1, -1)):
        previous = False
        for i in order:
            if marked[i]:
                previous = True
            elif previous and recurring[i]:
                marked[i] = True
                _remove(kept[i], site, *supports[i], ", in a run of learned chrome")
            else:
                previous = False


def _remove_enclosed(blocks: list[Block], supports: dict[int, tuple[int, str]], site: SiteForms, settings) -> None:
    """Lines, sentences too, seen on enough of the site's pages with removed chrome on both
    sides (learned or not: a rail's heading a rule knows) go: the summaries of other stories
    between a rail's heading and the footer."""
    enough = max(settings.learn_enclosed_min_pages, settings.learn_enclosed_min_share * site.pages)
    run: list[Block] = []
    before_removed = False
    for block in blocks:
        if block.removal is None and supports.get(id(block), (0, ""))[0] >= enough:
            run.append(block)
            continue
        if run and before_removed and block.removal is not None:
            for member in run:
                _remove(member, site, *supports[id(member)], ", between lines of chrome")
        run = []
        before_removed = block.removal is not None


def _remove(block: Block, site: SiteForms, pages: int, matched: str, more: str) -> None:
    if block.removal is None:
        # One Removal per learned form and reason, shared by the pages that print the form.
        removal = site.removals.get((pages, matched, more))
        if removal is None:
            shown = matched if len(matched) <= 60 else matched[:57] + "..."
            detail = f"seen on {pages} of the {site.pages} learned pages of {site_label(site.site)}{more}: '{shown}'"
            if len(site.removals) >= _DECIDED:
                site.removals.clear()
            removal = site.removals[(pages, matched, more)] = Removal(
                REASON, "fingerprint", detail, None, LearnedMatch(site_label(site.site), pages, site.pages, matched))
        block.removal = removal
