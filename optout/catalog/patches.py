"""Turning a corrected platform file into a patch a maintainer can commit. Pure: no Django.

Paths in the patch are relative to the data folder (`platforms/<slug>.yaml`), so it applies with
`patch -p1` inside `optout/data/`, or with `git apply --directory=optout/data` from the repository root.
"""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from .loader import PLATFORMS_DIR, validate_file


class PatchError(ValueError):
    """The corrected file cannot become a patch; the message says why (file:line: field: message)."""


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text and not text.endswith("\n"):
        text += "\n"
    return text.splitlines(keepends=True)


def current_text(slug: str, folder: Path | None = None) -> str:
    return ((folder or PLATFORMS_DIR) / f"{slug}.yaml").read_text(encoding="utf-8")


def check_text(slug: str, text: str) -> list[str]:
    """Every problem the catalog's validation finds in `text` as the file of `slug`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{slug}.yaml"
        path.write_text("".join(_lines(text)), encoding="utf-8")
        _, errors = validate_file(path, f"platforms/{slug}.yaml")
    return [str(error) for error in errors]


def make_patch(slug: str, old: str, new: str) -> str:
    """A unified diff from `old` to `new` for `platforms/<slug>.yaml`; PatchError if new is invalid or unchanged."""
    before, after = _lines(old), _lines(new)
    if before == after:
        raise PatchError("The corrected file is the same as the current one: nothing to patch.")
    problems = check_text(slug, new)
    if problems:
        raise PatchError("The corrected file is not valid:\n" + "\n".join(problems))
    name = f"platforms/{slug}.yaml"
    return "".join(difflib.unified_diff(before, after, fromfile=f"a/{name}", tofile=f"b/{name}"))
