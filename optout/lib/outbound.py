"""A `Fetcher` configured from settings, for every app that fetches from the web (watch, site audit)."""

from __future__ import annotations

from django.conf import settings

from .http import Fetcher, Limits


def make_fetcher(**overrides) -> Fetcher:
    options = {"allow_private": settings.OPTOUT_ALLOW_PRIVATE_FETCH, "limits": Limits(),
               "per_host_delay": settings.OPTOUT_WATCH_HOST_DELAY}
    options.update(overrides)
    return Fetcher(**options)
