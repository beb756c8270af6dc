"""Import as a lever (issue 12): zip padding, hostile e-mails inside, numbers and dates built to break things,
files that must never be left behind, and writes that hold the database only briefly."""

import datetime as dt
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import CONFIRMATION_EML, make_plan, png_bytes
from optout.lib.bulkinsert import PreparedInsert
from optout.ops.sweep import sweep_orphan_files
from optout.plans import services
from optout.plans.models import Action, CalendarFeed, Event, Evidence, Status
from optout.plans.transfer import MAX_ZIP_ENTRIES, PlanImportError
from tests.fixtures.hostile import encoded_words_from


@pytest.fixture
def export(alice):
    actions = make_plan(alice, "EU", ["instagram", "linkedin"])
    services.set_status(actions[0], Status.DONE)
    document, _files = services.export_document(alice)
    return document


def _zip(entries: dict[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name in stored else None)
    return buffer.getvalue()


def _post(client, data: bytes, name="plan.zip"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("plans:import"), {"file": upload})


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _refused(client, data, message, name="plan.zip"):
    response = _post(client, data, name)
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert response.status_code == 400 and "was not imported" in html and message in html, html[-3000:]


def test_a_zip_padded_with_zero_filled_megabytes_is_refused(bob_client, bob, export, settings):
    """544 KB of zip, 476 entries of 1 MB of zeros: accepted before, 400 MB in the web process."""
    entries = {"plan.json": json.dumps(export).encode()}
    entries.update({f"evidence/pad{i}.png": bytes(1024 * 1024) for i in range(476)})
    data = _zip(entries)
    assert len(data) < 1024 * 1024
    _refused(bob_client, data, "is compressed suspiciously well")
    assert not Action.objects.filter(owner=bob).exists() and _files(Path(settings.MEDIA_ROOT)) == []


def test_a_zip_with_too_many_entries_is_refused(bob_client, export):
    entries = {"plan.json": json.dumps(export).encode()}
    entries.update({f"evidence/f{i}.png": b"x" for i in range(MAX_ZIP_ENTRIES)})
    _refused(bob_client, _zip(entries), f"an export has at most {MAX_ZIP_ENTRIES}")


def test_a_hostile_email_inside_an_import_zip_is_refused_by_name(bob_client, bob, export):
    document = json.loads(json.dumps(export))
    document["actions"][0]["evidence"] = [{
        "kind": "email", "file": "evidence/attack.eml", "created_at": "2026-11-01T10:00:00+00:00",
    }]
    # Stored uncompressed: compressed, its repetition trips the zip-bomb check before the e-mail is read.
    data = _zip({"plan.json": json.dumps(document).encode(), "evidence/attack.eml": encoded_words_from()},
                stored=("evidence/attack.eml",))
    _refused(bob_client, data, "actions[0].evidence[0]: evidence/attack.eml cannot be read safely")
    assert not Action.objects.filter(owner=bob).exists()


def _nested(depth: int) -> bytes:
    return b'{"format": "optout-plan", "version": 1, "x": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize(("label", "make", "message"), [
    ("nested json", lambda d: _nested(100_000), "nested too deeply"),
    ("5,000-digit integer", lambda d: json.dumps(dict(d, version=1)).replace('"version": 1', '"version": ' + "9" * 5000).encode(),
     "holds a value optout cannot read"),
    ("position 10^30", lambda d: _change(d, "position", 10**30), "actions[0].position"),
    ("account id 10^30", lambda d: _change(d, "account", 10**30), "actions[0].account"),
    ("date 9999-12-31", lambda d: _change(d, "remind_at", "9999-12-31T00:00:00+00:00"),
     "actions[0].remind_at: the date 9999-12-31 is outside the years 1990–2200"),
])
def test_numbers_and_dates_built_to_break_things_get_a_clear_message(bob_client, bob, export, label, make, message):
    _refused(bob_client, make(export), message, name="plan.json")
    assert not Action.objects.filter(owner=bob).exists()


def _change(document, field, value) -> bytes:
    data = json.loads(json.dumps(document))
    data["actions"][0][field] = value
    return json.dumps(data).encode()


def test_the_calendar_feed_still_answers_with_a_date_at_the_end_of_time(client, alice, alice_plan, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: 9999-12-31 becomes year 10000 locally
    end = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC)
    Action.objects.filter(pk=alice_plan[0].pk).update(status=Status.WAITING, remind_at=end)
    Action.objects.filter(pk=alice_plan[1].pk).update(status=Status.DONE, recheck_at=timezone.now() + dt.timedelta(days=3))
    feed = services.feed_for(alice, create=True)
    assert isinstance(feed, CalendarFeed)
    response = client.get(reverse("plans:calendar_feed", args=[feed.token]))
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content


