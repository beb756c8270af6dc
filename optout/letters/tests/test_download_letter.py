"""Downloading a letter: the web page and the CLI hand over the same file, built by one function."""

import datetime as dt
import email
import email.policy
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from conftest import make_plan, require_tool
from optout.cli import build_app
from optout.letters import services
from optout.letters.models import Status


@pytest.fixture
def complaint(alice):
    make_plan(alice, "EU", ["instagram"])
    alice.profile.country = "DE"
    alice.profile.save()
    letter = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="de", name="Alice Example",
                                    address="Hauptstr. 1\n80331 München", email="alice@example.org")
    services.mark_sent(letter, timezone.localdate() - dt.timedelta(days=40), "email")
    services.run_due()
    letter.refresh_from_db()
    assert letter.status == Status.OVERDUE
    return services.make_complaint(letter, "de-by-baylda")


def pdf_text(path) -> str:
    require_tool("pdftotext", "apt-get install poppler-utils")
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_the_complaint_pdf_is_the_same_from_the_web_and_the_cli(alice_client, complaint, tmp_path):
    web = tmp_path / "web.pdf"
    web.write_bytes(alice_client.get(reverse("letters:download", args=[complaint.number, "pdf"])).content)
    cli = tmp_path / "cli.pdf"
    result = CliRunner().invoke(build_app(), ["letter", "download", str(complaint.number), "--out", str(cli), "--user", "alice"])
    assert result.exit_code == 0, result.output
    web_text, cli_text = pdf_text(web), pdf_text(cli)
    assert web_text == cli_text
    # The annex heading is in the letter's language, and the history is in it.
    assert "Verlauf dieses Antrags" in cli_text and "Timeline" not in cli_text
    assert complaint.parent.reference in cli_text and "Keine Antwort bis" in cli_text
    # what the authority reads: days as the letter writes them, and none of the complaint's own lines, which speak to
    # the person ("Die Behörde muss Ihnen bis … mitteilen")
    annex = cli_text[cli_text.index("Verlauf dieses Antrags"):]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", annex) and complaint.reference not in annex
    assert "Dezember 2026" in annex or "November 2026" in annex or "Oktober 2026" in annex


def test_a_complaint_or_reminder_on_paper_encloses_the_request_its_text_says_is_enclosed(alice, complaint, tmp_path):
    """"Der Verlauf meines Antrags und eine Kopie des Antrags liegen bei": the PDF to print and post held the history
    alone, the copy only the e-mail's attachment."""
    out = tmp_path / "complaint.pdf"
    assert CliRunner().invoke(build_app(), ["letter", "download", str(complaint.number), "--out", str(out),
                                            "--user", "alice"]).exit_code == 0
    text = pdf_text(out)
    original = services.letter_for(complaint.parent)
    assert original.subject in text and "My drawings are my income." in text  # the request, whole, as sent
    assert text.index(original.subject) < text.index("Verlauf dieses Antrags")
    reminder = services.make_follow_up(complaint.parent)
    out = tmp_path / "reminder.pdf"
    assert CliRunner().invoke(build_app(), ["letter", "download", str(reminder.number), "--out", str(out),
                                            "--user", "alice"]).exit_code == 0
    assert original.subject in pdf_text(out) and "My drawings are my income." in pdf_text(out)


def test_a_complaint_by_email_carries_the_original_request(alice, complaint, tmp_path):
    out = tmp_path / "complaint.eml"
    result = CliRunner().invoke(build_app(), ["letter", "download", str(complaint.number), "--out", str(out), "--user", "alice"])
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == [f"{complaint.parent.reference}.pdf"]


def test_an_unknown_format_or_someone_elses_letter_is_refused(alice, bob, complaint, tmp_path, bob_client):
    assert bob_client.get(reverse("letters:download", args=[complaint.number, "pdf"])).status_code == 404
    result = CliRunner().invoke(build_app(), ["letter", "download", str(complaint.number), "--out", str(tmp_path / "x.pdf"), "--user", "bob"])
    assert result.exit_code == 1 and "No letter #" in result.output
    result = CliRunner().invoke(build_app(), ["letter", "download", str(complaint.number), "--out", str(tmp_path / "x.doc"), "--user", "alice"])
    assert result.exit_code == 1 and "use a .pdf, .eml or .txt" in result.output
    with pytest.raises(services.RequestError):
        services.render_letter(complaint, "doc")


def test_the_e_mail_download_says_ready_to_send_only_when_it_has_an_address(alice, alice_client):
    from optout.letters.services.common import Recipient

    make_plan(alice, "EU", ["instagram"])
    by_post = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="en", name="Alice Example",
                                     address="Hauptstr. 1\n80331 München", email="alice@example.org")
    assert not by_post.recipient_email  # Meta takes objections by its form or by post
    page = alice_client.get(by_post.get_absolute_url()).content.decode()
    assert "ready to send" not in page
    assert "with no recipient: optout knows no e-mail address for Meta Platforms Ireland Limited, so post the PDF" in page
    by_mail = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="en", name="Alice Example",
                                     address="Hauptstr. 1\n80331 München", email="alice@example.org",
                                     recipient=Recipient("Example Ltd", "", "privacy@example.com", "", ""))
    page = alice_client.get(by_mail.get_absolute_url()).content.decode()
    assert "opens in your mail program, ready to send" in page and "with no recipient" not in page
    sent = email.message_from_bytes(alice_client.get(reverse("letters:download", args=[by_mail.number, "eml"])).content,
                                    policy=email.policy.default)
    assert sent["To"] == "Example Ltd <privacy@example.com>"
