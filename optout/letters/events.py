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
    "acknowledged": gettext_noop("The company confirmed on %(on)s that it received the letter."),
    "answered": gettext_noop("The company answered on %(on)s."),
    "refused": gettext_noop("The company refused on %(on)s."),
    "closed": gettext_noop("Request closed on %(on)s."),
}
ANSWER_DUE = gettext_noop("Answer due by %(date)s.")
ACT_BY = gettext_noop("To be acted on by %(date)s.")  # a request the company must act on, not answer (facts "act_by")
ASKED_BY = gettext_noop("Answer asked for by %(date)s; no law sets it.")  # a date only the letter asks for ("asked_by")
ACK_BY = gettext_noop("To be acknowledged by %(date)s.")  # a UK complaint to the company (s.164A(3) DPA 2018; "ack_by")
STANDS_BY = gettext_noop("The authority is to tell you how your complaint stands by %(date)s.")  # ("stands_by")
NO_DEADLINE = gettext_noop("No law sets a deadline for the answer.")
# A letter's date said whole, by what it is (LetterRequest.date_kind, the key of its sent event's facts).
DATE_SENTENCES = {"due": ANSWER_DUE, "act_by": ACT_BY, "asked_by": ASKED_BY, "ack_by": ACK_BY, "stands_by": STANDS_BY}
# … and named short, where a date stands under a heading (the list of letters, the proof report, the calendar).
DATE_LABELS = {
    "due": gettext_noop("Answer due"),
    "act_by": gettext_noop("To be acted on"),
    "asked_by": gettext_noop("Answer asked for"),
    "ack_by": gettext_noop("To be acknowledged"),
    "stands_by": gettext_noop("Update from the authority due"),
}
TOLD_ON = gettext_noop("The company said so on %(date)s.")
WHATS = tuple(SENTENCES)
DATES = ("sent_on", "due", "act_by", "asked_by", "ack_by", "stands_by", "until", "on", "told_on", "date")

# What a letter writes into the history of the plan step it belongs to, kept as sentence and facts (plans/history.py
# says them in the reader's language): "OPT-3: Sent by e-mail on 4 December 2026. Answer due by 4 January 2027."
IN_PLAN_SENT = gettext_noop("%(reference)s: %(event)s %(deadline)s")
IN_PLAN_ANSWERED = gettext_noop("%(reference)s answered.")
IN_PLAN_REFUSED = gettext_noop("%(reference)s refused.")
IN_PLAN = (*SENTENCES.values(), ANSWER_DUE, ACT_BY, ASKED_BY, ACK_BY, STANDS_BY, NO_DEADLINE, IN_PLAN_SENT, IN_PLAN_ANSWERED, IN_PLAN_REFUSED)


def sent(channel: str) -> str:
    return f"sent-{channel}"
