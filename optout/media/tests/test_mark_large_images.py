"""Marking large images: a 300-megapixel panorama is marked like any photo, since only its metadata is written and no
pixel decoded. PNG, WebP and TIFF files over 179 megapixels were refused as "a possible decompression bomb"."""

import io
import json
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from typer.testing import CliRunner

from optout.cli import build_app

from .images import exiftool, one_colour_png, one_colour_tiff, one_colour_webp, pixels, read_tags, sha256
from .signing import signer_files

runner = CliRunner()
PANORAMAS = {"png": (one_colour_png, 20000, 15000), "tif": (one_colour_tiff, 20000, 15000),
             "webp": (one_colour_webp, 16383, 12000)}  # WebP holds at most 16383 pixels a side


def run(*args: str):
    return runner.invoke(build_app(), ["media", *args], env={"COLUMNS": "300"})


def image_size(path) -> str:
    out = subprocess.run([exiftool(), "-j", "-ImageSize", str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)[0]["ImageSize"]


def panorama(folder, suffix: str):
    make, width, height = PANORAMAS[suffix]
    path = folder / f"panorama.{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(make(width, height))
    return path


def test_the_large_test_images_are_real_images_of_one_colour():
    """Their makers, checked at a small size (the large ones are never decoded, here or by optout)."""
    expected = Image.new("RGB", (50, 130), (40, 90, 160)).tobytes()
    for made in (one_colour_png(50, 130, rows_per_block=64), one_colour_tiff(50, 130, rows_per_block=64),
                 one_colour_webp(50, 130)):
        assert pixels(made) == expected


@pytest.mark.parametrize("suffix", sorted(PANORAMAS))
def test_a_panorama_of_hundreds_of_megapixels_is_marked_without_decoding_its_pixels(tmp_path, suffix):
    original = panorama(tmp_path / "in", suffix)
    before = sha256(original)
    result = run("protect", str(original), "-o", str(tmp_path / "out"), "--creator", "Ann Example")
    assert result.exit_code == 0, result.output
    assert "decompression bomb" not in result.output and "DecompressionBombWarning" not in result.output
    marked = tmp_path / "out" / original.name
    tags = read_tags(marked)
    assert tags["XMP-plus:DataMining"] == "DMI-PROHIBITED-AIMLTRAINING" and tags["XMP-dc:Creator"] == ["Ann Example"]
    _make, width, height = PANORAMAS[suffix]
    assert image_size(marked) == f"{width}x{height}"
    image_data = original.read_bytes()[-200_000:] if suffix != "webp" else original.read_bytes()[12:]
    assert image_data[:-20] in marked.read_bytes()  # the compressed pixels are copied as they were
    assert sha256(original) == before
    assert run("verify", str(marked), "--creator", "Ann Example").exit_code == 0


def test_signing_a_panorama_leaves_out_only_the_thumbnail_and_says_so(tmp_path):
    import c2pa

    chain, key = signer_files(tmp_path / "keys", "Ann Example")
    original = panorama(tmp_path / "in", "png")
    result = run("protect", str(original), "-o", str(tmp_path / "out"), "--sign-cert", str(chain), "--sign-key", str(key))
    assert result.exit_code == 0, result.output
    assert (f"note: {original}: its Content Credentials have no thumbnail: making one would decode its 20000×15000 "
            "pixels (300 megapixels), more than optout decodes (179 megapixels); the marks and the signature are "
            "complete") in " ".join(result.output.split())
    report = json.loads(run("verify", str(tmp_path / "out/panorama.png"), "--json").output)[0]
    assert report["ok"] is True and report["credentials"]["state"] == "valid"
    with c2pa.Reader("image/png", io.BytesIO((tmp_path / "out/panorama.png").read_bytes())) as reader:
        store = json.loads(reader.json())
    newest = store["manifests"][store["active_manifest"]]
    assert "thumbnail" not in newest and not [item for item in newest["ingredients"] if "thumbnail" in item]


def damaged_png(width: int, height: int) -> bytes:
    """A small real PNG whose header was changed to declare `width`×`height` pixels (its checksum made right)."""
    import struct
    import zlib

    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (10, 200, 10)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


@pytest.mark.parametrize(("width", "height"), [(20000, 15000), (100_000, 100_000)])
def test_a_png_whose_image_data_cannot_hold_the_pixels_it_declares_is_refused_in_words(tmp_path, width, height):
    (tmp_path / "in").mkdir()
    (tmp_path / "in/odd.png").write_bytes(damaged_png(width, height))
    result = run("protect", str(tmp_path / "in/odd.png"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert (f"odd.png: it declares {width}×{height} pixels but holds only ") in text
    assert ("bytes of image data, too little for so many pixels even at the strongest compression (a damaged file or a "
            "decompression bomb); not changed") in text
    assert list((tmp_path / "out").iterdir()) == []
    checked = run("verify", str(tmp_path / "in/odd.png"))  # reading its metadata decodes nothing either
    assert checked.exit_code == 1 and "no PLUS data-mining value in XMP" in checked.output


def test_a_panorama_uploaded_on_the_web_page_is_marked(client, db, tmp_path):
    original = panorama(tmp_path / "in", "png")
    response = client.post(reverse("media:index"), {
        "images": [SimpleUploadedFile("panorama.png", original.read_bytes()),
                   SimpleUploadedFile("odd.png", damaged_png(100_000, 100_000))],
        "data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="optout-marked-images-1-of-2.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    archive.extractall(tmp_path / "zip")
    assert read_tags(tmp_path / "zip/panorama.png")["XMP-plus:DataMining"] == "DMI-PROHIBITED"
    report = archive.read("optout-report.txt").decode()
    assert "NOT MARKED odd.png: it declares 100000×100000 pixels but holds only" in report
