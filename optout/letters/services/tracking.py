"""Tracking: what happened to a request after it was drafted — sent, answered, reminded, complained about."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from optout.accounts.services import profile_for
from optout.catalog.loader import catalog
from optout.lib.dates import format_date
from optout.lib.i18n import Said
from optout.plans.history import recorded

from .. import deadlines, events
from ..authorities import authorities, for_person
from ..compose import compose
from ..history import in_plan_sent
from ..models import LetterRequest, Status
from ..regimes import regimes
from .common import RequestError, add_event, holidays, move, next_number, recipient_for, sync_plan
from .drafting import letter_input


@transaction.atomic
def mark_sent(request: LetterRequest, sent_on: dt.date, channel: str, received_on: dt.date | None = None) -> LetterRequest:
    today = timezone.localdate()
    if sent_on > today:
        raise RequestError(f"{sent_on:%d %b %Y} is in the future; enter the day you sent it.")
    if sent_on < today - dt.timedelta(days=366):
        raise RequestError(f"{sent_on:%d %b %Y} is more than a year ago; check the date.")
    if request.status not in (Status.DRAFTED, Status.SENT):
        raise RequestError("This request was already sent and has moved on.")
    if received_on is not None and not sent_on <= received_on <= today:
        raise RequestError(f"{received_on:%d %b %Y} must be between the day you sent it and today.")
    received = received_on or sent_on
    request.sent_on, request.received_on, request.channel = sent_on, received, channel
    rule = regimes()[request.regime].rule_for(request.kind)
    found = deadlines.compute(rule, _counted_from(request, rule), holidays(request)) if rule else None
    request.deadline, request.confirm_by = (found.answer_by, found.confirm_by) if found else (None, None)
    request.extended_deadline, request.paused_on, request.paused_days, request.clock_from = None, None, 0, None
    request.reminded_at = None  # a corrected sending day gives a new deadline, to be reminded of in its turn
    request.sent_copy = compose(letter_input(request)).to_data()
    facts = {"sent_on": sent_on.isoformat(), **({request.date_kind: found.answer_by.isoformat()} if found else {})}
    move(request, Status.SENT, what=events.sent(channel), facts=facts)
    sync_plan(request, "waiting", recorded(in_plan_sent(request.reference, events.sent(channel), facts)))
    if request.parent and request.kind == "complaint":
        move(request.parent, Status.COMPLAINED, what="complaint-sent",
             facts={"reference": request.reference, "recipient": request.recipient_name})
    return request


def _counted_from(request: LetterRequest, rule) -> dt.date:
    """The day the law counts the time from: most from the company's receipt, some from the day of the request."""
    return request.sent_on if rule.counts_from_request else (request.clock_from or request.received_on)


@transaction.atomic
def record_answer(request: LetterRequest, status: str, note: str = "", told_on: dt.date | None = None,
                  until: dt.date | None = None) -> LetterRequest:
    """acknowledged, answered, refused, extended or closed — with what the company said (`told_on`: the day the
    company said it — a proof report dates the answer by it, not by the day it was typed in; today when not given;
    `until`: the later date it named, where the law lets it name one)."""
    if status == "extended":
        return _extend(request, note, told_on, until)
    if status not in (Status.ACKNOWLEDGED, Status.ANSWERED, Status.REFUSED, Status.CLOSED):
        raise RequestError(f"Unknown answer {status!r}.")
    if request.status == Status.DRAFTED:
        raise RequestError(_("Mark the letter as sent first."))
    told_on = told_on or timezone.localdate()
    if request.sent_on and not request.sent_on <= told_on <= timezone.localdate():
        raise RequestError(_("%(date)s must be between the day you sent it and today.") % {"date": format_date(told_on)},
                           "told_on")
    if status == Status.ACKNOWLEDGED and request.kind == "controller-complaint":
        # s.164A(3) DPA 2018 sets only the acknowledgement; after it the company must answer "without undue delay".
        request.deadline = request.extended_deadline = None
    if note:
        request.answer = (request.answer + "\n\n" if request.answer else "") + note
    move(request, status, note.strip(), what=status, facts={"on": told_on.isoformat()})
    if status == Status.ANSWERED:
        sync_plan(request, "done", recorded(Said(events.IN_PLAN_ANSWERED, reference=request.reference), note))
    elif status == Status.REFUSED:
        sync_plan(request, "rejected", recorded(Said(events.IN_PLAN_REFUSED, reference=request.reference), note))
    return request


