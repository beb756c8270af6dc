"""Export a plan (with history, evidence, the reasons written for objections, the profile's settings, and what other
apps add: letters, image-marking presets) and import it again, all or nothing.

Not in the file, on purpose: notification channels (their addresses often hold access tokens or passwords) and the
calendar address (a secret link; make a new one after an import). Nor is the login: e-mail address, password,
two-factor settings. A replacing import never deletes what the file does not carry: parts and fields a file predates
are left as the account has them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from optout.accounts.models import PlatformAccount, Profile
from optout.accounts.services import profile_for
from optout.lib.bulkinsert import PreparedInsert
from optout.lib.ownership import owned

from .. import history, transfer
from ..evidence import EMAIL_TYPE, EvidenceError, check_email, check_image
from ..models import Action, Event, Evidence, Objection, evidence_path
from ..reasons import CONTENT_CHOICES, HARM_CHOICES
from ..registries import EXPORT_PARTS
from ..transfer import PlanImportError
from .proof import CHANGED, MISSING, compare, hash_file, open_stored, proof_quota

ACTION_FIELDS = (
    "number", "account_label", "platform", "mechanism", "source", "kind", "title", "stage", "optional", "position",
    "status", "fingerprint", "retired_reason",
)
ACTION_DATES = ("retired_at", "recheck_at", "code_expires_at", "remind_at", "reminded_at", "created_at", "updated_at")
EVIDENCE_FIELDS = (
    "kind", "note", "original_name", "content_type", "size", "sha256", "email_from", "email_date", "email_subject",
)
OBJECTION_FIELDS = ("language", "contents", "harms", "own_words")
OBJECTION_DATES = ("reason_saved_at", "form_opened_at", "form_failed_at")
PROFILE_FIELDS = ("region", "country", "time_zone", "language", "creator_kind", "visibility", "recheck_days",
                  "policy_news", "email_news", "subdivision")


@dataclass
class Export:
    """An export, ready to send: `file` is at its start. A zip is in a temporary file on the data disk (it can be
    hundreds of megabytes), removed when `file` is closed; a plan without proof files is plan.json in memory."""

    file: BinaryIO
    filename: str
    content_type: str
    size: int

    @property
    def content(self) -> bytes:
        """All of it at once: for small exports and tests; a zip is better streamed from `file`."""
        self.file.seek(0)
        data = self.file.read()
        self.file.seek(0)
        return data


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


class _FilesInMemory(dict):
    """Where export_document puts each proof file by default: export name → bytes."""

    def add(self, name: str, evidence: Evidence) -> str:
        handle = open_stored(evidence)
        if handle is None:
            return MISSING
        buffer = io.BytesIO()
        with handle:
            state = compare(evidence, hash_file(handle, buffer))
        self[name] = buffer.getvalue()
        return state


class _FilesIntoZip(dict):
    """Streams each proof file into `archive` as it is compared with its recorded SHA-256: read once, never whole
    in memory. Keeps export name → the state found."""

    def __init__(self, archive: zipfile.ZipFile, now: dt.datetime):
        super().__init__()
        self.archive, self.stamp = archive, now.astimezone(dt.UTC).timetuple()[:6]

    def add(self, name: str, evidence: Evidence) -> str:
        handle = open_stored(evidence)  # opened first: a missing file leaves no empty entry in the zip
        if handle is None:
            return MISSING
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        # Images are compressed already; deflating them again costs time and gains nothing.
        info.compress_type = zipfile.ZIP_DEFLATED if name.endswith(".eml") else zipfile.ZIP_STORED
        info.external_attr = 0o600 << 16  # as writestr gives plan.json; without it, unzip makes unreadable files
        with handle, self.archive.open(info, "w") as out:
            state = compare(evidence, hash_file(handle, out))
        self[name] = state
        return state


def _has_file(evidence: Evidence) -> bool:
    """A screenshot or e-mail has a file, or had one that optout has lost since."""
    return bool(evidence.file) or evidence.kind != Evidence.Kind.NOTE


def export_document(user, now: dt.datetime | None = None, files=None) -> tuple[dict, dict]:
    """The plan as plan.json holds it, and its proof files by export name (as bytes, unless `files` says otherwise).

    Every file is compared with the SHA-256 recorded when it was added: one that optout no longer has is left out
    (`file` empty, `file_check` "missing"), one that differs is exported as it is now with `file_check` "changed".
    Either way the rest is exported, and the row keeps what was recorded about the file."""
    now = now or timezone.now()
    files = _FilesInMemory() if files is None else files
    profile = profile_for(user)
    accounts = list(owned(PlatformAccount, user).order_by("platform", "handle", "id"))
    account_ids = {account.id: index for index, account in enumerate(accounts, start=1)}
    actions = []
    objections = {objection.action_id: objection for objection in owned(Objection, user)}
    for action in owned(Action, user).order_by("number").prefetch_related("events", "evidence"):
        item = {name: getattr(action, name) for name in ACTION_FIELDS}
        item.update({name: _iso(getattr(action, name)) for name in ACTION_DATES})
        item["account"] = account_ids.get(action.account_id)
        item["objection"] = _objection_item(objections.get(action.id))
        item["events"] = [
            {"at": _iso(e.at), "kind": e.kind, "from_status": e.from_status, "to_status": e.to_status, "text": e.text,
             **({"said": e.said} if e.said else {})}
            for e in action.events.all()
        ]
        item["evidence"] = []
        for index, evidence in enumerate(action.evidence.all(), start=1):
            entry = {name: getattr(evidence, name) for name in EVIDENCE_FIELDS}
            entry["created_at"] = _iso(evidence.created_at)
            entry["file"] = ""
            entry["file_check"] = ""
            if _has_file(evidence):
                name = f"evidence/{action.number}-{index}{'.eml' if evidence.kind == 'email' else _suffix(evidence)}"
                entry["file_check"] = files.add(name, evidence)
                if entry["file_check"] != MISSING:
                    entry["file"] = name
            item["evidence"].append(entry)
        actions.append(item)
    document = {
        "format": transfer.FORMAT,
        "version": transfer.VERSION,
        "exported_at": _iso(now),
        "profile": {**{name: getattr(profile, name) for name in PROFILE_FIELDS}, "calendar_id": str(profile.calendar_id)},
        "accounts": [
            {"id": account_ids[a.id], "platform": a.platform, "handle": a.handle, "note": a.note} for a in accounts
        ],
        "actions": actions,
    }
    for part in EXPORT_PARTS.values():
        document[part.key] = part.export(user)
    return document, files


def _objection_item(objection: Objection | None) -> dict | None:
    if objection is None:
        return None
    return {**{name: getattr(objection, name) for name in OBJECTION_FIELDS},
            **{name: _iso(getattr(objection, name)) for name in OBJECTION_DATES}}


def _suffix(evidence: Evidence) -> str:
    return {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "image/gif": ".gif"}.get(
        evidence.content_type, ".bin"
    )


def _check_text(document: dict, now: dt.datetime) -> str:
    """CHECK_NAME's words: which files this export lacks, or holds changed, for whoever reads it (a regulator too)."""
    missing, changed = [], []
    for action in document["actions"]:
        for entry in action["evidence"]:
            if entry["file_check"] in (MISSING, CHANGED):
                line = _("Step #%(number)s (%(platform)s): %(kind)s “%(name)s”, added to optout %(added)s (UTC), "
                         "SHA-256 recorded then: %(sha256)s") % {
                    "number": action["number"], "platform": action["platform"],
                    "kind": Evidence.Kind(entry["kind"]).label, "name": entry["original_name"],
                    "added": _said(dt.datetime.fromisoformat(entry["created_at"])), "sha256": entry["sha256"] or "-"}
                (missing if entry["file_check"] == MISSING else changed).append(
                    f"- {line}" + (f" ({entry['file']})" if entry["file"] else ""))
    lines = [_("optout compared every proof file with the SHA-256 checksum recorded when it was added to optout, "
               "on %(date)s (UTC).") % {"date": _said(now)}]
    if not missing and not changed:
        lines.append(_("Every file is in this export, as it was added."))
    if missing:
        lines += ["", _("Missing: optout no longer has these files, so they are not in this export. plan.json keeps "
                        "what was recorded about each (its “file_check” is “missing”)."), *missing]
    if changed:
        lines += ["", _("Changed since they were added: these files are in this export as optout has them now, but "
                        "their SHA-256 is no longer the one recorded when they were added (“file_check”: "
                        "“changed”)."), *changed]
    return "\n".join(lines) + "\n"


