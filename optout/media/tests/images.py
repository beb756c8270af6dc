"""Test images and the independent reader (exiftool >= 12.67) the media tests check against."""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import subprocess
import zlib
from pathlib import Path

from conftest import require_tool

EXIFTOOL = os.environ.get("OPTOUT_EXIFTOOL", "/opt/exiftool/node_modules/exiftool-vendored.pl/bin/exiftool")
INSTALL_HINT = "bash scripts/system-packages.sh install (npm package exiftool-vendored.pl)"
PIL_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "tif": "TIFF"}
VALUES = {
    "data_mining": "no-ai-training",
    "other_constraints": "Kein Training – no datasets",
    "creator": "Zoë Ångström",
    "copyright": "© 2026 Zoë Ångström",
    "credit": "Studio Zoë",
    "web_statement": "https://zoe.example/rights",
    "licensor_url": "https://zoe.example/licence",
    "usage_terms": "Ask before any use",
}
CLI_OPTIONS = ["--other-constraints", VALUES["other_constraints"], "--creator", VALUES["creator"],
               "--copyright", VALUES["copyright"], "--credit", VALUES["credit"], "--web-statement",
               VALUES["web_statement"], "--licensor-url", VALUES["licensor_url"], "--usage-terms", VALUES["usage_terms"]]


def exiftool() -> str:
    return require_tool(EXIFTOOL, INSTALL_HINT)


def make_image(path: Path, size=(160, 120), gps: bool = True, extra: bool = True) -> Path:
    """A real image with a gradient, GPS position, city and a keyword written by exiftool."""
    from PIL import Image

    image = Image.new("RGB", size)
    image.putdata([(x * 255 // size[0], y * 255 // size[1], (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    buffer = io.BytesIO()
    image.save(buffer, PIL_FORMATS[path.suffix.lstrip(".").lower()])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    args = []
    if gps:
        args += ["-GPSLatitude=48.8584", "-GPSLatitudeRef=N", "-GPSLongitude=2.2945", "-GPSLongitudeRef=E",
                 "-XMP-photoshop:City=Paris"]
        if path.suffix.lower() != ".webp":
            args += ["-IPTC:City=Paris"]
    if extra:
        args += ["-EXIF:Make=Testcam", "-EXIF:Orientation#=6", "-XMP-dc:Subject=cats"]
    if args:
        subprocess.run([exiftool(), "-q", "-overwrite_original", *args, str(path)], check=True)
    return path


def read_tags(path: Path) -> dict:
    out = subprocess.run([exiftool(), "-j", "-G1", "-n", "-struct", "-a", "-XMP:all", "-IPTC:all", "-EXIF:all",
                          "-GPS:all", "-Warning", str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)[0]


def pixels(path_or_bytes) -> bytes:
    from PIL import Image

    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Large images of one colour, made without ever holding their pixels: what a panorama or a big scan is to optout
# (it never decodes them), at a few hundred kilobytes.

def _deflated_rows(row: bytes, height: int, rows_per_block: int = 64) -> bytes:
    """zlib data of `height` copies of `row`. After a full flush the compressor starts afresh, so every block of rows
    compresses to the same bytes: one block is compressed and repeated, and the checksum computed over the whole."""
    rows_per_block = min(rows_per_block, height)
    whole, rest = divmod(height, rows_per_block)
    block = row * rows_per_block
    compressor = zlib.compressobj(9)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert first[2:] == repeated  # the same bytes after the two-byte zlib header
    end = compressor.compress(row * rest) + compressor.flush()
    checksum = 1
    for _ in range(whole):
        checksum = zlib.adler32(block, checksum)
    checksum = zlib.adler32(row * rest, checksum)
    return first + repeated * (whole - 1) + end[:-4] + checksum.to_bytes(4, "big")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def one_colour_png(width: int, height: int, colour=(40, 90, 160), rows_per_block: int = 64) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    data = _deflated_rows(b"\x00" + bytes(colour) * width, height, rows_per_block)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b"")


def one_colour_tiff(width: int, height: int, colour=(40, 90, 160), rows_per_block: int = 64) -> bytes:
    """A little-endian RGB TIFF with one Deflate-compressed strip."""
    strip = _deflated_rows(bytes(colour) * width, height, rows_per_block)
    entries = 9
    bits_at = 8 + 2 + 12 * entries + 4
    strip_at = bits_at + 6
    tags = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 3, bits_at), (259, 3, 1, 8), (262, 3, 1, 2),
            (273, 4, 1, strip_at), (277, 3, 1, 3), (278, 4, 1, height), (279, 4, 1, len(strip))]
    directory = struct.pack("<H", entries) + b"".join(
        struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3 and count == 1
                                                 else struct.pack("<I", value))
        for tag, kind, count, value in tags) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + directory + struct.pack("<HHH", 8, 8, 8) + strip


def one_colour_webp(width: int, height: int, colour=(40, 90, 160)) -> bytes:
    """A lossless WebP whose five prefix codes have one symbol each, so that a pixel takes no bits at all."""
    bits, count = 0, 0
    for value, size in ((width - 1, 14), (height - 1, 14), (0, 1), (0, 3),  # size; no alpha; version 0
                        (0, 1), (0, 1), (0, 1)):  # no transform, no colour cache, no meta prefix codes
        bits, count = bits | value << count, count + size
    red, green, blue = colour
    for symbol in (green, red, blue, 255, 0):  # green, red, blue, alpha, distance
        for value, size in ((1, 1), (0, 1), (1, 1), (symbol, 8)):  # simple code, one symbol, of eight bits
            bits, count = bits | value << count, count + size
    payload = b"\x2f" + bits.to_bytes((count + 7) // 8, "little")
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk
