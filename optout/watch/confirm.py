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
import re

from .align import opcodes
from .classify import THRESHOLD, sentence_keys, sentence_score, sentences

KEEP_LENGTH = 0.5  # a text shorter than half the latest one is drastic …
KEEP_SENTENCES = 0.2  # … and so is one that keeps fewer than a fifth of its sentences
MAX_WAIT = dt.timedelta(days=1)  # drastic texts in place of the latest for this long are recorded (see `verdict`)

SHORTER = "shorter"  # why a text is drastic: it lost most of its length
DIFFERENT = "different"  # it is not much shorter but shares few sentences with the latest (a region's variant, a wall)
ERROR = "error"  # it keeps its length but a part reads like an error message (a part of the page that did not load)
RESTORED = "restored"  # the latest text holds few of its sentences: the page back after a cut-down page? (`restored`)
MOVED = "moved"  # it was read at another address than the latest version (see `moved.py`): not drastic, still held

# What a page, or a part of it, says when it did not load, was refused or was walled off. Matched on short lines
# only: a policy's own sentences about outages ("the Service may be temporarily unavailable …") sit in longer ones.
# Lines such as "What to do if something went wrong" match too: `new_error_line` counts a line only where it took
# the place of much more text.
ERROR_MESSAGE = re.compile(r"""
    this\ (page|content)\ (isn[’']t|is\ not|is\ currently\ not)\ available
    | page\ (was\ |is\ )?(not\ found|unavailable|can[’']t\ be\ found|could\ not\ be\ found|doesn[’']t\ exist)
    | (couldn[’']t|could\ not|can[’']t|cannot)\ find\ (that|this|the)\ page | ^not\ found$ | not\ found\ on\ this\ server
    | the\ page\ you(\ are|[’']re|\ were)\ looking\ for | page\ you\ requested | ^error\ [45]\d\d\b
    | ^(40[0-9]|429|50[0-9])(\s*[-:|]?\s*(error|not\ found|forbidden|unauthori[sz]ed|bad\ request|gone|too\ many|internal
        |bad\ gateway|service|gateway|page)|$)
    | ^forbidden$ | internal\ server\ error | bad\ gateway | gateway\ time-?out
    | unexpected\ error | error\ has\ occurred | ^an\ error\ occurred | something\ went\ wrong(?!\ while\ submitting)
    | error\ loading | (unable|failed)\ to\ load | technical\ difficulties | down\ for\ maintenance
    | (problem|trouble)\ loading | (could\ not|couldn[’']t|can[’']t|cannot)\ load | failed\ to\ fetch | network\ error
    | ^content\ (is\ )?(temporarily\ )?unavailable | section\ is\ (temporarily\ )?unavailable | something[’']s\ not\ right
    | (don[’']t|do\ not)\ have\ permission\ to\ access | (log|sign)\ in\ or\ sign\ up\ to | be\ back\ soon
    | ^loading(\.\.\.|…)?$ | try\ reloading | reload\ the\ page | ^access\ denied | access\ to\ this\ page\ has\ been\ denied
    | you\ have\ been\ blocked | unable\ to\ access | pardon\ our\ interruption | request\ unsuccessful | just\ a\ moment
    | (enable|turn\ on|turn)\ javascript | javascript\ is\ disabled | are\ you\ a\ robot
    | verify\ (that\ )?you\ are\ (a\ )?human | checking\ your\ browser | verify\ your\ browser
    | ^(503\ )?service\ (temporarily\ )?unavailable | too\ many\ requests | rate\ limit
    | (sign|log)\ in\ to\ (continue|see|view) | must\ be\ logged\ in | this\ site\ can[’']t\ be\ reached
""", re.I | re.X)
ERROR_LINE_LENGTH = 160
ERROR_PAGE_LENGTH = 600  # characters: a first text shorter than this that reads like an error is no page
# What an error page's or a wall's line may say before its message: a courtesy ("Sorry, this page isn't available",
# "Oops! Something went wrong") and the few words that lead into one ("Please enable JavaScript", "The page you
# requested …", "We couldn't find that page", "There was a problem loading …", "You don't have permission …").
ERROR_LEAD = re.compile(r"""^
    (?P<courtesy>(sorry|oops|whoops|hmm+|uh[\s-]?oh|we[’']re\ sorry|we\ are\ sorry)\b[\s,.!:…-]*)?
    (please\ | the\ (?=page\b) | an?\ (?=(unexpected\ )?error\b) | this\ (?=(section|page)\b)
     | there\ (was|has\ been)\ an?\  | we[’']re\ having\  | we\ are\ (having|experiencing)\  | we[’']ll\ (?=be) | we\ (?=\S)
     | you\ (?=(don[’']t|do\ not)\ have\ permission\b))?
""", re.I | re.X)
MARKUP = re.compile(r"^[\s#>*_`|-]+|[\s*_`|.!-]+$")
LOST = 80  # characters: a part that did not load took the place of at least this much text, and of twice its own
BRIDGE = 2  # unchanged lines (a separator, a heading) between two edits that still make one edited part

