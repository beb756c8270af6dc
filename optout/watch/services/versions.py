"""Storing a version, classified against the one before it: one function for fetches, re-extraction and import."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from optout.catalog.services import record_policy_change

from ..confirm import ERROR, cut_down, drastic, new_error_line
from ..models import Snapshot, Version, WatchedDocument
from ..pipeline import judge_stage

LOOK_BACK = 5  # versions: cut-down pages in a row that `_before_cut_down` looks past


def _before_cut_down(previous: Version | None) -> Version | None:
    """The last version before `previous` that was not itself a cut-down, error or other page (`confirm.cut_down`)
    when `previous` was one; None when it was not, or none is known before it."""
    earlier = previous
    for _step in range(LOOK_BACK):
        if earlier is None or not cut_down(earlier.drastic, earlier.error_line, earlier.text):
            break
        earlier = earlier.changed_from
    return earlier if earlier is not previous else None


def _returns_to(document: WatchedDocument, digest: str, previous: Version | None, judged: dict,
                before: Version | None = None) -> Version | None:
    """The latest version before `previous` whose text this one has again (the page flipped back), unless it is the
    page back after a cut-down one, which its judgement tells already (`compared_with`)."""
    if previous is None or judged.get("compared_with") is not None or previous.text_hash == digest:
        return None
    earlier = document.versions.filter(text_hash=digest, created_at__lt=previous.created_at)
    if before is not None:
        earlier = earlier.exclude(pk=before.pk)
    return earlier.order_by("-created_at", "-id").first()


# A change that a page makes again within this time of making it before (the same text before, the same after) is
# the page switching between texts it has shown: a test of two variants, or regions served their own. In the Open
# Terms Archive histories read for this (nine collections to 2026-08-22), 21,760 of 69,142 changes repeat one the
# same document made before, 98 % of them within 30 days of the last time (half within a day). In the four that hold
# AI services' and large platforms' documents, 925 of 2,083 repeats are AI changes by optout's judgement, each an
# alert again without this (Spotify's privacy policy 28 times); with it, 43 alert that the page keeps switching and
# 880 alert nobody.
REPEATS_WITHIN = dt.timedelta(days=30)


def _repeats(document: WatchedDocument, digest: str, previous: Version | None, when: dt.datetime) -> Version | None:
    """The latest fetched AI change of the last `REPEATS_WITHIN` that went from `previous`'s text to this one too (so
    the people who use the platform were told of it, or told that the page keeps switching); None when there is none."""
    if previous is None or previous.text_hash == digest:
        return None
    return (document.versions.filter(text_hash=digest, changed_from__text_hash=previous.text_hash, source="fetch",
                                     ai_relevant=True, technical=False, created_at__gte=when - REPEATS_WITHIN,
                                     created_at__lt=when)
            .order_by("-created_at", "-id").only("id", "created_at", "source").first())  # named by its day only


def between_texts(digest: str, other: str) -> Q:
    """Versions that changed the page from one of these two texts (by hash) to the other, either way."""
    return Q(text_hash=digest, changed_from__text_hash=other) | Q(text_hash=other, changed_from__text_hash=digest)


def _told_switching(document: WatchedDocument, digest: str, previous: Version, when: dt.datetime) -> bool:
    """Whether the page has repeated a change between these two texts, either way, within `REPEATS_WITHIN` already:
    the first such repeat alerts that it keeps switching between them; the ones after it, while it goes on, alert
    nobody. Switching between two other texts is told once in its turn (what people last read may be either)."""
    return document.versions.filter(between_texts(digest, previous.text_hash), repeats__isnull=False,
                                    created_at__gte=when - REPEATS_WITHIN, created_at__lt=when).exists()


def _judged(previous: Version | None, text: str, technical: bool, *, relevant_if_technical: bool) -> dict:
    """A version's judgement against the version before it, as the fields it is stored in (see `store_version`).
    After a cut-down, error or other page, against the version before that one (`pipeline.judge_stage`)."""
    earlier = _before_cut_down(previous)
    result, cut, line, back = judge_stage(previous.text if previous else None, text, earlier.text if earlier else None)
    relevant = bool(result and result.ai_relevant) and (not technical or relevant_if_technical)
    if not relevant:
        # Kept for a change about nothing AI too: a wall or an error page in place of a page that said nothing about
        # AI must still be looked past when the page comes back (`_before_cut_down`), or the page back is compared
        # with the wall, all of it "added".
        # (The page back after a cut-down one is none: it keeps little of the wall's text, as it should. Nor is a page
        # in another language: looked past, the next change would be judged against the other language, never judged.)
        switched = bool(result and result.languages)
        cut = (drastic(previous.text, text) if previous is not None and earlier is None and not technical
               and not switched else "")
        line = new_error_line(previous.text, text) if cut == ERROR else ""
    return {
        "technical": technical, "ai_relevant": relevant, "drastic": cut,
        "error_line": line[:200],
        "ai_sure": relevant and result.sure and not technical,
        "languages": " ".join(result.languages) if result and result.languages and not technical else "",
        "score": result.score if result else 0.0, "reasons": [r.as_dict() for r in result.reasons] if result else [],
        "compared_with": earlier if back else None,
    }


def store_version(document: WatchedDocument, text: str, digest: str, when: dt.datetime, *, source: str,
                  previous: Version | None, technical: bool = False, extraction: str = "",
                  snapshot: Snapshot | None = None, moved_to: str = "") -> Version:
    """Create the version; for a fetched AI-relevant change, the alerts are written in the same transaction.

    A technical version keeps its comparison for the record. Read again from a stored page
    (source "reextract"), it is optout's own change and never AI-relevant, so nobody is alerted and no
    step reopens. Fetched (source "fetch": a new page read in a new way, with no previous page to read
    again, as on the first check after imported history), its differences may be optout's or the
    platform's: when the AI sentences among them would alert, it is AI-relevant but never sure, so people
    are told that optout cannot tell rather than told nothing. A drastic change (the page lost most of
    its text or was replaced, even once confirmed by a second check) is never called sure either: it may
    be an error page or a wall that stayed up, so optout cannot tell what the platform changed. The page back after
    such a version is judged against the version before it too: with nothing about AI changed since, it is no AI
    change and alerts nobody; else it is never sure either (`pipeline.judge_stage`). Nor is a change read at
    another address than the previous version (`moved_to`: the watched address now redirects there): it may be
    another region's page or a variant under test rather than the platform's new words. A page that makes an AI change
    it made shortly before (`_repeats`) is switching between texts: the first such repeat alerts, saying so; the
    ones after it between the same two texts, while it goes on, alert nobody and mark no step (`quiet`).
    """
    from .alerts import queue_alerts

    judged = _judged(previous, text, technical, relevant_if_technical=source == "fetch")
    if moved_to:
        judged["ai_sure"] = False
    relevant = judged["ai_relevant"]
    repeats = _repeats(document, digest, previous, when) if relevant and source == "fetch" and not technical else None
    quiet = repeats is not None and _told_switching(document, digest, previous, when)
    version = Version.objects.create(
        document=document, created_at=when, text=text, text_hash=digest, source=source, changed_from=previous,
        extraction=extraction, snapshot=snapshot, moved_to=moved_to, returns_to=_returns_to(document, digest, previous,
                                                                                           judged),
        repeats=repeats, quiet=quiet, **judged,
    )
    if quiet:  # people were told the page keeps switching, and their steps marked when it began
        return version
    if not relevant and source == "fetch" and judged["compared_with"] is not None:
        from .alerts import tell_back

        tell_back(version)  # the page back after a cut-down one that alerted: a false alarm, said so
    if source == "fetch" and judged["languages"]:
        from .alerts import tell_language_switch

        tell_language_switch(version)  # from English to a language optout does not judge: no alert will come
    if relevant:  # the catalog marks steps verified before this change as possibly outdated
        record_policy_change(document.platform, document.doc_id, document.title, when, version.get_absolute_url(),
                             sure=judged["ai_sure"])
    if relevant and source == "fetch":
        queue_alerts(version)
    return version


IMPORTED = "import"  # the extraction key of imported texts: read by someone else, never comparable with ours


def compare_again(version: Version, previous: Version) -> None:
    """Compare a past version with a new previous one (imported history inserted before it), kept for the
    record. Technical when one text is optout's reading and the other the archive's. It alerts nobody and
    marks no step: people were told about this version, or not, when it was found."""
    technical = (version.extraction == IMPORTED) != (previous.extraction == IMPORTED)
    # Between two readings, in the past: kept out of the feeds and lists of AI changes, which would show it as news.
    judged = _judged(previous, version.text, technical, relevant_if_technical=False)
    version.changed_from = previous
    version.returns_to = _returns_to(version.document, version.text_hash, previous, judged, before=version)
    for field, value in judged.items():
        setattr(version, field, value)
    version.save(update_fields=["changed_from", "returns_to", *judged])


UNKNOWN = object()


def record_text(document: WatchedDocument, text: str, digest: str, now: dt.datetime, source: str = "fetch", *,
                technical: bool = False, extraction: str = "", snapshot: Snapshot | None = None,
                latest=UNKNOWN, moved_to: str = "") -> Version | None:
    """Store a new version when the text really changed, classified against the previous one
    (`latest`: the document's latest version when the caller has just read it, None if it has none)."""
    if latest is UNKNOWN:
        latest = document.latest
    if latest is not None and latest.text_hash == digest:
        return None
    return store_version(document, text, digest, now, source=source, previous=latest, technical=technical,
                         extraction=extraction, snapshot=snapshot, moved_to=moved_to)
