"""`optout media protect`: marks written into copies of every format, checked with exiftool; bad files."""

import errno
import json
import os
import stat

import pytest
from typer.testing import CliRunner

from optout.cli import build_app

from .images import CLI_OPTIONS, VALUES, make_image, pixels, read_tags, sha256

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build_app(), ["media", *args], env={"COLUMNS": "200"})


def expect_all_marks(tags: dict, suffix: str) -> None:
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-AIMLTRAINING"
    assert tags["XMP-plus:OtherConstraints"] == VALUES["other_constraints"]
    assert tags["XMP-dc:Creator"] in (VALUES["creator"], [VALUES["creator"]])
    assert tags["XMP-dc:Rights"] == VALUES["copyright"]
    assert tags["XMP-photoshop:Credit"] == VALUES["credit"]
    assert tags["XMP-xmpRights:WebStatement"] == VALUES["web_statement"]
    assert tags["XMP-plus:Licensor"] == [{"LicensorURL": VALUES["licensor_url"]}]
    assert tags["XMP-xmpRights:UsageTerms"] == VALUES["usage_terms"]
    assert tags["IFD0:Artist"] == VALUES["creator"] and tags["IFD0:Copyright"] == VALUES["copyright"]
    if suffix != ".webp":  # WebP has no IPTC-IIM
        assert tags["IPTC:By-line"] == VALUES["creator"]
        assert tags["IPTC:CopyrightNotice"] == VALUES["copyright"]
        assert tags["IPTC:Credit"] == VALUES["credit"]
    assert "Warning" not in tags


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp", ".tif"])
def test_every_field_is_written_into_a_copy_and_location_removed(tmp_path, suffix):
    original = make_image(tmp_path / f"in/photo{suffix}")
    before_hash, before_pixels = sha256(original), pixels(original)
    assert read_tags(original)["GPS:GPSLatitude"] == pytest.approx(48.8584)

    result = run("protect", str(original), "--out", str(tmp_path / "out"), "--remove-location", *CLI_OPTIONS)
    assert result.exit_code == 0, result.output
    assert "Marked 1 of 1 files" in result.output
    copy = tmp_path / "out" / f"photo{suffix}"
    tags = read_tags(copy)
    expect_all_marks(tags, suffix)
    assert not [key for key in tags if "GPS" in key or key.endswith(":City")]
    # Everything else is kept, the pixels are bit-identical, the original is untouched.
    assert tags["IFD0:Make"] == "Testcam" and tags["IFD0:Orientation"] == 6
    assert tags["XMP-dc:Subject"] in ("cats", ["cats"])
    assert pixels(copy) == before_pixels
    assert sha256(original) == before_hash
    assert read_tags(original)["GPS:GPSLatitude"] == pytest.approx(48.8584)


def test_location_is_kept_unless_asked_and_a_choice_can_be_made(tmp_path):
    original = make_image(tmp_path / "a.jpg")
    result = run("protect", str(original), "-o", str(tmp_path / "out"), "--data-mining", "search-indexing-only")
    assert result.exit_code == 0, result.output
    tags = read_tags(tmp_path / "out/a.jpg")
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING"
    assert tags["GPS:GPSLatitude"] == pytest.approx(48.8584) and tags["IPTC:City"] == "Paris"
    assert "IFD0:Artist" not in tags  # nothing asked, nothing invented
    # a copy made to be published says where it was taken: the person is told, they said nothing of it before
    said = " ".join(result.output.split())
    assert "a.jpg: it keeps its location data (" in said and "EXIF GPS" in said and "--remove-location" in said
    removed = run("protect", str(original), "-o", str(tmp_path / "without"), "--remove-location")
    assert removed.exit_code == 0 and "location data" not in removed.output
    plain = run("protect", str(make_image(tmp_path / "in/b.jpg", gps=False)), "-o", str(tmp_path / "plain"))
    assert plain.exit_code == 0 and "location data" not in plain.output


def test_the_gps_block_is_erased_not_just_unlinked(tmp_path):
    original = make_image(tmp_path / "a.jpg", gps=False)
    import subprocess

    from .images import exiftool

    subprocess.run([exiftool(), "-q", "-overwrite_original", "-GPSLatitude=12.3456789", "-GPSLatitudeRef=N",
                    "-GPSAreaInformation=SECRETPLACE", str(original)], check=True)
    assert b"SECRETPLACE" in original.read_bytes()
    assert run("protect", str(original), "-o", str(tmp_path / "out"), "--remove-location").exit_code == 0
    assert b"SECRETPLACE" not in (tmp_path / "out/a.jpg").read_bytes()


