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
    assert "HEIC and AVIF files are checked but not marked" in result.output
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
