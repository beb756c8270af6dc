"""A letter goes to the company behind a platform. Where optout did not read that company's name and contacts on the
platform's own pages (they come from a register such as Datenanfragen.de, or optout knows only the company's privacy
contact), the letter's page and the command line say so and ask the person to check before sending."""

import datetime as dt
import shutil

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from conftest import make_plan
from optout.catalog import loader
from optout.cli import build_app
from optout.letters import services


def _draft(person, platform):
    return services.draft_request(person, platform=platform, kind="objection", language="en", name="Alice Example",
                                  address="1 Rue de Rivoli\n75001 Paris", email="alice@example.org",
                                  own_words="My drawings are my income.")


@pytest.fixture
def catalog_copy(tmp_path, monkeypatch):
    """The shipped catalog in a folder a test may change, read afresh."""
    folder = tmp_path / "platforms"
    shutil.copytree(loader.PLATFORMS_DIR, folder)
    monkeypatch.setattr(loader, "PLATFORMS_DIR", folder)
    loader.catalog.cache_clear()
    yield folder
    loader.catalog.cache_clear()


def test_a_company_named_only_by_a_register_is_to_be_checked_before_sending(alice, alice_client, catalog_copy):
    instagram = catalog_copy / "instagram.yaml"
    text = instagram.read_text(encoding="utf-8")
    controller = text[text.index("  controllers:"):text.index("\nai_use:")]
    sources = controller[controller.index("      sources:\n"):]
    register = ("      sources:\n        - url: https://github.com/datenanfragen/data/blob/master/companies/facebook.json\n"
                "          title: Datenanfragen.de record facebook (CC0 1.0)\n          accessed: 2026-11-25\n"
                "          kind: secondary\n")
    first_controller_sources = sources[:sources.index("\n    - regions:") + 1] if "\n    - regions:" in sources else sources
    instagram.write_text(text.replace(first_controller_sources, register, 1), encoding="utf-8")
    make_plan(alice, "EU", ["instagram"])
    letter = _draft(alice, "instagram")
    assert letter.recipient_name == "Meta Platforms Ireland Limited"
    page = alice_client.get(reverse("letters:detail", args=[letter.number])).content.decode()
    assert 'id="recipient-unsure"' in page
    assert ("optout took the name and contact details of Meta Platforms Ireland Limited from sources other than "
            "Instagram&#x27;s own pages (Datenanfragen.de record facebook (CC0 1.0)).") in page
    assert "check in Instagram&#x27;s privacy policy which company is responsible for your data" in page
    alice_client.cookies["django_language"] = "de"
    page = alice_client.get(reverse("letters:detail", args=[letter.number])).content.decode()
    assert 'id="recipient-unsure"' in page and "optout took the name" not in page


def test_a_company_read_on_the_platforms_own_page_needs_no_warning(alice, alice_client):
    make_plan(alice, "EU", ["instagram"])
    letter = _draft(alice, "instagram")
    assert 'id="recipient-unsure"' not in alice_client.get(reverse("letters:detail", args=[letter.number])).content.decode()


def test_a_platform_whose_company_for_the_region_is_unknown_says_so(alice, alice_client):
    make_plan(alice, "EU", ["cara"])
    form = alice_client.get(reverse("letters:new"), {"platform": "cara"}).content.decode()
    assert 'id="recipient-unsure"' in form and "which of Cara&#x27;s companies is responsible" in form
    assert 'id="recipient-unsure"' not in alice_client.get(reverse("letters:new"), {"platform": "instagram"}).content.decode()
    letter = _draft(alice, "cara")
    page = alice_client.get(reverse("letters:detail", args=[letter.number])).content.decode()
    assert ("optout does not know which of Cara&#x27;s companies is responsible for your data where you live, so "
            "this letter goes to Cara at the privacy contact optout has for it.") in page
    services.mark_sent(letter, dt.date.today(), "email")
    assert 'id="recipient-unsure"' not in alice_client.get(reverse("letters:detail", args=[letter.number])).content.decode()


