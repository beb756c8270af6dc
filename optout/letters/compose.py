"""Turning a request into a letter: sender, recipient, date, reference, subject, paragraphs.

Pure: no Django. Only our own texts are templates; everything a person typed is inserted as a
value, once, so braces, HTML or template syntax in a name stay plain characters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from optout.lib.i18n import FIRST_OF_MONTH, Said, elide, label_colon
from optout.lib.i18n import gettext_noop as _

from .regimes import regimes
from .texts import TextsError, regime_texts, texts

MAX_NAME = 200
MAX_ADDRESS = 600
MAX_OWN_WORDS = 3000


class LetterError(ValueError):
    """Input a letter cannot be made from; `field` names the form field, the message says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# "… a user of {platform} ({account})" with no account to name: the brackets go, and the space before them.
NO_ACCOUNT = re.compile(r" ?\(\)")


@dataclass(frozen=True)
class Party:
    name: str
    address: str = ""
    email: str = ""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


@dataclass(frozen=True)
class LetterInput:
    kind: str  # objection, erasure, …, ccpa-know, …, plain, follow-up, complaint
    regime: str  # a regimes.Regime id: gdpr, uk-gdpr, ccpa, lgpd, fadp or plain; for complaints the authority's
    language: str
    sender: Party
    recipient: Party
    platform: str
    controller: str
    account: str = ""
    reference: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    deadline: dt.date | None = None
    creator: str = ""  # the kind of creator (accounts.choices.CREATOR_KINDS: "photographer"), "" for none
    contents: tuple[str, ...] = ()
    harms: tuple[str, ...] = ()
    own_words: str = ""
    sent_date: dt.date | None = None
    original_subject: str = ""
    original_reference: str = ""
    original_deadline: dt.date | None = None
    original_refused_on: dt.date | None = None  # the day the company refused the request a complaint is about
    original_posted_on: dt.date | None = None  # posted, its day of receipt unknown: its date counts from posting
    enclosures: tuple[str, ...] = ()
    controller_complaint_date: dt.date | None = None
    authority_basis: str = ""  # for a complaint: the provision the authority takes it under, "" for none to cite


@dataclass(frozen=True)
class Letter:
    language: str
    sender: Party
    recipient: Party
    date_text: str
    reference: str
    subject: str
    greeting: str
    paragraphs: tuple[str, ...]
    closing: str
    labels: dict
    enclosures: tuple[str, ...] = ()

    @property
    def colon(self) -> str:
        """The colon after a label ("Objet : …" in French, with a space that does not break)."""
        return label_colon(self.language)

    @property
    def body_text(self) -> str:
        return "\n\n".join([self.greeting, *self.paragraphs, self.closing, self.sender.name])

    def to_data(self) -> dict:
        """The letter as plain data, to keep the copy that was sent."""
        return {**dataclasses.asdict(self), "paragraphs": list(self.paragraphs), "enclosures": list(self.enclosures)}

    @classmethod
    def from_data(cls, data: dict) -> Letter:
        return cls(**{**data, "sender": Party(**data["sender"]), "recipient": Party(**data["recipient"]),
                      "paragraphs": tuple(data["paragraphs"]), "enclosures": tuple(data.get("enclosures", ()))})


def format_date(day: dt.date | None, language: str) -> str:
    if day is None:
        return ""
    data = texts(language)
    number = FIRST_OF_MONTH.get(language, FIRST_OF_MONTH.get(language.split("-")[0], "1")) if day.day == 1 else day.day
    return data["date_format"].format(day=number, month=data["months"][day.month - 1], year=day.year)


def _clean(text: str, limit: int, field_name: str, label: str, *, multiline: bool = False) -> str:
    """Strip control characters (keeping line breaks where allowed) and enforce a length."""
    text = unicodedata.normalize("NFC", text or "")
    allowed = {"\n"} if multiline else set()
    text = "".join(c for c in text if c in allowed or unicodedata.category(c)[0] != "C" or c in "\u200e\u200f")
    text = "\n".join(" ".join(line.split()) for line in text.splitlines()) if multiline else " ".join(text.split())
    if len(text) > limit:
        raise LetterError(field_name, f"{label} is {len(text)} characters long; at most {limit} fit in a letter.")
    return text.strip()


