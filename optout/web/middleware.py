"""Per-request time zone: the person's own (Account › Time zone), else the browser's, else the server's."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

from optout.lib.dates import ZONE_COOKIE, valid_zone
from optout.lib.zones import ZONE_UNKNOWN


def zone_for(request) -> str:
    from optout.accounts.services import profile_seen_by

    profile = profile_seen_by(request)  # read once; the page's own views reuse it
    if profile is not None and valid_zone(profile.time_zone):
        return profile.time_zone
    return valid_zone(request.COOKIES.get(ZONE_COOKIE))


class TimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = zone_for(request)
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        unknown = ZONE_UNKNOWN.set(not name)
        try:
            return self.get_response(request)
        finally:
            ZONE_UNKNOWN.reset(unknown)
            timezone.deactivate()


class ElisionMiddleware:
    """Italian pages write "l’8 dicembre", French ones "le formulaire d’Instagram": the translations put "il" before a
    date, "de" before a name they cannot see (lib.i18n.elide)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.translation import get_language

        from optout.lib.i18n import elide

        response = self.get_response(request)
        language = get_language() or ""
        if (language.startswith(("it", "fr")) and not response.streaming
                and response.get("Content-Type", "").startswith("text/html")):
            response.content = elide(response.content.decode(response.charset), language).encode(response.charset)
        return response