def test_the_command_line_says_it_too(alice):
    make_plan(alice, "EU", ["cara"])
    result = CliRunner().invoke(build_app(), ["letter", "new", "--platform", "cara", "--type", "objection", "--name",
                                              "Alice Example", "--address", "1 Rue de Rivoli;75001 Paris", "--reason",
                                              "My drawings are my income.", "--user", "alice"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Check the recipient: optout does not know which of Cara's companies is responsible" in result.output


def test_a_privacy_policy_is_not_offered_as_a_form_to_paste_the_letter_into(alice, alice_client):
    """For many companies optout knows only the page where they say how to reach their privacy team (often the privacy
    policy itself): it was offered as "the company's privacy form — paste the text below", and a letter with neither
    an e-mail nor a postal address was to be posted."""
    make_plan(alice, "EU", ["cara", "instagram"])
    cara = _draft(alice, "cara")
    page = alice_client.get(reverse("letters:detail", args=[cara.number])).content.decode()
    link = page[page.index('id="recipient-form"'):].split("</li>", 1)[0]
    assert 'href="https://cara.app/privacy"' in link and "The company's page on privacy" in link
    assert "where it says how to reach its privacy team" in link and "privacy form" not in link
    assert ("with no recipient: optout knows neither an e-mail address nor a postal address for Cara; "
            "the company's page on privacy, below, says how to reach it") in page
    assert "so post the PDF" not in page
    instagram = _draft(alice, "instagram")
    page = alice_client.get(reverse("letters:detail", args=[instagram.number])).content.decode()
    link = page[page.index('id="recipient-form"'):].split("</li>", 1)[0]
    assert 'href="https://help.meta.com/support/privacy/"' in link and "The company's privacy form" in link
    assert "so post the PDF or use its form" in page


def test_a_company_whose_record_is_partly_unconfirmed_is_to_be_checked_with_the_reason(alice, alice_client, catalog_copy):
    instagram = catalog_copy / "instagram.yaml"
    text = instagram.read_text(encoding="utf-8")
    first = text.index("      entity: Meta Platforms Ireland Limited\n")
    text = (text[:first] + "      confidence: low\n      confidence_reason: The postal address was read on no Meta page.\n"
            + text[first:])
    instagram.write_text(text, encoding="utf-8")
    make_plan(alice, "EU", ["instagram"])
    letter = _draft(alice, "instagram")
    page = alice_client.get(reverse("letters:detail", args=[letter.number])).content.decode()
    assert ("optout is not sure of all it has for Meta Platforms Ireland Limited: The postal address was read on no "
            "Meta page. Before you send it, check in Instagram&#x27;s privacy policy") in page


def test_the_new_letter_form_chooses_no_platform_and_says_what_an_empty_recipient_means(alice, alice_client):
    """Opened on its own, the form had Adobe chosen and said the recipient was "Filled in from optout's catalog"
    above empty fields."""
    make_plan(alice, "EU", ["instagram"])
    page = alice_client.get(reverse("letters:new")).content.decode()
    assert '<option value="" selected>Choose a platform…</option>' in page
    assert "Left empty, the letter goes to the company optout" in page and "Filled in from optout" not in page
    filled = alice_client.get(reverse("letters:new"), {"platform": "instagram"}).content.decode()
    assert "Filled in from optout" in filled and "Meta Platforms Ireland Limited" in filled
    refused = alice_client.post(reverse("letters:new"), {"kind": "objection", "language": "en", "name": "A",
                                                         "address": "x", "platform": ""})
    from optout.letters.models import LetterRequest

    assert refused.status_code == 400 and not LetterRequest.objects.exists()


def test_a_company_the_catalog_names_for_other_regions_is_doubted_for_this_one(alice, alice_client):
    """A Brazilian's Instagram letter went to Meta Platforms, Inc., which the catalog names for the US and the UK,
    without the warning a letter to an unknown company gets."""
    from optout.catalog import regions
    from optout.catalog.loader import catalog
    from optout.letters import services as letters

    make_plan(alice, "BR", ["instagram"])
    controllers = catalog()["instagram"].owner.controllers
    assert not any(regions.covering("BR").intersection(c.regions) for c in controllers)  # none named for Brazil
    letter = letters.draft_request(alice, platform="instagram", kind="objection", language="pt-BR", name="Alice",
                                   email="alice@example.org", own_words="Meus desenhos.")
    assert any(c.entity == letter.recipient_name for c in controllers)  # a name the catalog has, for elsewhere
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "does not know which of Instagram" in page.replace("&#x27;", "'")


def test_a_complaint_page_names_the_authority_its_form_and_what_its_date_is(alice, alice_client):
    """A complaint to the ICO showed "The company's privacy form" and "Answer due by", as if the ICO were the company
    and owed an answer by then (s.166 DPA 2018 gives it three months to say how the complaint stands)."""
    from django.utils import timezone

    make_plan(alice, "UK", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="objection", language="en", name="Alice",
                                    email="alice@example.org", own_words="My drawings.")
    services.mark_sent(letter, dt.date.today() - dt.timedelta(days=60), "email")
    services.run_due()
    letter.refresh_from_db()
    controller = services.make_controller_complaint(letter)
    services.mark_sent(controller, dt.date.today() - dt.timedelta(days=2), "email")
    page = alice_client.get(controller.get_absolute_url()).content.decode()
    assert "To be acknowledged by" in page and "Answer due by" not in page
    services.run_due(timezone.now() + dt.timedelta(days=40))
    complaint = services.make_complaint(letter, "uk-ico")
    services.mark_sent(complaint, dt.date.today(), "form")
    page = alice_client.get(complaint.get_absolute_url()).content.decode()
    assert "The authority is to tell you how your complaint stands by" in page and "Answer due by" not in page
    if complaint.recipient_form:
        assert "s complaint form" in page and "privacy form" not in page
