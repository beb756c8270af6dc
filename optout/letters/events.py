"""The kinds of event optout records on a letter, and their sentences (in English; letters/history.py puts them in
words in the language that reads them). Pure, so the export format can check an imported event's kind."""

from __future__ import annotations

from optout.lib.i18n import gettext_noop

SENTENCES = {
    "drafted": gettext_noop("Letter drafted."),
    "drafted-after": gettext_noop("Drafted after %(parent)s."),
    "sent-email": gettext_noop("Sent by e-mail on %(sent_on)s."),
    "sent-post": gettext_noop("Sent by post on %(sent_on)s."),
    "sent-form": gettext_noop("Sent through the company's web form on %(sent_on)s."),
    "complaint-sent": gettext_noop("Complaint %(reference)s sent to %(recipient)s."),
    "extended": gettext_noop("Deadline extended to %(until)s."),
    "overdue": gettext_noop("No answer by %(due)s."),
    "paused-identity": gettext_noop("Clock stopped on %(on)s: the company asked for proof of identity."),
    "paused-clarify": gettext_noop("Clock stopped on %(on)s: the company asked for clarification."),
    "resumed": gettext_noop("Clock running again from %(on)s."),
}
WHATS = tuple(SENTENCES)
DATES = ("sent_on", "due", "until", "on", "told_on")


def sent(channel: str) -> str:
    return f"sent-{channel}"
