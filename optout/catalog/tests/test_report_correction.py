"""A person reports that a catalog entry is wrong; staff accept it as a patch or decline it; the person sees the outcome."""

from __future__ import annotations

import json
import shutil
import subprocess
from html import unescape

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from conftest import make_user
from optout.catalog import services
from optout.catalog.loader import DATA_DIR, PLATFORMS_DIR
from optout.catalog.models import Correction
from optout.cli import build_app


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def staff_client(client, db):
    staff = make_user("staff@example.org")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    return client


def report(client, slug="linkedin", **data):
    data = {"where": "generative-ai-setting", "what": "The switch has a new name.",
            "source_url": "https://www.linkedin.com/legal/privacy/eu", **data}
    return client.post(reverse("catalog:correct", args=[slug]), data)


def test_every_platform_page_links_to_the_report_form(client, db):
    html = text(client.get(reverse("catalog:detail", args=["instagram"])))
    assert "Something here is wrong" in html and reverse("catalog:correct", args=["instagram"]) in html


def test_the_form_says_who_reads_a_report(client, db, settings):
    url = reverse("catalog:correct", args=["instagram"])
    settings.OPTOUT_SITE_PUBLIC = True
    assert "A person checks every report; you will see the outcome." in text(client.get(url))
    settings.OPTOUT_SITE_PUBLIC = False  # a copy on one's own computer: nobody else is there to check
    local = text(client.get(url))
    assert "This copy of optout runs on your own computer, so nobody else sees your report" in local
    assert "A person checks every report" not in local


def test_a_signed_in_person_reports_and_sees_it_in_their_list(alice_client, alice):
    response = report(alice_client)
    correction = Correction.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("catalog:correction", args=[correction.token])
    assert correction.owner == alice and correction.where.startswith("generative-ai-setting: Turn off")
    html = text(alice_client.get(reverse("catalog:my_corrections")))
    assert "LinkedIn" in html and "Waiting for review" in html


def test_an_anonymous_report_is_rate_limited_per_address(client, db):
    for _ in range(services.ANONYMOUS_PER_HOUR):
        assert report(client).status_code == 302
    html = text(report(client))
    assert "You have sent many corrections in a short time" in html
    assert Correction.objects.count() == services.ANONYMOUS_PER_HOUR
    assert all(c.owner is None and c.client_hash for c in Correction.objects.all())
    # The stored address is a hash, never the address itself.
    assert "127.0.0.1" not in Correction.objects.first().client_hash


def test_a_source_on_a_copy_site_is_refused_with_a_reason(client, db):
    html = text(report(client, source_url="https://viraltrendingcontent.com/linkedin"))
    assert "Please link the platform's own page instead" in html and Correction.objects.count() == 0


def test_the_review_pages_are_for_staff_only(alice_client, alice):
    report(alice_client)
    correction = Correction.objects.get()
    for url in (reverse("catalog:review_queue"), reverse("catalog:review", args=[correction.token])):
        assert alice_client.get(url).status_code == 302  # to the admin login
    assert alice_client.post(reverse("catalog:review", args=[correction.token]), {"note": "x", "decline": "1"}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == "new"


def test_accepting_turns_the_edit_into_a_patch_that_applies(staff_client, alice, tmp_path):
    correction = services.report_correction(alice, "linkedin", "general", "Minutes are wrong.", "", "")
    original = (PLATFORMS_DIR / "linkedin.yaml").read_text(encoding="utf-8")
    corrected = original.replace("    minutes: 2\n", "    minutes: 3\n", 1)
    url = reverse("catalog:review", args=[correction.token])
    assert original.splitlines()[0] in text(staff_client.get(url))  # the current file, ready to edit
    response = staff_client.post(url, {"corrected": corrected, "note": "Thanks, fixed.", "accept": "1"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "accepted" and "-    minutes: 2\n+    minutes: 3\n" in correction.patch
    patch = tmp_path / "fix.patch"
    patch.write_bytes(staff_client.get(reverse("catalog:review_patch", args=[correction.token])).content)
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR / "platforms", copy / "platforms")
    subprocess.run(["git", "apply", "--check", str(patch)], cwd=copy, check=True)
    subprocess.run(["patch", "-p1", "-i", str(patch)], cwd=copy, check=True, capture_output=True)
    assert (copy / "platforms" / "linkedin.yaml").read_text(encoding="utf-8") == corrected
    assert (PLATFORMS_DIR / "linkedin.yaml").read_text(encoding="utf-8") == original  # the shipped file is untouched


def test_an_invalid_edit_is_refused_with_file_line_and_field(staff_client, alice):
    correction = services.report_correction(alice, "linkedin", "general", "x", "", "")
    original = (PLATFORMS_DIR / "linkedin.yaml").read_text(encoding="utf-8")
    bad = original.replace("    minutes: 2\n", "    minutes: two\n", 1)
    html = text(staff_client.post(reverse("catalog:review", args=[correction.token]), {"corrected": bad, "accept": "1"}))
    assert "The corrected file is not valid" in html and "platforms/linkedin.yaml:" in html and "minutes" in html
    unchanged = text(staff_client.post(reverse("catalog:review", args=[correction.token]),
                                       {"corrected": original, "accept": "1"}))
    assert "nothing to patch" in unchanged
    correction.refresh_from_db()
    assert correction.status == "new" and correction.patch == ""


def test_declining_needs_a_note_which_the_reporter_sees(staff_client, client):
    correction = services.report_correction(None, "linkedin", "general", "x", "", "203.0.113.9")
    url = reverse("catalog:review", args=[correction.token])
    assert "Say why" in text(staff_client.post(url, {"decline": "1", "note": ""}))
    staff_client.post(url, {"decline": "1", "note": "The page still says so."})
    staff_client.logout()
    html = text(client.get(reverse("catalog:correction", args=[correction.token])))
    assert "Not changed" in html and "The page still says so." in html


def test_cli_lists_and_exports_accepted_corrections(db, alice, tmp_path):
    correction = services.report_correction(alice, "linkedin", "general", "Minutes are wrong.", "", "")
    original = (PLATFORMS_DIR / "linkedin.yaml").read_text(encoding="utf-8")
    services.accept_correction(correction, None, original.replace("    minutes: 2\n", "    minutes: 3\n", 1))
    services.report_correction(alice, "instagram", "general", "Another one.", "", "")
    runner = CliRunner()
    listed = json.loads(runner.invoke(build_app(), ["catalog", "corrections", "list", "--json"]).output)
    assert [(r["platform"], r["status"]) for r in listed] == [("linkedin", "accepted"), ("instagram", "new")]
    result = runner.invoke(build_app(), ["catalog", "corrections", "export", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "out").glob("*.patch")
    assert written.name == f"correction-{correction.id:04d}-linkedin.patch"
    assert written.read_text(encoding="utf-8") == correction.patch
    bad = runner.invoke(build_app(), ["catalog", "corrections", "list", "--status", "maybe"])
    assert bad.exit_code != 0 and "unknown status" in bad.output
