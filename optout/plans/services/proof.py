"""Attaching proof to an action: notes, screenshots and confirmation e-mails."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from optout.lib.ownership import owned

from ..evidence import EMAIL_TYPE, EvidenceError, check_email, check_image
from ..models import Action, Event, Evidence

MAX_NOTE = 5000


def _safe_name(name: str, default: str) -> str:
    name = PurePath(name.replace("\\", "/")).name.strip()
    return "".join(c for c in name if c.isprintable())[:200] or default


def _store(action: Action, evidence: Evidence, data: bytes, suffix: str) -> Evidence:
    """Write the file, then the row; if the row fails, the file is removed again."""
    evidence.file.save(f"upload{suffix}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            evidence.save()
            Event.objects.create(owner=action.owner, action=action, at=evidence.created_at, kind=Event.Kind.EVIDENCE,
                                 text=f"{evidence.get_kind_display()}: {evidence.original_name or evidence.note[:80]}")
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
    evidence = Evidence(
        owner=action.owner, action=action, kind=Evidence.Kind.SCREENSHOT, note=note.strip()[:MAX_NOTE],
        original_name=name, content_type=checked.content_type, size=len(data), sha256=checked.sha256,
        created_at=now or timezone.now(),
    )
    return _store(action, evidence, data, checked.suffix)


def add_email(action: Action, data: bytes, name: str = "", note: str = "", now: dt.datetime | None = None) -> Evidence:
    name = _safe_name(name, "confirmation.eml")
    checked = check_email(data, name)
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
    """Delete one proof item for good: its row, its file (once the deletion is committed, accounts/signals.py) and the
    line in its step's history that recorded it (that line repeats a note's text and a file's name, which the person
    asked to be rid of). Other history of the step stays."""
    kind = Event.Kind.NOTE if evidence.kind == Evidence.Kind.NOTE else Event.Kind.EVIDENCE
    with transaction.atomic():
        recorded = owned(Event, evidence.owner).filter(action=evidence.action, kind=kind, at=evidence.created_at)
        if evidence.kind == Evidence.Kind.NOTE:
            recorded = recorded.filter(text=evidence.note)
        recorded.delete()
        evidence.delete()
