"""Inputs that can be read only once, made readable twice for a run that learns from its
inputs before it cleans them.

Standard input's records, a named pipe, a process substitution (``<(zcat pages.gz)``):
the learning pass would read them to their end and the cleaning pass would find nothing
(or wait for a writer that never comes). Such an input is copied once into the run's
scratch folder, as it comes, and both passes read the copy. Standard input holding one
text or page is read once, up to the size bound, and kept in memory instead.
"""
from __future__ import annotations

import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path
from typing import IO

from .files import Plan, input_format
from .io import Source


def standard_input(plan: Plan, stream: IO[bytes]) -> "IO[bytes] | bytes | None":
    """What the run reads of standard input: JSON Lines records as they come (the stream
    itself), else one document's first ``max_bytes`` + 1 bytes (a longer one is refused,
    its bytes not held); None when no input is '-'."""
    if not any(source.is_stdin for source in plan.sources):
        return None
    if plan.stdin_format == "jsonl":
        return stream
    return stream.read(plan.max_bytes + 1)


def read_once(source: Source) -> bool:
    """Whether a named input is something other than a regular file (a pipe, a device)."""
    try:
        return not stat.S_ISREG(os.stat(source.path).st_mode)
    except OSError:
        return False       # it cannot be read at all: the run says so when it tries


def rereadable(plan: Plan, stdin: "IO[bytes] | bytes | None", scratch: Path) -> Plan:
    """``plan`` with every input that can be read only once replaced by its copy in
    ``scratch`` (named as before in messages, written to the same output)."""
    sources = []
    for number, source in enumerate(plan.sources):
        fmt = input_format(plan, source)
        if source.is_stdin and fmt == "jsonl" and hasattr(stdin, "read"):
            copy = scratch / f"input-{number}.jsonl"
            with copy.open("wb") as out:
                shutil.copyfileobj(stdin, out, 1 << 20)
            source = Source(copy, source.name, source.relative.with_suffix(".jsonl"), "jsonl")
        elif not source.is_stdin and read_once(source):
            copy = scratch / f"input-{number}{''.join(source.path.suffixes[-2:])}"
            with open(source.path, "rb") as stream, copy.open("wb") as out:
                if fmt == "jsonl":
                    shutil.copyfileobj(stream, out, 1 << 20)
                else:   # one document: no more than the run would read of it
                    out.write(stream.read(plan.max_bytes + 1))
            source = replace(source, path=copy)
        sources.append(source)
    return replace(plan, sources=sources)
