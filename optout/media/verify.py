"""Checking a file's marks: which are present, whether they agree and match what was asked.

Pure module. A file passes when it carries a valid PLUS data-mining value in XMP that refuses data mining (any
"prohibited" value, unless another one is asked for: "allowed" and "unspecified" are no "no AI training" mark), every
field that is
present agrees across XMP, IPTC-IIM and EXIF, every expected value is there (in each place the format
has for it), and — when asked — no location data remains. Content Credentials, when present, must validate in every
manifest of their chain, the earlier ones included (credentials.read_credentials, provenance.py). When a file cannot be
read, it gets no verdict.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import formats
from .credentials import contradictions, implied
from .iptc import fit
from .marks import (
    DATA_MINING,
    EXIF_FIELDS,
    FIELDS,
    IIM_FIELDS,
    IIM_LIMITS,
    PLUS_VOCAB,
    SEE_CONSTRAINTS,
    SEE_EXPRESSION,
    BadImage,
    Found,
    data_mining_code,
    data_mining_uri,
)
from .xmp import RIGHTS_EXPRESSIONS

HAS_IPTC = {"jpeg", "png", "tiff"}
HAS_EXIF = {"jpeg", "png", "webp", "tiff", "heif"}


@dataclass
class Check:
    field: str
    label: str
    status: str  # ok | missing | mismatch | wrong | invalid
    values: dict[str, str]  # container -> value found
    message: str = ""


@dataclass
class Report:
    path: str
    kind: str = ""
    ok: bool | None = None  # None: could not be read, no verdict
    checks: list[Check] = field(default_factory=list)
    location: list[str] = field(default_factory=list)
    credentials: dict | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _containers(field_name: str, kind: str) -> list[str]:
    places = ["xmp"]
    if field_name in IIM_FIELDS and kind in HAS_IPTC:
        places.append("iptc")
    if field_name in EXIF_FIELDS and kind in HAS_EXIF:
        places.append("exif")
    return places


def _check_data_mining(values: dict[str, str], label: str, expected: str | None, found: Found) -> Check:
    name = "data_mining"
    value = values.get("xmp", "")
    code = data_mining_code(value) if value else None
    if not value:
        return Check(name, label, "missing", values, "no PLUS data-mining value in XMP")
    if code is None:
        return Check(name, label, "invalid", values, f"{value!r} is not a value of the PLUS data-mining vocabulary")
    if expected and data_mining_uri(expected) != value:
        return Check(name, label, "wrong", values, f"{DATA_MINING[code]}, expected {DATA_MINING[data_mining_uri(expected).rsplit('/', 1)[-1]]}")
    if not expected and not code.startswith("DMI-PROHIBITED"):
        return Check(name, label, "wrong", values,
                     f"{DATA_MINING[code]}: this is no 'no AI training' mark (ask for it with --data-mining "
                     f"{'allowed' if code == 'DMI-ALLOWED' else 'unspecified'} if it is what you chose)")
    if code == SEE_CONSTRAINTS and not found.xmp.get("other_constraints"):
        return Check(name, label, "invalid", values, f"{DATA_MINING[code]}, but the file has no other constraints "
                     "(XMP plus:OtherConstraints) to see")
    if code in SEE_EXPRESSION and not found.xmp.get(SEE_EXPRESSION[code]):
        prefix, prop = RIGHTS_EXPRESSIONS[SEE_EXPRESSION[code]]
        return Check(name, label, "invalid", values, f"{DATA_MINING[code]}, but the file has no {prefix}:{prop} to see")
    return Check(name, label, "ok", values, DATA_MINING[code])


def _iim_as_read(name: str, values: dict[str, str], expected: str | None) -> dict[str, str]:
    """The values, with an IPTC-IIM copy cut at its dataset's limit counted as the whole text it was cut from."""
    reference = expected or values.get("xmp") or values.get("exif")
    if name in IIM_LIMITS and "iptc" in values and reference and values["iptc"] != reference \
            and values["iptc"] == fit(name, reference).decode("utf-8").strip():
        return values | {"iptc": reference}
    return values


