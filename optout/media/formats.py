"""Which kind of image a file is (by its bytes, not its name), and marking or reading each kind.

Pure module. JPEG is handled by optout's own segment writer (fast, nothing decoded); PNG, WebP and
TIFF through exiv2 (pyexiv2), which rewrites only metadata; raw camera files get an .xmp sidecar;
HEIC and AVIF are read but not written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

from . import dimensions, iptc, jpeg, xmp
from .marks import BadImage, Found, Marks

RAW_EXTENSIONS = {".3fr", ".arw", ".cr2", ".cr3", ".crw", ".dcr", ".dng", ".erf", ".iiq", ".k25", ".kdc", ".mef",
                  ".mos", ".mrw", ".nef", ".nrw", ".orf", ".pef", ".raf", ".raw", ".rw2", ".rwl", ".sr2", ".srf",
                  ".srw", ".x3f"}
EXTENSIONS = {"jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"}, "png": {".png"}, "webp": {".webp"},
              "tiff": {".tif", ".tiff"}, "heif": {".heic", ".heif", ".avif", ".hif"}}
IMAGE_EXTENSIONS = RAW_EXTENSIONS | {ext for group in EXTENSIONS.values() for ext in group}
NAMES = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "tiff": "TIFF", "heif": "HEIC/AVIF", "raw": "raw"}
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis"}
READ_ONLY_MESSAGE = _("HEIC and AVIF files are not marked (optout media verify can check them): optout cannot yet "
                     "write into them without risking the file, and it writes no .xmp sidecar for them. Export a JPEG, "
                     "PNG or WebP copy and mark that")


@dataclass
class Marked:
    parts: list  # the new file (or the sidecar's content for raw files), as pieces to write in order
    tail: int | None = None  # then the original from this offset on, unchanged
    sidecar: bool = False
    notes: list[str] = field(default_factory=list)


def sniff(head: bytes) -> str | None:
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heif"
    return None


def kind_of(path: Path, head: bytes) -> tuple[str, list[str]]:
    """('jpeg'|'png'|'webp'|'tiff'|'heif'|'raw', notes); BadImage when it is not an image optout knows."""
    suffix = path.suffix.lower()
    if suffix in RAW_EXTENSIONS:
        return "raw", []
    kind = sniff(head)
    if kind is None:
        if suffix in IMAGE_EXTENSIONS:
            named = next((NAMES[k] for k, group in EXTENSIONS.items() if suffix in group), suffix[1:].upper())
            raise BadImage(_("it is named %(suffix)s but its content is not a %(named)s image (corrupt or not an image)"), suffix=suffix,
                           named=named)
        raise BadImage(_("it is not an image optout can mark (JPEG, PNG, WebP, TIFF, or a raw file for a sidecar)"))
    notes = []
    if suffix not in EXTENSIONS.get(kind, set()):
        notes.append(Said(_("named %(suffix)s but it is a %(kind)s file; marked as %(kind)s"), suffix=suffix,
                          kind=NAMES[kind]) if suffix else
                     Said(_("without an extension but it is a %(kind)s file; marked as %(kind)s"), kind=NAMES[kind]))
    return kind, notes


def _check_intact(data: bytes, kind: str) -> None:
    """Refuse a broken or truncated file. There is no limit on pixels: only metadata is written, no pixel decoded."""
    size = dimensions.declared_size(data, kind)
    if kind == "png" and size is not None:
        dimensions.check_png_data(data, size)
    _check_header(data, kind, size)
    if kind == "png" and not data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"):
        raise BadImage(_("the PNG ends early (truncated file); not changed"))
    if kind == "webp" and int.from_bytes(data[4:8], "little") + 8 > len(data):
        raise BadImage(_("the WebP ends early (truncated file); not changed"))
    if kind == "tiff":
        _check_tiff(data)


def _check_header(data: bytes, kind: str, size: tuple[int, int] | None) -> None:
    """Pillow reads the header; a broken one is refused in words."""
    if kind == "webp" and dimensions.too_large_to_decode(size):
        return  # Pillow's WebP reader would make the whole canvas; the RIFF size is still checked
    try:
        with dimensions.open_header(data, kind):
            pass
    except Exception as exc:  # Pillow raises many kinds for broken headers
        raise BadImage(_("it is not a readable %(kind)s image (%(reason)s); not changed"), kind=NAMES[kind],
                       reason=str(exc)) from exc


STRIP_OFFSETS, STRIP_BYTE_COUNTS, TILE_OFFSETS, TILE_BYTE_COUNTS = 273, 279, 324, 325
MAX_PAGES = 10_000


def _check_tiff(data: bytes) -> None:
    """Every page's image data (strips or tiles) lies within the file: a truncated TIFF is refused, as a broken JPEG,
    PNG or WebP is. Only the directories are read; no pixel is decoded."""
    truncated = BadImage(_("the TIFF ends early (truncated file); not changed"))
    try:
        with dimensions.open_header(data, "tiff") as image:
            for page in range(min(getattr(image, "n_frames", 1), MAX_PAGES)):
                image.seek(page)
                tags = image.tag_v2
                offsets = tags.get(STRIP_OFFSETS) or tags.get(TILE_OFFSETS)
                counts = tags.get(STRIP_BYTE_COUNTS) or tags.get(TILE_BYTE_COUNTS)
                if not offsets or not counts:
                    raise BadImage(_("the TIFF has no image data (no strips or tiles); not changed"))
                offsets = offsets if isinstance(offsets, tuple) else (offsets,)
                counts = counts if isinstance(counts, tuple) else (counts,)
                if len(offsets) != len(counts) or any(o + c > len(data) for o, c in zip(offsets, counts, strict=True)):
                    raise truncated
    except BadImage:
        raise
    except Exception as exc:  # a directory that cannot be read: cut off, or broken
        raise truncated from exc


def _exiv2(data: bytes):
    import pyexiv2

    pyexiv2.set_log_level(4)
    try:
        return pyexiv2.ImageData(data)
    except Exception as exc:
        raise BadImage(_("its metadata cannot be read (%(reason)s); not changed"), reason=str(exc)) from exc


def _exiv2_protect(data: bytes, kind: str, marks: Marks, remove_location: bool) -> bytes:
    image = _exiv2(data)
    try:
        packet = image.read_raw_xmp().encode("utf-8")
        image.modify_raw_xmp(xmp.merge(packet, marks, remove_location).decode("utf-8"))
        given = marks.given()
        exif_changes: dict[str, str | None] = {}
        if remove_location:
            exif_changes |= {key: None for key in image.read_exif() if key.startswith("Exif.GPSInfo.")}
        if given.get("creator"):
            exif_changes["Exif.Image.Artist"] = given["creator"]
        if given.get("copyright"):
            exif_changes["Exif.Image.Copyright"] = given["copyright"]
        if exif_changes:
            image.modify_exif(exif_changes)
        if kind in ("png", "tiff"):  # WebP has no place for IPTC-IIM
            _exiv2_iptc(image, given, remove_location)
        return image.get_bytes()
    except BadImage:
        raise
    except Exception as exc:
        raise BadImage(_("its metadata could not be written (%(reason)s); not changed"), reason=str(exc)) from exc
    finally:
        image.close()


IPTC_KEYS = {"creator": "Iptc.Application2.Byline", "copyright": "Iptc.Application2.Copyright",
             "credit": "Iptc.Application2.Credit"}
IPTC_LOCATION = {"Iptc.Application2.City": "city", "Iptc.Application2.SubLocation": "sub-location",
                 "Iptc.Application2.ProvinceState": "province/state", "Iptc.Application2.CountryCode": "country code",
                 "Iptc.Application2.CountryName": "country", "Iptc.Application2.LocationCode": "content location code",
                 "Iptc.Application2.LocationName": "content location name"}


def _exiv2_iptc(image, given: dict[str, str], remove_location: bool) -> None:
    """Our IIM datasets, as iptc.merge_iim writes them into a JPEG: the same character set rules and conversion of old
    Latin-1 values, the same length limits."""
    old = image.read_iptc(encoding="latin-1")  # Latin-1 keeps the stored bytes as they are
    declared = old.get("Iptc.Envelope.CharacterSet")
    charset = None if declared is None else declared.encode("latin-1") == iptc.UTF8
    ours = {field_name: value for field_name, value in given.items() if field_name in IPTC_KEYS}
    iptc.check_charset(charset, ours)
    changes: dict[str, object] = {}
    if charset is None:
        changes["Iptc.Envelope.CharacterSet"] = iptc.UTF8.decode("latin-1")
        for key, value in old.items():
            if not key.startswith("Iptc.Application2.") or key in IPTC_KEYS.values():
                continue
            items = value if isinstance(value, list) else [value]
            converted = [iptc.readable(item.encode("latin-1"), None).decode("latin-1") for item in items]
            if converted != items:
                changes[key] = converted if isinstance(value, list) else converted[0]
    for field_name, key in IPTC_KEYS.items():
        if ours.get(field_name):
            value = iptc.fit(field_name, ours[field_name]).decode("latin-1")
            changes[key] = [value] if key == "Iptc.Application2.Byline" else value
    if remove_location:
        changes |= {key: None for key in old if key in IPTC_LOCATION}
    image.modify_iptc(changes, encoding="latin-1")  # every value above is bytes held as Latin-1 text


def protect(data: bytes, kind: str, marks: Marks, remove_location: bool, sidecar: bytes | None = None) -> Marked:
    """Mark one file's bytes. For raw files the result is the sidecar (merged into `sidecar` if one exists)."""
    if kind == "jpeg":
        header, sos = jpeg.protect_header(data, marks, remove_location)
        notes = [Said(_("its EXIF block is full (64 KB), so creator and copyright are in XMP and IPTC only"))] \
            if jpeg.exif_left_alone(header, marks) else []
        return Marked(header, tail=sos, notes=notes + iptc.cut_notes(marks))
    if kind == "raw":
        notes = [Said(_("the raw file itself is unchanged; the marks are in the .xmp sidecar next to it"))]
        if remove_location:
            notes.append(Said(_("location data inside the raw file itself cannot be removed (only in the sidecar)")))
        return Marked([xmp.merge(sidecar, marks, remove_location)], sidecar=True, notes=notes)
    if kind == "heif":
        raise BadImage(READ_ONLY_MESSAGE)
    data = bytes(data)
    _check_intact(data, kind)
    return Marked([_exiv2_protect(data, kind, marks, remove_location)],
                  notes=iptc.cut_notes(marks) if kind in ("png", "tiff") else [])


