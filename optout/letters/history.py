"""What happened to a letter, in words: in the page's language for the person, in the letter's for a complaint's annex.

An event that optout records stores what happened (`LetterEvent.what`) and its facts (dates as ISO strings, the
channel), not a sentence: the same event reads "Sent by post on 4 December 2026." on an English page and "Per Post
gesendet am 4. Dezember 2026." on a German one. `text` holds only the person's own words (a note, the company's
answer), and the whole sentence of events recorded before events had a `what`.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from optout.lib.dates import format_date
from optout.lib.i18n import Said

from .events import DATE_SENTENCES, DATES, IN_PLAN_SENT, NO_DEADLINE, SENTENCES, TOLD_ON


def describe(what: str, facts: dict, text: str = "") -> str:
    """The event in the active language, followed by the person's own words; the stored text alone for an event
    recorded without `what` (or with facts optout cannot read, from an edited export)."""
    sentence = SENTENCES.get(what)
    if sentence is None:
        return text
    try:
        shown = {key: format_date(dt.date.fromisoformat(value)) if key in DATES else value for key, value in facts.items()}
        words = [_(sentence) % shown]
        if what.startswith("sent-") or what == "resumed":
            words.append(_due_sentence(facts))
        if what == "extended" and facts.get("told_on"):
            words.append(_(TOLD_ON) % {"date": shown["told_on"]})
    except (KeyError, ValueError, TypeError):
        return text
    return " ".join([*words, text]).strip()


def in_plan_sent(reference: str, what: str, facts: dict) -> Said:
    """The line a sent letter writes into its plan step's history, as sentence and facts (dates as ISO strings)."""
    return Said(IN_PLAN_SENT, reference=reference, event=Said(SENTENCES[what], sent_on=facts["sent_on"]),
                deadline=_due_said(facts))


def _due_said(facts: dict) -> Said:
    """What the date a sent letter got is: the law's answer date, a day to act by, or one the letter only asks for."""
    for key, sentence in DATE_SENTENCES.items():
        if facts.get(key):
            return Said(sentence, date=facts[key])
    return Said(NO_DEADLINE)


def date_sentence(kind: str, day: dt.date | None) -> str:
    """A letter's date said whole in the current language, by what it is (LetterRequest.date_kind)."""
    return _due_sentence({kind: day.isoformat()} if day else {})


def _due_sentence(facts: dict) -> str:
    said = _due_said(facts)
    date = said.params.get("date")
    return _(said.template) % {"date": format_date(dt.date.fromisoformat(date))} if date else _(said.template)
