"""The web page: upload images, get a zip of marked copies; nothing stays on the server; presets."""

import io
import tempfile
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from optout.media.models import Preset

from .images import make_image, pixels, read_tags


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_upload_choose_and_download_a_zip_of_marked_copies(client, db, tmp_path, monkeypatch):
    work = tmp_path / "server-tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    jpg, png = make_image(tmp_path / "a.jpg"), make_image(tmp_path / "b.png")
    response = client.post(reverse("media:index"), {
        "images": [upload(jpg), upload(png), SimpleUploadedFile("../../etc/c.jpg", b"\xff\xd8\xff\xe0broken")],
        "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING",
        "creator": "Ann", "copyright": "© Ann", "remove_location": "on",
    })
    assert response.status_code == 200
    # one of the three could not be marked: the download's name says so, as the page cannot once the file comes
    assert response["Content-Disposition"] == 'attachment; filename="optout-marked-images-2-of-3.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["a.jpg", "b.png", "optout-report.txt"]
    report = archive.read("optout-report.txt").decode()
    assert "Images marked by optout: 2 of 3." in report and "NOT MARKED c.jpg: " in report
    archive.extractall(tmp_path / "zip")
    for name, original in (("a.jpg", jpg), ("b.png", png)):
        tags = read_tags(tmp_path / "zip" / name)
        assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-GENAIMLTRAINING" and tags["IFD0:Artist"] == "Ann"
        assert not [key for key in tags if "GPS" in key]
        assert pixels(tmp_path / "zip" / name) == pixels(original)
    # uploads and copies are gone from the server (a "pymp-" folder is multiprocessing's own, made when this test is
    # the process's first to start a worker, and removed when the process ends)
    assert [entry for entry in work.iterdir() if not entry.name.startswith("pymp-")] == []