def check_input(data: LetterInput) -> LetterInput:
    """Clean and check what a person typed; raise LetterError naming the field that is wrong."""
    name = _clean(data.sender.name, MAX_NAME, "name", "Your name")
    if not name:
        raise LetterError("name", Said(_("Your full name is needed: companies must be able to identify whose data you "
                                          "mean.")))
    address = _clean(data.sender.address, MAX_ADDRESS, "address", "Your address", multiline=True)
    if data.kind != "complaint" and not address and not data.sender.email:
        raise LetterError("address", Said(_("Your postal address or e-mail address is needed, so the company can "
                                             "answer you.")))
    recipient = Party(
        _clean(data.recipient.name, MAX_NAME, "recipient_name", "The recipient's name"),
        _clean(data.recipient.address, MAX_ADDRESS, "recipient_address", "The recipient's address", multiline=True),
        data.recipient.email.strip(),
    )
    if not recipient.name:
        raise LetterError("recipient_name", Said(_("The letter needs a recipient.")))
    regime = regimes().get(data.regime)
    if regime is None or data.kind not in regime.kinds():
        raise LetterError("kind", f"A {data.kind!r} letter does not exist under {regime.name if regime else data.regime!r}.")
    try:
        regime_texts(data.regime, data.language)
    except TextsError as exc:
        raise LetterError("language", f"There is no such letter: {exc}.") from exc
    return LetterInput(**{
        **data.__dict__,
        "sender": Party(name, address, data.sender.email.strip()),
        "recipient": recipient,
        "account": _clean(data.account, MAX_NAME, "account", "The account"),
        "own_words": _clean(data.own_words, MAX_OWN_WORDS, "own_words", "Your own words", multiline=True),
    })


def _join(items: list[str], language: str) -> str:
    conjunction = {"en": "and", "de": "und", "fr": "et", "es": "y", "it": "e", "nl": "en", "pl": "i", "pt": "e",
                   "pt-BR": "e", "de-CH": "und"}[language]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


# Art. 21(1) GDPR / UK GDPR: the right to object is "on grounds relating to his or her particular situation"; erasure
# (Art. 17(1)(c)) and restriction (Art. 18(1)(d)) after an objection rest on the same grounds.
GROUNDS_REQUIRED = frozenset({"gdpr", "uk-gdpr"})


def grounds_paragraph(data: LetterInput) -> str:
    words = texts(data.language)["grounds"]
    if data.kind == "ccpa-correct":
        # A correction says what is wrong (Cal. Code Regs. tit. 11, § 7023); an objection's "particular situation"
        # (Art. 21 GDPR) is no part of it.
        return f"{words['correction_intro']} {data.own_words}" if data.own_words else ""
    parts = []
    if data.creator in words["creators"]:
        parts.append(words["creators"][data.creator].format(platform=data.platform))
    chosen = [words["contents"][c] for c in data.contents if c in words["contents"]]
    if chosen:
        parts.append(words["content_sentence"].format(contents=_join(chosen, data.language)))
    parts += [words["harms"][h] for h in data.harms if h in words["harms"]]
    if data.own_words:
        parts.append(f"{words['own_words_intro']} {data.own_words}")
    intro = words["intro"] if data.regime in GROUNDS_REQUIRED else words["intro_plain"]
    return f"{intro} {' '.join(parts)}" if parts else ""


