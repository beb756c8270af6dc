"""Drafting: which requests a person can make, storing a draft, and turning a stored request into a file.

`render_letter` is the one way a stored request becomes a PDF, an e-mail or text — for the web page,
the download, the CLI and anything else — so a complaint always carries its annex and a reminder its
original, whoever asks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation

from optout.accounts.choices import CREATOR_KINDS
from optout.accounts.services import profile_for
from optout.catalog import regions
from optout.catalog.loader import catalog

from .. import deadlines, regimes
from ..authorities import authorities
from ..compose import Letter, LetterError, LetterInput, Party, compose, format_date
from ..models import LetterEvent, LetterRequest, Status
from ..outputs import OUTPUTS
from ..outputs.pdf import FontsMissing
from .common import CannotPrint, Recipient, RequestError, add_event, holidays, next_number, recipient_for


def regime_for(region: str) -> str:
    """The id of the law that protects a person living in `region`."""
    return regimes.regime_for(region).id


def languages_for(region: str) -> list[str]:
    """Languages the letters of that person's law are written in, its default first."""
    return list(regimes.regime_for(region).languages)


def default_language(country: str, region: str = "") -> str:
    """The person's language when their law has letters in it, else the law's own first language."""
    wanted = regions.LANGUAGE_BY_COUNTRY.get(regions.legal_country(country), "en")
    available = languages_for(region) if region else [wanted]
    return wanted if wanted in available else available[0]


def request_types(region: str) -> list[str]:
    return list(regimes.regime_for(region).requests)


def default_request(region: str) -> str:
    """The request written when none is asked for: what optout is for, an objection to the AI use, as the law there
    has it (California's first request type is an access request, which it was given before)."""
    return regimes.request_for_purpose(regimes.regime_for(region), "objection")


def request_for_step(region: str, action) -> str:
    """The request a plan step pre-selects: what the step wants (objection, erasure, …) under the person's law."""
    from optout.plans.services import mechanism_for

    mechanism = mechanism_for(action) if action is not None else None
    if mechanism is None:
        purpose = regimes.step_purpose(getattr(action, "kind", ""), getattr(action, "title", ""))
    else:
        purpose = regimes.step_purpose(mechanism.kind, " ".join([mechanism.id.replace("-", " "), mechanism.title, mechanism.summary]))
    return regimes.request_for_purpose(regimes.regime_for(region), purpose)



def _refused_on(request: LetterRequest) -> dt.date | None:
    """The day the company refused the request, as the person recorded it (else the day it was recorded); None when
    it never refused."""
    refusal = request.events.filter(to_status=Status.REFUSED).order_by("-at").first()
    if refusal is None:
        return None
    told = (refusal.facts or {}).get("on")
    try:
        return dt.date.fromisoformat(told) if told else timezone.localdate(refusal.at)
    except ValueError:
        return timezone.localdate(refusal.at)


def letter_input(request: LetterRequest, today: dt.date | None = None) -> LetterInput:
    parent = request.parent
    today = today or timezone.localdate()
    # The date the letter itself names, counted from the day it is sent (today for a draft): the copy of a sent
    # letter must say what the company read, not the deadline tracked since (from its receipt, or extended).
    found = deadlines.for_request(request.regime, request.kind, request.sent_on or today, holidays(request))
    deadline = found.answer_by if found and request.kind != "complaint" else None
    platform = catalog().get(request.platform)
    return LetterInput(
        kind=request.kind, regime=request.regime, language=request.language,
        sender=Party(request.sender_name, request.sender_address, request.sender_email),
        recipient=Party(request.recipient_name, request.recipient_address, request.recipient_email),
        platform=platform.name if platform else request.platform, controller=request.controller,
        account=request.account, reference=request.reference, date=request.sent_on or today, deadline=deadline,
        creator=_creator_kind(request.creator), contents=tuple(request.contents),
        harms=tuple(request.harms), own_words=request.own_words,
        sent_date=parent.sent_on if parent else None,
        original_subject=compose(letter_input(parent)).subject if parent else "",
        original_reference=parent.reference if parent else "",
        original_deadline=parent.effective_deadline if parent else None,
        original_refused_on=_refused_on(parent) if parent else None,
        # its date counted from posting, the day of receipt unknown: the complaint says so, not that the law's ran out
        original_posted_on=parent.sent_on if parent and parent.deadline_awaits_receipt_day else None,
        enclosures=(parent.reference,) if parent else (),
        controller_complaint_date=_controller_complaint_date(request),
        authority_basis=_authority_basis(request),
    )


def _authority_basis(request: LetterRequest) -> str:
    """The provision a complaint to this authority is made under, or "" where the law's names another body."""
    if request.kind != "complaint":
        return ""
    authority = authorities().get(request.authority)
    if authority is not None and not authority.cites_basis:
        return ""
    return regimes.regimes()[request.regime].complaint.authority_basis or ""


def _controller_complaint_date(request: LetterRequest) -> dt.date | None:
    """For a complaint to an authority: when the person first complained to the company, if they did."""
    if request.kind != "complaint" or request.parent is None:
        return None
    earlier = request.parent.children.filter(kind="controller-complaint").exclude(sent_on=None).order_by("sent_on").first()
    return earlier.sent_on if earlier else None


