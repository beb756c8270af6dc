"""Wording a legal reviewer corrected: each letter says what its law says, in that law's own terms, in every language."""

import datetime as dt

import pytest

from optout.letters.compose import compose
from optout.letters.regimes import regimes
from optout.letters.texts import texts

from .test_render_letters import letter_input


def body(letter) -> str:
    return " ".join(" ".join(letter.paragraphs).split())


# A restriction letter may be sent on its own, before any objection: it objects now if the person has not yet done so
# (Art. 18(1)(d) needs an objection under Art. 21(1)); and while restricted, the data may be processed apart from
# storage in the cases of Art. 18(2) (consent, legal claims, another's rights, important public interest), not only
# stored.
RESTRICTION = {
    ("gdpr", "en"): ("I have objected, or hereby object, to this processing under Article 21(1)",
                     "apart from storing them, process the data only in the cases listed in Article 18(2)"),
    ("gdpr", "de"): ("Widerspruch eingelegt bzw. lege ihn hiermit ein",
                     "von ihrer Speicherung abgesehen – nur in den Fällen des Art. 18 Abs. 2 verarbeiten"),
    ("gdpr", "fr"): ("J'ai formé ou, par la présente, je forme une opposition",
                     "à l'exception de leur conservation, traiter les données que dans les cas énumérés à l'article 18, "
                     "paragraphe 2"),
    ("gdpr", "es"): ("Me he opuesto, o por la presente me opongo,",
                     "con excepción de su conservación, solo podrán tratar los datos en los casos previstos en el "
                     "artículo 18, apartado 2"),
    ("gdpr", "it"): ("Ho presentato o, con la presente, presento opposizione",
                     "salvo che per la conservazione, possono essere trattati soltanto nei casi previsti dall'articolo 18, "
                     "paragrafo 2"),
    ("gdpr", "nl"): ("bezwaar gemaakt, of maak hierbij bezwaar,",
                     "met uitzondering van de opslag ervan, alleen verwerken in de gevallen genoemd in artikel 18, lid 2"),
    ("gdpr", "pl"): ("a jeżeli sprzeciw nie został jeszcze wniesiony – niniejszym go wnoszę",
                     "z wyjątkiem przechowywania, przetwarzać wyłącznie w przypadkach określonych w art. 18 ust. 2"),
    ("gdpr", "pt"): ("Opus-me ou, pela presente, oponho-me",
                     "à exceção da conservação, só podem tratar os dados nos casos previstos no artigo 18.º, n.º 2"),
    ("uk-gdpr", "en"): ("I have objected, or hereby object, to this processing under Article 21(1)",
                        "apart from storing them, process the data only in the cases listed in Article 18(2)"),
}
ONLY_STORE = ["you may only store the data", "nur noch speichern", "ne pouvez que conserver", "solo podrán conservar",
              "possono soltanto essere conservati", "alleen opslaan", "jedynie przechowywać", "apenas podem conservar"]


def test_every_restriction_letter_is_checked_here():
    assert set(RESTRICTION) == {(r.id, language) for r in regimes().values() if "restriction" in r.requests
                                for language in r.languages}


@pytest.mark.parametrize(("regime", "language"), RESTRICTION)
def test_a_restriction_letter_objects_if_need_be_and_allows_what_article_18_2_allows(regime, language):
    text = body(compose(letter_input(regime, "restriction", language)))
    objects, allows = RESTRICTION[regime, language]
    assert objects in text
    assert allows in text
    assert not any(wrong in text for wrong in ONLY_STORE)


# Art. 30 FADP: processing against a person's express wish breaches their personality (para. 2 let. b) whatever the
# justification; the breach is unlawful unless justified under Art. 31 (para. 1). And data a person made generally
# accessible may as a rule be processed unless the person expressly prohibited it (para. 3): the objection says so.
FADP_OBJECTION = {
    "de-CH": ("verletzt ihre Persönlichkeit (Art. 30 Abs. 2 lit. b des schweizerischen Bundesgesetzes über den Datenschutz "
              "(Datenschutzgesetz, DSG)); widerrechtlich ist dies, wenn kein Rechtfertigungsgrund nach Art. 31 DSG vorliegt "
              "(Art. 30 Abs. 1 DSG)",
              "Ich untersage Ihnen diese Bearbeitung meiner Personendaten hiermit ausdrücklich", "(Art. 30 Abs. 3 DSG)"),
    "fr": ("; cette atteinte est illicite à moins d'être justifiée au sens de l'art. 31 LPD (art. 30, al. 1, LPD)",
           "J'interdis expressément ce traitement de mes données personnelles", "(art. 30, al. 3, LPD)"),
    "it": ("; tale lesione è illecita se non è giustificata ai sensi dell'art. 31 LPD (art. 30 cpv. 1 LPD)",
           "Vieto espressamente questo trattamento dei miei dati personali", "(art. 30 cpv. 3 LPD)"),
    "en": ("; this breach is unlawful unless it is justified under Art. 31 FADP (Art. 30 para. 1 FADP)",
           "I hereby expressly prohibit this processing of my personal data", "(Art. 30 para. 3 FADP)"),
}
JUSTIFICATION_AS_CONDITION = ["sofern er sich nicht", "à moins qu'un motif justificatif", "salvo che possa invocare",
                              ") unless it is justified"]


