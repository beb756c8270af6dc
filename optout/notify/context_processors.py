"""The number of unread news items, for the badge in the header (counted only when a page shows it)."""

from __future__ import annotations


def unread_news(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from .services import unread

        # read with the person's profile at the start of this request (services.known_unread_count)
        known = getattr(request, "_optout_unread_news", None)
        if known == 0:
            return 0
        # The news about this very page is read as the page shows (`services.opens_news` marks it once it is shown):
        # counting it would keep a badge for what the person is reading, on every page after.
        here = unread(user).filter(url=request.path).count() if getattr(request, "_optout_opens_news", False) else 0
        request._optout_news_here = here
        return (unread(user).count() if known is None else known) - here

    return {"unread_news": count}  # a callable: the template calls it once, on pages that render the header
