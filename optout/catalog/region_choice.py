"""The visitor's chosen region: from the query string, else a cookie, else their profile."""

from __future__ import annotations

from . import regions, visitor

COOKIE = "optout_region"
ONE_YEAR = 365 * 24 * 3600


def chosen_region(request) -> str | None:
    asked = request.GET.get("region", "").upper()
    if asked in regions.CHOICE_CODES:
        return asked
    remembered = request.COOKIES.get(COOKIE, "").upper()
    if remembered in regions.CHOICE_CODES:
        return remembered
    saved = visitor.current().region(request) if request.user.is_authenticated else ""
    return saved if saved in regions.CHOICE_CODES else None


def remember_region(request, response, region: str | None) -> None:
    """Keep a region the visitor picked: in a cookie, and on their profile when logged in."""
    if not region or request.GET.get("region", "").upper() != region:
        return
    response.set_cookie(COOKIE, region, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    if request.user.is_authenticated:
        visitor.current().remember_region(request, region)