def test_every_fadp_language_is_checked_here():
    assert set(FADP_OBJECTION) == set(regimes()["fadp"].languages)


@pytest.mark.parametrize("language", FADP_OBJECTION)
def test_a_swiss_objection_says_the_breach_is_unlawful_unless_justified_and_prohibits_the_processing(language):
    letter = compose(letter_input("fadp", "objection", language))
    text = body(letter)
    unlawful, prohibits, cite = FADP_OBJECTION[language]
    assert unlawful in text
    assert prohibits in letter.paragraphs[0] and cite in letter.paragraphs[0]  # said at once, with the objection
    assert not any(wrong in text for wrong in JUSTIFICATION_AS_CONDITION)


def test_a_swiss_objection_asks_the_company_not_to_have_the_data_disclosed_either():
    text = body(compose(letter_input("fadp", "objection", "de-CH")))
    assert "weder zu diesem Zweck an Dritte bekanntgeben noch bekanntgeben lassen" in text
    assert "bekanntgegeben lassen" not in text


# Art. 77 GDPR: a complaint goes to a "supervisory authority", in each language's official term.
SUPERVISORY_AUTHORITY = {"en": "supervisory authority", "de": "Aufsichtsbehörde", "fr": "autorité de contrôle",
                         "es": "autoridad de control", "it": "autorità di controllo", "nl": "toezichthoudende autoriteit",
                         "pl": "organu nadzorczego", "pt": "autoridade de controlo"}


@pytest.mark.parametrize("language", regimes()["gdpr"].languages)
def test_a_gdpr_reminder_threatens_a_complaint_to_the_supervisory_authority(language):
    letter = compose(letter_input("gdpr", "follow-up", language, sent_date=dt.date(2026, 10, 1),
                                  original_subject="Objection (X)", original_deadline=dt.date(2026, 11, 2)))
    text = body(letter)
    assert SUPERVISORY_AUTHORITY[language] in text
    assert not any(word in text for word in ("competent authority", "zuständigen Behörde", "autorité compétente",
                                             "autoridad competente", "autorità competente", "bevoegde autoriteit",
                                             "właściwego organu", "autoridade competente"))


def test_a_polish_complaint_asks_about_progress_and_outcome_in_the_words_of_article_77_2():
    letter = compose(letter_input("gdpr", "complaint", "pl", sent_date=dt.date(2026, 10, 1),
                                  original_subject="Sprzeciw (X)", original_deadline=dt.date(2026, 11, 2)))
    assert "o postępach i wynikach rozpatrywania skargi" in body(letter)


# A subject names the regulation as its language does: "article 17 du RGPD", "articolo 17 del GDPR".
OF_THE = {"fr": "du RGPD)", "it": "del GDPR)", "es": "del RGPD)", "pt": "do RGPD)"}


@pytest.mark.parametrize("language", OF_THE)
@pytest.mark.parametrize("kind", regimes()["gdpr"].requests)
def test_a_gdpr_subject_says_of_the_regulation(language, kind):
    assert compose(letter_input("gdpr", kind, language)).subject.endswith(OF_THE[language])


