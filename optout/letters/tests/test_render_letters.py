"""Every request type, in every language and regime, as PDF (read back with pdftotext) and as .eml."""

import datetime as dt
import email
import email.policy
import subprocess

import pytest

from optout.letters.compose import LetterInput, Party, compose, format_date
from optout.letters.outputs import OUTPUTS, mailto
from optout.letters.texts import LANGUAGES, TYPES_BY_REGIME

ARTICLE = {
    "objection": "21", "erasure": "17", "access": "15", "restriction": "18", "withdraw-consent": "7",
    "ccpa-know": "1798.110", "ccpa-delete": "1798.105", "ccpa-opt-out": "1798.120", "ccpa-limit": "1798.121",
}
CASES = [(regime, kind, language) for regime, kinds in TYPES_BY_REGIME.items() for kind in kinds for language in LANGUAGES]
DEADLINE = dt.date(2027, 1, 4)
OWN_WORDS = "Meine Fotos sind mein Einkommen — 12345"


def letter_input(regime, kind, language, **changes):
    data = dict(
        kind=kind, regime=regime, language=language,
        sender=Party("Alice Example", "1 Rue de Rivoli\n75001 Paris", "alice@example.org"),
        recipient=Party("Meta Platforms Ireland Limited", "Merrion Road\nDublin 4, D04 X2K5\nIreland", "privacy@meta.example"),
        platform="Instagram", controller="Meta Platforms Ireland Limited", account="@alice.draws",
        reference="OPT-2026-001001", date=dt.date(2026, 11, 25), deadline=DEADLINE,
        contents=("artwork",), harms=("livelihood",), own_words=OWN_WORDS,
    )
    data.update(changes)
    return LetterInput(**data)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize(("regime", "kind", "language"), CASES)
def test_every_letter_renders_with_recipient_article_grounds_and_deadline(regime, kind, language, tmp_path, pdftotext):
    letter = compose(letter_input(regime, kind, language))
    text = pdf_text(OUTPUTS["pdf"].render(letter), tmp_path)
    assert "Meta Platforms Ireland Limited" in text and "Merrion Road" in text
    assert "OPT-2026-001001" in text and "Alice Example" in text
    if kind in ARTICLE:
        assert ARTICLE[kind] in text
    if kind in ("objection", "erasure", "restriction", "plain"):
        assert OWN_WORDS in text  # the person's own grounds
    if kind not in ("ccpa-opt-out", "ccpa-limit"):
        assert " ".join(format_date(DEADLINE, language).split()) in text
    assert not any(mark in letter.subject + " ".join(letter.paragraphs) for mark in ("{", "}"))

    message = email.message_from_bytes(OUTPUTS["eml"].render(letter), policy=email.policy.default)
    assert message["Subject"] == letter.subject
    assert message["To"].addresses[0].addr_spec == "privacy@meta.example"
    assert message["From"].addresses[0].display_name == "Alice Example"
    body = message.get_body(("plain",)).get_content()
    assert letter.paragraphs[0] in body and message.get_content_charset() == "utf-8"


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_and_complaint_cite_the_original_request(language, tmp_path, pdftotext):
    for kind in ("follow-up", "complaint"):
        letter = compose(letter_input("gdpr", kind, language, sent_date=dt.date(2026, 10, 1),
                                      original_subject="Objection (Art. 21)", original_deadline=dt.date(2026, 11, 2)))
        text = pdf_text(OUTPUTS["pdf"].render(letter, annex=[("2026-10-01", "Sent by e-mail")], annex_title="History"), tmp_path)
        assert "OPT-2026-001001" in text and " ".join(format_date(dt.date(2026, 10, 1), language).split()) in text
        assert "Objection (Art. 21)" in text


def test_mailto_is_offered_only_when_short_enough():
    short = compose(letter_input("ccpa", "ccpa-opt-out", "en", own_words=""))
    link = mailto.link(short)
    assert link.startswith("mailto:privacy@meta.example?subject=") and len(link) <= mailto.MAX_LENGTH
    long = compose(letter_input("gdpr", "objection", "en", own_words="My work is my living. " * 40))
    assert mailto.link(long) is None
    nobody = compose(letter_input("ccpa", "ccpa-opt-out", "en", recipient=Party("Meta", "Dublin", "")))
    assert mailto.link(nobody) is None
