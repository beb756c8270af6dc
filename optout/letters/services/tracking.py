"""Tracking: what happened to a request after it was drafted — sent, answered, reminded, complained about."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from optout.accounts.services import profile_for
from optout.catalog.loader import catalog

from .. import deadlines
from ..authorities import authorities, for_person
from ..models import LetterRequest, Status
from .common import RequestError, add_event, holidays, move, next_number, recipient_for, sync_plan


@transaction.atomic
def mark_sent(request: LetterRequest, sent_on: dt.date, channel: str, received_on: dt.date | None = None) -> LetterRequest:
    today = timezone.localdate()
    if sent_on > today:
        raise RequestError(f"{sent_on:%d %b %Y} is in the future; enter the day you sent it.")
    if sent_on < today - dt.timedelta(days=366):
        raise RequestError(f"{sent_on:%d %b %Y} is more than a year ago; check the date.")
    if request.status not in (Status.DRAFTED, Status.SENT):
        raise RequestError("This request was already sent and has moved on.")
    received = received_on or sent_on
    found = deadlines.for_request(request.regime, request.kind, received, holidays(request))
    request.sent_on, request.received_on, request.channel = sent_on, received, channel
    request.deadline, request.confirm_by = found.answer_by, found.confirm_by
    request.extended_deadline = None
    move(request, Status.SENT, f"Sent by {channel} on {sent_on.isoformat()}; answer due by {found.answer_by.isoformat()}.")
    kind = {"complaint": "Complaint", "follow-up": "Reminder"}.get(request.kind, "Request")
    sync_plan(request, "waiting", f"{kind} {request.reference} sent; answer due by {found.answer_by.isoformat()}.")
    if request.parent and request.kind == "complaint":
        move(request.parent, Status.COMPLAINED, f"Complaint {request.reference} sent to {request.recipient_name}.")
    return request


@transaction.atomic
def record_answer(request: LetterRequest, status: str, note: str = "") -> LetterRequest:
    """acknowledged, answered, refused, extended or closed — with what the company said."""
    if status == "extended":
        if not request.deadline or request.regime not in ("gdpr", "uk-gdpr", "ccpa"):
            raise RequestError("Only a request with a legal deadline can be extended.")
        found = deadlines.for_request(request.regime, request.kind, request.received_on, holidays(request))
        request.extended_deadline = found.extended_by
        request.save()
        add_event(request, request.status, request.status, f"Deadline extended to {found.extended_by.isoformat()}. {note}".strip())
        return request
    if status not in (Status.ACKNOWLEDGED, Status.ANSWERED, Status.REFUSED, Status.CLOSED):
        raise RequestError(f"Unknown answer {status!r}.")
    if request.status == Status.DRAFTED:
        raise RequestError("Mark the letter as sent first.")
    if note:
        request.answer = (request.answer + "\n\n" if request.answer else "") + note
    move(request, status, note)
    if status == Status.ANSWERED:
        sync_plan(request, "done", f"{request.reference} answered. {note}".strip())
    elif status == Status.REFUSED:
        sync_plan(request, "rejected", f"{request.reference} refused. {note}".strip())
    return request


def _child(request: LetterRequest, kind: str, **fields) -> LetterRequest:
    number = next_number(request.owner)
    fields.setdefault("regime", request.regime)
    child = LetterRequest(
        owner=request.owner, number=number, action=request.action, parent=request, platform=request.platform,
        kind=kind, language=request.language,
        reference=f"OPT-{timezone.localdate():%Y}-{request.owner_id:03d}{number:03d}", controller=request.controller,
        sender_name=request.sender_name, sender_address=request.sender_address, sender_email=request.sender_email,
        account=request.account, **fields,
    )
    child.save()
    add_event(child, "", Status.DRAFTED, f"Drafted after {request.reference}.")
    return child


@transaction.atomic
def make_follow_up(request: LetterRequest) -> LetterRequest:
    if request.status not in (Status.OVERDUE, Status.SENT, Status.ACKNOWLEDGED) or request.kind == "complaint":
        raise RequestError("A reminder is for a sent request that has not been answered.")
    return _child(request, "follow-up", recipient_name=request.recipient_name, recipient_address=request.recipient_address,
                  recipient_email=request.recipient_email, recipient_form=request.recipient_form)


def complaint_authorities(request: LetterRequest):
    """Where this person can complain: their own authorities first, then the company's lead authority."""
    profile = profile_for(request.owner)
    subdivision = profile.region if profile.region.startswith("US-") else ""
    found = for_person(profile.country or ("GB" if profile.region == "UK" else ""), subdivision)
    lead = recipient_for(request.platform, profile.region).lead_authority if request.platform in catalog() else ""
    if lead and lead in authorities() and all(a.id != lead for a in found):
        found.append(authorities()[lead])
    return found


@transaction.atomic
def make_complaint(request: LetterRequest, authority_id: str) -> LetterRequest:
    original = request.parent if request.kind == "follow-up" and request.parent else request
    if original.status not in (Status.OVERDUE, Status.REFUSED) and request.status not in (Status.OVERDUE, Status.REFUSED):
        raise RequestError("A complaint is for a request that was refused or not answered in time.")
    authority = authorities().get(authority_id)
    if authority is None:
        raise RequestError(f"Unknown authority {authority_id!r}.")
    return _child(original, "complaint", regime=authority.regime, authority=authority.id,
                  recipient_name=authority.name, recipient_address=authority.address or "",
                  recipient_email=authority.email or "", recipient_form=authority.complaint_form or "")