def test_uk_letters_name_the_ico_without_claiming_the_information_commission_has_taken_over():
    """Whether s.119 of the Data (Use and Access) Act 2025 (the Information Commission) is in force was not
    confirmed: the letters name the ICO, and the Commission only as taking over once it does."""
    route = {"sent_date": dt.date(2026, 10, 1), "original_subject": "Objection (X)",
             "original_deadline": dt.date(2026, 11, 2), "controller_complaint_date": dt.date(2026, 11, 20)}
    for kind in ("follow-up", "controller-complaint"):
        text = body(compose(letter_input("uk-gdpr", kind, "en", **route)))
        assert "Information Commissioner's Office (ICO)" in text
        assert "Information Commission once it takes over the ICO's functions" in text
        assert "formerly" not in text
    complaint = body(compose(letter_input("uk-gdpr", "controller-complaint", "en", **route)))
    # s.164A(4): respond and tell the outcome; (5)(b): keep the complainant informed of progress.
    assert "keep me informed of its progress, and tell me its outcome without undue delay (section 164A(4) and (5))" in complaint


@pytest.mark.parametrize("kind", regimes()["uk-gdpr"].requests)
def test_uk_requests_cite_the_duty_in_article_12_3_and_the_period_in_article_12a(kind):
    assert "(Articles 12(3) and 12A UK GDPR)" in body(compose(letter_input("uk-gdpr", kind, "en")))


def test_a_brazilian_access_request_asks_for_the_form_and_duration_and_the_legal_basis():
    text = body(compose(letter_input("lgpd", "access", "pt-BR")))
    assert "4. a forma e a duração do tratamento, inclusive em conjuntos de dados de treinamento (art. 9º, II);" in text
    assert "5. a hipótese legal em que se baseia esse tratamento (art. 9º, caput, e art. 6º, VI)." in text
    english = body(compose(letter_input("lgpd", "access", "en")))
    assert "(art. 9º, II)" in english and "(art. 9º, caput, and art. 6º, VI)" in english


@pytest.mark.parametrize(("language", "consent", "expectations"), [
    ("pt-BR", "Não dei consentimento para esse tratamento.", "legítimas expectativas (art. 10, II)"),
    ("en", "I have not given consent to this processing.", "legitimate expectations (art. 10, II)"),
])
def test_a_brazilian_objection_says_the_person_did_not_consent(language, consent, expectations):
    text = body(compose(letter_input("lgpd", "objection", language)))
    assert consent in text and expectations in text


@pytest.mark.parametrize("language", ["fr", "es", "it", "nl", "pl", "pt", "pt-BR"])
def test_the_grounds_begin_with_a_sentence_not_a_colon(language):
    """In these languages a sentence after a colon goes on in lower case; the grounds that follow start with a capital."""
    assert texts(language)["grounds"]["intro"].endswith(".")


# Art. 12(4): a controller that does not act on a request must say why within the same time; the objection asked only
# for confirmation that it had complied, as if no other answer were possible.
REASONS_IF_NOT = {"en": "Article 12(4)", "de": "Art. 12 Abs. 4", "fr": "article 12, paragraphe 4",
                  "es": "artículo 12, apartado 4", "it": "articolo 12, paragrafo 4", "nl": "artikel 12, lid 4",
                  "pl": "art. 12 ust. 4", "pt": "artigo 12.º, n.º 4"}


@pytest.mark.parametrize(("regime", "language"), [*(("gdpr", language) for language in REASONS_IF_NOT),
                                                  ("uk-gdpr", "en")])
def test_an_objection_asks_for_the_reasons_if_the_company_does_not_act_on_it(regime, language):
    text = body(compose(letter_input(regime, "objection", language)))
    cited = "Article 12(4) UK GDPR" if regime == "uk-gdpr" else REASONS_IF_NOT[language]
    assert f"({cited})" in text


@pytest.mark.parametrize(("language", "cited"), [("de-CH", "(Art. 30 Abs. 3 DSG)"), ("fr", "(art. 30, al. 3, LPD)"),
                                                 ("it", "(art. 30 cpv. 3 LPD)"), ("en", "(Art. 30 para. 3 FADP)")])
def test_a_swiss_erasure_request_also_prohibits_the_processing_expressly(language, cited):
    """Art. 30(3) FADP: no violation, as a rule, of data the person made generally accessible without expressly
    prohibiting its processing — the objection said so, the erasure request did not."""
    assert cited in body(compose(letter_input("fadp", "erasure", language)))


@pytest.mark.parametrize("kind", regimes()["lgpd"].requests)
def test_a_brazilian_letter_addresses_the_company_formally(kind):
    """A letter to a company is written as to "Vossas Senhorias" (verbs in the third person plural); "vocês" is what
    one says to friends."""
    text = body(compose(letter_input("lgpd", kind, "pt-BR")))
    assert "vocês" not in text.lower()
    assert "V. Sas." in text
