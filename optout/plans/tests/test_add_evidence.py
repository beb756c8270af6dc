"""Attaching proof: screenshots and e-mails are checked, stored privately and shown only to their owner."""

import io
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFIRMATION_EML, png_bytes
from optout.plans.evidence import EvidenceError, check_email, check_image
from optout.plans.models import Evidence


def _upload(client, action, data, name="proof.png"):
    url = reverse("plans:action_screenshot", args=[action.number])
    return client.post(url, {"screenshot": SimpleUploadedFile(name, data), "note": "settings page"}, follow=True)


def test_a_screenshot_is_stored_and_served_only_to_its_owner(alice_client, bob_client, alice_plan):
    action = alice_plan[0]
    response = _upload(alice_client, action, png_bytes())
    assert "Screenshot saved as evidence." in response.content.decode()
    evidence = Evidence.objects.get(action=action)
    assert (evidence.content_type, evidence.original_name, evidence.note) == ("image/png", "proof.png", "settings page")
    assert not evidence.file.name.startswith("/") and "proof" not in evidence.file.name  # our own file name
    served = alice_client.get(reverse("plans:evidence_file", args=[evidence.id]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png_bytes()
    assert served["X-Content-Type-Options"] == "nosniff" and "sandbox" in served["Content-Security-Policy"]
    assert bob_client.get(reverse("plans:evidence_file", args=[evidence.id])).status_code == 404
    assert action.events.last().kind == "evidence"


def test_a_refused_screenshot_is_explained_in_the_readers_language(alice_client, alice_plan):
    alice_client.cookies["django_language"] = "de"
    response = _upload(alice_client, alice_plan[0], b"<html></html>", "evil.png")
    html = response.content.decode()
    assert response.status_code == 400 and not Evidence.objects.exists()
    assert "evil.png ist kein Bild, das optout lesen kann; verwenden Sie PNG, JPEG, WebP oder GIF." in html


def _bomb_png() -> bytes:
    """A valid PNG header claiming 30000×30000 pixels: tiny on disk, 900 megapixels decoded."""
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.png", "The submitted file is empty."),
        (b"<html><script>alert(1)</script></html>", "evil.png", "is not an image optout can read"),
        (png_bytes()[:60], "cut.png", "damaged"),
        (_bomb_png(), "bomb.png", "too large"),
        (b"\x00" * (10 * 1024 * 1024 + 1), "huge.png", "at most 10 MB"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_is_stored(alice_client, alice_plan, data, name, message):
    action = alice_plan[0]
    response = _upload(alice_client, action, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists() and action.events.count() == 1


def test_a_bmp_is_refused_by_type(alice_client, alice_plan):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    response = _upload(alice_client, alice_plan[0], buffer.getvalue(), "shot.bmp")
    assert "use PNG, JPEG, WebP or GIF" in response.content.decode()


def test_a_saved_email_shows_sender_date_and_subject(alice_client, bob_client, alice_plan):
    action = alice_plan[0]
    url = reverse("plans:action_email", args=[action.number])
    response = alice_client.post(url, {"eml": SimpleUploadedFile("confirm.eml", CONFIRMATION_EML)}, follow=True)
    html = response.content.decode()
    assert "E-mail saved" in html
    assert "Meta Privacy &lt;noreply@support.facebook.com&gt;" in html
    assert "Tue, 24 Nov 2026 10:15:00 +0000" in html
    assert "We’ll honour your objection" in html
    evidence = Evidence.objects.get(action=action)
    download = alice_client.get(reverse("plans:evidence_file", args=[evidence.id]))
    assert download["Content-Disposition"].startswith("attachment")
    assert bob_client.get(reverse("plans:evidence_file", args=[evidence.id])).status_code == 404


def test_a_pasted_email_works_too_and_text_that_is_not_an_email_is_refused(alice_client, alice_plan):
    action = alice_plan[0]
    url = reverse("plans:action_email", args=[action.number])
    response = alice_client.post(url, {"pasted": CONFIRMATION_EML.decode()}, follow=True)
    assert "E-mail saved" in response.content.decode()
    response = alice_client.post(url, {"pasted": "Thanks, we got it!"})
    assert response.status_code == 400 and "does not look like an e-mail" in response.content.decode()
    response = alice_client.post(url, {})
    assert response.status_code == 400 and "Choose a saved e-mail or paste one." in response.content.decode()
    assert Evidence.objects.filter(action=action).count() == 1


def test_a_note_is_kept_as_evidence(alice_client, alice_plan):
    action = alice_plan[0]
    response = alice_client.post(reverse("plans:action_note", args=[action.number]), {"note": "Ref #4471"}, follow=True)
    assert "Note added." in response.content.decode() and "Ref #4471" in response.content.decode()


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_check_email_never_crashes_on_any_bytes(data):
    try:
        checked = check_email(data)
    except EvidenceError:
        return
    assert checked.sender


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_check_image_never_crashes_on_any_bytes(data):
    try:
        check_image(b"\x89PNG\r\n\x1a\n" + data)
    except EvidenceError:
        pass


def test_every_field_of_a_step_page_has_its_own_id_and_label(alice_client, alice_plan):
    """The status, note and screenshot forms each have a "note": three elements with the id "id_note" left two of them
    unnamed for screen readers, and a click on either label focused the first."""
    import re
    from collections import Counter

    from django.urls import reverse

    for action in (alice_plan[0], alice_plan[2]):  # a plain step and an objection step
        html = alice_client.get(reverse("plans:action", args=[action.number])).content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', html))
        assert not [name for name, count in ids.items() if count > 1], ids
        for field in ("status_note", "addnote_note", "shot_note"):
            assert f'for="{field}"' in html and f'id="{field}"' in html
