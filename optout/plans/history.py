"""What optout writes in a step's history, kept as its sentence and facts (`Event.said`) so that the step's page and
the proof report say it in the reader's language of the day, as letters' history does; `Event.text` keeps it in
English for the command line and for rows written before.

Pure: no Django. Every sentence is here, so that a row read back (a plan imported from elsewhere) can only say one
of them.
"""

from __future__ import annotations

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

from . import registries, vocabulary

CATALOG_CHANGED = _("optout’s information about %(platform)s changed. Check that your setting still holds.")
CODE_ASKED = _("Code asked for. Guides report that it works for %(minutes)s minutes (the platform does not say).")
OBJECTION_SENT = _("Objection sent; waiting for the platform's confirmation.")
FORM_FAILED = _("The form did not work, or the platform refused: an objection letter with the same reason instead.")
FORM_WORKS = _("The form works after all: back to the form.")
LETTER_DELETED = _("Letter %(reference)s deleted: this step is open again.")
RECHECK_DUE = _("Time to check again: platforms change their settings.")
NO_CONFIRMATION = _("No confirmation from %(platform)s yet for “%(step)s”.")
CONFIRMATION_ATTACHED = _("The platform's confirmation is attached.")
EVIDENCE_ADDED = _("%(kind)s: %(name)s")
EVIDENCE_KINDS = dict(vocabulary.EVIDENCE_KINDS)  # the labels the models show, marked for translation there
# Why a step stopped applying: `Action.retired_reason` keeps the English, the step's page says it (`reason_in_words`).
ACCOUNT_REMOVED = _("You removed this account from My platforms.")
PLATFORM_GONE = _("This platform is no longer in the catalog.")
NO_LONGER_OFFERED = _("It no longer applies where you live, or the platform no longer offers it.")
RETIRE_REASONS = frozenset({ACCOUNT_REMOVED, PLATFORM_GONE, NO_LONGER_OFFERED})

SENTENCES = frozenset({CATALOG_CHANGED, CODE_ASKED, OBJECTION_SENT, FORM_FAILED, FORM_WORKS, LETTER_DELETED,
                       RECHECK_DUE, NO_CONFIRMATION, CONFIRMATION_ATTACHED, EVIDENCE_ADDED, *EVIDENCE_KINDS.values(),
                       *RETIRE_REASONS})


def known() -> frozenset[str]:
    """optout's sentences a step's history may hold: the ones above and those other apps add (registries)."""
    return SENTENCES | registries.HISTORY_SENTENCES


def told(template: str, **facts) -> dict:
    """An event's `text` and `said` for one of the sentences above."""
    return recorded(Said(template, **facts))


def recorded(said: Said, note: str = "") -> dict:
    """An event's `text` and `said` for a sentence made of the ones above (to say it elsewhere too, as a reminder),
    followed by the person's own words (`note`): `text` is the English sentence and then the note, as the command
    line shows it; the page says the sentence in its language and then the note (`in_words`)."""
    assert said.template in known(), said.template
    return {"text": f"{said} {note}".strip(), "said": said.as_data()}


def written(note: str | dict) -> dict:
    """An event's fields for the person's own note as they wrote it, or for `told(...)`."""
    return note if isinstance(note, dict) else {"text": note}


def said_again(data) -> Said | None:
    """A stored or imported `Event.said`, if it is one of the sentences above with facts that fit."""
    return Said.from_data(data, known()) if data else None


def in_words(said_data, text: str, translate, show_date) -> str:
    """A history line in the language of `translate` (gettext): optout's sentence said again, then the person's words
    that followed it in `text`; `text` as it is when there is no sentence of optout's to say. `show_date`: an ISO date
    as that language writes it (a date that is not one stays as it is)."""
    said = said_again(said_data)
    if said is None:
        return text
    english = str(said)
    note = text[len(english):].strip() if text.startswith(english) else ""

    def show(key, value):
        if key not in registries.HISTORY_DATES or not isinstance(value, str):
            return value
        try:
            return show_date(value)
        except ValueError:
            return value

    return f"{said.in_words(translate, show)} {note}".strip()


def reason_in_words(reason: str, translate) -> str:
    """Why a step stopped applying, in the reader's language (a reason stored before these were kept in English, or
    imported, as it is)."""
    return translate(reason) if reason in RETIRE_REASONS else reason
