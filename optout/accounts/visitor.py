"""accounts' answers to the catalog pages' questions about the person looking (see catalog/visitor.py)."""

from __future__ import annotations

from optout.catalog.visitor import Visitor
from optout.lib.ownership import owned


class AccountsVisitor(Visitor):
    def region(self, request) -> str:
        from .services import profile_seen_by

        profile = profile_seen_by(request)
        return profile.region if profile is not None else ""

    def remember_region(self, request, region: str) -> None:
        from .services import profile_seen_by, set_region

        seen = profile_seen_by(request)
        if seen is not None and seen.region == region:
            return  # already on the profile as this request found it: nothing to read or write again
        request._optout_profile = set_region(request.user, region)

    def has_saved(self, request, platform: str) -> bool:
        from .models import PlatformAccount
        from .services import saved_platforms_seen_by

        saved = saved_platforms_seen_by(request)
        if saved is not None:
            return platform in saved
        return owned(PlatformAccount, request.user).filter(platform=platform).exists()
