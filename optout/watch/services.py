"""Checking watched documents, recording versions, and telling the people affected."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.db import transaction
from django.utils import timezone

from optout.catalog.loader import platform_name
from optout.catalog.services import record_policy_change
from optout.lib.http import Fetcher
from optout.lib.outbound import make_fetcher

from .declarations import declarations
from .models import FetchLog, Version, WatchedDocument
from .normalise import normalise, text_hash
from .pipeline import compare_stage, fetch_stage, text_stage

CHECK_EVERY = dt.timedelta(days=1)
JITTER = dt.timedelta(hours=3)


def sync_documents() -> int:
    """Make the watched rows match the data files; documents dropped from the files stop being checked."""
    seen = set()
    for platform, declaration in declarations().items():
        for doc in declaration.documents:
            row, _ = WatchedDocument.objects.update_or_create(
                platform=platform, doc_id=doc.id,
                defaults={"title": doc.title, "type": doc.type, "url": doc.url, "active": True},
            )
            seen.add(row.id)
    WatchedDocument.objects.exclude(id__in=seen).update(active=False)
    return len(seen)


def _spec(document: WatchedDocument):
    declaration = declarations().get(document.platform)
    return next((d for d in declaration.documents if d.id == document.doc_id), None) if declaration else None


def record_text(document: WatchedDocument, text: str, digest: str, now: dt.datetime, source: str = "fetch") -> Version | None:
    """Store a new version when the text really changed, classified against the previous one."""
    latest = document.latest
    if latest is not None and latest.text_hash == digest:
        return None
    return _store_version(document, text, digest, now, source, latest)


def _store_version(document, text: str, digest: str, when: dt.datetime, source: str, previous: Version | None) -> Version:
    result = compare_stage(previous.text if previous else None, text)
    version = Version.objects.create(
        document=document, created_at=when, text=text, text_hash=digest, source=source, changed_from=previous,
        ai_relevant=bool(result and result.ai_relevant), score=result.score if result else 0.0,
        reasons=[r.as_dict() for r in result.reasons] if result else [],
    )
    if version.ai_relevant:  # the catalog marks steps verified before this change as possibly outdated
        record_policy_change(document.platform, document.doc_id, document.title, when, version.get_absolute_url())
    return version


def _log(document, now, outcome, fetched, seconds=None):
    FetchLog.objects.create(document=document, at=now, outcome=outcome, status=fetched.status,
                            error_kind=fetched.error_kind, message=fetched.message, seconds=seconds or fetched.seconds)


def process(document: WatchedDocument, fetched, now: dt.datetime, alert: bool = True) -> str:
    """Everything after the fetch: extract, compare, record, alert. Returns the outcome."""
    document.last_checked_at = now
    document.next_check_at = now + CHECK_EVERY + dt.timedelta(seconds=random.uniform(0, JITTER.total_seconds()))  # noqa: S311
    if fetched.outcome == "error":
        document.last_error = fetched.message
        document.save()
        _log(document, now, "error", fetched)
        return "error"
    document.last_error = ""
    document.etag, document.last_modified = fetched.etag[:300], fetched.last_modified[:100]
    outcome = fetched.outcome
    if outcome == "body":
        spec = _spec(document)
        text, digest = text_stage(fetched.body, fetched.content_type, select=spec.select if spec else (),
                                  remove=spec.remove if spec else (), url=document.url)
        with transaction.atomic():
            version = record_text(document, text, digest, now)
            document.raw_hash = fetched.raw_hash
            document.save()
        outcome = "new-version" if version else "same-text"
        if version and version.ai_relevant and alert:
            transaction.on_commit(lambda: alert_people(version))
    else:
        document.save()
    _log(document, now, outcome, fetched)
    return outcome


def documents_to_check(platform: str | None = None, *, due_only: bool = False, now: dt.datetime | None = None):
    """The documents a run checks; the CLI sizes its progress bar with the same selection."""
    documents = WatchedDocument.objects.filter(active=True)
    if platform:
        documents = documents.filter(platform=platform)
    if due_only:
        documents = documents.filter(next_check_at__lte=now or timezone.now())
    return documents


def run(platform: str | None = None, *, due_only: bool = False, fetcher: Fetcher | None = None, workers: int = 8,
        progress=None, now: dt.datetime | None = None, sync: bool = True) -> dict[str, int]:
    """Check documents: fetches run in parallel (one at a time per host), results are recorded in order."""
    if sync:
        sync_documents()
    now = now or timezone.now()
    documents = list(documents_to_check(platform, due_only=due_only, now=now))
    own_fetcher = fetcher is None
    fetcher = fetcher or make_fetcher()
    host_locks: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(1))

    def fetch(document):
        from urllib.parse import urlsplit

        with host_locks[urlsplit(document.url).netloc]:
            return fetch_stage(fetcher, document.url, etag=document.etag, last_modified=document.last_modified,
                               raw_hash=document.raw_hash)

    counts: dict[str, int] = defaultdict(int)
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for document, fetched in zip(documents, pool.map(fetch, documents), strict=True):
                counts[process(document, fetched, now)] += 1
                if progress:
                    progress(document)
    finally:
        if own_fetcher:
            fetcher.close()
    return dict(counts)


def alert_people(version: Version) -> int:
    """Tell everyone who uses the platform; mark their finished steps there for a re-check."""
    from django.urls import reverse

    from optout.accounts.models import PlatformAccount
    from optout.notify.services import notify
    from optout.plans.services import recheck_platform

    platform = version.document.platform
    url = reverse("watch:version", args=[version.id])
    owners = {account.owner for account in PlatformAccount.objects.filter(platform=platform).select_related("owner")}
    name = platform_name(platform)
    for owner in owners:
        recheck_platform(owner, platform, f"{name} changed its {version.document.title.split(': ')[-1]} about AI.", url)
        notify(owner, f"{name} changed what its {version.document.title.split(': ')[-1]} says about AI. "
               "Check your opt-out still holds.", url, kind="policy-change")
    return len(owners)


class HistoryImportError(ValueError):
    """A history that cannot be imported; the message says why."""


def _git(path, *args) -> str:
    import subprocess

    result = subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise HistoryImportError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout


def _ota_path(document: WatchedDocument) -> str:
    """Open Terms Archive keeps `<Service>/<Terms type>.md`; our titles are `<Service>: <Terms type>`."""
    service, _, term = document.title.partition(": ")
    return f"{service}/{term}.md"


def _import_versions(document: WatchedDocument, versions) -> int:
    """Store dated texts oldest first, each classified against the one before; no alerts for the past."""
    existing = set(document.versions.values_list("created_at", "text_hash"))
    added = 0
    last_version = None
    for when, raw in sorted(versions, key=lambda item: item[0]):
        text = normalise(raw)
        digest = text_hash(text)
        if (when, digest) in existing or (last_version is not None and last_version.text_hash == digest):
            continue
        last_version = _store_version(document, text, digest, when, "import", last_version)
        added += 1
    return added


def _import_git(root, platform: str | None, progress) -> dict[str, int]:
    counts: dict[str, int] = {}
    documents = WatchedDocument.objects.filter(active=True)
    if platform:
        documents = documents.filter(platform=platform)
    files = set(_git(root, "ls-tree", "-r", "--name-only", "HEAD").splitlines())
    for item in documents:
        target = _ota_path(item)
        if target not in files:
            continue
        versions = []
        for line in _git(root, "log", "--format=%H %cI", "--", target).splitlines():
            sha, when = line.split(" ", 1)
            versions.append((dt.datetime.fromisoformat(when), _git(root, "show", f"{sha}:{target}")))
        with transaction.atomic():
            counts[str(item)] = _import_versions(item, versions)
        if progress:
            progress(item)
    return counts


def _import_folder(root, platform: str | None, document: str | None) -> dict[str, int]:
    if not (platform and document):
        raise HistoryImportError("For a folder of files, name the document with --platform and --document.")
    item = WatchedDocument.objects.filter(platform=platform, doc_id=document).first()
    if item is None:
        raise HistoryImportError(f"optout does not watch {platform}/{document} (see optout/data/documents/{platform}.yaml).")
    versions = []
    for file in sorted(root.glob("*.md")):
        try:
            day = dt.date.fromisoformat(file.name[:10])
        except ValueError as exc:
            raise HistoryImportError(f"{file.name}: file names must start with the version's date (YYYY-MM-DD).") from exc
        versions.append((timezone.make_aware(dt.datetime.combine(day, dt.time())), file.read_text(encoding="utf-8")))
    if not versions:
        raise HistoryImportError(f"{root} holds no .md files.")
    with transaction.atomic():
        return {str(item): _import_versions(item, versions)}


def import_history(path, *, platform: str | None = None, document: str | None = None, progress=None) -> dict[str, int]:
    """Import a git repository of Markdown versions (Open Terms Archive's layout) or a folder of dated files."""
    from pathlib import Path

    root = Path(path)
    if not root.exists():
        raise HistoryImportError(f"{root} does not exist.")
    sync_documents()
    if (root / ".git").exists() or ((root / "HEAD").exists() and (root / "objects").exists()):
        return _import_git(root, platform, progress)
    return _import_folder(root, platform, document)
