"""From a plan step to a downloaded PDF; then an unanswered request becomes a complaint draft."""

import datetime as dt
import re
import subprocess

from playwright.sync_api import expect

from conftest import assert_accessible, make_plan, require_tool
from optout.letters import services
from optout.letters.models import LetterRequest
from tests.browser.test_plan_flow import log_in


def test_plan_step_to_pdf_then_overdue_to_complaint(page, alice, tmp_path):
    require_tool("pdftotext", "apt-get install poppler-utils")
    make_plan(alice, "EU", ["instagram", "linkedin"])
    alice.profile.country = "DE"
    alice.profile.save()
    log_in(page, alice.email)
    page.get_by_role("link", name="See the whole plan").click()
    page.get_by_role("link", name=re.compile("Instagram: Object to Meta")).click()
    page.get_by_role("button", name="Write an objection letter with the same reason").click()
    expect(page.get_by_label("Recipient:", exact=True)).to_have_value("Meta Platforms Ireland Limited")
    expect(page.get_by_label("Language of the letter")).to_have_value("de")
    page.get_by_label("Your full name").fill("Alice Example")
    page.get_by_label("Your postal address").fill("Hauptstraße 1\n80331 München")
    page.get_by_label("my artwork and illustrations").check()
    page.get_by_label("In your own words (optional)").fill("Meine Zeichnungen sind mein Einkommen")
    assert_accessible(page)
    page.get_by_role("button", name="Write the letter").click()
    expect(page.get_by_text("Your letter is ready")).to_be_visible()
    expect(page.locator(".letter-preview")).to_contain_text("Art. 21 Abs. 1")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = tmp_path / "letter.pdf"
    download.value.save_as(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Alice Example" in text and "Meine Zeichnungen sind mein Einkommen" in text

    page.get_by_role("button", name="I have sent it").click()
    expect(page.locator("#letter-status")).to_have_text("Sent")
    letter = LetterRequest.objects.get(owner=alice)
    # A month passes without an answer: run the tick as it would run then.
    services.run_due(dt.datetime.combine(letter.deadline + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC))
    page.reload()
    expect(page.get_by_role("heading", name="No answer in time")).to_be_visible()
    page.get_by_role("group", name="Complain to").get_by_label("Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)").check()
    page.get_by_role("button", name="Draft a complaint").click()
    expect(page.get_by_text("Your complaint is drafted")).to_be_visible()
    expect(page.locator(".letter-preview")).to_contain_text("Bayerisches Landesamt")
    expect(page.locator(".letter-preview")).to_contain_text("Art. 77 Abs. 1")
    expect(page.locator(".letter-preview")).to_contain_text(letter.reference)
    assert_accessible(page)
