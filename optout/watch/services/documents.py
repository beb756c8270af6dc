"""The watched rows follow the data files: one row per declared document, with its selectors."""

from __future__ import annotations

import logging

from ..declarations import declarations
from ..extract import UnreadablePage
from ..models import WatchedDocument
from ..pipeline import extraction_key

logger = logging.getLogger("optout.watch")


def current_key(document: WatchedDocument) -> str:
    """How this document's text is read now (extractor and selectors)."""
    return extraction_key(document.select, document.remove)


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
            elif any(getattr(row, field) != value for field, value in wanted.items()):
                reading_changed = (row.select, row.remove) != (wanted["select"], wanted["remove"])
                for field, value in wanted.items():
                    setattr(row, field, value)
                row.save(update_fields=list(wanted))
                if reading_changed:
                    changed.append(row)
            seen.add(row.id)
    WatchedDocument.objects.exclude(id__in=seen).filter(active=True).update(active=False)
    for row in changed:
        try:
            reextract(row)
        except UnreadablePage:  # left to the next check, which reads a fresh page and says why it cannot
            logger.warning("watch: the stored page of %s cannot be read again", row)
    return len(seen)
