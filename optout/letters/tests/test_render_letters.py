"""Every request type, in every language and regime, as PDF (read back with pdftotext) and as .eml."""

import datetime as dt
import email
import email.policy
import re
import subprocess

import pytest

from optout.letters.compose import LetterInput, Party, compose, format_date
from optout.letters.outputs import OUTPUTS, mailto
from optout.letters.regimes import regimes
from optout.letters.texts import regime_texts

CASES = [(r.id, kind, language) for r in regimes().values() for kind in r.requests for language in r.languages]
# Provisions of other laws that must never appear in a letter under this one: each letter cites only its own law.
# A pattern is searched for; a string must not appear at all.
FOREIGN = {
    "gdpr": ["12A", "164A", "LGPD", "1798.", "Art. 30 "],
    # Since the Data (Use and Access) Act 2025 the UK's Article 12(3) keeps "without undue delay" but the period is in
    # Article 12A: a UK letter may cite 12(3) only together with 12A, never alone as the EU's one-month rule.
    "uk-gdpr": [re.compile(r"12\(3\)(?! and 12A)"), "Art. 12 ", "LGPD", "1798."],
    "ccpa": ["GDPR", "RGPD", "DSGVO", "Article 21", "LGPD"],
    "lgpd": ["GDPR", "RGPD", "Artigo 21", "Article 21", "12(3)", "1798."],
    "fadp": ["GDPR", "DSGVO", "RGPD", "Article 21", "Art. 21", "12(3)", "1798."],
    "plain": ["GDPR", "Article", "§", "LGPD"],
}
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


def cites(text: str, provision: str) -> bool:
    """Whether `text` cites `provision` ("Article 21(1)", "art. 18, § 2º", "1798.106") in its own language's words,
    alone or in a list ("Articles 12(3) and 12A UK GDPR")."""
    if provision[:1].isdigit():
        return provision in text
    number = re.search(r"\d+[A-Z]?", provision).group()
    words = r"article|art\.|artikel|artículo|articolo|artigo|section|artykuł|art"
    if re.search(rf"(?i)\b(?:{words})\s*{number}(?![\d])", text):
        return True
    return re.search(rf"\bArticles (?:[\w()]+, )*[\w()]+ and {number}(?![\d])", text) is not None


def mentions(text: str, foreign: str | re.Pattern) -> bool:
    return bool(foreign.search(text)) if isinstance(foreign, re.Pattern) else foreign in text


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
    for cite in regimes()[regime].requests[kind].cites:
        assert cites(text, cite), f"{regime}/{language}/{kind} does not cite {cite}"
    for foreign in FOREIGN[regime]:
        assert not mentions(text, foreign), f"{regime}/{language}/{kind} cites {foreign}, which is not its law"
    if language.startswith("de"):
        # After "Sehr geehrte Damen und Herren," German goes on in lower case; and a CCPA business day is an Arbeitstag.
        assert letter.paragraphs[0][0].islower() and "Werktag" not in text
    if kind in ("objection", "erasure", "restriction", "plain", "ccpa-correct"):
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


FOLLOW_UPS = [(r.id, kind, language) for r in regimes().values() for kind in r.kinds() if kind not in r.requests
              for language in r.languages]


@pytest.mark.parametrize(("regime", "kind", "language"), FOLLOW_UPS)
def test_reminders_and_complaints_cite_the_original_request_and_their_law(regime, kind, language, tmp_path, pdftotext):
    route = regimes()[regime].complaint
    letter = compose(letter_input(regime, kind, language, sent_date=dt.date(2026, 10, 1), original_subject="Objection (X)",
                                  original_deadline=dt.date(2026, 11, 2), controller_complaint_date=dt.date(2026, 11, 20),
                                  authority_basis=(route.authority_basis or "") if kind == "complaint" else ""))
    text = pdf_text(OUTPUTS["pdf"].render(letter, annex=[("2026-10-01", "Sent by e-mail")], annex_title="History"), tmp_path)
    assert "OPT-2026-001001" in text and " ".join(format_date(dt.date(2026, 10, 1), language).split()) in text
    assert "Objection (X)" in text
    basis = {"complaint": route.authority_basis, "controller-complaint": route.controller_basis}.get(kind)
    if basis:  # e.g. "Article 77(1) GDPR" → the letter says 77, in its own words
        assert cites(text, basis.split("§ ")[-1] if "§" in basis and "art" not in basis else basis)
    for foreign in FOREIGN[regime]:
        assert not mentions(text, foreign)


def test_mailto_is_offered_only_when_short_enough():
    short = compose(letter_input("ccpa", "ccpa-opt-out", "en", own_words=""))
    link = mailto.link(short)
    assert link.startswith("mailto:privacy@meta.example?subject=") and len(link) <= mailto.MAX_LENGTH
    long = compose(letter_input("gdpr", "objection", "en", own_words="My work is my living. " * 40))
    assert mailto.link(long) is None
    nobody = compose(letter_input("ccpa", "ccpa-opt-out", "en", recipient=Party("Meta", "Dublin", "")))
    assert mailto.link(nobody) is None