# What a check does with a fetched text (see `verdict`).
SAME = "same-text"
NEW = "new-version"
HOLD = "unconfirmed"
CONFIRMED = "confirmed"
FLAP = "flap"


def drastic(latest: str | None, text: str) -> str:
    """Why `text` is a drastic change from the latest version's text (`SHORTER`, `DIFFERENT` or `ERROR`), or ""
    when it is not: it keeps less than half of the latest text's length (in characters), or less than a fifth
    of its distinct sentences (compared as the AI judgement compares them: reordering, markup and punctuation
    do not count), or a part of it much shorter than what it replaced reads like an error message the latest
    text did not have (a part of the page, or of a record of several pages, that did not load). With no latest version (or an empty one)
    nothing can be lost: never drastic."""
    if not latest:
        return ""
    if len(text) < KEEP_LENGTH * len(latest):
        return SHORTER
    old = sentence_keys(latest)
    if old and len(old & sentence_keys(text)) < KEEP_SENTENCES * len(old):
        return DIFFERENT
    return ERROR if new_error_line(latest, text) else ""


def restored(previous: str | None, text: str) -> bool:
    """Whether the previous text holds fewer than a fifth of `text`'s distinct sentences (`drastic`'s sentence test the
    other way round): it may have been a stub, a cut-down page, an error page or another page, and `text` the page back,
    as much as the platform's page rewritten at length. Not drastic: such a text is recorded at once, but no change to
    it is sure (`pipeline.judge_stage`). A page that grows by a new section keeps its old sentences, and is not this."""
    new = sentence_keys(text)
    return bool(previous) and bool(new) and len(new & sentence_keys(previous)) < KEEP_SENTENCES * len(new)


def cut_down(kind: str, error_line: str, text: str) -> bool:
    """Whether a version stored as drastic (`kind`, with the `error_line` of an `ERROR`) was itself the cut-down page,
    error page or other page, rather than the page back after one: `SHORTER`, `DIFFERENT`, or an `ERROR` whose line
    is in its own text (not in the text before it, where the line is gone now)."""
    return kind in (SHORTER, DIFFERENT) or (kind == ERROR and bool(error_line) and error_line in text)


def not_the_page(latest: str | None, text: str, always: bool = False) -> bool:
    """Whether `text`, read at another address than the latest version's text (a redirect), may well not be this
    page at all: it shares fewer than a fifth of the latest text's sentences, and it is much shorter (a home page,
    a sign-in page, or the policy rewritten shorter), or reads like an error page or a wall, or `always`: its address
    says it is the site's home page or a sign-in page (`moved.home_page`, `moved.sign_in`). Another region's page
    or the policy rewritten at a new address keeps its length, and is a change to hold for a second check instead."""
    if not latest:
        return False
    old = sentence_keys(latest)
    if old and len(old & sentence_keys(text)) >= KEEP_SENTENCES * len(old):
        return False
    return always or len(text) < KEEP_LENGTH * len(latest) or bool(error_page_line(text))


