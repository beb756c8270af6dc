"""Every change to a person's requests goes through here: views, the CLI and the tick call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from optout.accounts.services import profile_for
from optout.catalog import regions
from optout.catalog.loader import catalog
from optout.lib.ownership import owned
from optout.notify.services import notify

from . import deadlines
from .authorities import authorities, for_person
from .compose import Letter, LetterError, LetterInput, Party, compose
from .models import LetterEvent, LetterRequest, Status
from .texts import TYPES_BY_REGIME

REMIND_BEFORE = dt.timedelta(days=7)
LANGUAGE_BY_COUNTRY = {
    "DE": "de", "AT": "de", "LI": "de", "CH": "de", "FR": "fr", "BE": "fr", "LU": "fr", "MC": "fr", "ES": "es",
    "IT": "it", "SM": "it", "NL": "nl", "PL": "pl", "PT": "pt", "BR": "pt",
}


class RequestError(ValueError):
    """A request that cannot be made or changed; the message says why and what to do."""


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str
    email: str
    form: str
    lead_authority: str


def regime_for(region: str) -> str:
    region = (region or "").upper()
    if region in ("EU", "EEA"):
        return "gdpr"
    if region == "UK":
        return "uk-gdpr"
    if region == "US-CA":
        return "ccpa"
    return "plain"


def default_language(country: str) -> str:
    return LANGUAGE_BY_COUNTRY.get((country or "").upper(), "en")


def request_types(region: str) -> list[str]:
    return TYPES_BY_REGIME[regime_for(region)]


def recipient_for(platform_slug: str, region: str) -> Recipient:
    """The controller responsible for people in `region`, with how to reach it."""
    platform = catalog().get(platform_slug)
    if platform is None:
        raise RequestError(f"There is no platform {platform_slug!r} in the catalog.")
    codes = regions.covering(region or "OTHER")
    controller = next((c for c in platform.owner.controllers if codes.intersection(c.regions)), None)
    contact = platform.owner.privacy_contact
    email = (controller.privacy_email if controller else None) or (contact if platform.owner.contact_is_email else "")
    form = (controller.privacy_form if controller else None) or ("" if platform.owner.contact_is_email else contact)
    return Recipient(
        name=controller.entity if controller else platform.owner.company,
        address=(controller.address or "").replace(", ", "\n") if controller and controller.address else "",
        email=email or "",
        form=form or "",
        lead_authority=(controller.lead_authority or "") if controller else "",
    )


def _next_number(user) -> int:
    return (owned(LetterRequest, user).aggregate(top=Max("number"))["top"] or 0) + 1


def _holidays(request: LetterRequest):
    authority = authorities().get(request.authority) if request.authority else None
    lead = recipient_for(request.platform, profile_for(request.owner).region).lead_authority if request.platform in catalog() else ""
    place = authority or authorities().get(lead)
    if place:
        return deadlines.place_holidays(place.country, place.subdivision)
    profile = profile_for(request.owner)
    subdivision = profile.region if profile.region.startswith("US-") else None
    return deadlines.place_holidays(profile.country or "", subdivision)


def letter_input(request: LetterRequest, today: dt.date | None = None) -> LetterInput:
    parent = request.parent
    today = today or timezone.localdate()
    deadline = request.effective_deadline
    if deadline is None and request.kind != "complaint":
        deadline = deadlines.for_request(request.regime, request.kind, request.sent_on or today, _holidays(request)).answer_by
    platform = catalog().get(request.platform)
    return LetterInput(
        kind=request.kind, regime=request.regime, language=request.language,
        sender=Party(request.sender_name, request.sender_address, request.sender_email),
        recipient=Party(request.recipient_name, request.recipient_address, request.recipient_email),
        platform=platform.name if platform else request.platform, controller=request.controller,
        account=request.account, reference=request.reference, date=request.sent_on or today, deadline=deadline,
        # Job titles change with gender and grammatical case in most languages; only English gets one.
        creator=request.creator.lower() if request.language == "en" else "", contents=tuple(request.contents), harms=tuple(request.harms), own_words=request.own_words,
        sent_date=parent.sent_on if parent else None,
        original_subject=compose(letter_input(parent)).subject if parent else "",
        original_reference=parent.reference if parent else "",
        original_deadline=parent.effective_deadline if parent else None,
        enclosures=(parent.reference,) if parent else (),
    )


def letter_for(request: LetterRequest) -> Letter:
    return compose(letter_input(request))


@transaction.atomic
def draft_request(user, *, platform: str, kind: str, language: str, name: str, address: str = "", email: str = "",
                  account: str = "", contents=(), harms=(), own_words: str = "", recipient: Recipient | None = None,
                  action=None) -> LetterRequest:
    """Check everything, then store a draft. Raises LetterError (naming a field) or RequestError."""
    profile = profile_for(user)
    regime = regime_for(profile.region)
    if kind not in TYPES_BY_REGIME[regime]:
        allowed = ", ".join(TYPES_BY_REGIME[regime])
        raise LetterError("kind", f"Where you live ({regions.label(profile.region or 'OTHER')}) the requests are: {allowed}.")
    recipient = recipient or recipient_for(platform, profile.region)
    if not (recipient.email or recipient.form or recipient.address):
        raise LetterError(
            "recipient_email",
            f"optout knows no privacy contact for {recipient.name}. Look in its privacy policy for a section called "
            "“Contact”, “Data protection officer” or “Your rights”, and enter the e-mail or postal address here.",
        )
    creator = profile.get_creator_kind_display() if profile.creator_kind not in ("", "other") else ""
    number = _next_number(user)
    request = LetterRequest(
        owner=user, number=number, action=action, platform=platform, kind=kind, regime=regime, language=language,
        reference=f"OPT-{timezone.localdate():%Y}-{user.id:03d}{number:03d}",
        recipient_name=recipient.name, recipient_address=recipient.address, recipient_email=recipient.email,
        recipient_form=recipient.form, controller=recipient.name, sender_name=name, sender_address=address,
        sender_email=email, account=account, creator=str(creator), contents=list(contents), harms=list(harms),
        own_words=own_words,
    )
    checked = compose(letter_input(request))  # raises LetterError on bad input, before anything is stored
    request.sender_name, request.sender_address = checked.sender.name, "\n".join(checked.sender.address_lines)
    request.save()
    _event(request, "", Status.DRAFTED, "Letter drafted.")
    return request


def _event(request: LetterRequest, old: str, new: str, text: str = "", at: dt.datetime | None = None) -> None:
    LetterEvent.objects.create(owner=request.owner, request=request, at=at or timezone.now(), from_status=old,
                               to_status=new, text=text)


def _move(request: LetterRequest, status: str, text: str = "") -> None:
    old = request.status
    request.status = status
    request.save()
    _event(request, old, status, text)


def _sync_plan(request: LetterRequest, status: str, note: str) -> None:
    if request.action_id is None:
        return
    from optout.plans.services import set_status

    set_status(request.action, status, note)


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
    found = deadlines.for_request(request.regime, request.kind, received, _holidays(request))
    request.sent_on, request.received_on, request.channel = sent_on, received, channel
    request.deadline, request.confirm_by = found.answer_by, found.confirm_by
    request.extended_deadline = None
    _move(request, Status.SENT, f"Sent by {channel} on {sent_on.isoformat()}; answer due by {found.answer_by.isoformat()}.")
    kind = {"complaint": "Complaint", "follow-up": "Reminder"}.get(request.kind, "Request")
    _sync_plan(request, "waiting", f"{kind} {request.reference} sent; answer due by {found.answer_by.isoformat()}.")
    if request.parent and request.kind == "complaint":
        _move(request.parent, Status.COMPLAINED, f"Complaint {request.reference} sent to {request.recipient_name}.")
    return request


@transaction.atomic
def record_answer(request: LetterRequest, status: str, note: str = "") -> LetterRequest:
    """acknowledged, answered, refused, extended or closed — with what the company said."""
    if status == "extended":
        if not request.deadline or request.regime not in ("gdpr", "uk-gdpr", "ccpa"):
            raise RequestError("Only a request with a legal deadline can be extended.")
        found = deadlines.for_request(request.regime, request.kind, request.received_on, _holidays(request))
        request.extended_deadline = found.extended_by
        request.save()
        _event(request, request.status, request.status, f"Deadline extended to {found.extended_by.isoformat()}. {note}".strip())
        return request
    if status not in (Status.ACKNOWLEDGED, Status.ANSWERED, Status.REFUSED, Status.CLOSED):
        raise RequestError(f"Unknown answer {status!r}.")
    if request.status == Status.DRAFTED:
        raise RequestError("Mark the letter as sent first.")
    if note:
        request.answer = (request.answer + "\n\n" if request.answer else "") + note
    _move(request, status, note)
    if status == Status.ANSWERED:
        _sync_plan(request, "done", f"{request.reference} answered. {note}".strip())
    elif status == Status.REFUSED:
        _sync_plan(request, "rejected", f"{request.reference} refused. {note}".strip())
    return request


def _child(request: LetterRequest, kind: str, **fields) -> LetterRequest:
    number = _next_number(request.owner)
    fields.setdefault("regime", request.regime)
    child = LetterRequest(
        owner=request.owner, number=number, action=request.action, parent=request, platform=request.platform,
        kind=kind, language=request.language,
        reference=f"OPT-{timezone.localdate():%Y}-{request.owner_id:03d}{number:03d}", controller=request.controller,
        sender_name=request.sender_name, sender_address=request.sender_address, sender_email=request.sender_email,
        account=request.account, **fields,
    )
    child.save()
    _event(child, "", Status.DRAFTED, f"Drafted after {request.reference}.")
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


def timeline(request: LetterRequest) -> list[tuple[str, str]]:
    """The history of a request (and what it follows up), oldest first, for a complaint's annex."""
    chain = [request]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    events = LetterEvent.objects.filter(request__in=chain).select_related("request").order_by("at", "id")
    return [(f"{timezone.localtime(e.at):%Y-%m-%d}", f"{e.request.reference}: {e.text or e.get_to_status_display()}") for e in events]


def run_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Remind a week before a deadline, and mark requests overdue once it has passed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "overdue": 0}
    waiting = LetterRequest.objects.filter(status__in=[Status.SENT, Status.ACKNOWLEDGED]).select_related("owner")
    for request in waiting:
        due = request.effective_deadline
        if due is None:
            continue
        url = reverse("letters:detail", args=[request.number])
        if due < today:
            with transaction.atomic():
                if not LetterRequest.objects.filter(pk=request.pk, status=request.status).update(status=Status.OVERDUE):
                    continue
                _event(request, request.status, Status.OVERDUE, f"No answer by {due.isoformat()}.", at=now)
            notify(request.owner, f"{request.recipient_name} did not answer {request.reference} in time. "
                   "optout can write a reminder or a complaint for you.", url)
            counts["overdue"] += 1
        elif due - today <= dt.timedelta(days=REMIND_BEFORE.days) and request.reminded_at is None:
            if LetterRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(reminded_at=now):
                notify(request.owner, f"The answer to {request.reference} ({request.recipient_name}) is due on {due.isoformat()}.", url)
                counts["reminded"] += 1
    return counts
