"""The site signals' data checks for `optout data validate` (see optout/lib/datacheck.py)."""

from __future__ import annotations

from optout.lib.datacheck import register
from optout.lib.yamlfiles import DataFileError

from . import crawlers


@register("crawlers")
def crawler_registry() -> list[DataFileError]:
    return crawlers.validate_all().errors


@register("site-guides")
def site_guides() -> list[DataFileError]:
    return crawlers.validate_guides().errors
