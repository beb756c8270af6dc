"""The catalog's data checks for `optout data validate` (see optout/lib/datacheck.py)."""

from __future__ import annotations

from optout.lib.datacheck import register
from optout.lib.yamlfiles import DataFileError

from . import loader


@register("platforms")
def platforms() -> list[DataFileError]:
    """Every platform file against the schema, unique slugs, and `related` naming platforms that exist."""
    return loader.validated().errors


@register("platform-watched-documents")
def watched_documents() -> list[DataFileError]:
    """Each id in a platform's `watched_documents` names a document declared in `data/documents/<slug>.yaml`.

    Read as plain YAML: the catalog sits left of the watcher and may not import it.
    """
    from optout.lib.datacheck import error_at
    from optout.lib.yamlfiles import DataFileInvalid, load

    documents_dir = loader.DATA_DIR / "documents"
    errors = []
    for slug, platform in loader.validated().platforms.items():
        if not platform.watched_documents:
            continue
        path = documents_dir / f"{slug}.yaml"
        try:
            data, _lines = load(path) if path.exists() else ({}, {})
        except DataFileInvalid:
            continue  # the documents check reports the broken file itself
        declared = {d.get("id") for d in (data or {}).get("documents", []) if isinstance(d, dict)}
        for index, doc_id in enumerate(platform.watched_documents):
            if doc_id not in declared:
                errors.append(error_at(loader.PLATFORMS_DIR / f"{slug}.yaml", ("watched_documents", index),
                                       f"no watched document {doc_id!r} in documents/{slug}.yaml"))
    return errors
