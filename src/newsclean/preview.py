"""Show a cleaned document in the terminal: kept text plain, removed blocks styled and labelled.

Two renderings of the same thing:

* styled, for a colour terminal: removed lines dim and struck through in their kind's colour,
  each run of removed lines labelled once with its reason and detail;
* plain, when piped, with ``NO_COLOR`` set or ``--color never``: every line starts with its
  block number and a marker (``-`` removed, a space kept), and each run of removed lines
  carries its reason in brackets. Plain output is meant for ``grep`` and ``less``.

For a page read from its HTML, each line also says what trafilatura made of it (``T``: its
main text holds the line), and the summary counts where the two disagree; or, when it was not
asked (the markup left the page in no doubt, or ``--trafilatura none``), says so.

A removal the line model made shows its score beside its reason (``layout.chrome 0.04``),
one by learned chrome the pages its form was seen on (``fingerprint 7/9``), and its detail
the site and the form matched. Such lines each carry their own figures, so each is labelled.

Both end with a summary of what was removed, by reason.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from itertools import groupby
from typing import IO

from .document import Block, Document

# Colours by kind of removal; kinds from user rules that are not listed here are grey.
KIND_COLOURS = {
    "comments": "magenta", "related": "blue", "marketplace": "magenta", "share": "cyan",
    "newsletter": "yellow", "cookies": "yellow", "tips": "magenta", "captions": "green",
    "dateline": "green", "byline": "green", "disclaimer": "yellow", "page-history": "red",
    "url": "cyan", "navigation": "blue", "advertising": "yellow",
    "duplicate": "red", "layout": "bright_black", "fingerprint": "bright_blue",
}


def use_colour(choice: str, stream: IO) -> bool:
    """Whether to style output: ``always``, ``never``, or ``auto`` (a terminal, no NO_COLOR)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def render(doc: Document, title: str, *, colour: bool, out: IO | None = None, headline: str = "",
           confidence: float | None = None, from_html: bool = False) -> None:
    """Print ``doc`` with its removals explained, then a summary, to ``out`` (stdout).

    ``title`` names the input; ``headline`` and ``confidence`` are the result's, shown under
    it, with a note when the input was markup shown as its page text (``from_html``).
    """
    out = out or sys.stdout
    about = about_line(headline, confidence, from_html)
    if colour:
        _render_styled(doc, title, about, out)
    else:
        _render_plain(doc, title, about, out)


def about_line(headline: str, confidence: float | None, from_html: bool = False) -> str:
    """The line under a preview's heading: the article's headline and the confidence.

    >>> about_line("Storm hits coast", 0.91)
    'headline: Storm hits coast · confidence 0.91'
    >>> about_line("", None, from_html=True)
    'headline: (none found) · read as HTML: the lines are its page text'
    """
    line = f"headline: {headline or '(none found)'}"
    if confidence is not None:
        line += f" · confidence {confidence:.2f}"
    return line + (" · read as HTML: the lines are its page text" if from_html else "")


def _runs(doc: Document):
    """Consecutive blocks with the same fate: (removal or None, [blocks])."""
    return groupby(doc.blocks, key=lambda b: b.removal)


def extracted_by_trafilatura(doc: Document) -> list[bool] | None:
    """For each block of a page read from HTML, whether trafilatura kept its line; else None."""
    page = doc.root().page
    if page is None or not page.judged:
        return None
    import numpy as np

    lines = page.line_at(np.fromiter((b.start for b in doc.blocks), np.int64, len(doc.blocks)))
    return page.extracted[lines].tolist()


def _render_plain(doc: Document, title: str, about: str, out: IO) -> None:
    width = len(str(len(doc.blocks)))
    extracted = extracted_by_trafilatura(doc)
    marks = iter(["T" if e else " " for e in extracted] if extracted is not None else [])
    out.write(f"== {title}\n{about}\n")
    for removal, group in _runs(doc):
        for n, block in enumerate(group):
            mark = next(marks, "")
            if removal is None:
                out.write(f"{block.index:>{width}}   {mark}{' ' if mark else ''}{block.text}\n")
            else:
                label = f"  [{_label(removal)}: {removal.detail}]" if n == 0 else ""
                out.write(f"{block.index:>{width}} - {mark}{' ' if mark else ''}{block.text}{label}\n")
    for line in summary_lines(doc):
        out.write(line + "\n")
    out.write("\n")


