"""The words a plan is recorded in: step statuses, event kinds, kinds of evidence.

One list each, shared by the models (which translate the labels) and the export format
(`transfer.py`), so an export can never carry a kind the database does not have. Pure: no Django.
"""

from __future__ import annotations

from optout.lib.i18n import gettext_noop as _

STATUSES = (
    ("todo", _("To do")),
    ("in_progress", _("In progress")),
    ("waiting", _("Waiting for the platform")),
    ("done", _("Done")),
    ("rejected", _("Rejected")),
    ("not_applicable", _("Not applicable")),
    ("needs_recheck", _("Needs re-check")),
)
EVENT_KINDS = (
    ("created", _("Added to your plan")),
    ("status", _("Status changed")),
    ("note", _("Note")),
    ("evidence", _("Evidence added")),
    ("evidence_deleted", _("Proof deleted")),
    ("code", _("E-mail code requested")),
    ("catalog", _("Platform information changed")),
    ("policy", _("Platform's policy changed")),
    ("retired", _("No longer applies")),
    ("restored", _("Applies again")),
    ("reminder", _("Reminder sent")),
)
EVIDENCE_KINDS = (
    ("note", _("Note")),
    ("screenshot", _("Screenshot")),
    ("email", _("E-mail")),  # what a platform wrote: a confirmation, a refusal or a question
)


def codes(choices) -> tuple[str, ...]:
    return tuple(code for code, _label in choices)
