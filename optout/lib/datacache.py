"""A compiled cache of validated data files, so a CLI command does not re-parse the YAML every time.

Parsing and validating the data folders costs more than the rest of a short command; a pickle of the
validated records loads in a few milliseconds. The cache key covers every data file's name and bytes and
the source of the code that validates them, so an edited file, a new file or a changed schema is never
served from a stale cache. Only data that validated without errors is cached: errors are always recomputed,
with their file and line. Set OPTOUT_DATA_CACHE=off to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

LIB_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    # Read here, not in settings.py: the CLI loads data without configuring Django.
    if os.environ.get("OPTOUT_DATA_CACHE", "").lower() in ("off", "0", "false", "no"):
        return None
    if configured := os.environ.get("OPTOUT_CACHE_DIR"):
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("optout", appauthor=False))


def cache_key(files: Iterable[Path], code: Iterable[Path]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for group in (sorted(code), sorted(files)):
        digest.update(b"\1")
        for path in group:
            digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:40]


def code_files(*packages: Path) -> list[Path]:
    """The Python sources that decide how data validates: optout/lib and the given package folders."""
    return sorted({p for folder in (LIB_DIR, *packages) for p in Path(folder).glob("*.py")})


def load_or_build[T](name: str, files: Iterable[Path], code: Iterable[Path], build: Callable[[], T],
                  keep: Callable[[T], bool]) -> T:
    """`build()`'s result, from the cache when the same files and code built it before.

    `keep(result)` says whether a result may be cached (only error-free ones are).
    """
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        key = cache_key(files, code)
    except OSError:
        return build()
    return _load_or_build_at(directory / f"{name}-{key}.pickle", name, build, keep)


def load_or_build_keyed[T](name: str, key: str, build: Callable[[], T]) -> T:
    """`build()`'s result, from the cache when a build with the same `key` (e.g. a library's version) made it."""
    directory = cache_dir()
    if directory is None:
        return build()
    digest = hashlib.sha256(f"{sys.version}\0{key}".encode()).hexdigest()[:40]
    return _load_or_build_at(directory / f"{name}-{digest}.pickle", name, build, lambda _: True)


def _load_or_build_at[T](path: Path, name: str, build: Callable[[], T], keep: Callable[[T], bool]) -> T:
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # a truncated or foreign file: rebuild it
        path.unlink(missing_ok=True)
    result = build()
    if keep(result):
        _store(path.parent, name, path, result)
    return result


def _store(directory: Path, name: str, path: Path, result) -> None:
    from .files import atomic_write

    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in directory.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        atomic_write(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), overwrite=True)
    except OSError:
        pass  # a read-only or full cache folder only makes the next run slower
