"""accounts' answers to the catalog pages' questions about the person looking (see catalog/visitor.py)."""

from __future__ import annotations

from optout.catalog.visitor import Visitor
from optout.lib.ownership import owned


class AccountsVisitor(Visitor):
    def region(self, request) -> str:
        from .services import profile_seen_by

        profile = profile_seen_by(request)
        return profile.region if profile is not None else ""

    def has_saved(self, request, platform: str) -> bool:
        from .models import PlatformAccount
        from .services import saved_platforms_seen_by

        saved = saved_platforms_seen_by(request)
        if saved is not None:
            return platform in saved
        return owned(PlatformAccount, request.user).filter(platform=platform).exists()
