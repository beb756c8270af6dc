"""`optout data validate`: one registry of every check of the data under `optout/data/`.

An app that owns a kind of data adds its checks in a module named `datacheck.py`, as pure functions
(no Django) that return `DataFileError`s:

    from optout.lib.datacheck import register

    @register("documents")
    def documents() -> list[DataFileError]:
        ...

`run()` finds every app's `datacheck.py` by name (as Django finds `admin.py`), runs every check and
returns the errors, each `file:line: field: message` with the file relative to the repository. The same
run serves `optout data validate`, the system checks (`manage.py check`, so `optout serve` refuses bad
data) and tests/test_data_files.py, which CI runs. A cross-reference (a platform's lead authority, a
document's platform) is checked by the app that holds the reference and sits right of what it names.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .yamlfiles import DataFileError, DataFileInvalid, PathKey, format_path, line_for, load

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"
REPO_DIR = PACKAGE_DIR.parent

Check = Callable[[], Iterable[DataFileError]]


@dataclass(frozen=True)
class Registered:
    name: str
    check: Check
    module: str


CHECKS: dict[str, Registered] = {}


def register(name: str) -> Callable[[Check], Check]:
    """Add a check under `name` (what `optout data validate --only NAME` selects)."""

    def add(check: Check) -> Check:
        CHECKS[name] = Registered(name, check, check.__module__)
        return check

    return add


def discover() -> dict[str, Registered]:
    """Import every app's `datacheck` module, which registers its checks."""
    for app in pkgutil.iter_modules([str(PACKAGE_DIR)]):
        if app.ispkg and (PACKAGE_DIR / app.name / "datacheck.py").exists():
            importlib.import_module(f"optout.{app.name}.datacheck")
    return CHECKS


def _shown(error: DataFileError) -> DataFileError:
    """The file relative to the repository, so an editor or CI log can jump to it."""
    path = Path(error.file)
    if not path.is_absolute():
        path = DATA_DIR / path if not error.file.startswith("optout/") else REPO_DIR / path
    try:
        shown = str(path.resolve().relative_to(REPO_DIR))
    except ValueError:
        shown = error.file
    return DataFileError(shown, error.line, error.field, error.message)


def run(names: Iterable[str] | None = None) -> dict[str, list[DataFileError]]:
    """Errors per check (an empty list for a check that passed); a check that crashes is an error too."""
    checks = discover()
    wanted = list(names) if names else sorted(checks)
    unknown = [name for name in wanted if name not in checks]
    if unknown:
        raise KeyError(f"no data check {', '.join(unknown)}; there are: {', '.join(sorted(checks))}")
    results = {}
    for name in wanted:
        try:
            results[name] = [_shown(error) for error in checks[name].check()]
        except Exception as exc:  # noqa: BLE001 — a broken check must be reported, not hide the others
            results[name] = [DataFileError(checks[name].module, None, None, f"the check crashed: {exc!r}")]
    return results


def error_at(path: Path, field: PathKey, message: str) -> DataFileError:
    """An error about `field` of a data file, with the line it is on."""
    try:
        _data, lines = load(path)
        line = line_for(lines, field)
    except DataFileInvalid:
        line = None
    return DataFileError(str(path), line, format_path(field) or None, message)
