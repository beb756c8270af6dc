"""Raw pages, compressed and stored once per content; reading them again when optout's reading changes."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from ..models import Snapshot, Version, WatchedDocument
from ..pipeline import compress, text_stage
from .documents import current_key
from .versions import record_text


def store_snapshot(sha256: str, body: str, content_type: str = "", compressed: bytes = b"") -> Snapshot:
    """The snapshot of a page with this hash, stored if new (identical pages share one row). Two statements and no
    savepoint: an insert the database skips when the hash is stored already (by an earlier check, or by another run
    a moment ago; it locks no row, so a prune is refused by the versions' foreign key, see `_record_again`, rather
    than kept waiting), then the row read back. Only its id and hash are read."""
    page = Snapshot(sha256=sha256, data=compressed or compress(body), size=len(body.encode("utf-8")),
                    content_type=content_type[:100])
    for _attempt in range(2):  # a prune may delete a row found stored between the two statements: stored again
        Snapshot.objects.bulk_create([page], ignore_conflicts=True)
        if (found := Snapshot.objects.filter(sha256=sha256).only("id", "sha256").first()) is not None:
            return found
    raise OperationalError(f"the stored page {sha256} was deleted twice while it was being stored")


def forget_snapshot(snapshot_id: int) -> None:
    """Delete a page no version was read from and no document points to any more (a noisy re-render
    that gave the same text): only the pages behind versions, and each document's latest, are kept."""
    _delete_unused([snapshot_id])


def _unused(before: dt.datetime | None, candidates=None):
    """Pages (stored before `before`, if given) that no version was read from and no document points to."""
    pages = Snapshot.objects.filter(versions__isnull=True).exclude(
        pk__in=WatchedDocument.objects.filter(snapshot__isnull=False).values("snapshot_id"))
    if before is not None:
        pages = pages.filter(created_at__lt=before)
    return pages if candidates is None else pages.filter(pk__in=candidates)


def _delete_unused(candidates: list[int], before: dt.datetime | None = None) -> int:
    """Delete those of `candidates` that nothing refers to, checked again inside the transaction; returns how
    many went. A check running meanwhile may have used one again after that check: the versions' and
    documents' links to pages are PROTECT, so the delete then fails (ProtectedError, or the database's
    foreign key) and keeps them all, rather than unlinking the page from its version; the next tick retries."""
    try:
        with transaction.atomic():
            batch = list(_unused(before, candidates).values_list("pk", flat=True))
            return Snapshot.objects.filter(pk__in=batch).delete()[1].get("watch.Snapshot", 0)
    except (IntegrityError, OperationalError, ProtectedError):
        return 0


def prune_snapshots(before: dt.datetime) -> int:
    """Delete raw pages stored before `before` that nothing refers to any more: no version was read from
    them and no document's latest page is one of them (the pages of a deleted document, pages left by an
    interrupted check, noisy re-renders from before they were dropped at once). Every page a version was
    read from stays, like the version itself, and so does each document's latest. Returns how many went."""
    doomed = sorted(_unused(before).values_list("pk", flat=True))
    return sum(_delete_unused(doomed[start:start + 500], before) for start in range(0, len(doomed), 500))


def _read_again(document: WatchedDocument, snapshot: Snapshot, whole: bool = False) -> tuple[str, str, bool]:
    full = Snapshot.objects.get(pk=snapshot.pk)
    return text_stage(full.body, full.content_type, select=document.select, remove=document.remove, url=document.url,
                      whole=whole)


def _unlike(document: WatchedDocument, latest: Version, key: str) -> bool:
    from .versions import IMPORTED

    return document.extraction != key and (document.snapshot_id is None or latest.extraction == IMPORTED)


def nothing_alike(document: WatchedDocument, whole: bool = False) -> bool:
    """Whether a newly fetched page has nothing to be compared with like for like: no version yet, or, as `catch_up`
    finds, a latest version read otherwise with no page of its own to read again (a page at a new address, the
    first own fetch after imported history). Such a page is recorded as it comes (a first or a technical version),
    never held for a second look."""
    latest = document.latest
    return latest is None or _unlike(document, latest, current_key(document, whole))


def catch_up(document: WatchedDocument, now: dt.datetime, whole: bool = False) -> tuple[Version | None, bool, bool]:
    """Before recording a newly fetched page, read as `whole` says (see `extract.read_page`): if optout's
    reading of this document changed since its latest version, read the previous page again the same way
    first and record that as a technical version.

    Returns (the version to compare the new page with, whether the new page must itself be technical
    because there is no previous page to read again, so optout cannot tell its change from the platform's,
    and whether the new page must be read whole: it has its declared parts but the previous page had not,
    and a text read from the parts is compared only with another). The latest text read by someone else
    (imported history) has no page behind it either: the stored page is older than that text, and reading
    it again would compare the new page with a past one.
    """

    key = current_key(document, whole)
    latest = document.latest
    if latest is None or document.extraction == key:
        return latest, False, whole
    if _unlike(document, latest, key):
        return latest, True, whole
    text, digest, read_whole = _read_again(document, document.snapshot, whole)
    if read_whole and not whole:
        return catch_up(document, now, whole=True)
    version = record_text(document, text, digest, now, "reextract", technical=True, extraction=key,
                          snapshot=document.snapshot)
    document.extraction = key
    return version or latest, False, whole


def reextract(document: WatchedDocument, *, force: bool = False, now: dt.datetime | None = None) -> str:
    """Read the document's last fetched page again with its current declaration.

    Returns what happened: technical-version, same-text, up-to-date, no-snapshot, or imported when the
    latest text came from imported history: the stored page is older than that text, and reading it again
    would undo the imported changes (and replay them at the next check as the platform's). The next check
    compares its page with the imported text instead (see `catch_up`).
    """
    from .versions import IMPORTED

    if document.snapshot_id is None:
        return "no-snapshot"
    latest = document.latest
    if latest is not None and latest.extraction == IMPORTED:
        return "imported"
    if document.extraction in (current_key(document), current_key(document, whole=True)) and not force:
        return "up-to-date"
    text, digest, whole = _read_again(document, document.snapshot)
    key = current_key(document, whole)
    with transaction.atomic():
        version = record_text(document, text, digest, now or timezone.now(), "reextract", technical=True,
                              extraction=key, snapshot=document.snapshot)
        document.extraction = key
        document.save(update_fields=["extraction"])
    return "technical-version" if version else "same-text"


def reextract_all(platform: str | None = None, *, force: bool = False, progress=None) -> dict[str, int]:
    """Re-extract every active document (of one platform) whose reading changed, or all with `force`."""
    documents = WatchedDocument.objects.filter(active=True)
    if platform:
        documents = documents.filter(platform=platform)
    counts: dict[str, int] = {}
    for document in documents:
        outcome = reextract(document, force=force)
        counts[outcome] = counts.get(outcome, 0) + 1
        if progress:
            progress(document)
    return counts
