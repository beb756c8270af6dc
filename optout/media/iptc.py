"""IPTC-IIM datasets inside a Photoshop image-resource block (JPEG APP13): read, and merge ours in.

Pure module. Every dataset and resource optout does not set is kept as it was, byte for byte.
"""

from __future__ import annotations

import hashlib
import struct

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

from .marks import FIELDS, IIM_FIELDS, IIM_LIMITS, BadImage, Marks

UTF8 = b"\x1b%G"
IPTC_RESOURCE = 0x0404
DIGEST_RESOURCE = 0x0425
# Location datasets: content location code/name, city, sub-location, province/state, country code/name.
LOCATION = {(2, 26): "content location code", (2, 27): "content location name", (2, 90): "city",
            (2, 92): "sub-location", (2, 95): "province/state", (2, 100): "country code", (2, 101): "country"}

Dataset = tuple[int, int, bytes]
Resource = tuple[bytes, int, bytes, bytes]  # signature, id, name (Pascal string, padded), data


def parse_iim(data: bytes) -> list[Dataset]:
    out: list[Dataset] = []
    pos = 0
    while pos + 5 <= len(data):
        if data[pos] != 0x1C:
            break  # padding after the last dataset
        record, dataset, size = data[pos + 1], data[pos + 2], struct.unpack(">H", data[pos + 3:pos + 5])[0]
        pos += 5
        if size & 0x8000:  # extended length
            width = size & 0x7FFF
            if width > 4 or pos + width > len(data):
                raise BadImage(_("its IPTC block is corrupt; not changed"))
            size = int.from_bytes(data[pos:pos + width], "big")
            pos += width
        if pos + size > len(data):
            raise BadImage(_("its IPTC block is truncated; not changed"))
        out.append((record, dataset, data[pos:pos + size]))
        pos += size
    return out


def build_iim(datasets: list[Dataset]) -> bytes:
    parts = []
    for record, dataset, value in datasets:
        if len(value) < 0x8000:
            parts.append(struct.pack(">BBBH", 0x1C, record, dataset, len(value)) + value)
        else:
            parts.append(struct.pack(">BBBHI", 0x1C, record, dataset, 0x8004, len(value)) + value)
    return b"".join(parts)


def charset_utf8(datasets: list[Dataset]) -> bool | None:
    """Whether the datasets declare UTF-8 (1:90); None when they declare no character set."""
    for record, dataset, value in datasets:
        if (record, dataset) == (1, 90):
            return value == UTF8
    return None


def text(value: bytes, charset: bool | None) -> str:
    """A dataset's text: Latin-1 under another declared character set or when it is no valid UTF-8."""
    if charset is False:
        return value.decode("latin-1").strip()
    try:
        return value.decode("utf-8").strip()
    except UnicodeDecodeError:
        return value.decode("latin-1").strip()


def decode(datasets: list[Dataset], value: bytes) -> str:
    return text(value, charset_utf8(datasets))


def readable(value: bytes, charset: bool | None) -> bytes:
    """An old record-2 value as it must be stored once the block declares UTF-8: with no character set declared, a
    value that is no valid UTF-8 is Latin-1 (what readers assume), converted so that it keeps reading the same."""
    if charset is None and not value.isascii():
        try:
            value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1").encode("utf-8")
    return value


def check_charset(charset: bool | None, given: dict[str, str]) -> None:
    if charset is False and any(not value.isascii() for value in given.values()):
        raise BadImage(_("its IPTC block uses a character set other than UTF-8, and the new values are not plain ASCII"))


def fit(field: str, value: str) -> bytes:
    """The value for an IIM dataset, UTF-8, cut at the dataset's length limit on a character boundary."""
    encoded = value.encode("utf-8")
    limit = IIM_LIMITS[field]
    if len(encoded) <= limit:
        return encoded
    return encoded[:limit].decode("utf-8", errors="ignore").encode("utf-8")


def cut_notes(marks: Marks) -> list[Said]:
    """A note for each value longer than its IIM dataset holds (the IIM copy is cut; XMP keeps the whole text)."""
    return [Said(_("%(field)s is longer than the %(limit)s bytes its IPTC-IIM field holds, so the IIM copy is cut "
                   "short; XMP keeps the whole text"), field=Said(FIELDS[field]), limit=IIM_LIMITS[field])
            for field, value in marks.given().items()
            if field in IIM_LIMITS and len(value.encode("utf-8")) > IIM_LIMITS[field]]