def _said(moment: dt.datetime) -> str:
    """A moment in a sentence a person reads: to the second, in UTC, without the microseconds of the record."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _temporary_file() -> BinaryIO:
    """On the data disk, where proof is (a system /tmp may be memory); it has no name, so nothing is left behind."""
    folder = Path(settings.MEDIA_ROOT) / "staging"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return tempfile.TemporaryFile(dir=folder)


def export_plan(user, now: dt.datetime | None = None) -> Export:
    """A plan with proof files is a zip, written file by file to a temporary file (never whole in memory), with
    CHECK_NAME saying how its files compare with what was recorded; one without is plan.json."""
    now = now or timezone.now()
    stamp = now.strftime("%Y-%m-%d")
    if not owned(Evidence, user).exclude(kind=Evidence.Kind.NOTE, file="").exists():  # see _has_file
        document, _files = export_document(user, now)
        body = json.dumps(document, ensure_ascii=False, indent=2).encode()
        return Export(io.BytesIO(body), f"optout-plan-{stamp}.json", "application/json", len(body))
    out = _temporary_file()
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            document, _files = export_document(user, now, _FilesIntoZip(archive, now))
            archive.writestr("plan.json", json.dumps(document, ensure_ascii=False, indent=2).encode())
            archive.writestr(transfer.CHECK_NAME, _check_text(document, now).encode())
        size = out.tell()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return Export(out, f"optout-plan-{stamp}.zip", "application/zip", size)


def import_limits() -> transfer.Limits:
    """What an import accepts here: whatever an export under this optout's proof quota can hold."""
    return transfer.Limits(proof_quota())


