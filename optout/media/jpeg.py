"""JPEG: rewrite the metadata segments (APP1 EXIF, APP1 XMP, APP13 IPTC) without decoding the image.

Pure module. Every other segment and the compressed image data are copied byte for byte, so the
pixels cannot change; the whole job is a parse of the header and one concatenation.
"""

from __future__ import annotations

import struct

from optout.lib.i18n import gettext_noop as _

from . import exif, iptc, xmp
from .marks import BadImage, Found, Marks

SOI, SOS, EOI = 0xD8, 0xDA, 0xD9
APP0, APP1, APP13 = 0xE0, 0xE1, 0xED
EXIF_ID = b"Exif\x00\x00"
XMP_ID = b"http://ns.adobe.com/xap/1.0/\x00"
PHOTOSHOP_ID = b"Photoshop 3.0\x00"
MAX_SEGMENT = 65533  # payload bytes after the length field
SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
# optout never decodes a JPEG's pixels, so a JPEG is limited by its size in bytes, not by its pixels
MAX_BYTES = 2 * 1024 ** 3

Segment = tuple[int, int, int]  # marker, start (at 0xFF), end


def segments(data: bytes) -> tuple[list[Segment], int]:
    """The header segments and the offset of the start-of-scan marker."""
    if data[:2] != b"\xff\xd8":
        raise BadImage(_("it is not a JPEG file (it does not start like one)"))
    found: list[Segment] = []
    pos, size = 2, len(data)
    while True:
        if pos + 4 > size:
            raise BadImage(_("the file ends before the image data (truncated); not changed"))
        if data[pos] != 0xFF:
            raise BadImage(_("it is corrupt (no segment marker at byte %(pos)s); not changed"), pos=pos)
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == SOS:
            return found, pos
        if marker == EOI:
            raise BadImage(_("it has no image data; not changed"))
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if length < 2 or pos + 2 + length > size:
            raise BadImage(_("the file ends inside its header (truncated); not changed"))
        found.append((marker, pos, pos + 2 + length))
        pos += 2 + length


def _frame_size(data: bytes, found: list[Segment]) -> tuple[int, int] | None:
    """(width, height) from the frame header, or None when there is none."""
    for marker, start, _end in found:
        if marker in SOF:
            height, width = struct.unpack(">HH", data[start + 5:start + 9])
            return width, height
    return None


