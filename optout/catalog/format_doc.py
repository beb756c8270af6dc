"""Generate docs/catalog-format.md from the schema, so the documentation cannot drift from the code."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from . import regions
from .schema import AIUse, Controller, Mechanism, Owner, Platform, SeedCorrection, Source, Step

INTRO = """# The platform catalog format

Each platform is one YAML file in `optout/data/platforms/<slug>.yaml`. This page is generated from
`optout/catalog/schema.py` by `optout catalog format-doc > docs/catalog-format.md`; a test fails when
the two disagree. Check a file with `optout catalog validate [PATH]`: every problem is reported as
`file:line: field: message`, for example

    platforms/x.yaml:12: mechanisms[0].steps[2].url: not an https URL

Rules that apply everywhere:

- Files are UTF-8, at most 1 MB; no YAML aliases (`*name`); a key may appear only once.
- Unknown fields are errors, and types are strict: `minutes: "5"` is a string, not a number.
- Only `true`/`false` are booleans, so a region such as `NO` stays text.
- Dates are `YYYY-MM-DD`, not in the future and not before 2000.
- Every fact has a source: a real https page, its title, and the day it was read. When sources are
  thin or disagree, say `confidence: low` rather than guessing.
- When an older guide (such as the articles optout grew from) is out of date, add a `seed_corrections`
  entry saying what it said and what is true now.
"""


def _type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (list, typing.List):  # noqa: UP006
        return f"list of {_type_name(args[0])}"
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return getattr(annotation, "__name__", str(annotation)).replace("date", "date (YYYY-MM-DD)")


def _table(model: type[BaseModel]) -> str:
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        required = "yes" if field.is_required() else "no"
        meaning = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{name}` | {_type_name(field.annotation)} | {required} | {meaning} |")
    return "\n".join(rows)


def generate() -> str:
    parts = [INTRO]
    for model in (Platform, Owner, Controller, AIUse, Mechanism, Step, Source, SeedCorrection):
        doc = (model.__doc__ or "").strip()
        parts.append(f"## {model.__name__}\n\n{doc}\n\n{_table(model)}\n" if doc else f"## {model.__name__}\n\n{_table(model)}\n")
    region_rows = "\n".join(f"| `{code}` | {label} |" for code, label in regions.GROUPS.items())
    parts.append(
        "## Region codes\n\n| code | region |\n|---|---|\n"
        f"{region_rows}\n| `US-XX` | a US state, e.g. `US-CA` for California |\n\n"
        "A mechanism applies to a person when one of its codes covers where they live: someone in the EU is "
        "covered by `EU`, `EEA` and `ALL`; someone in Norway by `EEA` and `ALL`; a Californian by `US-CA`, `US` and `ALL`.\n"
    )
    return "\n".join(parts)