def _creator_kind(stored: str) -> str:
    """The kind of creator a letter speaks of. Letters drafted before it was stored as a kind hold the profile's English
    label ("Photographer"); one in another language of the interface matches none and is left out, as it was then."""
    if stored in dict(CREATOR_KINDS):
        return stored
    return {label.lower(): kind for kind, label in CREATOR_KINDS}.get(stored.lower(), "")


def letter_for(request: LetterRequest) -> Letter:
    """The letter as sent (its kept copy), or as it would be composed now (a draft, or one sent before copies)."""
    if request.sent_copy and request.status != Status.DRAFTED:
        return Letter.from_data(request.sent_copy)
    return compose(letter_input(request))


def _followed_up(request: LetterRequest) -> list[LetterRequest]:
    """The letters `request` follows up, the nearest first (a complaint's reminder, then the request itself)."""
    chain = []
    while (request := request.parent) is not None:
        chain.append(request)
    return chain


def timeline(request: LetterRequest) -> list[tuple[str, str]]:
    """The history of what a complaint is about (the request and its reminders, not the complaint's own events,
    which speak to the person: "The authority is to tell you …"), oldest first, for the complaint's annex, its days
    written as the letter writes them."""
    events = list(LetterEvent.objects.filter(request__in=_followed_up(request)).select_related("request")
                  .order_by("at", "id"))
    with translation.override(request.language.split("-")[0]):  # the letter's language, as the rest of the letter
        return [(format_date(timezone.localtime(e.at).date(), request.language),
                 f"{e.request.reference}: {e.described or e.get_to_status_display()}")
                for e in events if not _answered_in_time(e, events)]


ANSWERS = ("answered", "refused")  # an acknowledgement is no answer


def _answered_in_time(event: LetterEvent, events: list[LetterEvent]) -> bool:
    """An "overdue" line that an answer recorded later, dated on or before that day, contradicts: the company did
    answer in time, and the person told optout after the day had passed. An annex saying both ("No answer by 10
    November", then "The company refused on 20 October") undoes the person's word before a regulator."""
    due = event.facts.get("due") if event.what == "overdue" else None
    return bool(due) and any(other.request_id == event.request_id and other.what in ANSWERS
                             and (other.facts.get("on") or "9999") <= due for other in events)


@dataclass(frozen=True)
class Rendered:
    data: bytes
    content_type: str
    filename: str


def render_letter(request: LetterRequest, fmt: str) -> Rendered:
    """The letter as `fmt` (pdf, eml, txt): a complaint's PDF carries the request's history in the letter's
    language, and an e-mail that follows up or complains carries the original request as a PDF."""
    output = OUTPUTS.get(fmt)
    if output is None:
        raise RequestError(f"There is no {fmt!r} format; use one of {', '.join(OUTPUTS)}.")
    composed = letter_for(request)
    try:
        return _render(request, composed, output, fmt)
    except FontsMissing as exc:
        raise CannotPrint(str(exc)) from exc


def _render(request: LetterRequest, composed: Letter, output, fmt: str) -> Rendered:
    options: dict = {}
    if fmt == "pdf" and request.parent is not None:  # its text says the request it follows up is enclosed: it is
        options["enclosed"] = [letter_for(earlier) for earlier in reversed(_followed_up(request))]
    if request.kind == "complaint" and fmt == "pdf":
        options |= {"annex": timeline(request), "annex_title": composed.labels["history"]}
    if request.parent is not None and fmt == "eml":
        original = _render(request.parent, letter_for(request.parent), OUTPUTS["pdf"], "pdf").data
        options = {"attachments": [(f"{request.parent.reference}.pdf", "application/pdf", original)]}
    return Rendered(output.render(composed, **options), output.CONTENT_TYPE, f"{request.reference}{output.SUFFIX}")


@transaction.atomic
def draft_request(user, *, platform: str, kind: str, language: str, name: str, address: str = "", email: str = "",
                  account: str = "", contents=(), harms=(), own_words: str = "", recipient: Recipient | None = None,
                  action=None) -> LetterRequest:
    """Check everything, then store a draft. Raises LetterError (naming a field) or RequestError."""
    profile = profile_for(user)
    regime = regime_for(profile.region)
    if kind not in regimes.regimes()[regime].requests:
        allowed = ", ".join(regimes.regimes()[regime].requests)
        raise LetterError("kind", f"Where you live ({regions.label(profile.region or 'OTHER')}) the requests are: {allowed}.")
    recipient = recipient or recipient_for(platform, profile.region)
    if not (recipient.email or recipient.form or recipient.address):
        raise LetterError(
            "recipient_email",
            f"optout knows no privacy contact for {recipient.name}. Look in its privacy policy for a section called "
            "“Contact”, “Data protection officer” or “Your rights”, and enter the e-mail or postal address here.",
        )
    creator = profile.creator_kind if profile.creator_kind != "other" else ""
    number = next_number(user)
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
    add_event(request, "", Status.DRAFTED, what="drafted")
    return request
