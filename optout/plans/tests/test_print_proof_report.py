"""The proof report: what was done when, with the evidence, ready to print."""

from django.urls import reverse
from django.utils.html import escape

from conftest import CONFIRMATION_EML, png_bytes
from optout.plans import services
from optout.plans.models import Status


def test_the_report_lists_done_steps_with_dates_and_evidence(alice_client, alice, alice_plan):
    services.set_status(alice_plan[0], Status.DONE, "switched off on my phone")
    screenshot = services.add_screenshot(alice_plan[0], png_bytes(), "phone.png")
    services.add_email(alice_plan[2], CONFIRMATION_EML, "meta.eml")
    html = alice_client.get(reverse("plans:report")).content.decode()
    assert "Record of opt-out steps" in html and "alice@example.org" in html
    assert "switched off on my phone" in html
    assert reverse("plans:evidence_file", args=[screenshot.id]) in html
    assert screenshot.sha256 in html  # whole, so anyone can check the file against it (it was cut to 16 characters)
    assert "Meta Privacy" in html and "We’ll honour your objection" in html
    # what the platform wrote is named by its subject, not called a confirmation: it may be a refusal
    assert "Confirmation e-mail" not in html and '<p class="meta">E-mail, added to optout' in html
    untouched = alice_plan[4]
    assert f"#{untouched.number} " not in html  # nothing recorded: not in the report


def test_the_report_names_its_time_zone_and_says_proof_times_are_when_it_was_added(alice_client, alice, alice_plan):
    """Handed to a regulator elsewhere, "5 December 2026, 01:35" alone could be any of 24 times."""
    import datetime as dt

    from optout.accounts.services import set_time_zone

    set_time_zone(alice, "America/New_York")
    services.set_status(alice_plan[0], Status.DONE, now=dt.datetime(2026, 7, 1, 12, tzinfo=dt.UTC))  # summer time
    services.add_screenshot(alice_plan[0], png_bytes(), "phone.png", now=dt.datetime(2026, 12, 5, 6, 35, tzinfo=dt.UTC))
    html = alice_client.get(reverse("plans:report")).content.decode()
    assert "Times are in United States — New York (America/New_York): UTC−0" in html
    german = alice_client.get(reverse("plans:report"), headers={"accept-language": "de"}).content.decode()
    assert "Vereinigte Staaten — New York (America/New_York)" in german
    assert "UTC−05:00" in html and "UTC−04:00" in html and "changes with daylight saving time" in html
    assert "added to optout 5 December 2026, 01:35" in html
    assert "when it was added to optout, not when a screenshot was taken" in html


def test_a_catalog_steps_english_title_is_marked_as_english_in_another_languages_report(alice_client, alice_plan):
    """A screen reader reading the German report read "Turn off …" with German sounds."""
    step = alice_plan[0]
    services.set_status(step, Status.DONE)
    page = alice_client.get(reverse("plans:report"), headers={"accept-language": "de"}).content.decode()
    heading = page[page.index(f'id="r-{step.number}"'):].split("</h2>")[0]
    assert f'<span lang="en">{escape(step.title)}</span>' in heading
