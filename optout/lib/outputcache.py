"""What a read-only command printed last time, kept per code, data, arguments and terminal.

Typer lays out help with Rich and builds its option parsing at run time (with pydantic); printing a
group's help or the catalog as JSON that way costs about ten times starting Python, although the answer
only changes when the CLI's code or data, the command's arguments, or the terminal's width or colour
settings change. All of those form the key (the same idea as the root help's fast path in decision 0002,
without writing anything twice): the first run prints through Typer and is recorded, later runs print
the recorded text without importing Typer or the data. Only commands whose output depends on nothing
else may use it (see READ_ONLY in optout/cli.py); only a run that succeeded and wrote nothing to stderr
is kept. Set OPTOUT_DATA_CACHE=off to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
# What Rich and Typer read to decide width, colours and layout.
TERMINAL_ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE",
                "TTY_INTERACTIVE", "TERMINAL_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL", "TYPER_USE_RICH",
                "JUPYTER_COLUMNS", "JUPYTER_LINES", "PYCHARM_HOSTED", "LANG", "LC_ALL")
KEEP_PER_KIND = 64


def _files(folder: str):
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in ("__pycache__", "tests"):
                    yield from _files(entry.path)
            elif entry.name.endswith((".py", ".yaml", ".md", ".txt", ".json")):
                stat = entry.stat()
                yield entry.path, stat.st_size, stat.st_mtime_ns


def path_for(kind: str, words: list[str]) -> Path | None:
    """Where the answer to `words` is kept for this code, data and terminal; None when nothing is kept."""
    from .datacache import cache_dir

    directory = cache_dir()
    if directory is None:
        return None
    digest = hashlib.sha256(f"{sys.version}\0{kind}\0".encode())
    digest.update("\0".join(words).encode("utf-8", "surrogateescape") + b"\1")
    # An answer may read any module or data file (a list of languages, of regions, the catalog): every
    # file's size and modification time is part of the key, as make would judge it.
    try:
        for path, size, mtime in sorted(_files(str(PACKAGE))):
            digest.update(f"{path}\0{size}\0{mtime}\0".encode("utf-8", "surrogateescape"))
    except OSError:
        return None
    tty = sys.stdout.isatty()
    terminal = [str(tty), str(shutil.get_terminal_size() if tty else "")]
    digest.update("\0".join(terminal + [f"{k}={os.environ.get(k, '')}" for k in TERMINAL_ENV]).encode())
    return directory / f"out-{kind}-{digest.hexdigest()[:32]}.txt"


def read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def store(path: Path, text: str) -> None:
    from .files import atomic_write

    if not text:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        kind = path.name.rsplit("-", 1)[0]  # out-<kind>
        kept = list(path.parent.glob(f"{kind}-*.txt"))
        if len(kept) >= KEEP_PER_KIND:  # old code, many terminal sizes or many arguments: start again
            for old in kept:
                old.unlink(missing_ok=True)
        atomic_write(path, text.encode("utf-8"), overwrite=True)
    except OSError:
        pass  # only the next run is slower


class Recorder:
    """Stands in for sys.stdout or sys.stderr while a command runs: everything passes through and is kept."""

    def __init__(self, real):
        self._real = real
        self.parts: list[str] = []

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # click writes some output straight as bytes
            self.parts.append(text.decode("utf-8", "replace"))
            buffer = getattr(self._real, "buffer", None)
            return buffer.write(text) if buffer is not None else self._real.write(self.parts[-1])
        self.parts.append(text)
        return self._real.write(text)

    def __getattr__(self, name):
        return getattr(self._real, name)