def _check_files(document: transfer.PlanDocument, files: dict[str, Path]) -> None:
    """Each file is checked as an upload is, and what a row says of its file is taken from the file itself: type,
    size, and an e-mail's sender, date and subject. A recorded SHA-256 is kept even when the file no longer matches
    it, so the report and the next export say the file changed; a row without one gets the file's."""
    for a_index, action in enumerate(document.actions):
        for e_index, evidence in enumerate(action.evidence):
            where = f"actions[{a_index}].evidence[{e_index}]"
            if evidence.kind == "note":
                if evidence.file:
                    raise PlanImportError(f"{where}: a note cannot have a file.")
                continue
            if not evidence.file:
                if evidence.file_check == MISSING:  # lost before it was exported: the row is what is left of it
                    continue
                raise PlanImportError(f"{where}: a {evidence.kind} needs its file.")
            if evidence.file not in files:  # a plan.json taken out of its zip names files it does not hold
                raise PlanImportError(f"{where}.file: {evidence.file} is not in what you imported; a plan with proof "
                                      "files is imported from its whole .zip export, not from the plan.json inside it.")
            data = files[evidence.file].read_bytes()  # one file at a time, each at most MAX_MEMBER_BYTES
            try:
                if evidence.kind == "screenshot":
                    evidence.content_type = check_image(data, evidence.file).content_type
                else:
                    checked = check_email(data, evidence.file)
                    evidence.content_type = EMAIL_TYPE
                    evidence.email_from = checked.sender[:300]
                    evidence.email_date = checked.date[:100]
                    evidence.email_subject = checked.subject[:500]
            except EvidenceError as exc:
                raise PlanImportError(f"{where}: {exc}") from exc
            evidence.size = len(data)
            # A row that came without its hash keeps none: one computed now would read, in the proof report, as the
            # hash "when added", of a file that may have changed since.


