"""Temporary files and folders named after the process that made them, so that what a
killed run leaves behind is recognised and removed by the next run.

An output is written to ``.<name>.<pid>@<host>.tmp`` beside it and renamed over it when
complete: a reader never sees half a file. A run that is killed (SIGKILL, a power cut)
cannot remove its temporary; the next run writing into the same folder removes those of
processes of this host that no longer exist. The scratch folder of a run (the store it
learns from its inputs) is ``newsclean-<host>-<pid>-*`` in the system's temporary folder,
and is swept the same way.

>>> temporary_for(Path("out/a.txt"), pid=42, host="box").name
'.a.txt.42@box.tmp'
>>> owner(".a.txt.42@box.tmp")
(42, 'box')
>>> owner("a.txt") is None
True
"""
from __future__ import annotations

import io
import os
import re
import shutil
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterator

_TEMPORARY = re.compile(r"^\..+\.(\d+)@([^@/]*)\.tmp$")
_SCRATCH = re.compile(r"^newsclean-(.*)-(\d+)-[^-]+$")
_swept: set[Path] = set()     # folders this process has made or swept


def _host() -> str:
    # A file name's worth of the host name: temporaries on a shared folder are only ever
    # judged by the host that made them.
    return re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname())[:64] or "host"


def temporary_for(path: Path, *, pid: int | None = None, host: str | None = None) -> Path:
    """The temporary file ``path`` is written through."""
    return path.parent / f".{path.name}.{pid or os.getpid()}@{host or _host()}.tmp"


def owner(name: str) -> tuple[int, str] | None:
    """``(pid, host)`` of a temporary output's name, None if it is not one."""
    match = _TEMPORARY.match(name)
    return (int(match.group(1)), match.group(2)) if match else None


def _gone(pid: int) -> bool:
    """Whether no process ``pid`` exists on this host."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):
        return False       # it exists (another user's), or we cannot tell: leave it
    return False


def _sweep(folder: Path, owner_of: Callable[[os.DirEntry], tuple[int, str] | None],
           remove: Callable[[str], None]) -> int:
    """Remove the entries of ``folder`` that ``owner_of`` says belong to an ended process of
    this host; how many."""
    host, removed = _host(), 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        found = owner_of(entry)
        if found and found[1] == host and _gone(found[0]):
            remove(entry.path)
            removed += 1
    return removed


def _unlink(path: str) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):   # a folder output's (atomic_folder)
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


def sweep_folder(folder: Path) -> int:
    """Remove the temporary outputs in ``folder`` of this host's ended processes; how many."""
    return _sweep(folder, lambda entry: owner(entry.name) if entry.name.endswith(".tmp") else None, _unlink)


def prepare_folder(folder: Path) -> None:
    """Make ``folder`` if missing and, the first time this process writes there, sweep it."""
    if folder in _swept:
        return
    folder.mkdir(parents=True, exist_ok=True)
    sweep_folder(folder)
    _swept.add(folder)


@contextmanager
def open_atomic(path: Path, compression: str | None = None) -> Iterator[IO[str]]:
    """A text file that becomes ``path`` when the block ends normally, and is removed if it
    does not (its mode follows the umask, as any file the user makes); ``compression``:
    written compressed so (``newsclean.compression``), finished before it becomes ``path``."""
    prepare_folder(path.parent)
    temporary = temporary_for(path)
    try:
        if compression is None:
            with open(temporary, "w", encoding="utf-8", newline="\n") as out:
                yield out
        else:
            from .compression import writer

            with open(temporary, "wb") as raw, writer(raw, compression) as packed, \
                    io.TextIOWrapper(packed, encoding="utf-8", newline="\n", write_through=True) as out:
                yield out
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write a file at, which becomes ``path`` when the block ends
    normally, and is removed if it does not (for writers that open files themselves)."""
    prepare_folder(path.parent)
    temporary = temporary_for(path)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """A temporary folder to fill, which becomes the folder ``path`` when the block ends
    normally (a folder there before is replaced), and is removed if it does not: a reader
    sees the old folder or the new one whole, never one half-written.

    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> with atomic_folder(base / "out") as folder:
    ...     _ = (folder / "1.txt").write_text("one")
    >>> sorted(p.name for p in (base / "out").iterdir())
    ['1.txt']
    """
    prepare_folder(path.parent)
    temporary = temporary_for(path)
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        yield temporary
        if path.is_dir() and not path.is_symlink():   # the old folder set aside, then removed
            old = temporary_for(path.with_name(path.name + ".old"))
            os.rename(path, old)
            os.rename(temporary, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def write_atomic(path: Path, text: str, compression: str | None = None) -> None:
    """Write ``text`` to ``path`` through its temporary file, so a reader never sees half."""
    with open_atomic(path, compression) as out:
        out.write(text)


def _scratch_owner(entry: os.DirEntry) -> tuple[int, str] | None:
    match = _SCRATCH.match(entry.name) if entry.name.startswith("newsclean-") else None
    if match is None or not entry.is_dir(follow_symlinks=False):
        return None
    return int(match.group(2)), match.group(1)


def sweep_scratch(base: Path | None = None) -> int:
    """Remove the scratch folders of this host's ended newsclean runs; how many."""
    return _sweep(Path(base or tempfile.gettempdir()), _scratch_owner,
                  lambda path: shutil.rmtree(path, ignore_errors=True))


def scratch_folder() -> tempfile.TemporaryDirectory:
    """This run's scratch folder (removed when the run ends, or by a later run if killed)."""
    sweep_scratch()
    return tempfile.TemporaryDirectory(prefix=f"newsclean-{_host()}-{os.getpid()}-")
