"""Time zone names (IANA, e.g. Europe/Berlin): checking them, listing them, finding the computer's own.

Pure and light (no Django): the CLI calls system_zone() before Django starts.
"""

from __future__ import annotations

import os
import zoneinfo
from contextvars import ContextVar
from pathlib import Path

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


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name or name == "UTC"]


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
