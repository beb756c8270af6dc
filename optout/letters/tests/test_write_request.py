"""Writing a request on the web: the form, its checks, and what lands in the PDF."""

import subprocess

import pytest
from django.urls import reverse

from conftest import make_plan, require_tool
from optout.letters.models import LetterRequest


def form_data(**changes):
    data = {
        "platform": "instagram", "kind": "objection", "language": "en", "name": "Alice Example",
        "address": "1 Rue de Rivoli\n75001 Paris", "email": "alice@example.org", "account": "@alice.draws",
        "contents": ["artwork"], "harms": ["livelihood"], "own_words": "These drawings pay my rent",
        "recipient_name": "Meta Platforms Ireland Limited", "recipient_address": "Merrion Road\nDublin 4",
        "recipient_email": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def eu_alice(alice):
    make_plan(alice, "EU", ["instagram", "linkedin"])
    return alice


def test_the_form_is_prefilled_from_the_catalog_and_the_plan(alice_client, eu_alice):
    action = eu_alice.plan_actions.get(mechanism="eu-objection-form")
    html = alice_client.get(reverse("letters:new"), {"action": action.number}).content.decode()
    assert 'value="Meta Platforms Ireland Limited"' in html
    assert "Merrion Road" in html
    assert "Objection to AI training (Article 21(1))" in html and "Right to know" not in html


@pytest.mark.parametrize(("language", "cite"), [("de", "Art. 21 Abs. 1"), ("es", "artículo 21, apartado 1"),
                                              ("pl", "art. 21 ust. 1"), ("pt", "artigo 21.º, n.º 1")])
def test_the_form_cites_the_article_as_the_letter_in_that_language_does(alice_client, eu_alice, language, cite):
    alice_client.cookies["django_language"] = language
    html = alice_client.get(reverse("letters:new"), {"platform": "instagram"}).content.decode()
    assert f"({cite})" in html and "Article 21(1)" not in html
    drafted = alice_client.post(reverse("letters:new"), form_data(language=language), follow=True).content.decode()
    letter = LetterRequest.objects.get(owner=eu_alice)
    text = alice_client.get(reverse("letters:download", args=[letter.number, "txt"])).content.decode()
    assert cite in text and f"({cite})" in drafted


def test_a_letter_is_drafted_and_can_be_downloaded(alice_client, eu_alice, tmp_path):
    response = alice_client.post(reverse("letters:new"), form_data(), follow=True)
    html = response.content.decode()
    assert "Your letter is ready" in html and "Article 21(1)" in html
    letter = LetterRequest.objects.get(owner=eu_alice)
    assert (letter.regime, letter.status, letter.recipient_name) == ("gdpr", "drafted", "Meta Platforms Ireland Limited")
    pdf = alice_client.get(reverse("letters:download", args=[letter.number, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == f'attachment; filename="{letter.reference}.pdf"'
    assert alice_client.get(reverse("letters:download", args=[letter.number, "exe"])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "   "}, "This field is required."),
        ({"address": "", "email": ""}, "Your postal address or e-mail address is needed"),
        ({"name": "A" * 300}, "at most 200 fit in a letter"),
        ({"kind": "ccpa-know"}, "Select a valid choice"),
        ({"recipient_email": "not-an-address"}, "Enter a valid email address."),
    ],
)
def test_bad_input_gets_a_clear_error_and_no_letter(alice_client, eu_alice, changes, field_message):
    response = alice_client.post(reverse("letters:new"), form_data(**changes))
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not LetterRequest.objects.exists()


def test_markup_and_template_syntax_stay_inert(alice_client, eu_alice, tmp_path):
    require_tool("pdftotext", "apt-get install poppler-utils")
    hostile = "<script>alert(1)</script> {{ request.user }} {deadline} {% debug %}"
    alice_client.post(reverse("letters:new"), form_data(name="Eve <b>Bold</b> {name}", own_words=hostile))
    letter = LetterRequest.objects.get()
    html = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ request.user }} {deadline} {% debug %}" in html.replace("&#x27;", "'")
    path = tmp_path / "l.pdf"
    path.write_bytes(alice_client.get(reverse("letters:download", args=[letter.number, "pdf"])).content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Eve <b>Bold</b> {name}" in text and "<script>alert(1)</script>" in text and "{deadline}" in text


def test_right_to_left_and_cjk_names_are_set_in_fonts_that_have_them(alice_client, eu_alice, tmp_path):
    require_tool("pdffonts", "apt-get install poppler-utils")
    name = "王小明 نور الهدى שירה"
    alice_client.post(reverse("letters:new"), form_data(name=name))
    letter = LetterRequest.objects.get()
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    path = tmp_path / "l.pdf"
    path.write_bytes(alice_client.get(reverse("letters:download", args=[letter.number, "pdf"])).content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts, f"no CJK font embedded (install fonts-noto-cjk):\n{fonts}"
    assert "DejaVu" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "王小明" in text and "שירה" in text
    assert "cannot be made on this computer" not in page


def test_a_company_without_any_known_contact_is_explained(eu_alice):
    from optout.letters import services
    from optout.letters.compose import LetterError

    nobody = services.Recipient("Nobody Ltd", "", "", "", "")
    with pytest.raises(LetterError, match="knows no privacy contact for Nobody Ltd. Look in its privacy policy"):
        services.draft_request(eu_alice, platform="cara", kind="objection", own_words="My drawings are my income.", language="en", name="Alice",
                               email="alice@example.org", recipient=nobody)
    assert not LetterRequest.objects.exists()


@pytest.mark.parametrize(("language", "sentence"), [
    ("en", "I am a visual artist and publish my own work on Instagram."),
    ("de", "Ich zeichne und illustriere und veröffentliche meine eigenen Werke auf Instagram."),
    ("fr", "Je crée des œuvres visuelles et des illustrations, et je publie mes propres œuvres sur Instagram."),
    ("pl", "Tworzę prace plastyczne i ilustracje i publikuję w serwisie Instagram własną twórczość."),
])
def test_the_letter_says_what_the_person_creates_in_its_own_language(alice, language, sentence):
    """Once only English letters said it, with the menu's label put in the sentence ("I am a visual artist or
    illustrator")."""
    from optout.letters import services
    from optout.letters.services.drafting import letter_for

    make_plan(alice, "EU", ["instagram"], creator_kind="visual-artist")
    letter = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language=language,
                                    name="Alice Example", address="1 Rue de Rivoli\n75001 Paris", email=alice.email)
    assert letter.creator == "visual-artist"
    assert sentence in " ".join(letter_for(letter).paragraphs)


def test_a_letter_drafted_before_keeps_its_creator_sentence_and_other_says_nothing(alice):
    from optout.letters import services
    from optout.letters.services.drafting import letter_for

    make_plan(alice, "EU", ["instagram"], creator_kind="other")
    letter = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="en",
                                    name="Alice Example", address="1 Rue de Rivoli\n75001 Paris", email=alice.email)
    assert letter.creator == "" and not any("publish my own work" in p for p in letter_for(letter).paragraphs)
    letter.creator = "Photographer"  # as stored then: the profile's label
    assert "I am a photographer and publish my own work on Instagram." in " ".join(letter_for(letter).paragraphs)