def _check_profile(document: transfer.PlanDocument) -> None:
    """What transfer.py (no Django) cannot check: the country and the language against optout's own lists."""
    from django_countries import countries

    profile = document.profile
    if profile.country and profile.country not in dict(countries):
        raise PlanImportError(f"profile.country: unknown country {profile.country!r}")
    if profile.language and profile.language not in dict(settings.LANGUAGES):
        raise PlanImportError(f"profile.language: optout does not speak {profile.language!r}")
    if profile.subdivision and not profile.subdivision.startswith(f"{profile.country}-"):
        raise PlanImportError(f"profile.subdivision: {profile.subdivision!r} is not in the country "
                              f"{profile.country or '(none)'!r}")


def _step_key(action) -> tuple:
    return action.number, action.platform, action.mechanism, action.kind


def _objections_kept(user, document: transfer.PlanDocument) -> dict[tuple, dict]:
    """The account's objection reasons for the steps a replacing file says nothing of (a file made before exports
    carried them): same number, platform, mechanism and kind, the same step. They are written again afterwards."""
    silent = {_step_key(data) for data in document.actions if "objection" not in data.model_fields_set}
    if not silent:
        return {}
    kept = {}
    for objection in owned(Objection, user).select_related("action"):
        if _step_key(objection.action) in silent:
            kept[_step_key(objection.action)] = {name: getattr(objection, name)
                                                for name in (*OBJECTION_FIELDS, *OBJECTION_DATES)}
    return kept


def _create_objections(user, document: transfer.PlanDocument, ids: dict[int, int], kept: dict[tuple, dict]) -> None:
    known_contents, known_harms = dict(CONTENT_CHOICES), dict(HARM_CHOICES)
    rows = []
    for data in document.actions:
        if "objection" not in data.model_fields_set:
            values = kept.get(_step_key(data))
        elif data.objection is None:
            values = None
        else:
            values = data.objection.model_dump()
            values["contents"] = [code for code in values["contents"] if code in known_contents]
            values["harms"] = [code for code in values["harms"] if code in known_harms]
        if values is not None:
            rows.append(Objection(owner=user, action_id=ids[data.number], **values))
    Objection.objects.bulk_create(rows, batch_size=500)


def staging_folder() -> Path:
    """Where an import unpacks its files before they are committed; the orphan sweep clears leftovers."""
    return Path(settings.MEDIA_ROOT) / "staging" / uuid.uuid4().hex


def import_plan(user, source: bytes | BinaryIO, *, replace: bool = False, now: dt.datetime | None = None) -> int:
    """Import an export into `user`'s account. Everything is checked first; on any error nothing changes.

    Files are unpacked into a staging folder and copied to their place before the database is touched;
    the rows are then written in one short transaction of bulk inserts, so other people's writes wait
    milliseconds, not the length of the import. Whatever happens, the staging folder is removed, and
    files of a failed import are deleted (the orphan sweep catches what a killed process leaves).
    """
    now = now or timezone.now()
    stage = staging_folder()
    try:
        document, files = transfer.read_export(source, now, stage, import_limits())
        _check_files(document, files)
        _check_profile(document)
        numbers = {action.number for action in document.actions}
        # Another app's part that the file does not have (made before that part was exported) is left alone.
        carried = {key: part for key, part in EXPORT_PARTS.items() if key in document.model_fields_set}
        parts = {key: part.check(getattr(document, key), numbers, now) for key, part in carried.items()}
        existing = owned(Action, user).count()
        if existing and not replace:
            raise PlanImportError(ngettext(
                "Your account already has a plan with %(count)s step. Import into a new account, or choose to "
                "replace your current plan (export it first to keep a copy).",
                "Your account already has a plan with %(count)s steps. Import into a new account, or choose to "
                "replace your current plan (export it first to keep a copy).", existing) % {"count": existing})
        conflicts = [] if replace else [reason for part in carried.values() if (reason := part.conflict(user))]
        if conflicts:
            raise PlanImportError(" ".join(conflicts))
        stored = _store_files(user, files)
        try:
            rows = _prepare_rows(user, document, stored)
            with transaction.atomic():
                old_files = [e.file.name for e in owned(Evidence, user) if e.file] if replace else []
                kept = _objections_kept(user, document) if replace else {}
                if replace:
                    owned(Action, user).delete()  # with their history, proof and objection reasons
                action_ids = _create_rows(user, document, rows)
                _create_objections(user, document, action_ids, kept)
                for key, part in carried.items():
                    part.store(user, parts[key], action_ids, replace)
        except Exception:
            for name in stored.values():
                _storage().delete(name)
            raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    if replace:
        transaction.on_commit(lambda: [_storage().delete(name) for name in old_files])
    return len(document.actions)


