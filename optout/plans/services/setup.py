"""Saving the onboarding answers: where you live, your accounts, what you create, how public you must be."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from optout.accounts.choices import CREATOR_KINDS, VISIBILITY_CHOICES
from optout.accounts.models import PlatformAccount
from optout.accounts.services import AccountDataError, add_platform_account, profile_for, set_region
from optout.catalog.loader import catalog
from optout.catalog.query import did_you_mean
from optout.lib.ownership import owned


def save_about_you(user, creator_kind: str, visibility: str) -> None:
    if creator_kind and creator_kind not in dict(CREATOR_KINDS):
        raise AccountDataError(f"Unknown kind of creator {creator_kind!r}; choose one of: {', '.join(dict(CREATOR_KINDS))}.")
    if visibility and visibility not in dict(VISIBILITY_CHOICES):
        raise AccountDataError(f"Unknown visibility {visibility!r}; choose one of: {', '.join(dict(VISIBILITY_CHOICES))}.")
    profile = profile_for(user)
    profile.creator_kind, profile.visibility = creator_kind, visibility
    profile.save(update_fields=["creator_kind", "visibility"])


@transaction.atomic
def choose_platforms(user, slugs: list[str], *, remove_others: bool) -> list[str]:
    """Make sure there is an account for each platform; with `remove_others`, drop unticked ones.

    Removing an account retires its actions; their history stays in the plan.
    """
    platforms = catalog()
    unknown = [slug for slug in slugs if slug not in platforms]
    if unknown:
        hint = "".join(did_you_mean(slug, platforms) for slug in unknown[:1])
        raise AccountDataError(f"No platform {', '.join(map(repr, unknown))} in the catalog.{hint}")
    have = set(owned(PlatformAccount, user).values_list("platform", flat=True))
    for slug in dict.fromkeys(slugs):
        if slug not in have:
            add_platform_account(user, slug)
    if remove_others:
        owned(PlatformAccount, user).exclude(platform__in=slugs).delete()
    return sorted(set(slugs) | (set() if remove_others else have))


def set_handles(user, handles: dict[int, str]) -> None:
    for account in owned(PlatformAccount, user).filter(id__in=handles):
        handle = handles[account.id].strip()[:200]
        if handle != account.handle:
            account.handle = handle
            try:
                with transaction.atomic():
                    account.save(update_fields=["handle", "updated_at"])
            except Exception as exc:
                raise AccountDataError(_("You already have the account “%(handle)s” on %(platform)s.")
                                       % {"handle": handle, "platform": account.platform}) from exc


__all__ = ["choose_platforms", "save_about_you", "set_handles", "set_region"]
