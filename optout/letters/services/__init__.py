"""Every change to a person's requests goes through here: views, the CLI and the tick call these.

Split by what they do: `drafting` (which requests, storing a draft, rendering a letter), `tracking`
(sent, answered, reminder, complaint) and `reminders` (the periodic tick).
"""

from .common import (
    CannotPrint,
    Recipient,
    RequestError,
    recipient_for,
    recipient_form_is_a_form,
    recipient_unconfirmed,
    unconfirmed_company,
)
from .deleting import delete_letter, what_goes
from .drafting import (
    Rendered,
    default_language,
    default_request,
    draft_request,
    languages_for,
    letter_for,
    letter_input,
    regime_for,
    render_letter,
    request_for_step,
    request_types,
    timeline,
)
from .reminders import REMIND_BEFORE, run_due, settle
from .tracking import (
    complaint_authorities,
    complaint_step,
    make_complaint,
    make_controller_complaint,
    make_follow_up,
    mark_sent,
    pause_clock,
    pause_reasons,
    record_answer,
    resume_clock,
)

__all__ = [
    "REMIND_BEFORE", "CannotPrint", "Recipient", "Rendered", "RequestError", "complaint_authorities", "complaint_step", "make_controller_complaint", "default_language",
    "default_request", "draft_request", "languages_for", "pause_clock", "pause_reasons", "request_for_step", "resume_clock", "letter_for", "letter_input", "make_complaint", "make_follow_up", "mark_sent",
    "recipient_for", "recipient_form_is_a_form", "recipient_unconfirmed", "unconfirmed_company", "record_answer", "regime_for", "render_letter", "request_types", "run_due", "settle", "timeline",
    "delete_letter", "what_goes",
]
