"""Letters' data checks for `optout data validate` (see optout/lib/datacheck.py)."""

from __future__ import annotations

from optout.catalog import loader
from optout.lib.datacheck import error_at, register
from optout.lib.yamlfiles import DataFileError, line_for, load

from . import authorities, regimes, texts


@register("authorities")
def authority_files() -> list[DataFileError]:
    return authorities.validate_all().errors


@register("lead-authorities")
def lead_authorities() -> list[DataFileError]:
    """A platform's controller names its lead authority by id: that authority must have a file."""
    known = authorities.validate_all().records
    errors = []
    for slug, platform in sorted(loader.validated().platforms.items()):
        for index, controller in enumerate(platform.owner.controllers):
            if controller.lead_authority and controller.lead_authority not in known:
                errors.append(error_at(
                    loader.PLATFORMS_DIR / f"{slug}.yaml", ("owner", "controllers", index, "lead_authority"),
                    f"no authority {controller.lead_authority!r} (optout/data/authorities/)",
                ))
    return errors


def _as_error(problem: str) -> DataFileError:
    """`file: key.path: message` from texts.check, with the line of that key."""
    name, _, rest = problem.partition(": ")
    key, _, message = rest.partition(": ")
    path = texts.LETTERS_DIR / name
    if not message or not path.is_file():
        return DataFileError(str(path) if path.is_file() else name, None, None, rest or problem)
    field = tuple(int(part) if part.isdigit() else part for part in key.split("."))
    try:
        _data, lines = load(path)
    except Exception:  # noqa: BLE001 — the text check has already said what is wrong with the file
        lines = {}
    return DataFileError(str(path), line_for(lines, field) if lines else None, key, message)


@register("letter-regimes")
def letter_regimes() -> list[DataFileError]:
    """Each privacy law's file: rights, provisions, deadline rules, complaint route, sources."""
    return regimes.validate_all().errors


@register("letter-texts")
def letter_texts() -> list[DataFileError]:
    """Every language's letter texts, shared and per law, mirror English key for key and placeholder for
    placeholder, and every law has texts for exactly the languages and letters it declares."""
    if regimes.validate_all().errors:
        return []  # reported by letter-regimes; the texts cannot be matched against a broken law file
    return [_as_error(problem) for problem in texts.check_all()]