def _render_styled(doc: Document, title: str, about: str, out: IO) -> None:
    from rich.console import Console
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False)
    console.print(Rule(Text(title, style="bold")))
    console.print(Text(about, style="italic"))
    extracted = extracted_by_trafilatura(doc)
    marks = iter(["T" if e else "" for e in extracted] if extracted is not None else [])
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    if extracted is not None:
        grid.add_column(style="bold bright_black", no_wrap=True)   # trafilatura's opinion
    grid.add_column(ratio=1)

    def row(block: Block, line: Text) -> None:
        cells = [str(block.index)] + ([next(marks, "")] if extracted is not None else []) + [line]
        grid.add_row(*cells)

    for removal, group in _runs(doc):
        blocks = list(group)
        if removal is None:
            for block in blocks:
                row(block, Text(block.text))
            continue
        colour = KIND_COLOURS.get(removal.kind, "grey50")
        for n, block in enumerate(blocks):
            line = Text()
            line.append(block.text, style=f"{colour} dim strike")
            if n == 0:
                line.append(f"  ← {_label(removal)}", style=f"{colour} bold")
                line.append(f" · {removal.detail}", style=f"{colour} italic")
            row(block, line)
    console.print(grid)
    for line in summary_lines(doc):
        console.print(Text(line, style="bold" if line.startswith("removed") else ""))
    console.print()


def _label(removal) -> str:
    """The reason, with the line model's score when it decided (``layout.after-article 0.03``)
    or the pages a learned form was seen on (``fingerprint 7/9``)."""
    if removal.learned is not None:
        return f"{removal.reason} {removal.learned.pages}/{removal.learned.site_pages}"
    return removal.reason if removal.score is None else f"{removal.reason} {removal.score:.2f}"


def summary_lines(doc: Document) -> list[str]:
    """What was removed, by reason: blocks and characters, largest first.

    >>> from .document import segment
    >>> from .settings import Settings
    >>> doc = segment("Share\\nA line.\\n", Settings())
    >>> _ = doc.remove(doc.blocks[0], "share.share-buttons", "share", "A share button.")
    >>> summary_lines(doc)[0]
    'removed 1 of 2 blocks (5 of 12 characters); kept 1'
    """
    blocks = doc.blocks
    removed = [b for b in blocks if b.removal is not None]
    chars = sum(_length(b) for b in blocks)
    lost = sum(_length(b) for b in removed)
    lines = [f"removed {len(removed)} of {len(blocks)} blocks ({lost} of {chars} characters); "
             f"kept {len(blocks) - len(removed)}"]
    counts = Counter(b.removal.reason for b in removed)
    sizes = Counter()
    for b in removed:
        sizes[b.removal.reason] += _length(b)
    width = max((len(r) for r in counts), default=0)
    for reason, count in sorted(counts.items(), key=lambda kv: (-sizes[kv[0]], kv[0])):
        lines.append(f"  {reason:<{width}}  {count:>4} block{'s' if count != 1 else ' '}  {sizes[reason]:>6} chars")
    extracted = extracted_by_trafilatura(doc)
    if extracted is not None:
        only_here = sum(1 for b, e in zip(blocks, extracted) if b.removal is None and not e)
        only_there = sum(1 for b, e in zip(blocks, extracted) if b.removal is not None and e)
        lines.append(f"trafilatura (T) kept {sum(extracted)} of these lines; newsclean removed {only_there} of them "
                     f"and kept {only_here} it left out")
    elif doc.root().page is not None:
        lines.append("trafilatura not asked: judged by the markup alone (--trafilatura all asks it about every page)")
    return lines


def _length(block: Block) -> int:
    return block.end - block.start
