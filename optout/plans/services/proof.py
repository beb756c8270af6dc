"""Attaching proof to an action: notes, screenshots and confirmation e-mails."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from optout.lib.i18n import Said, gettext_noop
from optout.lib.ownership import owned

from .. import history
from ..evidence import EMAIL_TYPE, EvidenceError, check_email, check_image
from ..models import Action, Event, Evidence
from ..transfer import MAX_PROOF_FILES

MAX_NOTE = 5000
OK, MISSING, CHANGED = "ok", "missing", "changed"  # a stored file, compared with the SHA-256 recorded when it was added
CHUNK = 256 * 1024


def proof_quota() -> int:
    return settings.OPTOUT_PROOF_QUOTA_BYTES


def proof_used(user) -> tuple[int, int]:
    """The bytes and the number of proof files `user` keeps (a note has no file and is not counted)."""
    found = owned(Evidence, user).exclude(file="").aggregate(size=Sum("size"), files=Count("id"))
    return found["size"] or 0, found["files"]


def check_room(user, size: int, name: str) -> None:
    """Refuse a file that would take `user` over the proof quota, saying how much is used of how much."""
    used, files = proof_used(user)
    if files >= MAX_PROOF_FILES:
        raise EvidenceError(gettext_noop("%(name)s was not saved: you already keep %(count)s proof files, the most "
                                         "optout keeps for one person. Delete proof you no longer need to make room."),
                            name=name, count=files)
    limit = proof_quota()
    if used + size > limit:
        raise EvidenceError(gettext_noop("%(name)s (%(size)s) was not saved: optout keeps at most %(limit)s of proof "
                                         "files for one person, and yours already take %(used)s. Delete proof you no "
                                         "longer need to make room."),
                            name=name, size=filesizeformat(size), limit=filesizeformat(limit),
                            used=filesizeformat(used))


def open_stored(evidence: Evidence) -> BinaryIO | None:
    """The stored file of a screenshot or e-mail, open for reading; None when optout no longer has it."""
    if not evidence.file:
        return None
    try:
        return evidence.file.storage.open(evidence.file.name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def hash_file(handle: BinaryIO, copy_to: BinaryIO | None = None) -> str:
    """The SHA-256 of what `handle` holds, read in chunks (a file is never all in memory), copied on the way."""
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest()


def compare(evidence: Evidence, digest: str) -> str:
    # A row without a recorded hash (an old import) cannot be compared: it is taken as it is.
    return CHANGED if evidence.sha256 and digest != evidence.sha256 else OK


def file_check(evidence: Evidence) -> str:
    """"" for a note; for a screenshot or e-mail, whether optout still has its file (else MISSING) and whether that
    is still the file that was added (else CHANGED: its SHA-256 is not the one recorded then)."""
    if evidence.kind == Evidence.Kind.NOTE and not evidence.file:
        return ""
    handle = open_stored(evidence)
    if handle is None:
        return MISSING
    with handle:
        return compare(evidence, hash_file(handle))


def _safe_name(name: str, default: str) -> str:
    name = PurePath(name.replace("\\", "/")).name.strip()
    return "".join(c for c in name if c.isprintable())[:200] or default


def _store(action: Action, evidence: Evidence, data: bytes, suffix: str) -> Evidence:
    """Write the file, then the row; if the row fails, the file is removed again."""
    evidence.file.save(f"upload{suffix}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            # Two uploads at once each found room for themselves before writing: the one that gets here second checks
            # again, with the first one's row in, its owner's row held until this row is in (PostgreSQL; SQLite's
            # IMMEDIATE transactions take one writer at a time anyway).
            list(get_user_model().objects.select_for_update().filter(pk=action.owner_id).values_list("pk"))
            check_room(action.owner, evidence.size, evidence.original_name)
            evidence.save()
            Event.objects.create(owner=action.owner, action=action, at=evidence.created_at, kind=Event.Kind.EVIDENCE,
                                 **history.told(history.EVIDENCE_ADDED,
                                                kind=Said(history.EVIDENCE_KINDS[evidence.kind]),
                                                name=evidence.original_name or evidence.note[:80]))
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def add_note(action: Action, text: str, now: dt.datetime | None = None) -> Evidence:
    text = text.strip()
    if not text:
        raise EvidenceError(_("The note is empty."))
    if len(text) > MAX_NOTE:
        raise EvidenceError(_("The note is %(length)s characters; keep it under %(limit)s.") % {"length": len(text), "limit": MAX_NOTE})
    now = now or timezone.now()
    with transaction.atomic():
        evidence = Evidence.objects.create(owner=action.owner, action=action, kind=Evidence.Kind.NOTE, note=text,
                                           created_at=now, sha256=hashlib.sha256(text.encode()).hexdigest())
        Event.objects.create(owner=action.owner, action=action, at=now, kind=Event.Kind.NOTE, text=text)
    return evidence


def add_screenshot(action: Action, data: bytes, name: str, note: str = "", now: dt.datetime | None = None) -> Evidence:
    name = _safe_name(name, "screenshot")
    checked = check_image(data, name)
    check_room(action.owner, len(data), name)
    evidence = Evidence(
        owner=action.owner, action=action, kind=Evidence.Kind.SCREENSHOT, note=note.strip()[:MAX_NOTE],
        original_name=name, content_type=checked.content_type, size=len(data), sha256=checked.sha256,
        created_at=now or timezone.now(),
    )
    return _store(action, evidence, data, checked.suffix)


def add_email(action: Action, data: bytes, name: str = "", note: str = "", now: dt.datetime | None = None) -> Evidence:
    name = _safe_name(name, "confirmation.eml")
    checked = check_email(data, name)
    check_room(action.owner, len(data), name)
    evidence = Evidence(
        owner=action.owner, action=action, kind=Evidence.Kind.EMAIL, note=note.strip()[:MAX_NOTE], original_name=name,
        content_type=EMAIL_TYPE, size=len(data), sha256=checked.sha256, email_from=checked.sender[:300],
        email_date=checked.date[:100], email_subject=checked.subject[:500], created_at=now or timezone.now(),
    )
    return _store(action, evidence, data, ".eml")


def add_file(action: Action, data: bytes, name: str, note: str = "") -> Evidence:
    """For the CLI: an image becomes a screenshot, anything else must be an e-mail."""
    if PurePath(name).suffix.lower() in (".eml", ".txt", ".msg"):
        return add_email(action, data, name, note)
    try:
        return add_screenshot(action, data, name, note)
    except EvidenceError as image_error:
        if PurePath(name).suffix.lower() in (".png", ".jpg", ".jpeg", ".webp", ".gif"):
            raise
        try:
            return add_email(action, data, name, note)
        except EvidenceError:
            raise EvidenceError(_("%(name)s is neither a screenshot (PNG, JPEG, WebP, GIF) nor a saved e-mail (.eml)."),
                                name=_safe_name(name, 'the file')) from image_error


def delete_evidence(evidence: Evidence) -> None:
    """Delete one proof item for good: its row, its file (once the deletion is committed, accounts/signals.py) and
    what the line in its step's history that recorded it said (a note's text, a file's name, which the person asked
    to be rid of). The line stays, as "Proof deleted" at the moment of deletion: the history shows that something was
    taken away, and a calendar event's SEQUENCE (a count of the lines) never falls back to a number already used."""
    kind = Event.Kind.NOTE if evidence.kind == Evidence.Kind.NOTE else Event.Kind.EVIDENCE
    with transaction.atomic():
        recorded = owned(Event, evidence.owner).filter(action=evidence.action, kind=kind, at=evidence.created_at)
        if evidence.kind == Evidence.Kind.NOTE:
            recorded = recorded.filter(text=evidence.note)
        else:
            # Items added at the same instant (an import) each have their line: only this one's goes.
            named = recorded.filter(text__endswith=f": {evidence.original_name or evidence.note[:80]}")
            recorded = named if named.exists() else recorded
        line = recorded.order_by("id").first()
        if line is not None:
            line.kind, line.text, line.said, line.at = Event.Kind.EVIDENCE_DELETED, "", None, timezone.now()
            line.save(update_fields=["kind", "text", "said", "at"])
        evidence.delete()
