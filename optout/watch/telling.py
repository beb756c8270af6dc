"""What an alert tells of a change: which of its sentences it quotes first and how, pure.

The classifier (`classify`) says whether a change is about AI and which sentences carry it, weighed by its model;
people read one sentence of it. That sentence must be the one that changes what happens to their data, quoted so
that it reads as the page does: a banned item after the lead-in that bans it, a sentence reworded beyond what the
classifier pairs as one rewording, not as a removal. The alerts, the feeds and a version's page tell reasons in
this order."""

from __future__ import annotations

import difflib
import re

from . import quotes
from .classify import (
    BANNING,
    DEVELOP,
    STRICT_TRAINING,
    comparison_key,
    says_training,
    similarity,
    topic,
    trains_ai,
    turned_round,
)


def _changed_words(reason: dict) -> str:
    """What a reason says that changed: an added or removed sentence whole; of a reworded one, the parts of both
    wordings that differ, with a few words around each. "Xbox, and PlayStation apps" → "Xbox apps" in a glossary
    entry that also speaks of training models is no change about training."""
    if not reason.get("old"):
        return reason["text"]
    parts = []
    for text, other in (quotes.as_read(reason["old"], reason["text"])[::-1], quotes.as_read(reason["old"], reason["text"])):
        if max(len(text.split(" ")), len(other.split(" "))) > quotes.MAX_WORDS:  # not diffed word by word: its span
            start, end = quotes.changed_span(text, other)
            parts.append(text[start:end])
        else:
            parts += [text[start:end] for start, end, _telling in quotes.changed_parts(text, other)]
    return f" {quotes.MARK} ".join(parts)


# A permission to use or train on something ("We may use Materials", "we will use … for model training"), not
# instructions on where to manage it ("You can find instructions … regarding the use of Inputs … for training")
PERMITS = re.compile(r"\b(?:may|will|can|might|could|shall|would|is|are|be|been)\b(?:\W+\w+){0,3}?\W+(?:use[ds]?|using"
                     r"|train(?:s|ed)?|process(?:es|ed)?|share[ds]?|analy[sz]e[ds]?|fine[- ]?tune[ds]?)\b"
                     r"|\bwe (?:\w+ )?(?:use|train|process|share|analy[sz]e)\b", re.I)
# A definition ("“Permitted Exception” means Customer using Output to … fine tune"): what a word stands for, not what
# is done with people's data
DEFINITION = re.compile(r"^\W*[“\"][^”\"]{1,80}[”\"]\s+(?:means|refers to|shall mean|includes)\b")


def _weight(reason: dict) -> int:
    """How much a reason changes what happens to people's data, most first: a promise turned round (0); a permission
    to train added or widened, the training said in the changed words and not under a negation (1); a promise not
    to train (or develop with their data), or a ban on it, added, removed or reworded (2); anything else (3)."""
    text, old, lead = reason["text"], reason.get("old", ""), reason.get("lead", "")
    if old and turned_round(old, text):
        return 0
    changed = _changed_words(reason)
    plain = quotes.readable(text)
    trained = next((m for m in STRICT_TRAINING.finditer(plain) if says_training(plain[max(0, m.start() - 30):m.end() + 60])),
                   None)
    if (reason["kind"] != "removed" and not lead and trained and says_training(changed) and PERMITS.search(plain)
            and not DEFINITION.search(plain) and not quotes.turned_before(plain, trained.start())):
        return 1
    promised = any(lead or quotes.turned_before(plain, m.start()) for m in (*STRICT_TRAINING.finditer(plain),
                                                                            *DEVELOP.finditer(plain)))
    touched = not old or quotes.TURNING.search(changed) or STRICT_TRAINING.search(changed) or DEVELOP.search(changed)
    if promised and (says_training(plain) or DEVELOP.search(plain)) and touched:
        return 2
    return 3


def ordered(reasons: list[dict]) -> list[dict]:
    """A version's reasons in the order they are told (the alert quotes the first; the version's page lists them
    so): by what they do to people's data (`_weight`), else as the model weighed them; of the rest, one that speaks
    of training AI before one about AI features (a disclaimer removed beside a promise not to train language models
    is not the one to quote)."""
    weights = [_weight(reason) for reason in reasons]
    told = [reason for _weight_, _at, reason in sorted(zip(weights, range(len(reasons)), reasons, strict=True),
                                                       key=lambda item: item[:2])]
    rest = sum(weight < 3 for weight in weights)
    if rest < len(told) and topic(_changed_words(told[rest])) == "features":
        training = next((at for at in range(rest, len(told)) if trains_ai(_changed_words(told[at]))), rest)
        told.insert(rest, told.pop(training))
    return told


def rewording(first: dict, reasons: list[dict]) -> dict | None:
    """The sentence of the opposite kind that `first` (an added or removed one) was reworded into or from, beyond
    what the classifier pairs: close in words (and sharing a run of them, "shall not use any User Content", "for a
    maximum of"), or both a promise not to train. None when there is none: a sentence removed beside an unrelated
    one added is a removal."""
    kinds = {"added": "removed", "removed": "added"}
    if first["kind"] not in kinds:
        return None
    key, best, best_ratio = comparison_key(first["text"]), None, 0.0
    for reason in reasons:
        if reason["kind"] != kinds[first["kind"]]:
            continue
        other = comparison_key(reason["text"])
        ratio = similarity(key, other)
        words = difflib.SequenceMatcher(None, key.split(), other.split(), autojunk=False)
        run = words.find_longest_match(0, len(key.split()), 0, len(other.split())).size
        close = ratio >= REWORDED and run >= RUN or ratio >= PROMISE_REWORDED and _weight(first) == _weight(reason) == 2
        if close and ratio > best_ratio:
            best, best_ratio = reason, ratio
    return best


REWORDED = 0.4  # similarity of two sentences' words from which, with a run of RUN words in common, one rewords the other
RUN = 4
PROMISE_REWORDED = 0.3  # for two promises not to train, one removed and one added


def quoted(reason: dict, other: str, length: int) -> str:
    """A reason's sentence quoted (see `quotes.quote`), after its lead-in when that bans or denies it: "Users may not:
    … train AI systems using platform data", not "train AI systems using platform data"."""
    if not (lead := quotes.readable(reason.get("lead", ""))):
        return quotes.quote(reason["text"], other, length)
    if len(lead) > length // 2:  # the words that turn the items round, in a part of the room
        # a ban on the reader ("you may not"), else a negation: not the "not" of "including but not limited to"
        turn = [*quotes.SCOPING.finditer(lead), *BANNING.finditer(lead)] or [
            match for match in quotes.NEGATING.finditer(lead) if not lead[match.end():].lstrip().startswith("limited")]
        at = max(turn, key=lambda match: match.start()) if turn else None
        lead = quotes.window(lead, (at.start(), at.end()) if at else (len(lead), len(lead)), length // 2, quotes.AFTER)
    item = quotes.quote(reason["text"], other, max(length - len(lead) - 3, 20))
    return f"{lead.removesuffix(' ' + quotes.MARK)} {quotes.MARK} {item.removeprefix(quotes.MARK + ' ')}"


def shown(now: dict, before: dict, old: str, length: int) -> str:
    """What an alert quotes of a sentence (and of its previous wording), at its full length: what it is "about" is
    what people read ("… and Xbox apps …" dropping "PlayStation" is not about training because the entry it is run
    together with speaks of training models), whatever `alerts`' `_tell` then shortens."""
    return f"{quoted(now, old, length)} {quoted(before, now['text'], length) if old else ''}"
