"""An objection form as one guided sequence: 1 reason → 2 open the form → 3 start the clock → 4 enter the
code → 5 attach the confirmation. Every part's state is stored (here and on the Action), so a reload or
another device continues where the person left off; the same reason prefills the objection letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from optout.accounts.services import profile_for

from .. import history
from ..models import Action, Event, Evidence, Objection, Status
from ..reasons import CONTENT_CHOICES, HARM_CHOICES, LANGUAGES, MAX_OWN_WORDS, build_reason
from .progress import PlanError, mechanism_for, set_status


def default_language() -> str:
    current = (translation.get_language() or "en").split("-")[0]
    return current if current in LANGUAGES else "en"


def objection_for(action: Action) -> Objection:
    """The stored sequence of this step (read-only until the person changes something)."""
    found = Objection.objects.filter(action=action).first()
    return found or Objection(owner=action.owner, action=action, language=default_language())


def _stored(action: Action) -> Objection:
    """The step's stored sequence, created if it has none yet, for a writer that then saves only its own
    fields: the reason saves as the person types while "the form was opened" arrives from another request,
    and a whole-row save by one would undo the other's (a lost update)."""
    objection, _created = Objection.objects.get_or_create(
        action=action, defaults={"owner": action.owner, "language": default_language()})
    return objection


REASON_FIELDS = ["language", "contents", "harms", "own_words", "reason_saved_at"]


@transaction.atomic
def save_reason(action: Action, *, language: str, contents: list[str], harms: list[str], own_words: str,
                now: dt.datetime | None = None) -> Objection:
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; choose one of {', '.join(LANGUAGES)}.")
    objection = _stored(action)
    objection.language = language
    objection.contents = [c for c in contents if c in dict(CONTENT_CHOICES)]
    objection.harms = [h for h in harms if h in dict(HARM_CHOICES)]
    objection.own_words = (own_words or "").strip()[:MAX_OWN_WORDS]
    objection.reason_saved_at = now or timezone.now()
    objection.save(update_fields=REASON_FIELDS)
    return objection


def reason_text(action: Action, objection: Objection | None = None) -> str:
    """The paragraph to paste into the form, in the objection's language."""
    objection = objection or objection_for(action)
    creator = profile_for(action.owner).creator_kind
    with translation.override(objection.language):
        return build_reason(contents=objection.contents, harms=objection.harms, own_words=objection.own_words,
                            creator_kind=creator, translate=translation.gettext)


def form_opened(action: Action, now: dt.datetime | None = None) -> Objection:
    objection = _stored(action)
    if objection.form_opened_at is None:
        objection.form_opened_at = now or timezone.now()
        # only if no other request marked it meanwhile: the first opening is the one kept
        Objection.objects.filter(pk=objection.pk, form_opened_at__isnull=True).update(form_opened_at=objection.form_opened_at)
    return objection


@transaction.atomic
def form_failed(action: Action, now: dt.datetime | None = None) -> Objection:
    """The person says the form did not work, or the platform refused: noted once, and from then on a letter with the
    same reason takes over (the form's parts show only what was done with the form)."""
    now = now or timezone.now()
    objection = _stored(action)
    if objection.form_failed_at is not None:  # asked again (a second click, a second letter): already in the history
        return objection
    objection.form_failed_at = now
    objection.save(update_fields=["form_failed_at"])
    Event.objects.create(owner=action.owner, action=action, at=now, kind=Event.Kind.NOTE,
                         **history.told(history.FORM_FAILED))
    return objection


@transaction.atomic
def form_works_again(action: Action, now: dt.datetime | None = None) -> Objection:
    """Undo "the form does not work" (a mistaken click, or the form works now): the form's parts count again. A letter
    already written stays on the letters page, with its own deadline."""
    objection = _stored(action)
    if objection.form_failed_at is None:
        return objection
    if action.status in (Status.WAITING, Status.DONE):  # the letter is sent: the step is the letter's now
        raise PlanError(_("Your letter is sent, so this step follows the letter now: its page keeps the deadline "
                          "and the answer."))
    objection.form_failed_at = None
    objection.save(update_fields=["form_failed_at"])
    Event.objects.create(owner=action.owner, action=action, at=now or timezone.now(), kind=Event.Kind.NOTE,
                         **history.told(history.FORM_WORKS))
    return objection


def letter_gone(action: Action, reference: str, now: dt.datetime | None = None) -> None:
    """The person deleted the last letter of this step. A step that waited for it is open again (nothing tracks that
    wait now), and an objection a letter had taken over goes back to the form; a step the letter finished stays done."""
    if action.status == Status.DONE:
        return
    now = now or timezone.now()
    with transaction.atomic():
        Objection.objects.filter(action=action).update(form_failed_at=None)
        note = history.told(history.LETTER_DELETED, reference=reference)
        if action.status == Status.WAITING:
            set_status(action, Status.TODO, note, now, remind=False)
        else:
            Event.objects.create(owner=action.owner, action=action, at=now, kind=Event.Kind.NOTE, **note)


def letter_prefill(action: Action) -> dict | None:
    """For the letters app: the reason the person wrote for this step's form, or None if they wrote none."""
    found = Objection.objects.filter(action=action, reason_saved_at__isnull=False).first()
    if found is None:
        return None
    return {"language": found.language, "contents": list(found.contents), "harms": list(found.harms),
            "own_words": found.own_words}


@dataclass(frozen=True)
class Part:
    number: int
    key: str
    done: bool


def sequence(action: Action, objection: Objection, *, uses_code: bool, now: dt.datetime | None = None) -> dict:
    """Which parts are done and which one is next.

    Once a letter took over (`form_failed_at`), the step waits for, or is done by, the letter: only what was done
    with the form before counts as the form's."""
    now = now or timezone.now()
    failed = objection.form_failed_at
    if failed is None:
        sent = action.status in (Status.WAITING, Status.DONE)
    else:
        sent = action.events.filter(to_status=Status.WAITING, at__lt=failed).exists()
    clock = bool(action.code_expires_at) or sent
    has_confirmation = Evidence.objects.filter(action=action, kind=Evidence.Kind.EMAIL).exists()
    parts = [
        Part(1, "reason", objection.reason_saved_at is not None),
        Part(2, "form", objection.form_opened_at is not None or clock),
    ]
    if uses_code:
        parts += [Part(3, "clock", clock), Part(4, "code", sent)]
    else:
        parts += [Part(3, "sent", sent)]
    parts.append(Part(len(parts) + 1, "confirmation", has_confirmation or (failed is None and action.status == Status.DONE)))
    current = next((p.key for p in parts if not p.done), "")
    return {"parts": parts, "current": current, "done": {p.key: p.done for p in parts},
            "numbers": {p.key: p.number for p in parts}}


def form_url(action: Action) -> str:
    mechanism = mechanism_for(action)
    if mechanism is None:
        return ""
    return next((step.url for step in mechanism.steps if step.url), "")
