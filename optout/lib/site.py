"""What the site is called and whether the wider internet can reach it (settings.SITE_URL, OPTOUT_SITE_NAME).

A local install (http://127.0.0.1:8000) cannot be fetched by Google Calendar's servers, and nobody can
receive its e-mails unless SMTP is set up; pages use these answers to offer only what works.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

LOCAL_NAMES = ("localhost", "localhost.localdomain")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def host_is_public(host: str) -> bool:
    """False for loopback, private and link-local addresses and for names only a local network knows."""
    host = (host or "").strip("[]").lower()
    if not host or host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES) or "." not in host and ":" not in host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return address.is_global


def site_is_public() -> bool:
    """OPTOUT_SITE_PUBLIC decides when set; otherwise whether SITE_URL's host is on the public internet."""
    forced = getattr(settings, "OPTOUT_SITE_PUBLIC", None)
    if forced is not None:
        return bool(forced)
    return host_is_public(urlsplit(settings.SITE_URL).hostname or "")


def site_name() -> str:
    return settings.OPTOUT_SITE_NAME


def mail_is_local() -> bool:
    """E-mails are printed where optout runs (no SMTP server configured) instead of being sent."""
    return bool(getattr(settings, "OPTOUT_MAIL_TO_CONSOLE", False))