def test_a_good_zip_import_leaves_no_staging_folder_and_a_failed_one_leaves_no_files(alice, bob, settings, monkeypatch):
    actions = make_plan(alice, "EU", ["instagram"])
    services.add_screenshot(actions[0], png_bytes(), "shot.png")
    services.add_email(actions[0], CONFIRMATION_EML, "confirm.eml")
    export = services.export_plan(alice).content
    root = Path(settings.MEDIA_ROOT)
    before = _files(root)
    services.import_plan(bob, export)
    after = _files(root)
    assert len(after) == len(before) + 2
    assert not list((root / "staging").glob("*"))
    assert all(name.startswith(f"evidence/{bob.id}/") for name in set(after) - set(before))

    real_execute = PreparedInsert.execute

    def fail_at_evidence(self):
        if Evidence._meta.db_table in self.sql:
            raise RuntimeError("the database went away")  # after the actions and events were written
        real_execute(self)

    monkeypatch.setattr(PreparedInsert, "execute", fail_at_evidence)
    with pytest.raises(RuntimeError):
        services.import_plan(bob, export, replace=True)
    assert _files(root) == after  # neither the new files nor the staged copies stayed; the old ones are intact
    assert Evidence.objects.filter(owner=bob).count() == 2
    assert Action.objects.filter(owner=bob).count() == len(actions)  # the old plan, untouched


def test_a_large_import_writes_in_a_few_bulk_statements(alice, bob, export):
    """2,000 steps used to hold the SQLite write lock for 40–50 s, one row at a time."""
    document = json.loads(json.dumps(export))
    template = document["actions"][0]
    template["events"] = template["events"][:1] * 3
    document["actions"] = [dict(template, number=n, position=n) for n in range(1, 2001)]
    with CaptureQueriesContext(connection) as queries:
        assert services.import_plan(bob, json.dumps(document).encode()) == 2000
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) < 40, len(writes)
    assert Action.objects.filter(owner=bob).count() == 2000 and Event.objects.filter(owner=bob).count() == 6000


def test_the_sweep_removes_orphan_files_and_abandoned_imports_but_keeps_what_rows_use(alice, alice_plan, settings):
    root = Path(settings.MEDIA_ROOT)
    kept = services.add_screenshot(alice_plan[0], png_bytes(), "shot.png")
    orphan = root / "evidence" / str(alice.id) / "killed-mid-import.png"
    orphan.write_bytes(png_bytes())
    fresh = root / "evidence" / str(alice.id) / "upload-in-progress.png"
    fresh.write_bytes(png_bytes())
    abandoned = root / "staging" / "abc"
    abandoned.mkdir(parents=True)
    (abandoned / "00000").write_bytes(b"x")
    old = time.time() - 2 * 3600
    for path in (orphan, abandoned, kept.file.path):
        os.utime(path, (old, old))
    assert sweep_orphan_files() == {"files": 1, "staging": 1}
    assert not orphan.exists() and not abandoned.exists()
    assert fresh.exists() and Path(kept.file.path).exists()


def test_import_errors_are_import_errors(bob):
    with pytest.raises(PlanImportError, match="nested too deeply"):
        services.import_plan(bob, _nested(50_000))


def test_a_screenshot_claiming_to_be_a_web_page_is_refused(bob_client, bob, export):
    """Served with its stored type, a PNG with HTML after it would open as a page of optout's own address."""
    image = png_bytes() + b"<html><script>alert(1)</script></html>"
    document = json.loads(json.dumps(export))
    document["actions"][0]["evidence"] = [{
        "kind": "screenshot", "file": "evidence/shot.png", "content_type": "text/html", "size": len(image),
        "created_at": "2026-11-01T10:00:00+00:00",
    }]
    _refused(bob_client, _zip({"plan.json": json.dumps(document).encode(), "evidence/shot.png": image}),
             "actions[0].evidence[0].content_type: Input should be '', 'image/png'")
    assert not Action.objects.filter(owner=bob).exists()


def test_evidence_stored_with_a_type_optout_does_not_make_is_served_as_bytes(alice_client, alice, alice_plan):
    evidence = services.add_screenshot(alice_plan[0], png_bytes(), "shot.png")
    Evidence.objects.filter(pk=evidence.pk).update(content_type="text/html")  # as an older import could store it
    response = alice_client.get(reverse("plans:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    Evidence.objects.filter(pk=evidence.pk).update(content_type="image/png")
    assert alice_client.get(reverse("plans:evidence_file", args=[evidence.pk]))["Content-Type"] == "image/png"
