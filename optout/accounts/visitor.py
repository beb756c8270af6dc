"""accounts' answers to the catalog pages' questions about the person looking (see catalog/visitor.py)."""

from __future__ import annotations

from optout.catalog.visitor import Visitor
from optout.lib.ownership import owned


class AccountsVisitor(Visitor):
    def region(self, user) -> str:
        from .models import Profile

        return owned(Profile, user).values_list("region", flat=True).first() or ""

    def remember_region(self, user, region: str) -> None:
        from .services import set_region

        set_region(user, region)

    def has_saved(self, user, platform: str) -> bool:
        from .models import PlatformAccount

        return owned(PlatformAccount, user).filter(platform=platform).exists()
