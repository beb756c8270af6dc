"""Catalog actions that touch the database: policy changes reported by the watcher, corrections from people."""

from __future__ import annotations

import datetime as dt

from optout.lib.ownership import owned

from .loader import catalog
from .models import PolicyChange
from .query import PolicyChanged, most_telling, possibly_outdated


def record_policy_change(platform: str, document: str, title: str, changed_at: dt.datetime, link: str = "", *,
                         sure: bool = False) -> PolicyChange:
    """The watcher calls this when it stores an AI-relevant version of a watched document (`sure`: whether
    optout is fairly sure the change concerns AI).

    Idempotent: the same change reported twice (a re-run, an import) is stored once.
    """
    change, _ = PolicyChange.objects.get_or_create(
        platform=platform, document=document, changed_at=changed_at,
        defaults={"title": title[:300], "link": link[:500], "sure": sure},
    )
    return change


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


def outdated_mechanisms(slug: str, *, sure_only: bool = False) -> dict[str, PolicyChanged]:
    """{mechanism id: the change of its platform's policy} for steps that may be outdated (`sure_only`: for a person
    who asked to hear only of changes optout is sure of)."""
    platform = catalog().get(slug)
    if platform is None or not platform.watched_documents:
        return {}
    rows = PolicyChange.objects.filter(platform=slug, document__in=platform.watched_documents)
    if sure_only:
        rows = rows.filter(sure=True)
    changes = [(document, PolicyChanged(_day(at), sure, at)) for document, at, sure in
               rows.values_list("document", "changed_at", "sure")]
    return possibly_outdated(platform, changes)


def policy_changed_on(slug: str, mechanism_id: str, *, sure_only: bool = False) -> PolicyChanged | None:
    """The platform's policy change after this step was verified, or None."""
    return outdated_mechanisms(slug, sure_only=sure_only).get(mechanism_id)


def stale_entries() -> list[dict]:
    """Every platform with steps that may be outdated, latest change first."""
    slugs = set(PolicyChange.objects.values_list("platform", flat=True).distinct())
    out = []
    for slug in sorted(slugs):
        outdated = outdated_mechanisms(slug)
        if outdated:
            out.append({"platform": catalog()[slug], "mechanisms": outdated, "changed_on": most_telling(outdated.values())})
    return sorted(out, key=lambda row: row["changed_on"].day, reverse=True)


# --- corrections from people ---------------------------------------------------------------------------

ANONYMOUS_PER_HOUR = 3
ANONYMOUS_PER_DAY = 10
SIGNED_IN_PER_DAY = 20


class CorrectionRefused(ValueError):
    """A correction that cannot be taken or decided; the message says why, for the person."""


def client_hash(address: str) -> str:
    import hashlib

    from django.conf import settings

    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _over_limit(owner, address: str, now: dt.datetime) -> bool:
    from .models import Correction

    if owner is not None and owner.is_authenticated:
        return owned(Correction, owner).filter(created_at__gte=now - dt.timedelta(days=1)).count() >= SIGNED_IN_PER_DAY
    mine = Correction.objects.filter(owner__isnull=True, client_hash=client_hash(address))
    return (mine.filter(created_at__gte=now - dt.timedelta(hours=1)).count() >= ANONYMOUS_PER_HOUR
            or mine.filter(created_at__gte=now - dt.timedelta(days=1)).count() >= ANONYMOUS_PER_DAY)


def report_correction(owner, platform: str, where: str, what: str, source_url: str = "", address: str = ""):
    """Someone (signed in, or anonymous from `address`) says an entry is wrong."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Correction
    from .sources import refused

    if platform not in catalog():
        raise CorrectionRefused(_("There is no such platform in the catalog."))
    now = timezone.now()
    if _over_limit(owner, address, now):
        raise CorrectionRefused(_("You have sent many corrections in a short time. Please try again later."))
    reason = refused(source_url) if source_url else None
    if reason:
        raise CorrectionRefused(_("Please link the platform's own page instead: %(reason)s.") % {"reason": reason})
    signed_in = owner is not None and owner.is_authenticated
    return Correction.objects.create(
        owner=owner if signed_in else None, platform=platform, where=where.strip(), what=what.strip(),
        source_url=source_url.strip(), client_hash="" if signed_in else client_hash(address), created_at=now,
    )


def accept_correction(correction, reviewer, corrected_text: str, note: str = ""):
    """Staff accept: the corrected platform file becomes a patch against the shipped one."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Correction
    from .patches import PatchError, current_text, make_patch

    if correction.status != Correction.Status.NEW:
        raise CorrectionRefused(_("This correction was already decided."))
    try:
        patch = make_patch(correction.platform, current_text(correction.platform), corrected_text)
    except PatchError as exc:
        raise CorrectionRefused(str(exc)) from exc
    correction.status, correction.patch = Correction.Status.ACCEPTED, patch
    correction.staff_note, correction.reviewed_by, correction.reviewed_at = note.strip(), reviewer, timezone.now()
    correction.save()
    return correction


def decline_correction(correction, reviewer, note: str):
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Correction

    if correction.status != Correction.Status.NEW:
        raise CorrectionRefused(_("This correction was already decided."))
    if not note.strip():
        raise CorrectionRefused(_("Say why, for the person who reported it."))
    correction.status, correction.staff_note = Correction.Status.DECLINED, note.strip()
    correction.reviewed_by, correction.reviewed_at = reviewer, timezone.now()
    correction.save()
    return correction
