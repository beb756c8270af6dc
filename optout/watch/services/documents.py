"""The watched rows follow the data files: one row per declared document, with its selectors."""

from __future__ import annotations

import logging

from django.db.models import Prefetch

from optout.catalog.loader import catalog
from optout.catalog.query import did_you_mean

from ..declarations import declarations
from ..extract import UnreadablePage
from ..models import Version, WatchedDocument
from ..pipeline import extraction_key

logger = logging.getLogger("optout.watch")


def current_key(document: WatchedDocument, whole: bool = False) -> str:
    """How this document's text is read now (extractor and selectors; `whole`: its page had not the parts the
    selectors name, and was read whole)."""
    return extraction_key(document.select, document.remove, whole)


PENDING_FIELDS = ["pending_hash", "pending_since", "pending_reason", "pending_url"]  # a drastic change waiting (`runs.process`)
FAILING_FIELDS = ["failing_since"]  # a run of failed checks (`runs.process`, `alerts.tell_failing`)
MOVED_FIELDS = ["etag", "last_modified", "raw_hash", "snapshot", "extraction", "read_at", "last_error", *PENDING_FIELDS,
                *FAILING_FIELDS]


def clear_pending(document: WatchedDocument) -> None:
    """No drastic change waits for a second check any more."""
    document.pending_hash, document.pending_since, document.pending_reason, document.pending_url = "", None, "", ""


def read_again(document: WatchedDocument) -> None:
    """A check read the page: no error, and a run of failures (if any) is over."""
    document.last_error, document.failing_since = "", None


def _moved(row: WatchedDocument) -> None:
    """The data files now give the document another address. The old address's validators and page say
    nothing about the new one, and the new page may differ only because it is another page of the same
    policy (another layout, a region's wording): with no page of the new address to compare, its first
    check is a technical version, as after imported history (`snapshots.catch_up`), never a sure alert."""
    row.etag = row.last_modified = row.raw_hash = row.extraction = row.read_at = ""
    row.snapshot = None
    clear_pending(row)
    row.last_error = ""  # the old address's failures say nothing about the new one
    row.failing_since = None


def _follow(row: WatchedDocument, wanted: dict) -> bool:
    """Save what the data files now say of a document; returns whether its reading changed at the same address
    (its stored page is then read again)."""
    reading_changed = (row.select, row.remove) != (wanted["select"], wanted["remove"])
    moved = row.url != wanted["url"]
    back = not row.active  # watched again: failures from before the pause are no news now
    for field, value in wanted.items():
        setattr(row, field, value)
    if moved:
        _moved(row)
    if back:
        row.failing_since = None
    row.save(update_fields=list(wanted) + (MOVED_FIELDS if moved else []) + (FAILING_FIELDS if back else []))
    return reading_changed and not moved


def sync_documents() -> int:
    """Make the watched rows match the data files; documents dropped from the files stop being checked.

    When a document's selectors changed, its last fetched page is read again at once (a technical
    version, never an alert), so the fix shows up before the page itself changes.
    """
    from .snapshots import reextract

    seen, changed = set(), []
    existing = {(row.platform, row.doc_id): row for row in WatchedDocument.objects.all()}
    for platform, declaration in declarations().items():
        for doc in declaration.documents:
            wanted = {"title": doc.title, "type": doc.type, "url": doc.url, "active": True,
                      "select": list(doc.select), "remove": list(doc.remove)}
            row = existing.get((platform, doc.id))
            if row is None:
                row = WatchedDocument.objects.create(platform=platform, doc_id=doc.id, **wanted)
            elif any(getattr(row, field) != value for field, value in wanted.items()) and _follow(row, wanted):
                changed.append(row)
            seen.add(row.id)
    WatchedDocument.objects.exclude(id__in=seen).filter(active=True).update(active=False)
    for row in changed:
        try:
            reextract(row)
        except UnreadablePage:  # left to the next check, which reads a fresh page and says why it cannot
            logger.warning("watch: the stored page of %s cannot be read again", row)
    return len(seen)


class NotWatched(LookupError):
    """A platform named on the command line of which optout watches no document."""


def watched_platform(platform: str, *, including_past: bool = False) -> str:
    """The platform's slug as optout stores it: "LinkedIn" finds "linkedin". `including_past`: a platform whose pages
    are no longer checked still has its history, and one declared since the last check has none yet. Raises NotWatched,
    saying where the platforms are listed: the catalog's, for a name it does not know at all (a typo), else the
    watched ones."""
    documents = WatchedDocument.objects.all() if including_past else WatchedDocument.objects.filter(active=True)
    names = dict.fromkeys((platform, platform.lower()))
    for slug in names:
        if (including_past and slug in declarations()) or documents.filter(platform=slug).exists():
            return slug
    if not any(slug in catalog() for slug in names):
        raise NotWatched(f"optout knows no platform {platform!r}.{did_you_mean(platform, catalog())} 'optout catalog "
                         "list' names the platforms.")
    raise NotWatched(f"optout watches no documents of {platform!r}; 'optout watch status' lists those it watches.")


def platform_documents(slug: str) -> list[WatchedDocument]:
    """A platform's pages as its history page lists them: its rows with their versions (those watched first), then
    the pages its data file declares that have no row yet, unsaved (the first check's sync makes the rows): before
    its first check a platform's page lists the pages it will check, not nothing."""
    rows = list(WatchedDocument.objects.filter(platform=slug).order_by("-active", "doc_id").prefetch_related(
        Prefetch("versions", queryset=Version.objects.defer("text"))))
    declared = declarations().get(slug)
    known = {row.doc_id for row in rows}
    return rows + [WatchedDocument(platform=slug, doc_id=doc.id, title=doc.title, type=doc.type, url=doc.url)
                   for doc in (declared.documents if declared else []) if doc.id not in known]


def watched(slug: str) -> bool:
    """Whether optout watches any page of this platform: its data files declare some, or rows still check
    some (until the next sync)."""
    return slug in declarations() or WatchedDocument.objects.filter(platform=slug, active=True).exists()
