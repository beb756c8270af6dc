"""The region whose steps the catalog shows: from the query string, else the signed-in person's own (their profile's),
else a cookie of the last one picked.

Picking a region on a catalog page only looks: it never changes a signed-in person's region, which decides the
steps of their plan (a step retired there leaves "Do next"), and which they change in their settings.
"""

from __future__ import annotations

from . import regions, visitor

COOKIE = "optout_region"
ONE_YEAR = 365 * 24 * 3600


def saved_region(request) -> str:
    """The signed-in person's own region ('' when signed out or not chosen yet)."""
    saved = visitor.current().region(request) if request.user.is_authenticated else ""
    return saved if saved in regions.CHOICE_CODES else ""


def chosen_region(request) -> str | None:
    asked = request.GET.get("region", "").upper()
    if asked in regions.CHOICE_CODES:
        return asked
    saved = saved_region(request)
    if saved:
        return saved
    remembered = request.COOKIES.get(COOKIE, "").upper()
    return remembered if remembered in regions.CHOICE_CODES else None


def remember_region(request, response, region: str | None) -> None:
    """Keep a region the visitor picked in a cookie, for the next catalog page (when they have no region of their own)."""
    if not region or request.GET.get("region", "").upper() != region:
        return
    response.set_cookie(COOKIE, region, max_age=ONE_YEAR, samesite="Lax", httponly=True)


def not_theirs(request, region: str | None) -> str:
    """The person's own region when the page shows another one ('' otherwise), so the page can say so."""
    saved = saved_region(request)
    return saved if region and saved and saved != region else ""