def _check_credentials(found: Found) -> Check | None:
    """A failed check when the signed training-and-data-mining entries contradict the XMP data-mining value."""
    entries = (found.credentials or {}).get("entries") or {}
    code = data_mining_code(found.xmp.get("data_mining", ""))
    conflicts = contradictions(PLUS_VOCAB + code, entries) if entries and code else []
    if not conflicts:
        return None
    return Check("training_mining", "Content Credentials", "mismatch", {},
                 f"{', '.join(conflicts)} contradicts the XMP data-mining value '{DATA_MINING[code]}' "
                 f"(which means {implied(PLUS_VOCAB + code)})")


def _check_field(found: Found, kind: str, name: str, expected: str | None) -> Check:
    places = _containers(name, kind)
    shown = {place: getattr(found, place)[name] for place in ("xmp", "iptc", "exif") if getattr(found, place).get(name)}
    label = FIELDS[name]
    if name == "data_mining":
        return _check_data_mining(shown, label, expected, found)
    values = _iim_as_read(name, shown, expected)
    if expected:
        absent = [place for place in places if place not in values]
        different = [place for place, value in values.items() if value != expected]
        if different:
            return Check(name, label, "wrong", shown, "different value in " + ", ".join(p.upper() for p in different))
        if absent:
            return Check(name, label, "missing", shown, "missing in " + ", ".join(p.upper() for p in absent))
        return Check(name, label, "ok", shown, _cut(shown, values))
    if not values:
        return Check(name, label, "missing", shown, "not set")
    if len(set(values.values())) > 1:
        return Check(name, label, "mismatch", shown, "XMP, IPTC and EXIF disagree")
    return Check(name, label, "ok", shown, _cut(shown, values))


def _cut(shown: dict[str, str], values: dict[str, str]) -> str:
    return f"{values['xmp']} (IPTC-IIM holds it cut short: {shown['iptc']})" if shown != values and "xmp" in values else ""


def evaluate(found: Found, kind: str, expect: dict[str, str] | None = None, no_location: bool = False) -> tuple[bool, list[Check]]:
    expect = expect or {}
    checks = [_check_field(found, kind, name, expect.get(name)) for name in FIELDS]
    credentials = _check_credentials(found)
    if credentials is not None:
        checks.append(credentials)
    failed = [c for c in checks if c.status in ("invalid", "wrong", "mismatch")
              or (c.status == "missing" and (c.field == "data_mining" or c.field in expect))]
    ok = not failed and not (no_location and found.location)
    if found.credentials and found.credentials.get("state") == "invalid":
        ok = False
    return ok, checks


def verify_file(path: Path, expect: dict[str, str] | None = None, no_location: bool = False,
                credentials: bool = True) -> Report:
    report = Report(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error = f"cannot read it: {exc.strerror or exc}"
        return report
    try:
        kind, report.notes = formats.kind_of(path, data[:16])
        sidecar_path = path.with_suffix(".xmp")
        sidecar = sidecar_path.read_bytes() if kind == "raw" and sidecar_path.is_file() else None
        found = formats.read(data, kind, sidecar)
    except BadImage as exc:
        report.error = str(exc).removesuffix("; not changed")  # nothing is changed here: the readers are shared
        return report
    except OSError as exc:
        report.error = f"cannot read its sidecar: {exc.strerror or exc}"
        return report
    if credentials and kind != "raw":
        from .credentials import read_credentials

        found.credentials = read_credentials(data, kind)
        if found.credentials:
            found.location += ["Content Credentials " + name for name in found.credentials.get("location", [])]
    report.kind = formats.NAMES[kind]
    report.location = found.location
    report.credentials = found.credentials
    report.ok, report.checks = evaluate(found, kind, expect, no_location)
    return report
