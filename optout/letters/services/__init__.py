"""Every change to a person's requests goes through here: views, the CLI and the tick call these.

Split by what they do: `drafting` (which requests, storing a draft, rendering a letter), `tracking`
(sent, answered, reminder, complaint) and `reminders` (the periodic tick).
"""

from .common import Recipient, RequestError, recipient_for
from .drafting import (
    Rendered,
    default_language,
    draft_request,
    letter_for,
    letter_input,
    regime_for,
    render_letter,
    request_types,
    timeline,
)
from .reminders import REMIND_BEFORE, run_due
from .tracking import complaint_authorities, make_complaint, make_follow_up, mark_sent, record_answer

__all__ = [
    "REMIND_BEFORE", "Recipient", "Rendered", "RequestError", "complaint_authorities", "default_language",
    "draft_request", "letter_for", "letter_input", "make_complaint", "make_follow_up", "mark_sent",
    "recipient_for", "record_answer", "regime_for", "render_letter", "request_types", "run_due", "timeline",
]