def test_an_empty_file_among_images_is_named_and_the_others_are_marked(client, db, tmp_path):
    """"The submitted file is empty.", naming no file, and none of the others was marked."""
    jpg = make_image(tmp_path / "a.jpg")
    response = client.post(reverse("media:index"), {
        "images": [upload(jpg), SimpleUploadedFile("empty.jpg", b"")],
        "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "a.jpg" in archive.namelist()
    assert "NOT MARKED empty.jpg: the file is empty" in archive.read("optout-report.txt").decode()


def test_when_nothing_can_be_marked_the_page_says_why(client, db, tmp_path):
    response = client.post(reverse("media:index"), {"images": [SimpleUploadedFile("x.webp", b"RIFF\x00\x00")],
                                                    "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No image could be marked" in html and "x.webp: it is named .webp but its content is not a WebP image" in html
    empty = client.post(reverse("media:index"), {"data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"})
    assert empty.status_code == 400 and "Choose at least one image." in empty.content.decode()


def test_why_an_image_was_not_marked_is_said_in_the_readers_language(client, db, tmp_path):
    client.cookies["django_language"] = "de"
    response = client.post(reverse("media:index"), {"images": [SimpleUploadedFile("x.webp", b"RIFF\x00\x00")],
                                                    "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "x.webp: sie heißt .webp, ihr Inhalt ist aber kein WebP-Bild (beschädigt oder kein Bild)" in html
    jpg = make_image(tmp_path / "a.jpg")
    marked = client.post(reverse("media:index"), {
        "images": [upload(jpg), SimpleUploadedFile("c.jpg", b"\xff\xd8\xff\xe0broken")],
        "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"})
    report = zipfile.ZipFile(io.BytesIO(marked.content)).read("optout-report.txt").decode()
    assert "NOT MARKED c.jpg: " in report and "nicht geändert" in report  # the zip's report in her language too
    assert "Standortdaten" in report  # a.jpg keeps its GPS position (not asked to remove it), and is told so


def test_the_page_is_honest_about_what_marks_do(client):
    html = client.get(reverse("media:index")).content.decode()
    assert "Few crawlers are known to read them today" in html and "strip metadata" in html
    # the code of practice does not name these fields, and the catalog records nothing about platforms keeping them
    assert "whether these fields count is not settled" in html and "check whether a platform keeps metadata" not in html
    assert reverse("site:index") in html and reverse("letters:index") in html


def test_presets_are_saved_used_and_deleted_by_their_owner_only(alice_client, bob_client, alice):
    form = {"name": "Portfolio", "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED", "creator": "Alice A",
            "copyright": "© Alice", "remove_location": "on"}
    response = alice_client.post(reverse("media:save_preset"), form)
    assert response.status_code == 302 and response["Location"].endswith("?preset=Portfolio")
    page = alice_client.get(response["Location"]).content.decode()
    assert 'value="Alice A"' in page and 'value="© Alice"' in page and "Use “Portfolio”" in page

    bobs_view = bob_client.get(reverse("media:index") + "?preset=Portfolio").content.decode()
    assert "Alice A" not in bobs_view and "Use “Portfolio”" not in bobs_view and 'value="Portfolio"' not in bobs_view
    bob_client.post(reverse("media:delete_preset"), {"name": "Portfolio"})
    assert Preset.objects.filter(owner=alice, name="Portfolio").exists()

    alice_client.post(reverse("media:delete_preset"), {"name": "Portfolio"})
    assert not Preset.objects.filter(owner=alice).exists()


def test_a_preset_is_used_from_the_command_line(alice, tmp_path):
    from typer.testing import CliRunner

    from optout.cli import build_app
    from optout.media.services import save_preset

    save_preset(alice, "web", {"data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED", "creator": "Alice A",
                               "remove_location": True})
    image = make_image(tmp_path / "p.jpg")
    result = CliRunner().invoke(build_app(), ["media", "protect", str(image), "-o", str(tmp_path / "out"),
                                              "--preset", "web", "--user", "alice", "--credit", "Studio A"])
    assert result.exit_code == 0, result.output
    tags = read_tags(tmp_path / "out/p.jpg")
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED" and tags["IFD0:Artist"] == "Alice A"
    assert tags["XMP-photoshop:Credit"] == "Studio A" and not [key for key in tags if "GPS" in key]
    missing = CliRunner().invoke(build_app(), ["media", "protect", str(image), "-o", str(tmp_path / "o2"),
                                               "--preset", "nope", "--user", "alice"])
    assert missing.exit_code == 1 and "No preset 'nope'" in missing.output


def test_presets_from_the_command_line(alice):
    from typer.testing import CliRunner

    from optout.cli import build_app

    def run(*args):
        return CliRunner().invoke(build_app(), ["media", "presets", *args, "--user", "alice"])

    saved = run("save", "portfolio", "--data-mining", "no-genai-training", "--creator", "Alice A", "--remove-location")
    assert saved.exit_code == 0, saved.output
    listed = run("list")
    assert "portfolio: Prohibited for generative AI/ML training; creator: Alice A; removes location" in listed.output
    assert Preset.objects.get(owner=alice).data_mining.endswith("DMI-PROHIBITED-GENAIMLTRAINING")
    assert run("delete", "portfolio").exit_code == 0 and not Preset.objects.exists()
    gone = run("delete", "portfolio")
    assert gone.exit_code == 1 and "No preset 'portfolio'." in gone.output


def test_image_batches_are_rate_limited_per_address_before_the_upload_is_read(client, db, tmp_path, settings):
    settings.OPTOUT_MEDIA_RATE = "2/h"
    jpg = make_image(tmp_path / "a.jpg")
    form = {"data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING"}
    answers = [client.post(reverse("media:index"), {**form, "images": [upload(jpg)]}) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [200, 200]
    assert answers[2].status_code == 429
    assert "Too many image batches from your address" in answers[2].content.decode()


def test_see_my_other_constraints_needs_the_other_constraints(client, db, tmp_path, alice_client):
    jpg = make_image(tmp_path / "a.jpg", gps=False)
    choice = "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-SEECONSTRAINT"
    response = client.post(reverse("media:index"), {"images": [upload(jpg)], "data_mining": choice})
    assert response.status_code == 400
    assert "“Prohibited, see my other constraints” points at your other constraints: write them here." in \
        response.content.decode()
    preset = alice_client.post(reverse("media:save_preset"), {"name": "p", "data_mining": choice})
    assert preset.status_code == 400 and not Preset.objects.exists()
    marked = client.post(reverse("media:index"), {"images": [upload(jpg)], "data_mining": choice,
                                                  "other_constraints": "No datasets"})
    assert marked.status_code == 200
    zipfile.ZipFile(io.BytesIO(marked.content)).extractall(tmp_path / "zip")
    tags = read_tags(tmp_path / "zip/a.jpg")
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-SEECONSTRAINT" and tags["XMP-plus:OtherConstraints"] == "No datasets"


def test_the_page_does_not_promise_that_a_bought_certificate_is_trusted(client):
    html = " ".join(client.get(reverse("media:index")).content.decode().split())
    assert "a certificate that names you" not in html
    assert "The C2PA trust list is for the makers of cameras and software, not for people" in html
    assert "usually shows as “untrusted” unless the viewer has been set to accept it" in html


def test_a_raw_photo_gets_its_marks_in_a_sidecar_named_for_it_not_in_its_own_name(client, db, tmp_path):
    """The zip held photo.nef holding 705 bytes of XMP text: unzipped over the person's folder, it replaced the
    photo. The command line wrote photo.xmp beside it, as the report inside the zip said."""
    raw = tmp_path / "photo.nef"
    raw.write_bytes(make_image(tmp_path / "photo.tif").read_bytes())  # a raw file is a TIFF inside
    response = client.post(reverse("media:index"), {
        "images": [upload(raw)], "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING",
    })
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert "photo.xmp" in names and "photo.nef" not in names, names
    assert archive.read("photo.xmp").startswith(b"<?xpacket") and b"DMI-PROHIBITED-GENAIMLTRAINING" in archive.read("photo.xmp")
    assert "the marks are in the .xmp sidecar" in archive.read("optout-report.txt").decode()


def test_too_many_images_get_the_pages_own_message(client, db):
    """Over 100 files, Django answered a bare "Bad Request (400)" before the page could say its limit."""
    images = [SimpleUploadedFile(f"i{n}.jpg", b"\xff\xd8\xff") for n in range(120)]
    response = client.post(reverse("media:index"), {"images": images})
    assert response.status_code == 400 and "At most 50 images at a time." in response.content.decode()
