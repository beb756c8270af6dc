"""Countries' names as each language writes them (CLDR, through Babel), for the places a person chooses where they
live: the same names the time zone list gives (lib.zones)."""

from __future__ import annotations

import functools

from .zones import babel_language


@functools.cache
def country_names(language: str = "en") -> dict[str, str]:
    """ISO 3166-1 codes and the countries' names in `language`, as CLDR has them: the names the time zone list uses
    too ("Côte d’Ivoire — Abidjan"), in Portugal's Portuguese, with both Congos told apart. Codes CLDR does not name
    keep django-countries' English name."""
    from babel import Locale
    from django_countries.data import COUNTRIES

    named = Locale.parse(babel_language(language)).territories
    return {code: named.get(code) or str(name) for code, name in COUNTRIES.items()}