def _extension_told_on(request: LetterRequest, rule, told_on: dt.date | None, until: dt.date | None) -> dt.date:
    """The day the company announced the extension, once the law is found to allow it as told (RequestError else)."""
    announced = rule is not None and rule.extended_to_announced_date
    if not request.deadline or rule is None or not (rule.extend_to or announced) or not rule.statutory:
        raise RequestError(_("Only a request whose law allows an extension can be extended."))
    if announced and (until is None or until <= request.deadline):
        raise RequestError(_("Give the date the company said it will answer by: the law lets it answer later by "
                             "naming that date, after %(due)s.") % {"due": format_date(request.deadline)}, "until")
    if announced and until > request.deadline + dt.timedelta(days=366):
        raise RequestError(_("%(date)s is more than a year after the first deadline; check the date.")
                           % {"date": format_date(until)}, "until")
    if request.sent_on is None or request.status not in (Status.SENT, Status.ACKNOWLEDGED, Status.OVERDUE):
        raise RequestError(_("Only a sent request that is waiting for an answer can be extended."))
    if told_on is None:
        if request.status == Status.OVERDUE:
            raise RequestError(_("Give the day the company told you of the extension: the law lets it extend only by "
                                 "telling you before its first deadline."), "told_on")
        told_on = timezone.localdate()
    if not request.sent_on <= told_on <= timezone.localdate():
        raise RequestError(_("%(date)s must be between the day you sent it and today.") % {"date": format_date(told_on)},
                           "told_on")
    if request.extended_deadline:
        raise RequestError(_("The deadline was already extended, to %(date)s; the law allows one extension.")
                           % {"date": format_date(request.extended_deadline)})
    # When a posted letter's day of receipt is unknown, its deadline is counted from the posting day and the real one
    # is a few days later: a notice just after it may be in time, so optout cannot refuse it.
    if request.paused_on is None and told_on > request.deadline and not request.deadline_awaits_receipt_day:
        # GDPR Art. 12(3), s.54(3B) DPA 2018, 11 CCR § 7021(b): the extension is announced within the first period
        raise RequestError(_("The company told you on %(told)s, after its time ran out on %(due)s: the law lets it "
                             "extend only by telling you within that time, so the deadline stays as it was.")
                           % {"told": format_date(told_on), "due": format_date(request.deadline)}, "told_on")
    return told_on


def _extend(request: LetterRequest, note: str, told_on: dt.date | None, until: dt.date | None = None) -> LetterRequest:
    rule = regimes()[request.regime].rule_for(request.kind)
    told_on = _extension_told_on(request, rule, told_on, until)
    if rule.extended_to_announced_date:
        extended_by = until  # Swiss DSV Art. 18(2): the date the company named, told within the 30 days
    else:
        extended_by = deadlines.compute(rule, _counted_from(request, rule), holidays(request),
                                        request.paused_days).extended_by
    request.extended_deadline = extended_by
    request.reminded_at = None  # a reminder before the new deadline, as before the first
    was = request.status
    if was in (Status.SENT, Status.OVERDUE):
        # telling of an extension shows the letter arrived: the receipt it owed is given (CCPA's 10 business days), and
        # an overdue mark made while the extension went unrecorded is undone
        request.status = Status.ACKNOWLEDGED
    request.save()
    add_event(request, was, request.status, note.strip(), what="extended",
              facts={"until": extended_by.isoformat(), "told_on": told_on.isoformat()})
    return request


def _child(request: LetterRequest, kind: str, **fields) -> LetterRequest:
    number = next_number(request.owner)
    fields.setdefault("regime", request.regime)
    child = LetterRequest(
        owner=request.owner, number=number, action=request.action, parent=request, platform=request.platform,
        kind=kind, language=fields.pop("language", request.language),
        reference=f"OPT-{timezone.localdate():%Y}-{request.owner_id:03d}{number:03d}", controller=request.controller,
        sender_name=request.sender_name, sender_address=request.sender_address, sender_email=request.sender_email,
        account=request.account, **fields,
    )
    child.save()
    add_event(child, "", Status.DRAFTED, what="drafted-after", facts={"parent": request.reference})
    return child