def read(data: bytes, kind: str, sidecar: bytes | None = None) -> Found:
    if kind == "jpeg":
        return jpeg.read(data)
    if kind == "raw":
        values, location = xmp.read(sidecar)
        return Found(xmp=values, iptc={}, exif={}, location=location)
    image = _exiv2(data)
    try:
        values, location = xmp.read(image.read_raw_xmp().encode("utf-8"))
        exif_data = image.read_exif()
        iptc_data = image.read_iptc(encoding="latin-1") if kind != "webp" else {}
    except Exception as exc:
        raise BadImage(_("its metadata cannot be read (%(reason)s)"), reason=str(exc)) from exc
    finally:
        image.close()
    exif_values = {name: exif_data[key] for name, key in (("creator", "Exif.Image.Artist"), ("copyright", "Exif.Image.Copyright"))
                   if exif_data.get(key)}
    iptc_values = {}
    declared = iptc_data.get("Iptc.Envelope.CharacterSet")
    charset = None if declared is None else declared.encode("latin-1") == iptc.UTF8
    for name, key in IPTC_KEYS.items():
        value = iptc_data.get(key)
        if value:
            texts = [iptc.text(item.encode("latin-1"), charset) for item in (value if isinstance(value, list) else [value])]
            iptc_values[name] = "; ".join(texts)
    if any(key.startswith("Exif.GPSInfo.") for key in exif_data):
        location.append("EXIF GPS")
    location += ["IPTC " + label for key, label in IPTC_LOCATION.items() if key in iptc_data]
    return Found(xmp=values, iptc=iptc_values, exif=exif_values, location=location)