def _outcome(data: LetterInput, words: dict) -> str:
    """What became of the request a complaint is about, as a fact: refused on its day, or unanswered when its time
    ran out. ("Has not answered … or has refused. The deadline was 21 December" went to a regulator on 5 December,
    about a request refused that day.)"""
    forms = words["complaint_outcome"]
    to_you = "_to_you" if data.kind == "controller-complaint" else ""
    if data.original_refused_on:
        return forms[f"refused{to_you}"].format(date=format_date(data.original_refused_on, data.language))
    if data.original_deadline and data.original_posted_on:  # the law counts from receipt, a few days later
        return forms[f"unanswered_posted{to_you}"].format(date=format_date(data.original_deadline, data.language),
                                                          posted=format_date(data.original_posted_on, data.language))
    if data.original_deadline:
        return forms[f"unanswered{to_you}"].format(date=format_date(data.original_deadline, data.language))
    return ""


ABBREVIATED_DATE_STOP = re.compile(r"(\d{4} r\.)\.")


def _subject(template: dict, data: LetterInput) -> str:
    """A complaint's subject says what became of the request, as its text does ("… unanswered or refused" hedged
    what the body then said for sure); the hedged one only where optout knows neither."""
    if data.original_refused_on and "subject_refused" in template:
        return template["subject_refused"]
    if data.original_deadline and "subject_unanswered" in template:
        return template["subject_unanswered"]
    return template["subject"]


def compose(data: LetterInput) -> Letter:
    data = check_input(data)
    words = texts(data.language)
    template = regime_texts(data.regime, data.language)[data.kind]
    regime = data.regime
    grounds = grounds_paragraph(data)
    if data.kind == "ccpa-correct" and not grounds:
        raise LetterError("own_words", Said(_("Say which information about you is inaccurate and what is correct: "
                                              "the company needs it to correct anything.")))
    if not grounds and regime in GROUNDS_REQUIRED and "{grounds}" in template["body"]:
        raise LetterError("harms", Said(_("An objection under Article 21(1) rests on grounds relating to your "
                                          "particular situation, and the company may set aside one that gives none: "
                                          "say what you create or publish, or how this use affects you, in your own "
                                          "words.")))
    values = {
        "platform": data.platform,
        # The account the letter is about: the handle given, else the e-mail the form asks to be the account's; never
        # the name (a letter said "I am a user of Bluesky (Ann Example)", as if that were the account).
        "account": data.account or data.sender.email,
        "controller": data.controller,
        "regulation": words["regulations"][regime],
        "short": words["short_names"][regime],
        "grounds": grounds,
        "deadline": format_date(data.deadline, data.language),
        "sent_date": format_date(data.sent_date, data.language),
        # In reminders and complaints the text speaks of the original request, not of itself.
        "reference": data.original_reference or data.reference,
        "original_subject": data.original_subject,
        # posted, its day of receipt unknown: the date is optout's count from posting, not the law's, and says so
        "original_deadline": (words["counted_from_posting"].format(date=format_date(data.original_deadline,
                                                                                    data.language))
                              if data.original_posted_on and data.original_deadline
                              else format_date(data.original_deadline, data.language)),
        "controller_complaint_date": format_date(data.controller_complaint_date, data.language),
        "outcome": _outcome(data, words),
        "basis": f" ({data.authority_basis})" if data.authority_basis else "",
    }
    subject = elide(" ".join(_subject(template, data).format_map(values).split()), data.language, "'")
    body = elide(NO_ACCOUNT.sub("", template["body"].format_map(values)), data.language, "'")
    if words["date_format"].endswith("."):  # a date that ends a sentence ends it once: Polish "5 grudnia 2026 r." + "."
        body = ABBREVIATED_DATE_STOP.sub(r"\1", body)
    paragraphs = tuple(p.strip() for p in body.split("\n\n") if p.strip())
    labels = words["labels"]
    return Letter(
        language=data.language, sender=data.sender, recipient=data.recipient,
        date_text=format_date(data.date, data.language), reference=data.reference, subject=subject,
        greeting=labels["greeting"], paragraphs=paragraphs, closing=labels["closing"], labels=labels,
        enclosures=data.enclosures,
    )