@transaction.atomic
def make_follow_up(request: LetterRequest) -> LetterRequest:
    if request.status not in (Status.OVERDUE, Status.SENT, Status.ACKNOWLEDGED) or request.kind == "complaint":
        raise RequestError("A reminder is for a sent request that has not been answered.")
    return _child(request, "follow-up", recipient_name=request.recipient_name, recipient_address=request.recipient_address,
                  recipient_email=request.recipient_email, recipient_form=request.recipient_form)


def _original(request: LetterRequest) -> LetterRequest:
    return request.parent if request.kind in ("follow-up", "controller-complaint") and request.parent else request


def _unanswered(request: LetterRequest) -> bool:
    original = _original(request)
    return Status.OVERDUE in (original.status, request.status) or Status.REFUSED in (original.status, request.status)


def complaint_step(request: LetterRequest) -> str:
    """What a person can do about a request that went wrong: "" (nothing yet), "controller" (complain to the
    company first, as UK law expects), "wait" (that complaint is still within its time) or "authority"."""
    original = _original(request)
    regime = regimes()[original.regime]
    if request.kind == "complaint" or not (regime.complaint.authority_basis or regime.complaint.controller_first):
        return ""
    earlier = list(original.children.filter(kind="controller-complaint"))
    if request.kind != "controller-complaint" and not _unanswered(request) and not earlier:
        return ""
    if not regime.complaint.controller_first:
        return "authority" if _unanswered(request) else ""
    if not earlier:
        return "controller"
    if any(c.status in (Status.DRAFTED, Status.SENT) for c in earlier) and not any(
            c.status in (Status.OVERDUE, Status.REFUSED, Status.ACKNOWLEDGED, Status.ANSWERED, Status.CLOSED) for c in earlier):
        return "wait"
    return "authority"


def complaint_authorities(request: LetterRequest):
    """Where this person can complain: their own authorities first, then the company's lead authority."""
    profile = profile_for(request.owner)
    subdivision = profile.region if profile.region.startswith("US-") else profile.subdivision
    country = profile.country or {"UK": "GB", "BR": "BR", "CH": "CH"}.get(profile.region, "")
    regime = _original(request).regime
    found = [a for a in for_person(country, subdivision) if a.regime == regime]
    lead = recipient_for(request.platform, profile.region).lead_authority if request.platform in catalog() else ""
    # A lead authority (Art. 56 GDPR) only helps under the law it enforces: the Irish DPC takes no UK complaint.
    if lead in authorities() and authorities()[lead].regime == regime and all(a.id != lead for a in found):
        found.append(authorities()[lead])
    return found


@transaction.atomic
def make_controller_complaint(request: LetterRequest) -> LetterRequest:
    """A complaint to the company itself (UK: s.164A DPA 2018), before one to the regulator."""
    if complaint_step(request) != "controller":
        raise RequestError("A complaint to the company is for a request that was refused or not answered in time, "
                           "under a law that asks for it before a complaint to the regulator.")
    original = _original(request)
    return _child(original, "controller-complaint", recipient_name=original.recipient_name,
                  recipient_address=original.recipient_address, recipient_email=original.recipient_email,
                  recipient_form=original.recipient_form)


@transaction.atomic
def make_complaint(request: LetterRequest, authority_id: str) -> LetterRequest:
    step = complaint_step(request)
    if step == "controller":
        raise RequestError("Under UK law, complain to the company first (section 164A of the Data Protection Act 2018); "
                           "the regulator expects it before it looks at your complaint.")
    if step == "wait":
        raise RequestError("Your complaint to the company is still within the 30 days it has to acknowledge it.")
    if step != "authority":
        raise RequestError("A complaint is for a request that was refused or not answered in time.")
    authority = authorities().get(authority_id)
    if authority is None:
        raise RequestError(f"Unknown authority {authority_id!r}.")
    if not regimes()[authority.regime].complaint.authority_basis:
        raise RequestError(f"{authority.name} does not take complaints under a law optout can write to.")
    return _child(_original(request), "complaint", regime=authority.regime, authority=authority.id,
                  recipient_name=authority.name, recipient_address=_address_from(authority, profile_for(request.owner)),
                  recipient_email=(authority.email or "") if authority.complaints_by_email else "",
                  recipient_form=authority.complaint_form or "",
                  language=complaint_language(authority, request.language,
                                              profile_for(request.owner).language))


