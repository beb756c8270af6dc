"""The catalog's data checks for `optout data validate` (see optout/lib/datacheck.py)."""

from __future__ import annotations

from optout.lib.datacheck import register
from optout.lib.yamlfiles import DataFileError

from . import loader


@register("platforms")
def platforms() -> list[DataFileError]:
    """Every platform file against the schema, unique slugs, and `related` naming platforms that exist."""
    return loader.validated().errors