def test_every_ccpa_letter_that_asks_for_a_receipt_cites_the_regulation_that_sets_it():
    """The 10 business days come from the CCPA regulations (11 CCR § 7021), not the statute: a letter citing only
    Cal. Civ. Code § 1798.130 for them is wrong."""
    from optout.letters.texts import LETTERS_DIR

    for path in sorted((LETTERS_DIR / "ccpa").glob("*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\b10\b", line) and "1798.130" in line:
                assert "7021" in line, f"{path.name}:{number}"


AUTHORITY_WORDS = {"en": "authority", "de": "Behörde", "fr": "autorité", "es": "autoridad", "it": "autorità",
                   "nl": "autoriteit", "pl": "organu", "pt": "autoridade"}


@pytest.mark.parametrize("language", regimes()["plain"].languages)
def test_a_plain_reminder_threatens_no_complaint_and_claims_no_legal_deadline(language):
    """A plain request cites no law, so its reminder cannot promise a complaint to an authority optout does not
    offer, nor call the date the person asked for the company's legal time limit."""
    letter = compose(letter_input("plain", "follow-up", language, sent_date=dt.date(2026, 10, 1),
                                  original_subject="Please stop", original_deadline=dt.date(2026, 11, 2)))
    text = " ".join(letter.paragraphs)
    assert AUTHORITY_WORDS[language] not in text
    assert " ".join(format_date(dt.date(2026, 11, 2), language).split()) in " ".join(text.split())


def test_dates_read_as_each_language_writes_them():
    """A reminder in Italian said "Il 8 ottobre" and "entro il 8 dicembre"; French letters said "le 1 janvier"."""
    italian = compose(letter_input("fadp", "follow-up", "it", sent_date=dt.date(2026, 10, 8), deadline=dt.date(2026, 12, 8),
                                   original_deadline=dt.date(2026, 11, 9), original_subject="Opposizione (X)"))
    text = " ".join(italian.paragraphs)
    assert not re.search(r"\b[Ii]l 8 ", text)
    assert "L'8 ottobre 2026 vi ho inviato" in text and "entro l'8 dicembre 2026" in text
    first = compose(letter_input("gdpr", "objection", "it", deadline=dt.date(2027, 1, 1)))
    assert "1° gennaio 2027" in " ".join(first.paragraphs)
    french = compose(letter_input("gdpr", "objection", "fr", deadline=dt.date(2027, 1, 1)))
    assert "le 1er janvier 2027" in " ".join(french.paragraphs)
    brazilian = compose(letter_input("lgpd", "objection", "pt-BR", deadline=dt.date(2027, 1, 1)))
    assert "1º de janeiro de 2027" in " ".join(brazilian.paragraphs)  # Senado Federal's style: "1º de fevereiro"
    portuguese = compose(letter_input("gdpr", "objection", "pt", deadline=dt.date(2027, 1, 1)))
    assert "1 de janeiro de 2027" in " ".join(portuguese.paragraphs)


@pytest.mark.parametrize(("regime", "kind", "language"), [case for case in CASES if case[2].startswith("fr")])
def test_french_letters_keep_their_spaces_before_colons_unbroken(regime, kind, language, tmp_path, pdftotext):
    """French writes a space before : ; ? ! » and after «, and a line must not break there; the letters' texts wrote
    a plain space, so a PDF or a mail program could put "Objet" at the end of a line and ":" at the start of the next.
    The person's own words are left as they wrote them."""
    own = "Mes dessins : mon revenu ; vraiment ?"
    letter = compose(letter_input(regime, kind, language, own_words=own))
    ours = "\n".join([letter.subject, letter.greeting, *letter.paragraphs, letter.closing, *letter.labels.values()])
    assert not re.search(r" [:;?!»]|« ", ours.replace(own, "")), regime
    if "{own_words}" in str(regime_texts(regime, language)[kind]):
        assert own in ours
    for output in ("txt", "eml"):
        written = OUTPUTS[output].render(letter)
        written = written.decode() if isinstance(written, bytes) else written
        if output == "eml":
            written = email.message_from_string(written, policy=email.policy.default).get_body(("plain",)).get_content()
        assert not re.search(r"\w [:;?!»]", written.replace(own, "")), output
    assert f"Objet\u00a0: {letter.subject}" in OUTPUTS["txt"].render(letter).decode()


@pytest.mark.parametrize(("regime", "kind", "language"), [case for case in CASES if case[1] in ("objection", "access")])
def test_a_letter_without_an_account_names_none(regime, kind, language):
    """With no handle given, "I am a user of Bluesky (Ann Example)" named the person's name as their account; with no
    e-mail either, nothing stands in brackets."""
    sender = Party("Ann Example", "1 Rue de Rivoli\n75001 Paris", "")
    letter = compose(letter_input(regime, kind, language, account="", sender=sender))
    body = "\n".join(letter.paragraphs)
    assert "()" not in body and "(Ann Example)" not in body
    with_mail = compose(letter_input(regime, kind, language, account="",
                                     sender=Party("Ann Example", sender.address, "ann@example.org")))
    template = str(regime_texts(regime, language)[kind])
    if "{account}" in template:
        assert "(ann@example.org)" in "\n".join(with_mail.paragraphs)