def test_the_letter_goes_to_the_company_of_the_platform_chosen_in_the_form(alice_client, eu_alice):
    """The recipient was filled in only from the page's address: choosing LinkedIn in the menu of a form filled in for
    Instagram kept Meta as the recipient (and a form opened without a platform could not be sent)."""
    filled_for_instagram = form_data(recipient_for="instagram", recipient_address="ATTN: Privacy Operations\nMerrion Road"
                                     "\nDublin 4\nD04 X2K5\nIreland", platform="linkedin", account="")
    assert alice_client.post(reverse("letters:new"), filled_for_instagram).status_code == 302
    letter = LetterRequest.objects.get(owner=eu_alice)
    assert letter.platform == "linkedin" and "LinkedIn" in letter.recipient_name and "Meta" not in letter.recipient_name

    empty = form_data(recipient_name="", recipient_address="", recipient_for="", platform="instagram")
    assert alice_client.post(reverse("letters:new"), empty).status_code == 302
    assert LetterRequest.objects.filter(owner=eu_alice).latest("id").recipient_name == "Meta Platforms Ireland Limited"

    chosen = form_data(recipient_name="Meta Privacy Team", recipient_for="instagram", platform="linkedin")
    assert alice_client.post(reverse("letters:new"), chosen).status_code == 302
    assert LetterRequest.objects.filter(owner=eu_alice).latest("id").recipient_name == "Meta Privacy Team"  # as typed


def test_an_objection_that_gives_no_grounds_is_refused_on_the_form(alice_client, alice):
    """Art. 21(1) GDPR: an objection rests on "grounds relating to his or her particular situation"; with nothing ticked
    and no words of one's own, a letter went out that gave none."""
    make_plan(alice, "EU", ["instagram"], creator_kind="other")
    response = alice_client.post(reverse("letters:new"), form_data(contents=[], harms=[], own_words=""))
    assert response.status_code == 400 and not LetterRequest.objects.exists()
    assert "grounds relating to your particular situation" in response.content.decode()
    access = alice_client.post(reverse("letters:new"), form_data(kind="access", contents=[], harms=[], own_words=""))
    assert access.status_code == 302  # a request for access needs no grounds