def error_lines(text: str) -> list[str]:
    """The short lines of `text` that read like a page's error message, without their Markdown marks, in order."""
    found = []
    for line in text.splitlines():
        line = MARKUP.sub("", line)
        if line and len(line) <= ERROR_LINE_LENGTH and ERROR_MESSAGE.search(line) and line not in found:
            found.append(line)
    return found


def error_page_line(text: str) -> str:
    """The line that makes a document's first text read like an error page, a wall or a check for robots rather
    than the page itself; "" when there is none. The text is shorter than `ERROR_PAGE_LENGTH`, one of its lines
    opens with an error message (after its Markdown marks and the words that lead into one, `ERROR_LEAD`): the
    extractor often keeps only a wall's paragraph, "Checking your browser before accessing …", and drops its heading,
    so the line may be of any length. The words in the middle of a line ("Our AI models are unable to access your
    private messages", "You must be logged in to change this setting") are a page's own, and so is a text with a
    sentence about AI use besides that line: a short help page, never refused. Recorded, an error page would be the
    version the real page is compared with, and the real page's arrival a sure alert that the policy "added" all its
    sentences about AI."""
    if len(text) >= ERROR_PAGE_LENGTH:
        return ""  # a policy that mentions outages or logging in, or a whole page around a part that did not load
    lines = [line for line in (MARKUP.sub("", raw) for raw in text.splitlines()) if line]
    found = next((line for line in lines if opens_with_error(line)), "")
    if not found or any(sentence_score(sentence) >= THRESHOLD
                        for sentence in sentences("\n\n".join(line for line in lines if line != found))):
        return ""
    return found


def opens_with_error(line: str) -> bool:
    """Whether a line (without its Markdown marks) opens with an error message, as an error page's line does."""
    lead = ERROR_LEAD.match(line)
    return any(ERROR_MESSAGE.match(line[start:]) for start in {0, lead.end("courtesy"), lead.end()} if start >= 0)


def new_error_line(before: str, after: str) -> str:
    """The first line of `after` that reads like an error message, is not in `before` and stands in a part of
    `after` that took the place of a much longer part of `before` (a part of the page that did not load); ""
    when there is none."""
    seen = set(error_lines(before))
    if not [line for line in error_lines(after) if line not in seen]:
        return ""  # the common case, decided without aligning the texts
    old, new = _lines(before), _lines(after)
    for i1, i2, j1, j2 in _edited_parts(old, new):
        lost, gained = sum(map(len, old[i1:i2])), sum(map(len, new[j1:j2]))
        if lost >= LOST and lost >= 2 * gained:
            found = [line for line in error_lines("\n".join(new[j1:j2])) if line not in seen]
            if found:
                return found[0]
    return ""


def _lines(text: str) -> list[str]:
    """The lines that hold words, without their Markdown marks (a heading's underline is no text lost)."""
    return [line for line in (MARKUP.sub("", raw) for raw in text.splitlines()) if line]


def _edited_parts(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """The edited stretches of two texts' lines, (i1, i2, j1, j2); those at most `BRIDGE` unchanged lines apart
    are one."""
    parts: list[list[int]] = []
    for tag, i1, i2, j1, j2 in opcodes(old, new):
        if tag == "equal":
            continue
        if parts and i1 - parts[-1][1] <= BRIDGE and j1 - parts[-1][3] <= BRIDGE:
            parts[-1][1], parts[-1][3] = i2, j2
        else:
            parts.append([i1, i2, j1, j2])
    return [(i1, i2, j1, j2) for i1, i2, j1, j2 in parts]


def error_line(before: str, after: str) -> str:
    """A line that reads like an error message in one of the two texts and not in the other (the new text's
    first); "" when none. Either way one of them may hold a part of the page that did not load."""
    return new_error_line(before, after) or new_error_line(after, before)


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
