"""EXIF (a TIFF structure): set Artist and Copyright in IFD0, remove the GPS block; read them back.

Pure module. Nothing in the block moves: the new IFD0 is appended at the end and the header points
at it, so every offset elsewhere (maker notes, thumbnail, sub-IFDs) stays valid. The old IFD0
directory and, when asked, the GPS directory and its values are overwritten with zeros.
"""

from __future__ import annotations

import struct

from optout.lib.i18n import gettext_noop as _

from .marks import EXIF_FIELDS, BadImage, Marks

GPS_POINTER = 0x8825
ASCII = 2
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
Entry = tuple[int, int, int, bytes]  # tag, type, count, the 4-byte value-or-offset field


class _Tiff:
    def __init__(self, data: bytes):
        if len(data) < 8 or data[:4] not in (b"II*\x00", b"MM\x00*"):
            raise BadImage(_("its EXIF block is not a valid TIFF structure; not changed"))
        self.data = data
        self.order = "<" if data[:2] == b"II" else ">"

    def u16(self, at: int) -> int:
        return struct.unpack(self.order + "H", self.data[at:at + 2])[0]

    def u32(self, at: int) -> int:
        return struct.unpack(self.order + "I", self.data[at:at + 4])[0]

    def ifd(self, at: int) -> tuple[list[Entry], int, int]:
        """(entries, offset of the next IFD, end of the directory)."""
        if at < 8 or at + 2 > len(self.data):
            raise BadImage(_("its EXIF block points outside itself; not changed"))
        count = self.u16(at)
        end = at + 2 + 12 * count + 4
        if end > len(self.data):
            raise BadImage(_("its EXIF block is truncated; not changed"))
        entries = []
        for i in range(count):
            base = at + 2 + 12 * i
            tag, kind, n = struct.unpack(self.order + "HHI", self.data[base:base + 8])
            entries.append((tag, kind, n, self.data[base + 8:base + 12]))
        return entries, self.u32(end - 4), end

    def value(self, entry: Entry) -> bytes:
        _, kind, count, raw = entry
        size = TYPE_SIZES.get(kind, 1) * count
        if size <= 4:
            return raw[:size]
        at = struct.unpack(self.order + "I", raw)[0]
        if at + size > len(self.data):
            raise BadImage(_("its EXIF block is truncated; not changed"))
        return self.data[at:at + size]


def _zero_gps(tiff: _Tiff, out: bytearray, at: int) -> None:
    try:
        entries, _, end = tiff.ifd(at)
    except BadImage:
        return  # a broken GPS pointer: dropping the pointer is all that can be done
    for _tag, kind, count, raw in entries:
        size = TYPE_SIZES.get(kind, 1) * count
        if size > 4:
            offset = struct.unpack(tiff.order + "I", raw)[0]
            if offset + size <= len(out):
                out[offset:offset + size] = bytes(size)
    out[at:end] = bytes(end - at)


def new_block(marks: Marks) -> bytes | None:
    """A minimal EXIF block holding only our fields, or None when there is nothing to write."""
    if not any(field in EXIF_FIELDS for field in marks.given()):
        return None
    return edit(b"MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00", marks, False)


def edit(data: bytes, marks: Marks, remove_location: bool) -> bytes:
    tiff = _Tiff(data)
    start = tiff.u32(4)
    entries, next_ifd, end = tiff.ifd(start)
    given = {EXIF_FIELDS[f]: v for f, v in marks.given().items() if f in EXIF_FIELDS}
    out = bytearray(data)
    kept: list[Entry] = []
    for entry in entries:
        if entry[0] == GPS_POINTER and remove_location:
            _zero_gps(tiff, out, struct.unpack(tiff.order + "I", entry[3])[0])
        elif entry[0] not in given:
            kept.append(entry)
    out[start:end] = bytes(end - start)  # the old directory is no longer referenced
    if len(out) & 1:
        out.append(0)
    for tag, text in given.items():
        value = text.encode("utf-8") + b"\x00"
        if len(value) <= 4:
            raw = value.ljust(4, b"\x00")
        else:
            raw = struct.pack(tiff.order + "I", len(out))
            out += value + (b"\x00" if len(value) & 1 else b"")
        kept.append((tag, ASCII, len(value), raw))
    kept.sort(key=lambda e: e[0])
    at = len(out)
    out += struct.pack(tiff.order + "H", len(kept))
    for tag, kind, count, raw in kept:
        out += struct.pack(tiff.order + "HHI", tag, kind, count) + raw
    out += struct.pack(tiff.order + "I", next_ifd)
    out[4:8] = struct.pack(tiff.order + "I", at)
    return bytes(out)


def read(data: bytes | None) -> tuple[dict[str, str], list[str]]:
    if not data:
        return {}, []
    tiff = _Tiff(data)
    entries, _, _ = tiff.ifd(tiff.u32(4))
    values: dict[str, str] = {}
    location: list[str] = []
    where = {tag: field for field, tag in EXIF_FIELDS.items()}
    for entry in entries:
        if entry[0] in where and entry[1] == ASCII:
            raw = tiff.value(entry).split(b"\x00")[0]
            try:
                values[where[entry[0]]] = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                values[where[entry[0]]] = raw.decode("latin-1").strip()
        if entry[0] == GPS_POINTER:
            location.append("EXIF GPS")
    return values, location
