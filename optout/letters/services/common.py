"""What drafting, tracking and reminders share: the error type, the recipient lookup, history rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from optout.accounts.services import profile_for
from optout.catalog import regions
from optout.catalog.loader import catalog
from optout.lib.i18n import Said, gettext_noop
from optout.lib.ownership import owned

from .. import deadlines
from ..authorities import authorities
from ..models import LetterEvent, LetterRequest
from ..regimes import regimes


class RequestError(ValueError):
    """A request that cannot be made or changed; the message says why and what to do (`field`: the form field it is
    about, where there is one)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


class CannotPrint(RequestError):
    """The letter cannot be made in this format on this machine (e.g. no font for its script); the message says what to install."""


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str
    email: str
    form: str
    lead_authority: str


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


def recipient_unconfirmed(letter: LetterRequest) -> Said | None:
    """Why a letter's recipient, a platform's company, may not be who to write to or how to reach them, as far as the
    catalog tells (None when a page of the platform's own named them): a letter to the wrong company or address goes
    astray, so the person is asked to check before sending."""
    if letter.kind == "complaint":
        return None
    return unconfirmed_company(letter.platform, letter.recipient_name, profile_for(letter.owner).region)


def unconfirmed_company(platform_slug: str, name: str, region: str) -> Said | None:
    """`recipient_unconfirmed` for a company named `name` as the recipient of a letter about `platform_slug` from a
    person in `region`. A company the catalog names for other regions only is no answer for this one: a Brazilian's
    letter went to Meta Platforms, Inc. (named for the US and the UK) without a word of doubt."""
    platform = catalog().get(platform_slug)
    if platform is None:
        return None
    check = Said(gettext_noop("Before you send it, check in %(platform)s's privacy policy which company is responsible "
                              "for your data and how to reach it."), platform=platform.name)
    codes = regions.covering(region or "OTHER")
    controller = next((c for c in platform.owner.controllers if c.entity == name and codes.intersection(c.regions)),
                      None)
    if controller is None:
        if name != platform.owner.company and not any(c.entity == name for c in platform.owner.controllers):
            return None  # a company the person named: theirs to know
        return Said(gettext_noop("optout does not know which of %(platform)s's companies is responsible for your data "
                                 "where you live, so this letter goes to %(name)s at the privacy contact optout has "
                                 "for it. %(check)s"), platform=platform.name, name=name, check=check)
    if controller.read_on_the_platforms_pages:
        if controller.confidence != "low":
            return None
        return Said(gettext_noop("optout is not sure of all it has for %(name)s: %(reason)s %(check)s"),
                    name=name, reason=controller.confidence_reason.strip(), check=check)
    if not controller.sources:
        return Said(gettext_noop("optout has no source for the name and contact details of %(name)s. %(check)s"),
                    name=name, check=check)
    return Said(gettext_noop("optout took the name and contact details of %(name)s from sources other than "
                             "%(platform)s's own pages (%(sources)s). %(check)s"),
                name=name, platform=platform.name, sources="; ".join(source.title for source in controller.sources),
                check=check)


def recipient_form_is_a_form(letter: LetterRequest) -> bool:
    """Whether a letter's `recipient_form` is a form to paste it into (a controller's privacy form, an authority's
    complaint form) rather than the page where the company says how to reach its privacy team, which is all optout
    knows for some (often its privacy policy)."""
    if not letter.recipient_form:
        return False
    if letter.kind == "complaint":
        return True
    platform = catalog().get(letter.platform)
    return platform is not None and any(c.privacy_form == letter.recipient_form for c in platform.owner.controllers)


def next_number(user) -> int:
    return (owned(LetterRequest, user).aggregate(top=Max("number"))["top"] or 0) + 1


def holidays(request: LetterRequest):
    """Public holidays where the deadline runs: the law's own country (UK, Brazil, Switzerland, California), else
    (the GDPR) the authority's or lead authority's Member State, else the person's place. A UK letter to a company
    whose EU lead authority is Ireland's skipped Irish holidays, not Good Friday."""
    found = regimes().get(request.regime)
    if found is not None and found.holidays_of:
        country, _dash, state = found.holidays_of.partition("-")
        return deadlines.place_holidays(country, found.holidays_of if state else None)
    authority = authorities().get(request.authority) if request.authority else None
    lead = recipient_for(request.platform, profile_for(request.owner).region).lead_authority if request.platform in catalog() else ""
    place = authority or authorities().get(lead)
    if place:
        return deadlines.place_holidays(place.country, place.subdivision)
    profile = profile_for(request.owner)
    subdivision = profile.region if profile.region.startswith("US-") else profile.subdivision or None
    return deadlines.place_holidays(profile.country or "", subdivision)


def add_event(request: LetterRequest, old: str, new: str, text: str = "", at: dt.datetime | None = None, *,
              what: str = "", facts: dict | None = None) -> None:
    """`what` and `facts`: what happened, put in words where it is read (letters/history.py); `text`: the person's
    own words only."""
    LetterEvent.objects.create(owner=request.owner, request=request, at=at or timezone.now(), from_status=old,
                               to_status=new, text=text, what=what, facts=facts or {})


def move(request: LetterRequest, status: str, text: str = "", *, what: str = "", facts: dict | None = None) -> None:
    old = request.status
    request.status = status
    request.save()
    add_event(request, old, status, text, what=what, facts=facts)


def sync_plan(request: LetterRequest, status: str, note: str | dict) -> None:
    """Keep the plan step this letter belongs to in step with the letter. A step waiting for a letter's answer gets no
    reminder of its own: the letter reminds of its deadline, and the step's two weeks would be another date. `note`:
    `history.recorded(...)`, optout's sentence (and the person's words after it)."""
    if request.action_id is None:
        return
    from optout.plans.services import set_status

    set_status(request.action, status, note, remind=False)
