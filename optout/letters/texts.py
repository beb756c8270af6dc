"""The letter texts: one YAML file per language in `optout/data/letters/`, each mirroring English.

Pure: no Django. `check(path)` compares a language file with `en.yaml` key for key and
placeholder for placeholder, so a translation can never lose a deadline or gain a stray field.
Run `python -m optout.letters.texts FILE…` to check files by hand.
"""

from __future__ import annotations

import functools
import string
import sys
from pathlib import Path

from optout.lib.yamlfiles import DataFileInvalid, load

LETTERS_DIR = Path(__file__).resolve().parent.parent / "data" / "letters"
LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl", "pt"]
REGIMES = ["gdpr", "uk-gdpr", "ccpa", "plain"]
TYPES_BY_REGIME = {
    "gdpr": ["objection", "erasure", "access", "restriction", "withdraw-consent"],
    "uk-gdpr": ["objection", "erasure", "access", "restriction", "withdraw-consent"],
    "ccpa": ["ccpa-know", "ccpa-delete", "ccpa-opt-out", "ccpa-limit"],
    "plain": ["plain"],
}
FOLLOW_UPS = ["follow-up", "complaint"]


class TextsError(ValueError):
    pass


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _flatten(data, prefix=()) -> dict[tuple, object]:
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            out.update(_flatten(value, (*prefix, str(key))))
        return out
    return {prefix: data}


def _read(path: Path) -> dict:
    try:
        data, _lines = load(path, str(path))
    except DataFileInvalid as exc:
        raise TextsError(str(exc.error)) from exc
    if not isinstance(data, dict):
        raise TextsError(f"{path}: expected a mapping at the top level")
    return data


def _compare(name: str, key: tuple, value, flat: dict) -> str | None:
    where = f"{name}: {'.'.join(key)}"
    if key not in flat:
        return f"{where}: missing"
    mine = flat[key]
    if key == ("months",):
        return None if isinstance(mine, list) and len(mine) == 12 else f"{where}: needs 12 month names"
    if key in (("language",), ("name",)):
        return None
    if not isinstance(mine, str) or (isinstance(value, str) and value and not mine.strip()):
        return f"{where}: must be text"
    if isinstance(value, str) and placeholders(mine) != placeholders(value):
        return f"{where}: placeholders {sorted(placeholders(mine))} should be {sorted(placeholders(value))}"
    return None


def check(path: Path) -> list[str]:
    """Problems with a language file, as `file: key: message` lines (empty when it is fine)."""
    reference = _flatten(_read(LETTERS_DIR / "en.yaml"))
    try:
        data = _read(path)
    except TextsError as exc:
        return [str(exc)]
    flat = _flatten(data)
    problems = [problem for key, value in reference.items() if (problem := _compare(path.name, key, value, flat))]
    for key in flat:
        if key not in reference:
            problems.append(f"{path.name}: {'.'.join(key)}: unknown key")
    if data.get("language") != path.stem:
        problems.append(f"{path.name}: language: must be {path.stem!r}")
    return problems


@functools.cache
def texts(language: str) -> dict:
    if language not in LANGUAGES:
        raise TextsError(f"no letters in {language!r}; choose one of {', '.join(LANGUAGES)}")
    return _read(LETTERS_DIR / f"{language}.yaml")


def main(argv: list[str]) -> int:
    failed = False
    for name in argv or [str(p) for p in sorted(LETTERS_DIR.glob("*.yaml"))]:
        problems = check(Path(name))
        for problem in problems:
            print(problem)
        failed |= bool(problems)
        if not problems:
            print(f"{name}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
