"""What optout writes in a step's history, kept as its sentence and facts (`Event.said`) so that the step's page and
the proof report say it in the reader's language of the day, as letters' history does; `Event.text` keeps it in
English for the command line and for rows written before.

Pure: no Django. Every sentence is here, so that a row read back (a plan imported from elsewhere) can only say one
of them.
"""

from __future__ import annotations

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

from . import vocabulary

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

SENTENCES = frozenset({CATALOG_CHANGED, CODE_ASKED, OBJECTION_SENT, FORM_FAILED, FORM_WORKS, LETTER_DELETED,
                       RECHECK_DUE, NO_CONFIRMATION, CONFIRMATION_ATTACHED, EVIDENCE_ADDED, *EVIDENCE_KINDS.values()})


def told(template: str, **facts) -> dict:
    """An event's `text` and `said` for one of the sentences above."""
    return recorded(Said(template, **facts))


def recorded(said: Said) -> dict:
    """An event's `text` and `said` for a sentence made of the ones above (to say it elsewhere too, as a reminder)."""
    assert said.template in SENTENCES, said.template
    return {"text": str(said), "said": said.as_data()}


def written(note: str | dict) -> dict:
    """An event's fields for the person's own note as they wrote it, or for `told(...)`."""
    return note if isinstance(note, dict) else {"text": note}


def said_again(data) -> Said | None:
    """A stored or imported `Event.said`, if it is one of the sentences above with facts that fit."""
    return Said.from_data(data, SENTENCES) if data else None
