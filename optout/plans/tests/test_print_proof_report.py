"""The proof report: what was done when, with the evidence, ready to print."""

from django.urls import reverse

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
    untouched = alice_plan[4]
    assert f"#{untouched.number} " not in html  # nothing recorded: not in the report