def _storage():
    return Evidence._meta.get_field("file").storage


def _store_files(user, files: dict[str, Path]) -> dict[str, str]:
    """Copy staged files to their final names; returns export name → stored name."""
    stored: dict[str, str] = {}
    try:
        for name, path in files.items():
            suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
            with path.open("rb") as handle:
                stored[name] = _storage().save(evidence_path(Evidence(owner=user), f"import{suffix}"), File(handle))
    except BaseException:
        for saved in stored.values():
            _storage().delete(saved)
        raise
    return stored


@dataclass
class _Rows:
    actions: PreparedInsert
    accounts: list  # the export's account id of each action
    events: PreparedInsert
    event_actions: list  # the action number of each event
    evidence: PreparedInsert
    evidence_actions: list


def _prepare_rows(user, document: transfer.PlanDocument, stored: dict[str, str]) -> _Rows:
    """Every row in its database form, before the transaction opens (so the write lock is held briefly)."""
    actions = [Action(owner=user, **{name: getattr(data, name) for name in ACTION_FIELDS},
                      **{name: getattr(data, name) for name in ACTION_DATES}) for data in document.actions]
    events = [(data.number, Event(owner=user, at=e.at, kind=e.kind, from_status=e.from_status, to_status=e.to_status,
                                  text=e.text, said=e.said if history.said_again(e.said) else None))
              for data in document.actions for e in data.events]
    evidence = [(data.number, Evidence(owner=user, created_at=item.created_at, file=stored.get(item.file, ""),
                                       **{name: getattr(item, name) for name in EVIDENCE_FIELDS}))
                for data in document.actions for item in data.evidence]
    return _Rows(PreparedInsert(Action, actions), [data.account for data in document.actions],
                 PreparedInsert(Event, [e for _n, e in events]), [n for n, _e in events],
                 PreparedInsert(Evidence, [e for _n, e in evidence]), [n for n, _e in evidence])


def _create_rows(user, document: transfer.PlanDocument, rows: _Rows) -> dict[int, int]:
    profile = profile_for(user)
    given = document.profile.model_dump(exclude_unset=True)  # what an older file lacks stays
    calendar_id = given.pop("calendar_id", "")
    for name, value in given.items():
        setattr(profile, name, value)
    # The calendar's events keep their ids across a move; not when another account here has them (a plan copied to a
    # second account), whose events would then be taken for this one's in a calendar that shows both.
    if calendar_id and not Profile.objects.filter(calendar_id=calendar_id).exclude(pk=profile.pk).exists():
        profile.calendar_id = uuid.UUID(calendar_id)
    profile.save()
    accounts = {}
    for account in document.accounts:
        row, _ = PlatformAccount.objects.get_or_create(
            owner=user, platform=account.platform, handle=account.handle, defaults={"note": account.note}
        )
        accounts[account.id] = row.pk
    rows.actions.set_column("account_id", [accounts.get(ref) for ref in rows.accounts])
    rows.actions.execute()
    ids = dict(owned(Action, user).values_list("number", "id"))
    rows.events.set_column("action_id", [ids[number] for number in rows.event_actions])
    rows.events.execute()
    rows.evidence.set_column("action_id", [ids[number] for number in rows.evidence_actions])
    rows.evidence.execute()
    return ids
