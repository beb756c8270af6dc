"""How many pixels an image says it has, read from its header: nothing here decodes a pixel.

Pure module. optout writes only metadata, so a 300-megapixel panorama is marked like a small photo. The pixel count
matters where something does decode pixels (signing makes Content Credentials thumbnails from them), and to tell a
PNG whose image data is too short to hold the pixels it declares: a damaged file, or a decompression bomb.
"""

from __future__ import annotations

import io

from optout.lib.i18n import gettext_noop as _

from . import jpeg
from .marks import BadImage

# Pillow's decompression-bomb limit (twice its MAX_IMAGE_PIXELS): the most pixels optout lets a library decode.
MAX_DECODED_PIXELS = 178_956_970
# Deflate's strongest compression: a 258-byte match coded in two bits. No PNG's image data can be shorter than its
# pixels' bytes divided by this.
MAX_DEFLATE_RATIO = 1032
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


def declared_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """(width, height) as the header says, or None when the header does not say (or cannot be read)."""
    if kind == "jpeg":
        return jpeg.frame_size(data)
    if kind == "png":
        return _png_size(data)
    if kind == "webp":
        return _webp_size(data)
    if kind == "tiff":
        return _tiff_size(data)
    return None


def megapixels(size: tuple[int, int]) -> int:
    return round(size[0] * size[1] / 1_000_000)


def too_large_to_decode(size: tuple[int, int] | None) -> bool:
    return size is not None and size[0] * size[1] > MAX_DECODED_PIXELS


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk, payload = data[12:16], data[20:30]
    if chunk == b"VP8X" and len(payload) >= 10:
        return int.from_bytes(payload[4:7], "little") + 1, int.from_bytes(payload[7:10], "little") + 1
    if chunk == b"VP8 " and len(payload) >= 10 and payload[3:6] == b"\x9d\x01\x2a":
        return int.from_bytes(payload[6:8], "little") & 0x3FFF, int.from_bytes(payload[8:10], "little") & 0x3FFF
    if chunk == b"VP8L" and len(payload) >= 5 and payload[0] == 0x2F:
        bits = int.from_bytes(payload[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _tiff_size(data: bytes) -> tuple[int, int] | None:
    try:
        with open_header(data, "tiff") as image:
            return image.size
    except Exception:  # Pillow raises many kinds for broken headers; the caller says what is wrong
        return None


def open_header(data: bytes, kind: str):
    """The image as Pillow's reader for its format opens it: the header is read, no pixel is decoded.

    Not `Image.open`: it adds Pillow's decompression-bomb check, which guards decoding, and refused large images that
    optout only writes metadata into. Pillow's WebP reader makes its canvas as it opens a file (the caller opens
    only a WebP small enough to decode)."""
    from PIL import PngImagePlugin, TiffImagePlugin, WebPImagePlugin

    reader = {"png": PngImagePlugin.PngImageFile, "webp": WebPImagePlugin.WebPImageFile,
              "tiff": TiffImagePlugin.TiffImageFile}[kind]
    return reader(io.BytesIO(data))


def _png_image_data_bytes(data: bytes) -> int:
    """The bytes of all IDAT chunks (chunk headers walked; a chunk cut short counts what is there)."""
    total, pos = 0, 8
    while pos + 8 <= len(data):
        length, chunk = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        if chunk == b"IDAT":
            total += min(length, len(data) - pos - 8)
        if chunk == b"IEND":
            break
        pos += 12 + length
    return total


def check_png_data(data: bytes, size: tuple[int, int]) -> None:
    """Refuse a PNG whose image data is too short for its declared pixels even at deflate's strongest compression."""
    width, height = size
    bits_per_pixel = data[24] * PNG_CHANNELS.get(data[25], 1) if len(data) > 25 else 1
    needed = width * height * bits_per_pixel // 8
    held = _png_image_data_bytes(data)
    if held * MAX_DEFLATE_RATIO < needed:
        raise BadImage(_("it declares %(width)s×%(height)s pixels but holds only %(held)s bytes of image data, too "
                         "little for so many pixels even at the strongest compression (a damaged file or a "
                         "decompression bomb); not changed"), width=width, height=height, held=held)