def test_bad_files_get_a_clear_message_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    good = make_image(folder / "good.jpg")
    whole = make_image(tmp_path / "whole.jpg").read_bytes()
    (folder / "truncated.jpg").write_bytes(whole[: len(whole) // 2])
    (folder / "corrupt.png").write_bytes(b"this is not a picture at all" * 10)
    png = make_image(tmp_path / "real.png", gps=False).read_bytes()
    (folder / "renamed.jpg").write_bytes(png)  # a PNG with a .jpg name
    (folder / "bomb.png").write_bytes(bomb_png())
    (folder / "notes.txt").write_text("not an image, not looked at")
    hashes = {p.name: sha256(p) for p in folder.iterdir()}

    result = run("protect", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    out = result.output
    assert "truncated.jpg: " in out and "truncated" in out.split("truncated.jpg: ")[1].splitlines()[0]
    assert "corrupt.png: it is named .png but its content is not a PNG image" in out
    assert "bomb.png: it declares 100000×100000 pixels" in out and "decompression bomb" in out
    assert "renamed.jpg: named .jpg but it is a PNG file" in out
    assert "Marked 2 of 5 files" in out and "their originals are unchanged" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.jpg", "renamed.jpg"]
    assert read_tags(tmp_path / "out/renamed.jpg")["XMP-plus:DataMining"] == "DMI-PROHIBITED-AIMLTRAINING"
    assert {p.name: sha256(p) for p in folder.iterdir()} == hashes
    assert good.exists()


def bomb_png() -> bytes:
    """A valid PNG header declaring 100000×100000 pixels (ten gigapixels) with almost no data."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")


def test_in_place_changes_originals_atomically_and_refuses_read_only_files(tmp_path):
    writable = make_image(tmp_path / "w.jpg")
    locked = make_image(tmp_path / "r.jpg")
    os.chmod(writable, 0o640)
    os.chmod(locked, 0o444)
    locked_hash, before_pixels = sha256(locked), pixels(writable)
    result = run("protect", str(writable), str(locked), "--in-place", "--creator", "Ann")
    assert result.exit_code == 1
    assert "r.jpg: it is read-only, so it was not changed" in result.output
    assert sha256(locked) == locked_hash
    assert read_tags(writable)["XMP-dc:Creator"] == ["Ann"] and pixels(writable) == before_pixels
    assert stat.S_IMODE(os.stat(writable).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.jpg", "w.jpg"]  # no temporary files left


def test_a_full_disk_leaves_no_partial_file_and_says_so(tmp_path, monkeypatch):
    from optout.media import batch

    first = make_image(tmp_path / "in/a.jpg")
    make_image(tmp_path / "in/b.jpg")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle, mode):
            self.file = real_fdopen(handle, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[:1000])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch.os, "fdopen", FullDisk)
    before = sha256(first)
    result = run("protect", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.count("the disk is full; nothing was written for this file") == 2
    assert list((tmp_path / "out").iterdir()) == []
    assert sha256(first) == before


def test_existing_copies_are_not_overwritten_without_asking(tmp_path):
    original = make_image(tmp_path / "a.jpg")
    assert run("protect", str(original), "-o", str(tmp_path / "out")).exit_code == 0
    again = run("protect", str(original), "-o", str(tmp_path / "out"), "--creator", "B")
    assert again.exit_code == 1 and "already exists (use --overwrite" in again.output
    assert run("protect", str(original), "-o", str(tmp_path / "out"), "--creator", "B", "--overwrite").exit_code == 0
    assert read_tags(tmp_path / "out/a.jpg")["IFD0:Artist"] == "B"
    same = run("protect", str(original), "-o", str(tmp_path))
    assert same.exit_code == 1 and "would replace the original" in same.output


def test_raw_files_get_a_sidecar_and_stay_unchanged(tmp_path):
    raw = tmp_path / "in/IMG_0001.CR2"
    raw.parent.mkdir()
    raw.write_bytes(make_image(tmp_path / "fake.tif", gps=False).read_bytes())  # TIFF-based, like a CR2
    before = sha256(raw)
    result = run("protect", str(raw), "-o", str(tmp_path / "out"), *CLI_OPTIONS)
    assert result.exit_code == 0, result.output
    assert "the raw file itself is unchanged" in result.output
    assert sha256(tmp_path / "out/IMG_0001.CR2") == before == sha256(raw)
    tags = read_tags(tmp_path / "out/IMG_0001.xmp")
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-AIMLTRAINING"
    assert tags["XMP-plus:Licensor"] == [{"LicensorURL": VALUES["licensor_url"]}]
    assert tags["XMP-dc:Rights"] == VALUES["copyright"]


def test_heic_and_avif_are_read_only_with_a_clear_message(tmp_path):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(buffer, "AVIF")
    avif = tmp_path / "p.avif"
    avif.write_bytes(buffer.getvalue())
    result = run("protect", str(avif), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "HEIC and AVIF files are not marked (optout media verify can check them)" in result.output
    assert "it writes no .xmp sidecar for them" in result.output and "optout writes one" not in result.output
    checked = run("verify", str(avif))
    assert checked.exit_code == 1 and "Data mining (PLUS): no PLUS data-mining value" in checked.output


def test_folders_recursively_with_include_and_exclude_patterns_and_many_files(tmp_path):
    source = tmp_path / "portfolio"
    template = make_image(tmp_path / "t.jpg", size=(64, 48)).read_bytes()
    names = [f"2025/trip/p{i:02}.jpg" for i in range(20)] + ["2025/drafts/d.jpg", "cover.jpg", "cover.png"]
    for name in names:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(template)
    result = run("protect", str(source), "-o", str(tmp_path / "out"), "--include", "*.jpg", "--exclude", "drafts/*",
                 "--json")
    assert result.exit_code == 0, result.output
    outcomes = [json.loads(line) for line in result.output.splitlines()]
    assert len(outcomes) == 21 and {o["status"] for o in outcomes} == {"ok"}
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.*"))
    assert written == sorted(n for n in names if "drafts" not in n and n.endswith(".jpg"))
    assert read_tags(tmp_path / "out/2025/trip/p13.jpg")["XMP-plus:DataMining"] == "DMI-PROHIBITED-AIMLTRAINING"


def test_the_command_explains_honestly_what_marks_do():
    result = run("protect", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Few crawlers are known to read them" in text and "strip metadata" in text
    assert "optout site" in text and "optout letter" in text


def test_raw_files_in_place_get_a_sidecar_beside_them_merged_with_an_existing_one(tmp_path):
    raw = tmp_path / "DSC_1.NEF"
    raw.write_bytes(b"II*\x00" + bytes(100))
    (tmp_path / "DSC_1.xmp").write_text('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
                                        '02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.'
                                        'com/xap/1.0/" xmp:Rating="5"/></rdf:RDF></x:xmpmeta>')
    before = sha256(raw)
    result = run("protect", str(raw), "--in-place", "--creator", "Ann")
    assert result.exit_code == 0, result.output
    tags = read_tags(tmp_path / "DSC_1.xmp")
    assert tags["XMP-xmp:Rating"] == 5 and tags["XMP-dc:Creator"] == ["Ann"]
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-AIMLTRAINING" and sha256(raw) == before


def test_an_output_folder_inside_the_input_folder_is_not_marked_again(tmp_path):
    make_image(tmp_path / "photos/a.jpg", gps=False)
    out = tmp_path / "photos/marked"
    assert run("protect", str(tmp_path / "photos"), "-o", str(out)).exit_code == 0
    again = run("protect", str(tmp_path / "photos"), "-o", str(out), "--overwrite", "--json")
    assert again.exit_code == 0
    assert [json.loads(line)["source"] for line in again.output.splitlines()] == [str(tmp_path / "photos/a.jpg")]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a.jpg"]


def test_marked_copies_keep_the_originals_permissions(tmp_path):
    """Copies were written readable by their owner only (0600): uploaded to a site, its web server could not serve them."""
    for mode in (0o644, 0o640):
        source = make_image(tmp_path / f"in-{mode:o}/photo.jpg")
        os.chmod(source, mode)
        out = tmp_path / f"out-{mode:o}"
        assert run("protect", str(source.parent), "-o", str(out)).exit_code == 0
        assert stat.S_IMODE((out / "photo.jpg").stat().st_mode) == mode


def test_see_constraints_needs_other_constraints_and_see_rights_needs_the_rights_expression(tmp_path):
    """The "Prohibited, see …" values were written although what they point at was not there (optout never writes it)."""
    import subprocess

    from .images import exiftool

    plain = make_image(tmp_path / "in/plain.jpg", gps=False)
    alone = run("protect", str(plain), "-o", str(tmp_path / "out"), "--data-mining", "see-constraints")
    assert alone.exit_code == 1 and "give them with --other-constraints" in alone.output
    assert not (tmp_path / "out").exists()
    given = run("protect", str(plain), "-o", str(tmp_path / "out"), "--data-mining", "see-constraints",
                "--other-constraints", "No use in datasets")
    assert given.exit_code == 0, given.output
    assert read_tags(tmp_path / "out/plain.jpg")["XMP-plus:OtherConstraints"] == "No use in datasets"

    refused = run("protect", str(plain), "-o", str(tmp_path / "out2"), "--data-mining", "see-embedded-rights")
    assert refused.exit_code == 1
    assert ("plain.jpg: the data-mining choice “Prohibited, see embedded rights expression” points at the file's "
            "Iptc4xmpExt:EmbdEncRightsExpr, which it does not have (optout does not write one); not changed") in refused.output
    has = make_image(tmp_path / "in2/has.jpg", gps=False)
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-XMP-iptcExt:EmbeddedEncodedRightsExpr=<odrl/>",
                    "-XMP-iptcExt:EmbeddedEncodedRightsExprType=IANA:application/odrl+xml", str(has)], check=True)
    kept = run("protect", str(has), "-o", str(tmp_path / "out3"), "--data-mining", "see-embedded-rights")
    assert kept.exit_code == 0, kept.output
    tags = read_tags(tmp_path / "out3/has.jpg")
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR"
    assert tags["XMP-iptcExt:EmbdEncRightsExpr"][0]["EncRightsExpr"] == "<odrl/>"


@pytest.mark.parametrize("suffix", [".png", ".tif"])
def test_latin1_iptc_in_png_and_tiff_stays_readable(tmp_path, suffix):
    """PNG and TIFF declared UTF-8 over old Latin-1 values, which then read as garbage ("Z\ufffdrich")."""
    import subprocess

    from .images import exiftool

    image = make_image(tmp_path / f"l{suffix}", gps=False, extra=False)
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-charset", "iptc=latin", "-IPTC:City=Zürich",
                    "-IPTC:Keywords=café", str(image)], check=True)
    before = read_tags(image)
    assert before["IPTC:City"] == "Zürich" and "IPTC:CodedCharacterSet" not in before
    result = run("protect", str(image), "-o", str(tmp_path / "out"), "--creator", "Zoë")
    assert result.exit_code == 0, result.output
    tags = read_tags(tmp_path / "out" / image.name)
    assert tags["IPTC:CodedCharacterSet"] == "\x1b%G"
    assert tags["IPTC:City"] == "Zürich" and tags["IPTC:Keywords"] == "café" and tags["IPTC:By-line"] == "Zoë"


def test_an_xmp_packet_declaring_entities_is_refused_not_written_back_broken(tmp_path):
    from optout.media import jpeg

    image = make_image(tmp_path / "e.jpg", gps=False, extra=False).read_bytes()
    packet = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
              b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>&a;</dc:format></rdf:Description></rdf:RDF>'
              b'</x:xmpmeta>')
    (tmp_path / "in").mkdir()
    (tmp_path / "in/e.jpg").write_bytes(image[:2] + jpeg._segment(jpeg.APP1, jpeg.XMP_ID + packet, "XMP") + image[2:])
    result = run("protect", str(tmp_path / "in/e.jpg"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "e.jpg: its XMP metadata declares a document type or XML entities" in result.output
    assert "not changed" in result.output and list((tmp_path / "out").iterdir()) == []


def test_a_truncated_tiff_is_refused_as_a_truncated_jpeg_is(tmp_path):
    whole = make_image(tmp_path / "whole.tif", gps=False, extra=False).read_bytes()
    (tmp_path / "in").mkdir()
    (tmp_path / "in/cut.tif").write_bytes(whole[: len(whole) // 2])
    result = run("protect", str(tmp_path / "in/cut.tif"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "cut.tif: the TIFF ends early (truncated file); not changed" in result.output
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".tif"])
def test_values_too_long_for_iptc_iim_are_cut_there_only_and_the_outcome_says_so(tmp_path, suffix):
    """IIM By-line and Credit hold 32 bytes, Copyright Notice 128; longer values were written whole."""
    creator = "Zoë Ångström-Østergaards Björklund"  # 38 bytes in UTF-8; the 32nd is the first of "ö"
    copyright_notice = "© 2026" + " Zoë Ångström, all rights reserved." * 4
    image = make_image(tmp_path / f"in/p{suffix}", gps=False)
    result = run("protect", str(image), "-o", str(tmp_path / "out"), "--creator", creator, "--copyright",
                 copyright_notice, "--credit", "Studio Z")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Creator is longer than the 32 bytes its IPTC-IIM field holds, so the IIM copy is cut short; XMP keeps the " \
           "whole text" in text
    assert "Copyright notice is longer than the 128 bytes" in text and "Credit line is longer" not in text
    tags = read_tags(tmp_path / "out" / image.name)
    assert tags["XMP-dc:Creator"] in (creator, [creator]) and tags["XMP-dc:Rights"] == copyright_notice
    assert tags["IPTC:By-line"] == "Zoë Ångström-Østergaards Bj"  # 31 bytes: no half character
    assert len(tags["IPTC:CopyrightNotice"].encode()) <= 128 and copyright_notice.startswith(tags["IPTC:CopyrightNotice"])
    assert "Warning" not in tags
    checked = run("verify", str(tmp_path / "out"), "--creator", creator, "--copyright", copyright_notice)
    assert checked.exit_code == 0, checked.output
    assert "IPTC-IIM holds it cut short" in checked.output


def test_a_large_scan_is_marked_as_its_pixels_are_never_decoded(tmp_path):
    """JPEGs over 179 megapixels were refused as "decompression bombs"; nothing decodes a JPEG's pixels."""
    from optout.media import jpeg

    data = bytearray(make_image(tmp_path / "scan.jpg", gps=False).read_bytes())
    found, sos = jpeg.segments(bytes(data))
    start = next(s for m, s, _ in found if m in jpeg.SOF)
    data[start + 5:start + 9] = (20000).to_bytes(2, "big") + (15000).to_bytes(2, "big")  # 300 megapixels
    (tmp_path / "in").mkdir()
    (tmp_path / "in/scan.jpg").write_bytes(bytes(data))
    result = run("protect", str(tmp_path / "in/scan.jpg"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    marked = (tmp_path / "out/scan.jpg").read_bytes()
    assert marked.endswith(bytes(data[sos:])) and b"DMI-PROHIBITED-AIMLTRAINING" in marked


def test_a_drones_position_in_its_own_xmp_namespace_is_removed_too(tmp_path):
    """DJI drones write their position as drone-dji:GpsLatitude, GpsLongtitude and AbsoluteAltitude: --remove-location
    left them, and verify --no-location passed the file."""
    import pyexiv2

    original = make_image(tmp_path / "drone.jpg", gps=False)
    pyexiv2.registerNs("http://www.dji.com/drone-dji/1.0/", "drone-dji")
    with pyexiv2.Image(str(original)) as image:
        image.modify_xmp({"Xmp.drone-dji.GpsLatitude": "+52.5200", "Xmp.drone-dji.GpsLongtitude": "+13.4050",
                          "Xmp.drone-dji.AbsoluteAltitude": "+120.5", "Xmp.drone-dji.FlightYawDegree": "+10.0"})
    assert b"GpsLatitude" in original.read_bytes()
    assert run("verify", str(original), "--no-location").exit_code == 1  # the check sees the position
    assert run("protect", str(original), "-o", str(tmp_path / "out"), "--remove-location", *CLI_OPTIONS).exit_code == 0
    marked = (tmp_path / "out/drone.jpg").read_bytes()
    assert b"GpsLatitude" not in marked and b"GpsLongtitude" not in marked and b"AbsoluteAltitude" not in marked
    assert b"FlightYawDegree" in marked  # not a position: kept
    assert run("verify", str(tmp_path / "out/drone.jpg"), "--no-location").exit_code == 0


def test_a_file_that_cannot_be_read_is_not_said_to_be_unwritable(tmp_path, monkeypatch):
    """"cannot read it: no permission to write there (Permission denied)" mixed up reading and writing."""
    from optout.media import batch

    original = make_image(tmp_path / "locked.jpg", gps=False)

    def refused(_source):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(batch, "_map", refused)
    outcome = batch.run_job(batch.Job(original, tmp_path / "out.jpg"), batch.Options(batch.Marks(**VALUES)))
    assert outcome.status == "error" and str(outcome.message) == "cannot read it: no permission (Permission denied)"


def test_a_value_the_file_had_is_said_to_be_replaced(tmp_path):
    """An agency's copyright notice, and its translations, were replaced without a word."""
    import subprocess

    from .images import exiftool

    original = make_image(tmp_path / "in/a.jpg", gps=False)
    subprocess.run([exiftool(), "-q", "-overwrite_original", "-XMP-dc:Rights=(c) 2020 Old Agency",
                    "-XMP-dc:Rights-de-DE=(c) 2020 Alte Agentur", str(original)], check=True)
    result = run("protect", str(original), "-o", str(tmp_path / "out"), "--copyright", "© 2026 Ann")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "its Copyright notice was “(c) 2020 Old Agency”: replaced by yours" in said
    again = run("protect", str(tmp_path / "out/a.jpg"), "-o", str(tmp_path / "again"), "--copyright", "© 2026 Ann")
    assert again.exit_code == 0 and "replaced" not in again.output  # the same value: nothing replaced

