"""Per-request time zone: the person's own (Account › Time zone), else the browser's, else the server's."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

from optout.lib.dates import ZONE_COOKIE, valid_zone


def zone_for(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from optout.accounts.models import Profile
        from optout.lib.ownership import owned

        saved = owned(Profile, user).values_list("time_zone", flat=True).first()
        if valid_zone(saved):
            return saved
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
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
