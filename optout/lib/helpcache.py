"""`optout GROUP --help` printed from a cache of what Typer printed last time for the same terminal.

Typer lays out help with Rich and builds its option parsing at run time; printing a group's help that
way costs about ten times starting Python. The text only changes when the CLI's code, the terminal's
width or its colour settings change, so all of those form the key (the same idea as the root help's
fast path in decision 0002, without writing the help twice). Set OPTOUT_DATA_CACHE=off to bypass it.
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


def _files(folder: Path):
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in ("__pycache__", "tests"):
                    yield from _files(Path(entry.path))
            elif entry.name.endswith((".py", ".yaml", ".md", ".txt", ".json")):
                stat = entry.stat()
                yield entry.path, stat.st_size, stat.st_mtime_ns


def _path(group: str, module: str) -> Path | None:
    from .datacache import cache_dir

    directory = cache_dir()
    if directory is None:
        return None
    digest = hashlib.sha256(f"{sys.version}\0{module}".encode())
    # Help may read any module or data file (a list of languages, of regions): every file's size and
    # modification time is part of the key, as make would judge it.
    for path, size, mtime in sorted(_files(PACKAGE)):
        digest.update(f"{path}\0{size}\0{mtime}\0".encode())
    tty = sys.stdout.isatty()
    terminal = [str(tty), str(shutil.get_terminal_size() if tty else "")]
    digest.update("\0".join(terminal + [f"{k}={os.environ.get(k, '')}" for k in TERMINAL_ENV]).encode())
    return directory / f"help-{group}-{digest.hexdigest()[:32]}.txt"


def cached(group: str, module: str) -> str | None:
    try:
        path = _path(group, module)
        return path.read_text(encoding="utf-8") if path else None
    except OSError:
        return None


def store(group: str, module: str, text: str) -> None:
    from .files import atomic_write

    try:
        path = _path(group, module)
        if path is None or not text:
            return
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        kept = list(path.parent.glob(f"help-{group}-*.txt"))
        if len(kept) >= 16:  # old code or many terminal sizes: start again
            for old in kept:
                old.unlink(missing_ok=True)
        atomic_write(path, text.encode("utf-8"), overwrite=True)
    except OSError:
        pass  # only the next help is slower


class Recorder:
    """Stands in for sys.stdout while Typer prints help: everything passes through and is kept."""

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
