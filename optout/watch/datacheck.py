"""The watcher's data checks for `optout data validate` (see optout/lib/datacheck.py)."""

from __future__ import annotations

from optout.catalog import loader
from optout.lib.datacheck import error_at, register
from optout.lib.yamlfiles import DataFileError

from . import declarations


@register("documents")
def documents() -> list[DataFileError]:
    """Every watched-documents file against its schema, and each naming a platform of the catalog."""
    result = declarations.validate_all()
    platforms = loader.validated().platforms
    errors = list(result.errors)
    for slug in sorted(result.records):
        if slug not in platforms:
            errors.append(error_at(declarations.DOCUMENTS_DIR / f"{slug}.yaml", ("platform",),
                                   f"no platform {slug!r} in the catalog (optout/data/platforms/)"))
    return errors
