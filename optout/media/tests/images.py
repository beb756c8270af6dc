"""Test images and the independent reader (exiftool >= 12.67) the media tests check against."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
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
