"""The plan export format, and reading an export back without trusting it.

An export is `plan.json`, or a zip holding `plan.json` and `evidence/…` files when there are
attachments. Older versions stay importable: what a file predates (a field, a part) is absent from
it, and an import leaves the account's own value of it as it is (`PlanDocument.model_fields_set`). Reading checks everything before anything is stored:
size, entries, paths, versions, counts, dates and the files' own contents. Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from optout.accounts.choices import CREATOR_KINDS, EVERY_CHANGE, POLICY_NEWS_CHOICES, VISIBILITY_CHOICES
from optout.catalog.regions import CHOICE_CODES, GERMAN_STATES
from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _
from optout.lib.zones import valid_zone

from . import vocabulary
from .evidence import CONTENT_TYPES
from .planner import STAGES
from .reasons import LANGUAGES as REASON_LANGUAGES
from .reasons import MAX_OWN_WORDS

FORMAT = "optout-plan"
VERSION = 7  # 2: adds `letters` (each app's part is checked by that app, see registries.EXPORT_PARTS); 3: adds
# `profile.policy_news`; 4: adds `profile.country`, `.time_zone`, `.language`, each step's `objection` (the reason
# written for it and where its form stands) and `presets` (image-marking presets, checked by the app that has them);
# 5: adds each proof item's `file_check` (a screenshot or e-mail may come without its file, when optout had lost it)
# and the zip's CHECK_NAME, which says in words which files are missing or changed; `profile.email_news`; each
# letter's `sent_copy` (the letter as it was sent, letters/transfer.py); 6: adds `profile.subdivision` (a German
# resident's Land); 7: adds `profile.calendar_id`, which the calendar's event ids are made of, so a calendar file
# downloaded after a move updates the events of the one before instead of doubling them; the event kind
# `evidence_deleted` (the line a deleted proof item leaves)

# What an export made under the proof quota can hold must always import again, so the import's limits follow from
# the quota (settings.OPTOUT_PROOF_QUOTA_BYTES; `Limits`). The default quota is kept so that the largest export
# still fits through the web server's request limit (optout/ops/serve.py MAX_REQUEST_BYTES, 310 MB).
DEFAULT_PROOF_QUOTA = 250 * 1024 * 1024
MAX_PROOF_FILES = 10_000  # proof files one person may keep (services/proof.py): five for each of 2,000 steps
MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_CHECK_BYTES = 2 * 1024 * 1024  # CHECK_NAME: a line for each file, at most MAX_PROOF_FILES of them
MAX_ACTIONS = 2000
MAX_LETTERS = 2000
MAX_PRESETS = 500
MAX_EVENTS = 200_000
MAX_ZIP_ENTRIES = MAX_PROOF_FILES + 2  # with plan.json and CHECK_NAME
# A zip's own bytes for each member: local header, central record, the name twice, zip64 extras (at most ~350).
ZIP_MEMBER_OVERHEAD = 512
MAX_MEMBER_BYTES = 10 * 1024 * 1024  # the largest screenshot or e-mail optout accepts
CHECK_NAME = "proof-check.txt"
FILE_CHECKS = ("", "ok", "missing", "changed")  # "": a note, which has no file to check
MAX_RATIO = 50  # compressed → unpacked; screenshots and e-mails never shrink this much
RATIO_FROM = 64 * 1024  # small files may compress well (a short e-mail); larger ones that do are padding
EVIDENCE_NAME = re.compile(r"^evidence/[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
STATUSES = vocabulary.codes(vocabulary.STATUSES)
EVENT_KINDS = vocabulary.codes(vocabulary.EVENT_KINDS)
EVIDENCE_KINDS = vocabulary.codes(vocabulary.EVIDENCE_KINDS)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
FIRST_YEAR, LAST_YEAR = 1990, 2200  # far outside these, a date is a mistake or an attack (9999-12-31 broke feeds)
MAX_ID = 2**31 - 1  # what every database's integer column holds


@dataclass(frozen=True)
class Limits:
    """What an import accepts, given the proof one person may keep: an export made under that quota always fits,
    and zips much larger, or that unpack to much more, are refused before they are unpacked."""

    proof_bytes: int = DEFAULT_PROOF_QUOTA

    @property
    def unpacked_bytes(self) -> int:
        return self.proof_bytes + MAX_JSON_BYTES + MAX_CHECK_BYTES

    @property
    def file_bytes(self) -> int:
        # Screenshots are stored as they are (not compressed again); the last term covers deflate's worst case
        # (e-mails that do not compress), about 0.03 %.
        return self.unpacked_bytes + MAX_ZIP_ENTRIES * ZIP_MEMBER_OVERHEAD + self.unpacked_bytes // 1000


DEFAULT_LIMITS = Limits()
MAX_FILE_BYTES = DEFAULT_LIMITS.file_bytes  # the upload itself, at the default quota
MAX_UNPACKED_BYTES = DEFAULT_LIMITS.unpacked_bytes


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def _plausible(value: dt.datetime) -> dt.datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the date {value.date().isoformat()} is outside the years {FIRST_YEAR}–{LAST_YEAR}")
    return value


Moment = Annotated[dt.datetime, AfterValidator(_plausible)]


def _short(limit: int):
    return Annotated[str, StringConstraints(max_length=limit)]


class PlanImportError(ValueError):
    """An export that cannot be imported; the message names what is wrong and where."""


class Model(BaseModel):
    # Built when an import is first checked, not when Django starts (every CLI command would pay for it).
    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)


UUID_PATTERN = r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$"


class ProfileData(Model):
    region: _short(8) = ""
    creator_kind: Literal[("", *(code for code, _label in CREATOR_KINDS))] = ""  # type: ignore[valid-type]
    visibility: Literal[("", *(code for code, _label in VISIBILITY_CHOICES))] = ""  # type: ignore[valid-type]
    recheck_days: int = Field(90, ge=7, le=730)
    policy_news: Literal[tuple(code for code, _label in POLICY_NEWS_CHOICES)] = EVERY_CHANGE  # type: ignore[valid-type]
    # Version 4. A country and a language are checked against optout's lists where Django is (services/exporting.py).
    country: Annotated[str, StringConstraints(pattern=r"^([A-Z]{2})?$")] = ""
    time_zone: _short(64) = ""
    language: Annotated[str, StringConstraints(pattern=r"^([a-z]{2,3}(-[a-z0-9]{2,8})?)?$")] = ""
    email_news: bool = True  # version 5
    subdivision: str = ""  # version 6: a German resident's Land ("DE-BY")
    calendar_id: Annotated[str, StringConstraints(pattern=UUID_PATTERN)] = ""  # version 7

    @field_validator("subdivision")
    @classmethod
    def _known_land(cls, value: str) -> str:
        if value and value not in GERMAN_STATES:
            raise ValueError(f"unknown Land {value!r}")
        return value

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if value and value not in CHOICE_CODES:
            raise ValueError(f"unknown region {value!r}")
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value and not valid_zone(value):
            raise ValueError(f"unknown time zone {value!r}")
        return value


class AccountData(Model):
    id: int = Field(ge=0, le=MAX_ID)
    platform: Slug
    handle: _short(200) = ""
    note: _short(2000) = ""


class EventData(Model):
    at: Moment
    kind: Literal[EVENT_KINDS]  # type: ignore[valid-type]
    from_status: Literal[("", *STATUSES)] = ""  # type: ignore[valid-type]
    to_status: Literal[("", *STATUSES)] = ""  # type: ignore[valid-type]
    text: _short(20_000) = ""
    # optout's sentence, to be said in the reader's language; one not among optout's own is dropped (text stays)
    said: dict | None = None


class EvidenceData(Model):
    kind: Literal[EVIDENCE_KINDS]  # type: ignore[valid-type]
    note: _short(20_000) = ""
    file: str = ""
    original_name: _short(200) = ""
    content_type: Literal[CONTENT_TYPES] = ""  # type: ignore[valid-type]
    size: int = Field(0, ge=0, le=MAX_ID)
    sha256: _short(64) = ""
    email_from: _short(300) = ""
    email_date: _short(100) = ""
    email_subject: _short(500) = ""
    created_at: Moment
    # Version 5: what the exporting optout found when it compared the file with `sha256`. Only "missing" is used on
    # import (a screenshot or e-mail without its file); the rest is checked again there, from the file itself.
    file_check: Literal[FILE_CHECKS] = ""  # type: ignore[valid-type]

    @field_validator("file")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        if value and (not EVIDENCE_NAME.match(value) or ".." in value):
            raise ValueError(f"unsafe file name {value[:100]!r}")
        return value


class ObjectionData(Model):
    """The reason a person wrote for an objection step (version 4), and how far its form got."""

    language: Literal[tuple(REASON_LANGUAGES)] = "en"  # type: ignore[valid-type]
    # Codes of the ticked boxes; codes this optout does not know (a newer or older list) are dropped when stored.
    contents: list[_short(30)] = Field(default_factory=list, max_length=50)
    harms: list[_short(30)] = Field(default_factory=list, max_length=50)
    own_words: _short(MAX_OWN_WORDS) = ""
    reason_saved_at: Moment | None = None
    form_opened_at: Moment | None = None
    form_failed_at: Moment | None = None


class ActionData(Model):
    number: int = Field(ge=1, le=1_000_000)
    account: int | None = Field(None, ge=0, le=MAX_ID)
    account_label: _short(200) = ""
    platform: Slug
    mechanism: Slug
    source: Literal["catalog", "generic"] = "catalog"
    kind: _short(30)
    title: _short(300)
    stage: Literal[tuple(code for code, _label in STAGES)]  # type: ignore[valid-type]
    optional: bool = False
    position: int = Field(0, ge=0, le=1_000_000)
    status: Literal[STATUSES]  # type: ignore[valid-type]
    fingerprint: _short(32) = ""
    retired_at: Moment | None = None
    retired_reason: _short(300) = ""
    recheck_at: Moment | None = None
    code_expires_at: Moment | None = None
    remind_at: Moment | None = None
    reminded_at: Moment | None = None
    created_at: Moment
    updated_at: Moment
    events: list[EventData] = Field(default_factory=list)
    evidence: list[EvidenceData] = Field(default_factory=list)
    # Version 4: null when the step has none. A file without the key predates it: the step's reason, if the
    # account has one, is kept by a replacing import (services/exporting.py).
    objection: ObjectionData | None = None


class PlanDocument(Model):
    format: Literal["optout-plan"]
    version: int
    exported_at: Moment
    profile: ProfileData
    accounts: list[AccountData] = Field(default_factory=list, max_length=MAX_ACTIONS)
    actions: list[ActionData] = Field(default_factory=list)
    # Letters (format version 2) belong to an app that plans may not import: here they are only bounded
    # mappings; the letters app checks them in depth before anything is stored.
    letters: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_LETTERS)
    # Version 4: image-marking presets, checked in depth by the part that stores them (registries.EXPORT_PARTS).
    presets: list[dict[str, Any]] = Field(default_factory=list, max_length=MAX_PRESETS)


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _check_dates(document: PlanDocument, now: dt.datetime) -> None:
    latest = now + dt.timedelta(days=1)
    for index, action in enumerate(document.actions):
        for name in ("created_at", "updated_at", "retired_at", "reminded_at"):
            value = getattr(action, name)
            if value is not None and value.tzinfo is None:
                raise PlanImportError(f"actions[{index}].{name}: the date has no time zone")
            if value is not None and value > latest:
                raise PlanImportError(f"actions[{index}].{name}: {value.isoformat()} is in the future")
        for e_index, event in enumerate(action.events):
            if event.at.tzinfo is None or event.at > latest:
                raise PlanImportError(f"actions[{index}].events[{e_index}].at: {event.at.isoformat()} is in the future or has no time zone")
        for name in ("reason_saved_at", "form_opened_at", "form_failed_at"):
            value = getattr(action.objection, name, None)
            if value is not None and (value.tzinfo is None or value > latest):
                raise PlanImportError(f"actions[{index}].objection.{name}: {value.isoformat()} is in the future or "
                                      "has no time zone")


def _load_json(raw: bytes) -> dict:
    if len(raw) > MAX_JSON_BYTES:
        raise PlanImportError(Said(_("plan.json is larger than %(size)s."), size=megabytes(MAX_JSON_BYTES)))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PlanImportError(Said(_("plan.json is not UTF-8 text (byte %(at)s)."), at=exc.start)) from exc
    except json.JSONDecodeError as exc:
        raise PlanImportError(Said(_("plan.json is not valid JSON (line %(line)s, column %(column)s: %(detail)s)."),
                                   line=exc.lineno, column=exc.colno, detail=exc.msg)) from exc
    except RecursionError as exc:
        raise PlanImportError(Said(_("plan.json is nested too deeply to be an optout export."))) from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits (Python's int-string limit)
        raise PlanImportError(Said(_("plan.json holds a value optout cannot read (%(detail)s)."), detail=exc)) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PlanImportError(Said(_("This is not an optout plan export (the “format” field is missing or "
                                     "different).")))
    return data


def _check_version_and_size(data: dict) -> None:
    """Cheap checks first, so a huge or future file is refused before it is parsed in depth."""
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanImportError("version: must be a whole number.")
    if version > VERSION:
        raise PlanImportError(Said(_("This export was made by a newer optout (format version %(version)s); this one "
                                     "reads version %(known)s. Update optout and try again."),
                                   version=version, known=VERSION))
    if version < 1:
        raise PlanImportError(f"version: {version} is not a known format version.")
    actions = data.get("actions")
    if not isinstance(actions, list):
        return
    if len(actions) > MAX_ACTIONS:
        raise PlanImportError(f"actions: {len(actions)} actions is more than a plan can hold ({MAX_ACTIONS}).")
    letters = data.get("letters") if isinstance(data.get("letters"), list) else []
    if len(letters) > MAX_LETTERS:
        raise PlanImportError(f"letters: {len(letters)} letters is more than optout accepts ({MAX_LETTERS}).")
    events = sum(len(a.get("events") or []) for a in [*actions, *letters] if isinstance(a, dict) and isinstance(a.get("events"), list))
    if events > MAX_EVENTS:
        raise PlanImportError(f"actions: {events} history events is more than optout accepts ({MAX_EVENTS}).")


def _check_references(document: PlanDocument) -> None:
    numbers = [a.number for a in document.actions]
    if len(set(numbers)) != len(numbers):
        raise PlanImportError("actions: two actions have the same number.")
    account_ids = {a.id for a in document.accounts}
    for index, action in enumerate(document.actions):
        if action.account is not None and action.account not in account_ids:
            raise PlanImportError(f"actions[{index}].account: no account with id {action.account} in the file.")
    # Each proof item owns its file: deleting one deletes its file, which another item must not be using. An export
    # never shares one; copying it for each row instead would let one small entry fill a disk.
    first_use: dict[str, str] = {}
    for a_index, action in enumerate(document.actions):
        for e_index, evidence in enumerate(action.evidence):
            if not evidence.file:
                continue
            where = f"actions[{a_index}].evidence[{e_index}].file"
            if evidence.file in first_use:
                raise PlanImportError(f"{where}: {evidence.file} is also the file of {first_use[evidence.file]}; "
                                      "each proof item needs its own file.")
            first_use[evidence.file] = where


def parse_document(raw: bytes, now: dt.datetime) -> PlanDocument:
    data = _load_json(raw)
    _check_version_and_size(data)
    try:
        document = PlanDocument.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise PlanImportError(f"{_where(tuple(first['loc']))}: {message}{more}") from exc
    _check_references(document)
    _check_dates(document, now)
    return document


def _size_of(source: bytes | BinaryIO) -> int:
    if isinstance(source, bytes):
        return len(source)
    position = source.tell()
    size = source.seek(0, io.SEEK_END)
    source.seek(position)
    return size


def read_export(source: bytes | BinaryIO, now: dt.datetime, stage: Path,
                limits: Limits = DEFAULT_LIMITS) -> tuple[PlanDocument, dict[str, Path]]:
    """Read a `.json` or `.zip` export (bytes or a seekable file).

    Returns the document and, by name, the evidence files it refers to, unpacked one by one into
    the folder `stage` (never all into memory). The caller commits them or removes `stage`.
    """
    if _size_of(source) > limits.file_bytes:
        raise PlanImportError(Said(_("The file is larger than %(size)s."), size=megabytes(limits.file_bytes)))
    handle = io.BytesIO(source) if isinstance(source, bytes) else source
    handle.seek(0)
    if handle.read(2) != b"PK":
        handle.seek(0)
        raw = handle.read(MAX_JSON_BYTES + 1)
        return parse_document(raw, now), {}
    handle.seek(0)
    return _read_zip(handle, now, stage, limits)


def _unpack_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, target: Path | None = None):
    """Read at most `limit` bytes, whatever the header claims (sizes in a zip can lie); to `target` if given."""
    size = 0
    with archive.open(info) as member:
        if target is None:
            data = member.read(limit + 1)
            size = len(data)
        else:
            with target.open("xb") as out:
                while chunk := member.read(256 * 1024):
                    size += len(chunk)
                    if size > limit:
                        break
                    out.write(chunk)
            data = target
    if size > limit:
        raise PlanImportError(Said(_("%(name)s unpacks to more than %(size)s."), name=info.filename,
                                   size=megabytes(limit)))
    return data


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise PlanImportError(Said(_("The zip holds %(count)s files; an export has at most %(most)s."),
                                   count=len(infos), most=MAX_ZIP_ENTRIES))
    names = set()
    for info in infos:
        name = info.filename
        if info.is_dir():
            continue
        if name not in ("plan.json", CHECK_NAME) and (not EVIDENCE_NAME.match(name) or ".." in name):
            raise PlanImportError(Said(_("The zip contains %(name)s, which is not part of an optout export (unsafe "
                                         "or unknown path)."), name=repr(name[:100])))
        if name in names:
            raise PlanImportError(Said(_("The zip contains %(name)s twice."), name=name))
        names.add(name)
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > RATIO_FROM:
            raise PlanImportError(Said(_("%(name)s is compressed suspiciously well (a zip bomb?)."), name=name))
    if "plan.json" not in names:
        raise PlanImportError(Said(_("The zip has no plan.json.")))
    if sum(info.file_size for info in infos) > limits.unpacked_bytes:
        raise PlanImportError(Said(_("The zip unpacks to more than %(size)s."), size=megabytes(limits.unpacked_bytes)))


def _referenced(document: PlanDocument) -> dict[str, str]:
    """Evidence file name → where the document refers to it (for messages)."""
    out = {}
    for a_index, action in enumerate(document.actions):
        for e_index, evidence in enumerate(action.evidence):
            if evidence.file:
                out.setdefault(evidence.file, f"actions[{a_index}].evidence[{e_index}].file")
    return out


def _read_zip(handle: BinaryIO, now: dt.datetime, stage: Path, limits: Limits) -> tuple[PlanDocument, dict[str, Path]]:
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PlanImportError(Said(_("The zip file is damaged (%(detail)s)."), detail=exc)) from exc
    _check_entries(infos, limits)
    total = 0
    files: dict[str, Path] = {}
    try:
        document = parse_document(_unpack_member(archive, archive.getinfo("plan.json"), MAX_JSON_BYTES), now)
        wanted = _referenced(document)
        by_name = {info.filename: info for info in infos if not info.is_dir()}
        for name, where in wanted.items():
            if name not in by_name:
                raise PlanImportError(Said(_("%(where)s: %(name)s is not in the zip."), where=where, name=name))
        stage.mkdir(parents=True, exist_ok=True, mode=0o700)
        for index, name in enumerate(wanted):  # only files the plan uses are unpacked
            target = _unpack_member(archive, by_name[name], MAX_MEMBER_BYTES, stage / f"{index:05d}")
            total += target.stat().st_size
            if total > limits.proof_bytes:
                raise PlanImportError(Said(_("Its proof files take more than %(size)s, the most optout keeps for one "
                                        "person."), size=megabytes(limits.proof_bytes)))
            files[name] = target
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, zlib.error) as exc:
        raise PlanImportError(Said(_("The zip file is damaged (%(detail)s)."), detail=exc)) from exc
    return document, files


def write_zip(document_json: bytes, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("plan.json", document_json)
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()
