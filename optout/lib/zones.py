"""Time zone names (IANA, e.g. Europe/Berlin): checking them, listing them, finding the computer's own.

Pure and light (no Django): the CLI calls system_zone() before Django starts.
"""

from __future__ import annotations

import functools
import os
import zoneinfo
from contextvars import ContextVar
from pathlib import Path

from .i18n import sort_key

ZONE_COOKIE = "optout_tz"  # set by optout.js from Intl.DateTimeFormat().resolvedOptions().timeZone
# True while a page is made for someone whose time zone optout does not know yet (a first visit, before
# optout.js has told it): its times are in the server's zone, and say which.
ZONE_UNKNOWN: ContextVar[bool] = ContextVar("zone_unknown", default=False)


def valid_zone(name: str | None) -> str:
    """The IANA name if it is one this machine knows, else ''."""
    name = (name or "").strip()
    if not name or len(name) > 64:
        return ""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return ""
    return name


def zone_choices(language: str = "en", keep: str = "") -> list[tuple[str, str]]:
    """The time zones to choose from, named in `language` by country and city ("Polska — Warszawa") and sorted as its
    readers sort: UTC, then one entry per zone of the world (not the old names that point to it, nor Etc/GMT+5). A zone
    someone chose before under an old name (`keep`, "Asia/Calcutta") stays in the list, so that saving does not lose it."""
    listed = list(_named_zones(babel_language(language)))
    keep = valid_zone(keep)
    if keep and keep != "UTC" and keep not in {name for name, _ in listed}:
        listed.append((keep, zone_named(keep, language)))
    # By country, then city: "Guinea — Conakry" before "Guinea Ecuatorial — Malabo", "Samoa" before "Samoa Americana"
    # (the whole label put the longer country name first, its space sorting before " — ").
    return [("UTC", "UTC"), *sorted(listed, key=lambda choice: tuple(sort_key(part, language)
                                                                     for part in choice[1].split(" — ")))]


def zone_named(name: str, language: str = "en") -> str:
    """A zone as people call it in `language` with its IANA name, "Polska — Warszawa (Europe/Warsaw)"; the IANA name
    alone for a zone of no country (UTC, Etc/GMT+5)."""
    label = _zone_label(name, babel_language(language))
    return name if label == name.replace("_", " ") else f"{label} ({name})"


def babel_language(language: str) -> str:
    language = (language or "en").split("-")[0].lower()
    if language == "pt":
        return "pt_PT"  # optout's Portuguese is Portugal's; CLDR's "pt" is Brazil's ("Madri", "Polônia")
    return language if language in _BABEL_LANGUAGES else "en"


# CLDR's "world" and "unknown region": zones of no country (Etc/GMT+5, Antarctica/Troll), listed only when kept.
_NO_COUNTRY = frozenset({"001", "ZZ"})
_BABEL_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "nl", "pl", "pt"})


@functools.cache
def _named_zones(language: str) -> tuple[tuple[str, str], ...]:
    from babel.core import get_global

    territories = get_global("zone_territories")
    return tuple((name, _zone_label(name, language)) for name in zoneinfo.available_timezones()
                 if territories.get(name, "ZZ") not in _NO_COUNTRY)


def _zone_label(name: str, language: str) -> str:
    from babel import Locale
    from babel.core import get_global
    from babel.dates import get_timezone_location

    canonical = get_global("zone_aliases").get(name, name)
    territory = get_global("zone_territories").get(canonical, "ZZ")
    if territory in _NO_COUNTRY:
        return name.replace("_", " ")
    city = get_timezone_location(canonical, locale=language, return_city=True)
    return f"{Locale.parse(language).territories.get(territory, territory)} — {city}"


def system_zone() -> str:
    """The computer's own time zone (for the CLI): $TZ, /etc/timezone, or where /etc/localtime points."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    return next((name for name in map(valid_zone, candidates) if name), "UTC")
