"""Importing a broken, future or hostile file gives a clear error and changes nothing."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from conftest import CONFIRMATION_EML, make_plan, png_bytes
from optout.plans import services
from optout.plans.models import Action, Evidence, Status
from optout.plans.transfer import VERSION, PlanImportError


@pytest.fixture
def export(alice):
    actions = make_plan(alice, "EU", ["instagram", "linkedin"])
    services.set_status(actions[0], Status.DONE)
    document, files = services.export_document(alice)
    return document


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _post(client, data: bytes, name="plan.json"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("plans:import"), {"file": upload})


def _nothing_changed(user):
    return not Action.objects.filter(owner=user).exists() and not Evidence.objects.filter(owner=user).exists()


def _with(document, **changes):
    data = json.loads(json.dumps(document))
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return json.dumps(data).encode()


def _many_actions(document):
    data = json.loads(json.dumps(document))
    data["actions"] = [dict(data["actions"][0], number=n) for n in range(1, 10_001)]
    return json.dumps(data).encode()


CASES = [
    ("not json", lambda d: b"{not json", "plan.json is not valid JSON"),
    ("not utf-8", lambda d: b"\xff\xfe\x00{", "not UTF-8"),
    ("some other json", lambda d: b'{"hello": 1}', "not an optout plan export"),
    ("future version", lambda d: _with(d, version=VERSION + 1), f"made by a newer optout (format version {VERSION + 1})"),
    ("wrong type", lambda d: _with(d, actions__0__status="finished"), "actions[0].status"),
    ("unknown event kind", lambda d: _with(d, actions__0__events__0__kind="imported"), "actions[0].events[0].kind"),
    ("unknown field", lambda d: _with(d, actions__0__owner=1), "actions[0].owner"),
    ("future date", lambda d: _with(d, actions__0__created_at="2199-01-01T00:00:00+00:00"), "is in the future"),
    ("naive date", lambda d: _with(d, actions__0__created_at="2026-01-01T00:00:00"), "has no time zone"),
    ("bad region", lambda d: _with(d, profile__region="Mars"), "unknown region"),
    ("unknown land", lambda d: _with(d, profile__subdivision="DE-XX"), "unknown Land"),
    ("land of another country", lambda d: _with(d, profile__country="FR", profile__subdivision="DE-BY"),
     "profile.subdivision: 'DE-BY' is not in the country 'FR'"),
    ("dangling account", lambda d: _with(d, actions__0__account=99), "no account with id 99"),
    ("10k actions", _many_actions, "10000 actions is more than a plan can hold"),
]


@pytest.mark.parametrize(("label", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_json_is_refused_with_a_clear_message(bob_client, bob, export, label, make, message):
    response = _post(bob_client, make(export))
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert "plan.json was not imported" in html and message in html
    assert _nothing_changed(bob)


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("plan.json", b"{}")
        archive.writestr("evidence/1-1.png", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


ZIP_CASES = [
    ("path traversal", lambda d: _zip({"plan.json": json.dumps(d).encode(), "../../etc/passwd": b"x"}), "unsafe or unknown path"),
    ("absolute path", lambda d: _zip({"plan.json": json.dumps(d).encode(), "/tmp/x": b"x"}), "unsafe or unknown path"),
    ("no plan.json", lambda d: _zip({"evidence/1-1.png": png_bytes()}), "has no plan.json"),
    ("zip bomb", lambda d: _bomb(), "zip bomb"),
    ("damaged zip", lambda d: b"PK\x03\x04garbage", "damaged"),
    ("missing file", lambda d: _zip({"plan.json": _with(d, actions__0__evidence=[{
        "kind": "screenshot", "file": "evidence/1-1.png", "created_at": "2026-01-01T00:00:00+00:00"}])}),
     "evidence/1-1.png is not in the zip"),
    ("html as a screenshot", lambda d: _zip({"plan.json": _with(d, actions__0__evidence=[{
        "kind": "screenshot", "file": "evidence/1-1.png", "created_at": "2026-01-01T00:00:00+00:00"}]),
        "evidence/1-1.png": b"<script>alert(1)</script>"}), "not an image"),
    ("a screenshot without its file", lambda d: _zip({"plan.json": _with(d, actions__0__evidence=[{
        "kind": "screenshot", "created_at": "2026-01-01T00:00:00+00:00"}])}), "a screenshot needs its file"),
    ("two items, one file", lambda d: _zip({"plan.json": _with(d, actions__0__evidence=[
        {"kind": "email", "file": "evidence/1-1.eml", "created_at": "2026-01-01T00:00:00+00:00"},
        {"kind": "email", "file": "evidence/1-1.eml", "created_at": "2026-01-01T00:00:00+00:00"}]),
        "evidence/1-1.eml": CONFIRMATION_EML}),
     "evidence[1].file: evidence/1-1.eml is also the file of actions[0].evidence[0].file"),
]


@pytest.mark.parametrize(("label", "make", "message"), ZIP_CASES, ids=[c[0] for c in ZIP_CASES])
def test_hostile_zips_are_refused_and_nothing_changes(bob_client, bob, export, label, make, message):
    response = _post(bob_client, make(export), "plan.zip")
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html, html[html.find("errorlist"):][:400]
    assert _nothing_changed(bob)


def test_a_failure_halfway_leaves_no_rows_and_no_files(bob, export, settings, monkeypatch):
    good = services.export_plan(bob)  # empty plan, to prove the path works
    assert good.content
    data = json.loads(json.dumps(export))
    data["actions"][1]["number"] = data["actions"][0]["number"]
    with pytest.raises(PlanImportError, match="same number"):
        services.import_plan(bob, json.dumps(data).encode())
    assert _nothing_changed(bob)
    media = settings.MEDIA_ROOT / "evidence"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_what_an_imported_proof_says_of_its_file_is_read_from_the_file(bob_client, bob, export):
    """A row could claim an e-mail came from the platform, with a subject it never had: the import reads the file."""
    import hashlib

    from PIL import Image

    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    other = (b"From: Somebody <x@example.com>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nSubject: unrelated\r\n\r\nhi\r\n")
    data = _zip({"plan.json": _with(export, actions__0__evidence=[
        {"kind": "email", "file": "evidence/1-1.eml", "sha256": "", "size": 999_999, "content_type": "image/png",
         "email_from": "Meta Privacy <noreply@support.facebook.com>", "email_subject": "We will honour your objection",
         "email_date": "Tue, 24 Nov 2026 10:15:00 +0000", "created_at": "2026-01-01T00:00:00+00:00"},
        {"kind": "screenshot", "file": "evidence/1-2.png", "size": 1, "content_type": "image/png",
         "created_at": "2026-01-01T00:00:00+00:00"}]),
        "evidence/1-1.eml": other, "evidence/1-2.png": gif.getvalue()})
    response = _post(bob_client, data, "plan.zip")
    assert response.status_code == 302, response.content.decode()[-2000:]
    mail = Evidence.objects.get(owner=bob, kind="email")
    assert (mail.email_from, mail.email_subject, mail.email_date) == (
        "Somebody <x@example.com>", "unrelated", "Mon, 01 Jan 2024 00:00:00 +0000")  # as add_email reads it
    # A row without its hash keeps none: one made now would read as the hash "when added", of a file that may have
    # changed since; the report says no hash was recorded.
    assert (mail.size, mail.content_type, mail.sha256) == (len(other), "message/rfc822", "")
    assert hashlib.sha256(other).hexdigest() not in bob_client.get(reverse("plans:report")).content.decode()
    assert "no SHA-256 was recorded when it was added" in bob_client.get(reverse("plans:report")).content.decode()
    shot = Evidence.objects.get(owner=bob, kind="screenshot")
    assert (shot.size, shot.content_type) == (len(gif.getvalue()), "image/gif")


@pytest.mark.parametrize(("data", "english"), [
    (b'{"hello": 1}', "This is not an optout plan export (the “format” field is missing or different)."),
    (b"PK\x03\x04garbage", "The zip file is damaged"),
])
def test_a_refused_file_is_explained_in_the_persons_language(bob_client, bob, data, english):
    from django.utils import translation

    with translation.override("de"):
        german = translation.gettext(english if english.endswith(".") else "The zip file is damaged (%(detail)s).")
    assert german.split("(")[0] != english.split("(")[0], "the German catalog has this message"
    bob_client.cookies["django_language"] = "de"
    response = _post(bob_client, data, "plan.zip" if data.startswith(b"PK") else "plan.json")
    assert response.status_code == 400
    page = response.content.decode().replace("&quot;", '"')
    assert german.split("%(")[0].split("(")[0] in page and english.split("(")[0] not in page
    assert _nothing_changed(bob)


def test_a_german_residents_land_travels_with_the_plan(alice, alice_client, bob, bob_client):
    from optout.accounts.services import set_country, set_subdivision

    set_country(alice, "DE")
    set_subdivision(alice, "DE-HH")
    document, _files = services.export_document(alice)
    assert document["profile"]["subdivision"] == "DE-HH" and document["version"] == VERSION
    assert _post(bob_client, json.dumps(document).encode()).status_code == 302
    bob.profile.refresh_from_db()
    assert (bob.profile.country, bob.profile.subdivision) == ("DE", "DE-HH")
