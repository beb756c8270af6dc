"""Drastic changes wait for a second look. Pure: no Django.

Platforms' pages flap: one fetch brings an error page, a cookie or login wall, a stub, a truncated
page or another region's version, and the next fetch brings the real policy back. Recorded at once,
each flap would be two changes and two false alarms ("the AI text was removed", "the AI text was
added"). So a fetched text that keeps little of the document's latest version is not recorded at
once: the watcher checks again a little later (`services.runs.process`) and records it only when
the same text comes back.
"""

from __future__ import annotations

import datetime as dt

from .classify import sentence_keys

KEEP_LENGTH = 0.5  # a text shorter than half the latest one is drastic …
KEEP_SENTENCES = 0.2  # … and so is one that keeps fewer than a fifth of its sentences
MAX_WAIT = dt.timedelta(days=1)  # drastic texts in place of the latest for this long are recorded (see `verdict`)

SHORTER = "shorter"  # why a text is drastic: it lost most of its length
DIFFERENT = "different"  # it is not much shorter but shares few sentences with the latest (a region's variant, a wall)

# What a check does with a fetched text (see `verdict`).
SAME = "same-text"
NEW = "new-version"
HOLD = "unconfirmed"
CONFIRMED = "confirmed"
FLAP = "flap"


def drastic(latest: str | None, text: str) -> str:
    """Why `text` is a drastic change from the latest version's text (`SHORTER` or `DIFFERENT`), or "" when
    it is not: it keeps less than half of the latest text's length (in characters), or less than a fifth of
    its distinct sentences (compared as the AI judgement compares them: reordering, markup and punctuation
    do not count). With no latest version (or an empty one) nothing can be lost: never drastic."""
    if not latest:
        return ""
    if len(text) < KEEP_LENGTH * len(latest):
        return SHORTER
    old = sentence_keys(latest)
    if not old:
        return ""
    kept = len(old & sentence_keys(text))
    return DIFFERENT if kept < KEEP_SENTENCES * len(old) else ""


def verdict(latest: str | None, latest_hash: str, text: str, digest: str, pending_hash: str = "",
            waited_long: bool = False) -> tuple[str, str]:
    """What a check does with a fetched text (its hash `digest`), given the latest version and the hash of the
    text waiting for confirmation (`pending_hash`, "" if none). Returns (outcome, reason):

    - `SAME`: the latest version's text again, nothing waiting: nothing to record;
    - `FLAP`: the latest version's text came back while another waited: forget the waiting one, record nothing;
    - `CONFIRMED`: the waiting text came again, or drastic texts have come instead of the latest one for
      longer than `MAX_WAIT` (`waited_long`: a wall with a new reference number each time, a short page with
      a timestamp), so the latest version's text is not coming back: record it now;
    - `HOLD`: a drastic text (`reason` says why), new or different from the one waiting: wait for it to come again;
    - `NEW`: an ordinary change (or the first version): record it at once.

    The drastic test runs only when the text differs from the latest version and from the waiting one, so
    an unchanged page costs nothing more than a comparison of hashes.
    """
    if latest is None:
        return NEW, ""
    if digest == latest_hash:
        return (FLAP if pending_hash else SAME), ""
    if pending_hash and digest == pending_hash:
        return CONFIRMED, ""
    reason = drastic(latest, text)
    if reason and pending_hash and waited_long:
        return CONFIRMED, ""
    return (HOLD, reason) if reason else (NEW, "")