def _address_from(authority, profile) -> str:
    """The authority's postal address as a letter from where the person lives writes it: without the country's name
    (in English in optout's records) when it is the person's own country, as a letter within a country is addressed."""
    lines = (authority.address or "").splitlines()
    if lines and profile.country == authority.country:
        from django.utils import translation
        from django_countries import countries

        with translation.override("en"):
            english = str(dict(countries).get(authority.country, ""))
        if lines[-1].strip().casefold() in {english.casefold(), f"the {english}".casefold()}:
            lines = lines[:-1]
    return "\n".join(lines)


def complaint_language(authority, language: str, reader: str = "") -> str:
    """The language a complaint to `authority` is written in: the request's, when the authority works in it (or optout
    does not know its languages); else one it works in that the person reads — the language they use optout in, then
    English — so that they can read what they sign: a complaint in German to the Irish DPC, or in English to the
    CNIL ("Vous devez rédiger votre plainte en français"), could wait for a translation or be sent back. With none
    of those, the request's (the complaint page says which languages the authority works in)."""
    works_in = list(authority.languages or ())
    if not works_in or language.split("-")[0] in works_in:
        return language
    written = regimes()[authority.regime].languages
    for other in (reader, "en"):
        if other and other.split("-")[0] in works_in and other in written:
            return other
    return language

def pause_reasons(request: LetterRequest) -> list[str]:
    """Which requests for information stop this letter's clock under its law: identity, clarify, both or none."""
    rule = regimes()[request.regime].rule_for(request.kind)
    if rule is None:
        return []
    return [reason for reason, allowed in (("identity", rule.restart_on_identity), ("clarify", rule.pause_for_clarification)) if allowed]


@transaction.atomic
def pause_clock(request: LetterRequest, asked_on: dt.date, reason: str) -> LetterRequest:
    """The company asked for information before answering ("they asked me for information").

    `identity`: where the law restarts the clock on proof of identity (UK Art. 12A), the time runs
    again from the day the company receives it. `clarify`: where the law stops the clock while the
    company waits for what it needs to identify the data asked for, the time stands still until then.
    """
    if reason not in ("identity", "clarify"):
        raise RequestError(f"Unknown reason {reason!r}; use identity or clarify.")
    if reason not in pause_reasons(request):
        what = "for proof of identity" if reason == "identity" else "for clarification"
        raise RequestError(f"Under {regimes()[request.regime].name} a request for information {what} does not stop this letter's clock.")
    if request.status not in (Status.SENT, Status.ACKNOWLEDGED) or request.received_on is None:
        raise RequestError("Only a sent request that is waiting for an answer can be paused.")
    if request.paused_on is not None:
        raise RequestError(f"The clock is already stopped since {request.paused_on.isoformat()}.")
    if asked_on < request.received_on or asked_on > timezone.localdate():
        raise RequestError(f"{asked_on.isoformat()} must be between the day they received your request and today.")
    request.paused_on, request.pause_reason = asked_on, reason
    request.save()
    add_event(request, request.status, request.status, what=f"paused-{reason}", facts={"on": asked_on.isoformat()})
    return request


@transaction.atomic
def resume_clock(request: LetterRequest, answered_on: dt.date) -> LetterRequest:
    """The company received what it asked for: the deadline is counted again, later by the days it stood still."""
    if request.paused_on is None:
        raise RequestError("The clock of this request is not stopped.")
    if answered_on < request.paused_on or answered_on > timezone.localdate():
        raise RequestError(f"{answered_on.isoformat()} must be between {request.paused_on.isoformat()} and today.")
    rule = regimes()[request.regime].rule_for(request.kind)
    if request.pause_reason == "identity":
        request.clock_from, request.paused_days = answered_on, 0
    else:
        # Both the day they asked and the day they received the answer do not count (cf. s.54(3C) DPA 2018).
        request.paused_days += (answered_on - request.paused_on).days + 1
    found = deadlines.compute(rule, _counted_from(request, rule), holidays(request), request.paused_days)
    request.deadline = found.answer_by
    if request.extended_deadline:
        request.extended_deadline = found.extended_by
    request.paused_on, request.pause_reason = None, ""
    request.reminded_at = None
    request.save()
    add_event(request, request.status, request.status, what="resumed",
              facts={"on": answered_on.isoformat(), "due": request.effective_deadline.isoformat()})
    return request
