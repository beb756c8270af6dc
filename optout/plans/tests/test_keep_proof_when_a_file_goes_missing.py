"""One proof file lost or altered on disk: everything else is still exported, shown and imported, and the export and
the report say plainly which file is missing or no longer the one that was added."""

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from django.urls import reverse

from conftest import CONFIRMATION_EML, png_bytes
from optout.plans import services
from optout.plans.models import Evidence
from optout.plans.transfer import CHECK_NAME


def _export(client) -> bytes:
    response = client.post(reverse("plans:export"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return response.getvalue()


def _import(client, data: bytes):
    upload = io.BytesIO(data)
    upload.name = "plan.zip"
    return client.post(reverse("plans:import"), {"file": upload}, follow=True)


def _entries(archive: zipfile.ZipFile) -> dict[str, dict]:
    document = json.loads(archive.read("plan.json"))
    return {entry["original_name"] or entry["note"]: entry for action in document["actions"]
            for entry in action["evidence"]}


def test_a_lost_screenshot_leaves_the_rest_of_the_proof_exportable(alice, alice_plan, alice_client):
    lost = services.add_screenshot(alice_plan[0], png_bytes(), "lost.png", "the switch, before")
    kept = services.add_screenshot(alice_plan[0], png_bytes(color=(0, 90, 0)), "kept.png")
    services.add_email(alice_plan[2], CONFIRMATION_EML, "meta.eml")
    services.add_note(alice_plan[1], "still here")
    Path(lost.file.path).unlink()

    archive = zipfile.ZipFile(io.BytesIO(_export(alice_client)))
    entries = _entries(archive)
    assert entries["lost.png"]["file"] == "" and entries["lost.png"]["file_check"] == "missing"
    assert entries["lost.png"]["sha256"] == lost.sha256 and entries["lost.png"]["note"] == "the switch, before"
    assert archive.read(entries["kept.png"]["file"]) == Path(kept.file.path).read_bytes()
    assert entries["kept.png"]["file_check"] == entries["meta.eml"]["file_check"] == "ok"
    assert entries["still here"]["file_check"] == ""
    words = archive.read(CHECK_NAME).decode()
    assert "Missing: optout no longer has these files" in words and "“lost.png”" in words and lost.sha256 in words
    assert "kept.png" not in words
    added = lost.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert f"added to optout {added} (UTC)" in words and "+00:00" not in words, "a moment as people read one"


def test_a_lost_file_is_not_found_rather_than_an_error(alice, alice_plan, alice_client):
    lost = services.add_screenshot(alice_plan[0], png_bytes(), "lost.png")
    Path(lost.file.path).unlink()
    assert alice_client.get(reverse("plans:evidence_file", args=[lost.id])).status_code == 404


def test_the_report_says_which_file_is_missing_and_which_changed(alice, alice_plan, alice_client):
    lost = services.add_screenshot(alice_plan[0], png_bytes(), "lost.png")
    altered = services.add_screenshot(alice_plan[1], png_bytes(), "altered.png")
    fine = services.add_screenshot(alice_plan[2], png_bytes(), "fine.png")
    Path(lost.file.path).unlink()
    Path(altered.file.path).write_bytes(png_bytes(color=(1, 2, 3)))

    html = alice_client.get(reverse("plans:report")).content.decode()
    assert html.count("File missing.") == 1 and html.count("File changed since it was added.") == 1
    assert reverse("plans:evidence_file", args=[lost.id]) not in html  # no broken image
    assert reverse("plans:evidence_file", args=[altered.id]) in html and reverse("plans:evidence_file", args=[fine.id]) in html
    items = html.split('class="report-evidence"')[1:]
    assert [lost.sha256 in item for item in items if "File missing." in item] == [True]  # beside its own item
    assert [altered.sha256 in item for item in items if "File changed since" in item] == [True]


def test_an_export_that_lacks_a_file_imports_with_everything_else(alice, alice_plan, alice_client, bob, bob_client):
    lost = services.add_screenshot(alice_plan[0], png_bytes(), "lost.png", "the switch, before")
    services.add_email(alice_plan[2], CONFIRMATION_EML, "meta.eml")
    Path(lost.file.path).unlink()
    data = _export(alice_client)

    page = _import(bob_client, data).content.decode()
    assert "Imported your plan" in page, page[page.find("errorlist"):][:500]
    shot = Evidence.objects.get(owner=bob, kind="screenshot")
    assert (shot.file.name, shot.sha256, shot.note) == ("", lost.sha256, "the switch, before")
    assert Evidence.objects.get(owner=bob, kind="email").file
    report = bob_client.get(reverse("plans:report")).content.decode()
    assert "File missing." in report and "We’ll honour your objection" in report
    again = json.loads(zipfile.ZipFile(io.BytesIO(_export(bob_client))).read("plan.json"))
    assert [e["file_check"] for a in again["actions"] for e in a["evidence"]] == ["missing", "ok"]


def test_a_changed_file_is_exported_as_it_is_and_stays_marked_changed_after_an_import(
        alice, alice_plan, alice_client, bob, bob_client):
    altered = services.add_screenshot(alice_plan[0], png_bytes(), "altered.png")
    now = png_bytes(color=(1, 2, 3))
    Path(altered.file.path).write_bytes(now)

    data = _export(alice_client)
    archive = zipfile.ZipFile(io.BytesIO(data))
    entry = _entries(archive)["altered.png"]
    assert (entry["file_check"], entry["sha256"]) == ("changed", altered.sha256)  # the hash recorded when it was added
    assert archive.read(entry["file"]) == now
    assert "Changed since they were added" in archive.read(CHECK_NAME).decode()

    assert "Imported your plan" in _import(bob_client, data).content.decode()
    imported = Evidence.objects.get(owner=bob)
    assert imported.sha256 == altered.sha256 and Path(imported.file.path).read_bytes() == now
    assert "File changed since it was added." in bob_client.get(reverse("plans:report")).content.decode()