def merge_iim(data: bytes | None, marks: Marks, remove_location: bool) -> bytes:
    datasets = parse_iim(data) if data else []
    given = {field: value for field, value in marks.given().items() if field in IIM_FIELDS}
    charset = charset_utf8(datasets)
    check_charset(charset, given)
    replace = {IIM_FIELDS[field] for field in given}
    kept: list[Dataset] = []
    for record, dataset, value in datasets:
        if (record, dataset) in replace or (remove_location and (record, dataset) in LOCATION):
            continue
        kept.append((record, dataset, readable(value, charset) if record == 2 else value))
    if charset is None:
        kept.insert(0, (1, 90, UTF8))
    if not any((r, d) == (2, 0) for r, d, _ in kept):
        kept.append((2, 0, b"\x00\x04"))
    for field, value in given.items():
        record, dataset = IIM_FIELDS[field]
        kept.append((record, dataset, fit(field, value)))
    kept.sort(key=lambda item: (item[0], item[1] != 0))  # stable: records in order, 2:00 first in its record
    return build_iim(kept)


def read_iim(data: bytes | None) -> tuple[dict[str, str], list[str]]:
    datasets = parse_iim(data) if data else []
    where = {key: field for field, key in IIM_FIELDS.items()}
    values: dict[str, str] = {}
    location: list[str] = []
    for record, dataset, value in datasets:
        field = where.get((record, dataset))
        if field:
            text = decode(datasets, value)
            values[field] = values[field] + "; " + text if field == "creator" and field in values else text
        if (record, dataset) in LOCATION:
            location.append("IPTC " + LOCATION[(record, dataset)])
    return values, location


# --- Photoshop image resources -------------------------------------------------------------------------

def parse_resources(data: bytes) -> list[Resource]:
    out: list[Resource] = []
    pos = 0
    while pos + 12 <= len(data):
        signature = data[pos:pos + 4]
        if signature[:1] not in (b"8", b"P", b"A", b"D", b"M"):
            break
        ident = struct.unpack(">H", data[pos + 4:pos + 6])[0]
        name_len = data[pos + 6]
        name_total = name_len + 1 + ((name_len + 1) & 1)
        name = data[pos + 6:pos + 6 + name_total]
        at = pos + 6 + name_total
        if at + 4 > len(data):
            raise BadImage(_("its Photoshop metadata block is truncated; not changed"))
        size = struct.unpack(">I", data[at:at + 4])[0]
        at += 4
        if at + size > len(data):
            raise BadImage(_("its Photoshop metadata block is truncated; not changed"))
        out.append((signature, ident, name, data[at:at + size]))
        pos = at + size + (size & 1)
    return out


def build_resources(resources: list[Resource]) -> bytes:
    parts = []
    for signature, ident, name, data in resources:
        parts.append(signature + struct.pack(">H", ident) + name + struct.pack(">I", len(data)) + data
                     + (b"\x00" if len(data) & 1 else b""))
    return b"".join(parts)


def merge_resources(data: bytes | None, marks: Marks, remove_location: bool) -> bytes:
    """A new Photoshop resource block with our IPTC datasets; the IPTC digest, if present, is updated."""
    resources = parse_resources(data) if data else []
    index = next((i for i, r in enumerate(resources) if r[0] == b"8BIM" and r[1] == IPTC_RESOURCE), None)
    old = resources[index][3] if index is not None else None
    iim = merge_iim(old, marks, remove_location)
    entry = (b"8BIM", IPTC_RESOURCE, b"\x00\x00", iim)
    if index is None:
        resources.append(entry)
    else:
        resources[index] = entry
    resources = [(s, i, n, hashlib.md5(iim).digest()) if s == b"8BIM" and i == DIGEST_RESOURCE else (s, i, n, d)
                 for s, i, n, d in resources]
    return build_resources(resources)


def iim_from_resources(data: bytes | None) -> bytes | None:
    for signature, ident, _name, payload in parse_resources(data) if data else []:
        if signature == b"8BIM" and ident == IPTC_RESOURCE:
            return payload
    return None