def frame_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) the JPEG says it has, or None when it cannot be told."""
    try:
        found, _sos = segments(data)
    except BadImage:
        return None
    return _frame_size(data, found)


def declared_pixels(data: bytes) -> int:
    """How many pixels the JPEG says it has (0 when it cannot be told)."""
    size = frame_size(data)
    return size[0] * size[1] if size else 0


def _check_image(data: bytes, found: list[Segment], sos: int) -> None:
    # No limit on pixels: nothing here decodes them (the image data is copied as it is), so a large scan is fine.
    if _frame_size(data, found) is None:
        raise BadImage(_("it has no frame header (corrupt JPEG); not changed"))
    if len(data) > MAX_BYTES:
        raise BadImage(_("it is larger than %(limit)s GB, more than optout accepts; not changed"),
                       limit=MAX_BYTES // 1024 ** 3)
    tail = data[-2:] == b"\xff\xd9" or data.rfind(b"\xff\xd9", max(sos, len(data) - 65536)) >= 0
    if not tail and data.rfind(b"\xff\xd9", sos) < 0:
        raise BadImage(_("the image data ends early (truncated file); not changed"))


def _payload(data: bytes, segment: Segment) -> bytes:
    return data[segment[1] + 4:segment[2]]


def _segment(marker: int, payload: bytes, what: str) -> bytes:
    if len(payload) > MAX_SEGMENT:
        raise BadImage(_("its %(what)s metadata would exceed the 64 KB a JPEG segment can hold; not changed"), what=what)
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _find(data: bytes, found: list[Segment]) -> dict[str, list[Segment]]:
    kinds: dict[str, list[Segment]] = {"exif": [], "xmp": [], "photoshop": []}
    for segment in found:
        marker, start, _ = segment
        head = data[start + 4:start + 4 + 29]
        if marker == APP1 and head.startswith(EXIF_ID):
            kinds["exif"].append(segment)
        elif marker == APP1 and head.startswith(XMP_ID):
            kinds["xmp"].append(segment)
        elif marker == APP13 and head.startswith(PHOTOSHOP_ID):
            kinds["photoshop"].append(segment)
    return kinds


def protect(data: bytes, marks: Marks, remove_location: bool = False) -> bytes:
    """The JPEG with our marks written into XMP, IPTC-IIM and EXIF; the image data untouched."""
    header, sos = protect_header(data, marks, remove_location)
    return b"".join(header) + data[sos:]


def exif_left_alone(header: list, marks: Marks) -> bool:
    """Whether creator/copyright had to stay out of a full EXIF block (they are in XMP and IPTC)."""
    return any(f in marks.given() for f in ("creator", "copyright")) and not any(
        bytes(part[4:10]) == EXIF_ID and bytes(part[:2]) == b"\xff\xe1" for part in header if isinstance(part, bytes))


def protect_header(data: bytes, marks: Marks, remove_location: bool = False) -> tuple[list[bytes | memoryview], int]:
    """The new file's header as pieces, and the offset from which the original is copied unchanged
    (the image data: it need not even be read into memory)."""
    found, sos = segments(data)
    _check_image(data, found, sos)
    kinds = _find(data, found)
    exif_old = _payload(data, kinds["exif"][0])[len(EXIF_ID):] if kinds["exif"] else None
    xmp_old = _payload(data, kinds["xmp"][0])[len(XMP_ID):] if kinds["xmp"] else None
    photoshop_old = b"".join(_payload(data, s)[len(PHOTOSHOP_ID):] for s in kinds["photoshop"]) or None

    new_exif = exif.edit(exif_old, marks, remove_location) if exif_old else exif.new_block(marks)
    replacements: dict[str, bytes] = {"xmp": _segment(APP1, XMP_ID + xmp.merge(xmp_old, marks, remove_location), "XMP")}
    if new_exif is not None and len(EXIF_ID) + len(new_exif) > MAX_SEGMENT and not remove_location:
        new_exif = None  # a camera's EXIF block already near 64 KB: leave it as it was (see exif_left_alone)
    if new_exif is not None:
        replacements["exif"] = _segment(APP1, EXIF_ID + new_exif, "EXIF")
    resources = iptc.merge_resources(photoshop_old, marks, remove_location)
    step = MAX_SEGMENT - len(PHOTOSHOP_ID)
    replacements["photoshop"] = b"".join(_segment(APP13, PHOTOSHOP_ID + resources[i:i + step], "IPTC")
                                         for i in range(0, len(resources), step))

    first = {kind: items[0] for kind, items in kinds.items() if items}
    dropped = set(kinds["photoshop"][1:])  # one resource block split over several segments is rewritten whole
    parts: list[bytes | memoryview] = [b"\xff\xd8"]
    view = memoryview(data)
    # New segments go after the leading APP0/APP1 segments (JFIF, EXIF): where readers expect them.
    insert_at = 0
    while insert_at < len(found) and found[insert_at][0] in (APP0, APP1):
        insert_at += 1
    pending = [kind for kind in ("exif", "xmp", "photoshop") if kind in replacements and kind not in first]
    for index, segment in enumerate(found):
        if index == insert_at:
            parts += [replacements[kind] for kind in pending]
            pending = []
        if segment in dropped:
            continue
        kind = next((k for k, s in first.items() if s == segment), None)
        parts.append(replacements[kind] if kind in replacements else view[segment[1]:segment[2]])
    parts += [replacements[kind] for kind in pending]
    return parts, sos


def read(data: bytes) -> Found:
    found, sos = segments(data)
    kinds = _find(data, found)
    xmp_values, xmp_location = xmp.read(_payload(data, kinds["xmp"][0])[len(XMP_ID):] if kinds["xmp"] else None)
    photoshop = b"".join(_payload(data, s)[len(PHOTOSHOP_ID):] for s in kinds["photoshop"]) or None
    iim_values, iim_location = iptc.read_iim(iptc.iim_from_resources(photoshop))
    exif_values, exif_location = exif.read(_payload(data, kinds["exif"][0])[len(EXIF_ID):] if kinds["exif"] else None)
    return Found(xmp=xmp_values, iptc=iim_values, exif=exif_values, location=xmp_location + iim_location + exif_location)
