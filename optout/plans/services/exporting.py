"""Export a plan (with history, evidence, the reasons written for objections, the profile's settings, and what other
apps add: letters, image-marking presets) and import it again, all or nothing.

Not in the file, on purpose: notification channels (their addresses often hold access tokens or passwords) and the
calendar address (a secret link; make a new one after an import). Nor is the login: e-mail address, password,
two-factor settings. A replacing import never deletes what the file does not carry: parts and fields a file predates
are left as the account has them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from optout.accounts.models import PlatformAccount
from optout.accounts.services import profile_for
from optout.lib.bulkinsert import PreparedInsert
from optout.lib.ownership import owned

from .. import transfer
from ..evidence import EvidenceError, check_email, check_image
from ..models import Action, Event, Evidence, Objection, evidence_path
from ..reasons import CONTENT_CHOICES, HARM_CHOICES
from ..registries import EXPORT_PARTS
from ..transfer import PlanImportError

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
                  "policy_news")


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def export_document(user, now: dt.datetime | None = None) -> tuple[dict, dict[str, bytes]]:
    now = now or timezone.now()
    profile = profile_for(user)
    accounts = list(owned(PlatformAccount, user).order_by("platform", "handle", "id"))
    account_ids = {account.id: index for index, account in enumerate(accounts, start=1)}
    files: dict[str, bytes] = {}
    actions = []
    objections = {objection.action_id: objection for objection in owned(Objection, user)}
    for action in owned(Action, user).order_by("number").prefetch_related("events", "evidence"):
        item = {name: getattr(action, name) for name in ACTION_FIELDS}
        item.update({name: _iso(getattr(action, name)) for name in ACTION_DATES})
        item["account"] = account_ids.get(action.account_id)
        item["objection"] = _objection_item(objections.get(action.id))
        item["events"] = [
            {"at": _iso(e.at), "kind": e.kind, "from_status": e.from_status, "to_status": e.to_status, "text": e.text}
            for e in action.events.all()
        ]
        item["evidence"] = []
        for index, evidence in enumerate(action.evidence.all(), start=1):
            entry = {name: getattr(evidence, name) for name in EVIDENCE_FIELDS}
            entry["created_at"] = _iso(evidence.created_at)
            entry["file"] = ""
            if evidence.file:
                name = f"evidence/{action.number}-{index}{'.eml' if evidence.kind == 'email' else _suffix(evidence)}"
                with evidence.file.open("rb") as handle:
                    files[name] = handle.read()
                entry["file"] = name
            item["evidence"].append(entry)
        actions.append(item)
    document = {
        "format": transfer.FORMAT,
        "version": transfer.VERSION,
        "exported_at": _iso(now),
        "profile": {name: getattr(profile, name) for name in PROFILE_FIELDS},
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


def export_plan(user, now: dt.datetime | None = None) -> Export:
    now = now or timezone.now()
    document, files = export_document(user, now)
    body = json.dumps(document, ensure_ascii=False, indent=2).encode()
    stamp = now.strftime("%Y-%m-%d")
    if files:
        return Export(transfer.write_zip(body, files), f"optout-plan-{stamp}.zip", "application/zip")
    return Export(body, f"optout-plan-{stamp}.json", "application/json")


def _check_files(document: transfer.PlanDocument, files: dict[str, Path]) -> None:
    for a_index, action in enumerate(document.actions):
        for e_index, evidence in enumerate(action.evidence):
            where = f"actions[{a_index}].evidence[{e_index}]"
            if evidence.kind != "note" and not evidence.file:
                raise PlanImportError(f"{where}: a {evidence.kind} needs its file.")
            if not evidence.file:
                continue
            if evidence.file not in files:  # a plan.json taken out of its zip names files it does not hold
                raise PlanImportError(f"{where}.file: {evidence.file} is not in what you imported; a plan with proof "
                                      "files is imported from its whole .zip export, not from the plan.json inside it.")
            data = files[evidence.file].read_bytes()  # one file at a time, each at most MAX_MEMBER_BYTES
            if evidence.sha256 and hashlib.sha256(data).hexdigest() != evidence.sha256:
                raise PlanImportError(f"{where}: {evidence.file} does not match its recorded checksum.")
            try:
                if evidence.kind == "screenshot":
                    check_image(data, evidence.file)
                elif evidence.kind == "email":
                    check_email(data, evidence.file)
                else:
                    raise PlanImportError(f"{where}: a note cannot have a file.")
            except EvidenceError as exc:
                raise PlanImportError(f"{where}: {exc}") from exc


def _check_profile(document: transfer.PlanDocument) -> None:
    """What transfer.py (no Django) cannot check: the country and the language against optout's own lists."""
    from django_countries import countries

    profile = document.profile
    if profile.country and profile.country not in dict(countries):
        raise PlanImportError(f"profile.country: unknown country {profile.country!r}")
    if profile.language and profile.language not in dict(settings.LANGUAGES):
        raise PlanImportError(f"profile.language: optout does not speak {profile.language!r}")


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
        document, files = transfer.read_export(source, now, stage)
        _check_files(document, files)
        _check_profile(document)
        numbers = {action.number for action in document.actions}
        # Another app's part that the file does not have (made before that part was exported) is left alone.
        carried = {key: part for key, part in EXPORT_PARTS.items() if key in document.model_fields_set}
        parts = {key: part.check(getattr(document, key), numbers, now) for key, part in carried.items()}
        existing = owned(Action, user).count()
        if existing and not replace:
            raise PlanImportError(
                f"Your account already has a plan with {existing} steps. Import into a new account, "
                "or choose to replace your current plan (export it first to keep a copy)."
            )
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
                                  text=e.text))
              for data in document.actions for e in data.events]
    evidence = [(data.number, Evidence(owner=user, created_at=item.created_at, file=stored.get(item.file, ""),
                                       **{name: getattr(item, name) for name in EVIDENCE_FIELDS}))
                for data in document.actions for item in data.evidence]
    return _Rows(PreparedInsert(Action, actions), [data.account for data in document.actions],
                 PreparedInsert(Event, [e for _n, e in events]), [n for n, _e in events],
                 PreparedInsert(Evidence, [e for _n, e in evidence]), [n for n, _e in evidence])


def _create_rows(user, document: transfer.PlanDocument, rows: _Rows) -> dict[int, int]:
    profile = profile_for(user)
    for name, value in document.profile.model_dump(exclude_unset=True).items():  # what an older file lacks stays
        setattr(profile, name, value)
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
