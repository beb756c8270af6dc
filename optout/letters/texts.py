"""The letter texts, as data in `optout/data/letters/`:

- `<language>.yaml`: what every letter in that language shares (labels, months, the grounds sentences);
- `<regime>/<language>.yaml`: the letters of one law in one language (`types.<kind>.subject|body`).

Each file mirrors its English counterpart key for key and placeholder for placeholder, so a
translation can never lose a deadline or gain a stray field; each regime has texts for exactly the
languages and letter kinds its `regimes/<regime>.yaml` declares. Pure: no Django.
Run `python -m optout.letters.texts` to check every file by hand.
"""

from __future__ import annotations

import functools
import string
import sys
from pathlib import Path

from optout.lib.i18n import french_spaces
from optout.lib.yamlfiles import DataFileInvalid, load

from .regimes import regimes

LETTERS_DIR = Path(__file__).resolve().parent.parent / "data" / "letters"
LANGUAGES = ["en", "de", "de-CH", "fr", "es", "it", "nl", "pl", "pt", "pt-BR"]
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "de-CH": "Deutsch (Schweiz)", "fr": "Français", "es": "Español", "it": "Italiano",
                  "nl": "Nederlands", "pl": "Polski", "pt": "Português (Portugal)", "pt-BR": "Português (Brasil)"}


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
    except OSError as exc:
        raise TextsError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
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


def check(path: Path, reference: Path | None = None) -> list[str]:
    """Problems with a text file compared with its English counterpart, as `file: key: message` lines."""
    reference = reference or path.with_name("en.yaml")
    name = f"{path.parent.name}/{path.name}" if path.parent != LETTERS_DIR else path.name
    try:
        wanted = _flatten(_read(reference))
        data = _read(path)
    except TextsError as exc:
        return [str(exc)]
    flat = _flatten(data)
    problems = [problem for key, value in wanted.items() if (problem := _compare(name, key, value, flat))]
    problems += [f"{name}: {'.'.join(key)}: unknown key" for key in flat if key not in wanted]
    if data.get("language") != path.stem:
        problems.append(f"{name}: language: must be {path.stem!r}")
    return problems


def check_all() -> list[str]:
    """Every text file of every language and regime, and that each regime has the texts it declares."""
    problems = []
    for language in LANGUAGES:
        path = LETTERS_DIR / f"{language}.yaml"
        problems += check(path) if path.exists() else [f"{path.name}: missing (listed in LANGUAGES)"]
    for regime in regimes().values():
        folder = LETTERS_DIR / regime.id
        for language in regime.languages:
            path = folder / f"{language}.yaml"
            if language not in LANGUAGES:
                problems.append(f"regimes/{regime.id}.yaml: languages: {language!r} has no shared texts file")
            elif not path.exists():
                problems.append(f"{regime.id}/{language}.yaml: missing (regimes/{regime.id}.yaml lists {language})")
            else:
                problems += check(path)
        english = folder / "en.yaml"
        if english.exists():
            kinds = set(_read(english).get("types", {}))
            if kinds != set(regime.kinds()):
                problems.append(f"{regime.id}/en.yaml: types: {sorted(kinds)} should be {sorted(regime.kinds())}")
        for path in sorted(folder.glob("*.yaml")):
            if path.stem not in regime.languages:
                problems.append(f"{regime.id}/{path.name}: language not listed in regimes/{regime.id}.yaml")
    return problems


@functools.cache
def texts(language: str) -> dict:
    if language not in LANGUAGES:
        raise TextsError(f"no letters in {language!r}; choose one of {', '.join(LANGUAGES)}")
    return _typeset(_read(LETTERS_DIR / f"{language}.yaml"), language)


def _typeset(data, language: str):
    """The texts as a letter prints them: French's spaces before : ; ? ! » unbreakable (the files keep plain spaces,
    which people reviewing them can see). The person's own words, put in later, are left as they wrote them."""
    if not language.startswith("fr"):
        return data
    if isinstance(data, str):
        return french_spaces(data)
    if isinstance(data, dict):
        return {key: _typeset(value, language) for key, value in data.items()}
    if isinstance(data, list):
        return [_typeset(value, language) for value in data]
    return data


@functools.cache
def regime_texts(regime: str, language: str) -> dict:
    """The letters of `regime` in `language`; TextsError when that law has no letters in that language."""
    found = regimes().get(regime)
    if found is None:
        raise TextsError(f"no law {regime!r}")
    if language not in found.languages:
        names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in found.languages)
        raise TextsError(f"letters under {found.name} are written in {names}, not in {LANGUAGE_NAMES.get(language, language)}")
    return _typeset(_read(LETTERS_DIR / regime / f"{language}.yaml")["types"], language)


def types_by_regime() -> dict[str, list[str]]:
    """Request types a person can choose under each law (not reminders and complaints, which follow a request)."""
    return {regime.id: list(regime.requests) for regime in regimes().values()}


def main(argv: list[str]) -> int:
    problems = check_all()
    for problem in problems:
        print(problem)
    print("letter texts: ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
