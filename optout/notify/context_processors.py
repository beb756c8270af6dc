"""The number of unread news items, for the badge in the header (counted only when a page shows it)."""

from __future__ import annotations


def unread_news(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    known = getattr(request, "_optout_unread_news", None)
    if known is not None:  # read with the person's profile at the start of this request (services.known_unread_count)
        return {"unread_news": known}

    def count() -> int:
        from .services import unread

        return unread(user).count()

    return {"unread_news": count}  # a callable: the template calls it once, on pages that render the header
