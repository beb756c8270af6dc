"""What an alert tells of a change: which of its sentences it quotes first and how, pure.

The classifier (`classify`) says whether a change is about AI and which sentences carry it, weighed by its model;
people read one sentence of it. That sentence must be the one that changes what happens to their data, quoted so
that it reads as the page does: a banned item after the lead-in that bans it, a sentence reworded beyond what the
classifier pairs as one rewording, not as a removal. The alerts, the feeds and a version's page tell reasons in
this order."""

from __future__ import annotations

import difflib
import functools
import re

from . import quotes
from .classify import (
    COMPETE,
    DEVELOP,
    PEOPLE_TRAINING,
    PEOPLES,
    STRICT_TRAINING,
    TRAINING_TOPIC,
    comparison_key,
    denials,
    says_training,
    similarity,
    topic,
    trains_ai,
    turned_round,
)


def _changes(reason: dict) -> list[tuple[str, int, int]]:
    """Where a reworded reason changed: (wording, start, end) in each of its two wordings as read, with a few words
    around each change (a sentence too long to diff word by word: its changed span)."""
    spans, (old, new) = [], quotes.as_read(reason["old"], reason["text"])
    for text, other in ((new, old), (old, new)):
        if max(len(text.split(" ")), len(other.split(" "))) > quotes.MAX_WORDS:
            spans.append((text, *quotes.changed_span(text, other)))
        else:
            spans += [(text, start, end) for start, end, _telling in quotes.changed_parts(text, other)]
    return spans


def _changed_words(reason: dict) -> str:
    """What a reason says that changed: an added or removed sentence whole; of a reworded one, the parts of both
    wordings that differ, with a few words around each. "Xbox, and PlayStation apps" → "Xbox apps" in a glossary
    entry that also speaks of training models is no change about training."""
    if not reason.get("old"):
        return reason["text"]
    return f" {quotes.MARK} ".join(text[start:end] for text, start, end in _changes(reason))


# Where one of the sentences a page runs together ends: a full stop (not of "e.g." or "i.e."; "… and other services.
# or RobloxThe Roblox Corporation …" is run together without a capital), a table cell or list item as read ("Your Content; Your publicly available videos"), a line break
PIECE_END = re.compile(r"(?<!\.\w\.)[.!?][”\"’)]*\s+(?=[A-Za-z“\"])|;\s|<br>|\n")


def _piece(text: str, start: int, end: int) -> str:
    """The sentences of `text` (`PIECE_END`) that the span from `start` to `end` lies in, whole."""
    ends = list(PIECE_END.finditer(text))
    opening = max((match.end() for match in ends if match.end() <= start), default=0)
    closing = min((match.start() for match in ends if match.start() >= end), default=len(text))
    return text[opening:closing]


def _changed_sentences(reason: dict) -> str:
    """The sentences of a reason that changed, whole, each of those a page runs together: of an added or removed
    one, the one its quote is centred on (`quotes.about_ai_span`), with its lead-in; of a reworded one, each that
    holds a change, in both wordings. Le Chat's promise not to train on Customer Data "except … where Customer has
    not opted-out of training", reworded in its list of plans, is about training; Roblox's glossary entry "… Xbox,
    and PlayStation apps …", run together with another sentence on training models, is not."""
    if not reason.get("old"):
        text = quotes.readable(reason["text"])
        return f"{quotes.readable(reason.get('lead', ''))} {_piece(text, *quotes.about_ai_span(text))}"
    return f" {quotes.MARK} ".join(_piece(text, start, end) for text, start, end in _changes(reason))


# Who grants itself a use of people's data: "we", "it", "our company", a name ("Jasper", "xAI", "Meta", "X"); not the
# reader, nor a word that opens a sentence or a clause ("If", "Upon", "For", "TO" in a clause in capitals). Case
# matters: a name is capitalised.
GRANTOR = (r"(?:\b[Ww]e|\b(?:[Ii]t|(?:[Oo]ur|[Tt]he) (?:[Cc]ompany|[Pp]latform))|(?<![\w’'-])(?!(?i:you|your|users?"
           r"|customers?|licensees?|developers?|partners?|members?|creators?|clients?|subscribers?|third|providers?|they"
           r"|this|that|these|those|such|each|any|all|if|when|where|upon|for|in|on|to|by|as|the|a|an|please|note|also|no"
           r"|none|how|what|or|and|unless|except|not|never|will|shall|may|must|can|do|does|would|should|could|might|who|which|with"
           r"|from|at|of|also|only|i|he|she)\b)x?[A-Z](?:[\w&.-]*\w)?)")
# A permission the platform grants itself to use or train on people's data: its name (`GRANTOR`), then only modals
# ("We may use Materials", "Jasper uses Customer Property", "Meta will use …"), or that data used in the passive
# ("Personal data may be used to develop, train and fine-tune AI systems", "transcriptions … may be stored … and used").
# Not a mention of training: "Our Help Center explains how AI models are trained", "learn more about how we train",
# "training data that Meta uses" (in an indemnity; but "so that it can train" and "You agree that Meta may use"),
# "Jasper will cease using …" (no modal chain reaches the verb).
GRANTS = re.compile(
    rf"(?<!(?<!\bso )(?<!\bagree )(?<!\bagrees )(?<!\backnowledge )(?<!\backnowledges )(?<!\bunderstand )"
    rf"(?<!\bunderstands )(?<!\baccept )(?<!\baccepts )(?<!\bnote )\bthat )(?<!\bwhich )(?<!\bhow )(?<!\bHow )(?<!\bwhat )(?<!\bwhether ){GRANTOR}"
    r"(?:\s+(?i:and (?:its|our) affiliates|may|will|can|might|could|shall|would|also|additionally|further|now|then|do"
    r"|does|reserves? the right to|(?:has|have) the right to))*\s+(?i:use[sd]?|train|trains|process(?:es)?|share[sd]?"
    r"|analy[sz]e[sd]?|fine[- ]?tune[sd]?|leverage[sd]?)\b"
    r"|\b(?i:data|content|information|inputs?|outputs?|prompts?|conversations?|chats?|messages?|posts?|photos?|images?"
    r"|videos?|materials?|interactions?|transcript(?:ion)?s?|recordings?|activity|property|submissions?|queries|files)\b"
    r"(?:\W+(?!(?i:not|never|no)\b)\w+){0,6}?\W+(?i:may|will|can|might|could|shall|would|is|are)\b"
    r"(?:\W+(?!(?i:not|never|no)\b)\w+){0,6}?\W+(?i:used|processed|shared|analy[sz]ed|leveraged)\b")
# The platform's own promise ("We will not", "xAI shall not", "ANYSPHERE WILL NOT", "Meta does not"): a promise about
# people's data whatever it names them
PROMISER = re.compile(rf"{GRANTOR}(?:\s+(?i:will|shall|does|do|may|can|would|also|currently))*\s+(?i:not|never"
                      r"|no longer|won[’']t|doesn[’']t|don[’']t|shan[’']t)\b")
# A ban on the reader ("You will not, and will not allow", "you may not and shall not", "Users may not:")
READER = re.compile(r"\b(?:you|users?|customers?|licensees?|developers?)\s+(?:(?:will|shall|may|must|should|can|agrees?|to)"
                    r"\s+)*(?:not|never)\b", re.I)
HEADING = 12  # words of a heading at most (most of them capitalised)
ASKING = re.compile(r"(?:how|what|why)\b", re.I)  # a heading put as a question; not "Where you object, we do not …"
# What is public is not people's data to be asked about ("We use publicly available information … to help train",
# a use Google's policies said before it named Bard's interactions)
PUBLIC = re.compile(r"\s+(?:\w+\s+){0,2}?public(?:ly)?\b", re.I)
ROOM = 250  # characters after a permission's verb in which it says what for ("… to provide, maintain, and improve the
# Services, including for the purpose of developing and enhancing Jasper’s artificial intelligence models")


# A definition ("“Permitted Exception” means Customer using Output to … fine tune"): what a word stands for, not what
# is done with people's data
DEFINITION = re.compile(r"^\W*[“\"][^”\"]{1,80}[”\"]\s+(?:means|refers to|shall mean|includes)\b")


def _trains(text: str) -> bool:
    """Whether words say training AI, named or not ("to train", "developing and enhancing Jasper’s AI models"); not a
    bare "data sets" ("we will share with Google Pay … the following data sets")."""
    return says_training(text) or any(not match.group(0).lower().startswith("data") for match in TRAINING_TOPIC.finditer(text))


def _granted(plain: str, grant: re.Match) -> str:
    """What a permission covers: up to ROOM characters after its verb, and not past a negation of a use of data there
    ("we may share your prompts with OpenAI, which does not use them to train its models": sharing, not training)."""
    if INSTRUMENT.match(plain, grant.end()):  # "We use techniques such as Constitutional AI to train our models"
        return ""
    end = grant.end() + ROOM
    denied = next((word for word in quotes.NEGATING.finditer(plain, grant.end(), end) if quotes.turns_use(plain, word)),
                  None)
    return plain[grant.start():denied.start() if denied else end]


# What a platform uses to train is no data of people's when it is a way of training: a technique, a method, a tool
INSTRUMENT = re.compile(r"\s+(?:(?:a|an|the|our|its|various|several|different|certain|new|such)\s+)?(?:techniques?|methods?"
                        r"|tools?|technolog(?:y|ies)|processes|approaches|procedures)\b", re.I)


def _weight(reason: dict) -> int:
    """See `_weight_of`: asked of every reason by `ordered`, and again of pairs by `rewording`, at each length an
    alert's quote is tried at."""
    return _weight_of(reason["kind"], reason["text"], reason.get("old", ""), reason.get("lead", ""))


@functools.lru_cache(maxsize=64)
def _weight_of(kind: str, text: str, old: str, lead: str) -> int:
    """How much a reason changes what happens to people's data, most first: a promise turned round (0); a permission
    the platform grants itself to train on people's data (`GRANTS`), added or widened, the training said in the
    changed words and not under a negation (1); a promise not to train (or develop with their data) or a way to opt
    out of it, or a ban on training on people's data, added, removed or reworded, or reworded so that it no longer
    promises it (`_promise_narrowed`) (2); anything else (3), a ban on the
    reader building competing models among them: it says nothing of what is done with people's data."""
    reason = {"kind": kind, "text": text, "old": old, "lead": lead}
    if old and turned_round(old, text):
        return 0
    if grants_training(kind, text, old, lead):
        return 1
    changed = _changed_words(reason)
    plain = quotes.readable(text)
    heading = _heading(plain)
    promised = any(lead or quotes.turned_before(plain, m.start()) for m in (*STRICT_TRAINING.finditer(plain),
                                                                            *DEVELOP.finditer(plain)))
    touched = not old or quotes.TURNING.search(changed) or STRICT_TRAINING.search(changed) or DEVELOP.search(changed)
    on_reader = READER.search(f"{lead} {text}") or lead and not PROMISER.search(lead)
    peoples = not on_reader or PROMISER.search(plain) or PEOPLES.search(plain) and not COMPETE.search(plain)
    if promised and peoples and not heading and (says_training(plain) or DEVELOP.search(plain)) and touched:
        return 2
    return 2 if old and _promise_narrowed(old, text) else 3


def _promise_narrowed(old: str, text: str) -> bool:
    """Whether a reworded promise the platform made no longer says it does not train or learn from people's data:
    "SwiftKey Services do not log, store, or learn from data you type" became "… do not log or store"."""
    def promised(plain: str) -> bool:  # not of training staff ("we do not train our staff to …")
        plain = PEOPLE_TRAINING.sub(" ", plain)
        return any(quotes.turned_before(plain, match.start())
                   for match in (*STRICT_TRAINING.finditer(plain), *LEARNING.finditer(plain)))

    before = quotes.readable(old)
    return not READER.search(before) and promised(before) and not promised(quotes.readable(text))


def _heading(plain: str) -> bool:
    """Whether a sentence is a heading, which promises and grants nothing (what is under it does): a few words, most of
    them capitalised ("No Text and Data Mining or AI Training"), or put as a question ("How … is used …")."""
    words = plain.split()
    return len(words) <= HEADING and (sum(word[:1].isupper() for word in words) >= len(words) * 0.6 or plain.rstrip(
        ).endswith("?") or bool(ASKING.match(plain) and not plain.rstrip().endswith((".", ";", ":"))))


@functools.lru_cache(maxsize=64)
def grants_training(kind: str, text: str, old: str = "", lead: str = "") -> str:
    """What a sentence, added or reworded, grants the platform itself (`GRANTS`, `_granted`) when that is training
    and the training is said in the changed words, not under a negation, nor in a heading, a definition, a list item
    under a lead-in or a use of public data; "" when it grants no training."""
    if kind == "removed" or lead:
        return ""
    plain = quotes.readable(text)
    if _heading(plain) or DEFINITION.search(plain) or not _trains(_changed_words({"kind": kind, "text": text, "old": old})):
        return ""
    # the first permission said with training, which the quote shows (centred on the first words about training)
    grant, granted = next(((grant, granted) for grant in GRANTS.finditer(plain)
                           if _trains(granted := _granted(plain, grant))), (None, ""))
    if grant is None or quotes.turned_before(plain, grant.start()) or PUBLIC.match(plain, grant.end()):
        return ""
    return granted


def ordered(reasons: list[dict]) -> list[dict]:
    """A version's reasons in the order they are told (the alert quotes the first; the version's page lists them
    so): by what they do to people's data (`_weight`), else as the model weighed them; of the rest, one that speaks
    of training AI before one about AI features (a disclaimer removed beside a promise not to train language models
    is not the one to quote). A way to opt out removed, with none added or reworded in its place, counts as a
    permission widened: whoever used it has lost it, and that is their news, before any promise reworded beside it
    (Perplexity's privacy notice of 2026-07-03 dropped "You may opt out of information collection for AI … in your
    settings page" and moved its promise about e-mails)."""
    weights = [_weight(reason) for reason in reasons]
    lost = [at for at, reason in enumerate(reasons)
            if weights[at] == 2 and reason["kind"] == "removed" and _offers_choice(reason)]
    if lost and not any(reason["kind"] != "removed" and _offers_choice(reason) for reason in reasons):
        for at in lost:
            weights[at] = 1
    told = [reason for _weight_, _at, reason in sorted(zip(weights, range(len(reasons)), reasons, strict=True),
                                                       key=lambda item: item[:2])]
    rest = sum(weight < 3 for weight in weights)
    # Of the rest, a rewording whose edited words say nothing of AI, training or a turn ("which includes" →
    # "including") after every other: the headline is quoted, and people look for a change that is not there.
    told[rest:] = sorted(told[rest:], key=lambda reason: not _edits_tell(reason))
    if rest < len(told) and topic(_changed_words(told[rest])) == "features":
        training = next((at for at in range(rest, len(told)) if trains_ai(_changed_words(told[at]))), rest)
        told.insert(rest, told.pop(training))
    return told


def _edits_tell(reason: dict) -> bool:
    """Whether a reason's change is in words about AI, training or a turn: an added or removed sentence always (it is
    flagged as a whole); a rewording when the words edited, on either side, are."""
    if not reason.get("old"):
        return True
    old, new = quotes.as_read(reason["old"], reason["text"])
    return any(telling for *_span, telling in (*quotes.changed_parts(new, old), *quotes.changed_parts(old, new)))


def _offers_choice(reason: dict) -> bool:
    """Whether a sentence's changed words give people a way to refuse an AI use ("You may opt out of information
    collection for AI … in your settings page")."""
    return topic(_changed_words(reason)) == "opt-out"


def _actor(reason: dict) -> str:
    """Who a sentence says acts: the reader, under a ban ("You may not use our API …", "Users may not: …"), the
    platform ("We do not use …", "Jasper uses …"), or "" when it does not say."""
    if READER.search(reason.get("lead", "") + " " + reason["text"]):
        return "reader"
    return "platform" if PROMISER.search(reason["text"]) or GRANTS.search(reason["text"]) or re.search(
        r"\b(?:we|our)\b", reason["text"], re.I) else ""


# Learning named without training: Deutsche Bahn's chatbot stored queries "to train the chatbot", now "so their
# self-learning feature can optimise how they operate"
LEARNING = re.compile(r"\bself[- ]learning\b|\blearn(?:s|ing)? from\b", re.I)


def _one_sentence(first: dict, reason: dict) -> bool:
    """Whether two sentences can be one reworded: the same actor (the platform's promise is never reworded into a
    ban on the reader) doing the same thing (training, or not: "… to train our AI models" is not reworded into "We
    use AI models to moderate the content you post")."""
    actors = {_actor(first), _actor(reason)} - {""}
    doing = [_trains(r["text"]) or bool(LEARNING.search(r["text"])) for r in (first, reason)]
    return len(actors) <= 1 and doing[0] == doing[1]


def _keeps_point(first: dict, partner: dict, length: int) -> bool:
    """Whether `first` quoted as reworded from `partner` still shows the training that changed and that its own quote
    shows: an added sentence run together with a passage it shares with a removed one (Booking.com's "This
    includes the identification of trends … <br><br>Personal data may be used to develop, train and fine-tune AI
    systems") is quoted at the shared passage, which does not say it. (Training left as it was may go unquoted:
    "SpaceXAI will not use any User … develop any new products" shows what changed in a promise not to train.)"""
    now, before = (first, partner) if first["kind"] == "added" else (partner, first)
    changed = _changed_words({**now, "old": before["text"]})
    alone, paired = quoted(first, "", length), quoted(first, partner["text"], length)
    return not (says_training(changed) and says_training(alone) and not says_training(paired))


def rewording(first: dict, reasons: list[dict], length: int) -> dict | None:
    """The sentence of the opposite kind that `first` (an added or removed one) was reworded into or from, beyond
    what the classifier pairs: close in words (and sharing a run of them, "shall not use any User Content", "for a
    maximum of"), or both a promise not to train, or both a ban on building competing models; by the same actor doing
    the same thing (`_one_sentence`), and quoted (at `length`) with what it says of training or AI. None when there is
    none: a sentence removed beside an unrelated one added is a removal."""
    kinds = {"added": "removed", "removed": "added"}
    if first["kind"] not in kinds:
        return None
    key, best, best_ratio = comparison_key(first["text"]), None, 0.0
    for reason in reasons:
        if reason["kind"] != kinds[first["kind"]]:
            continue
        other = comparison_key(reason["text"])
        ratio = similarity(key, other)  # bounded, however long the sentences
        close = ratio >= REWORDED and _shares_run(key.split(), other.split()) or ratio >= PROMISE_REWORDED and (
            _weight(first) == _weight(reason) == 2 or _bans_competing(first) and _bans_competing(reason))
        if (close and ratio > best_ratio and _one_sentence(first, reason)
                and _keeps_point(first, reason, length)):
            best, best_ratio = reason, ratio
    return best


def _bans_competing(reason: dict) -> bool:
    """Whether a sentence bans building models that compete with the platform's ("It is forbidden to use output from
    the Service to develop models that compete with …")."""
    return bool(COMPETE.search(f"{reason.get('lead', '')} {reason['text']}"))


def _shares_run(words: list[str], other: list[str]) -> bool:
    """Whether two sentences share a run of RUN words. Longer than `quotes.MAX_WORDS` words (a page with no full
    stop), they are not searched for one (quadratic: seconds per alert, which is told up to nine times while its
    quote is shortened): their similarity alone says whether they are one."""
    if max(len(words), len(other)) > quotes.MAX_WORDS:
        return True
    matcher = difflib.SequenceMatcher(None, words, other, autojunk=False)
    return matcher.find_longest_match(0, len(words), 0, len(other)).size >= RUN


REWORDED = 0.4  # similarity of two sentences' words from which, with a run of RUN words in common, one rewords the other
RUN = 4
PROMISE_REWORDED = 0.2  # for two promises not to train, or two bans on competing models, one removed and one added


def quoted(reason: dict, other: str, length: int) -> str:
    """A reason's sentence quoted (see `quotes.quote`), after its lead-in when that bans or denies it: "Users may not:
    … train AI systems using platform data", not "train AI systems using platform data"."""
    lead, item = _quoted(reason, other, length)
    if not lead:
        return item
    return f"{lead.removesuffix(' ' + quotes.MARK)} {quotes.MARK} {item.removeprefix(quotes.MARK + ' ')}"


def quoted_as_fully(reason: dict, other: str, length: int, full: int) -> bool:
    """Whether a reason quoted at `length` shows all that its quote at `full` shows of what a quote must keep
    (`quotes.keeps`: the words that turn it round, its conditions, what changed), in its lead-in and in its sentence."""
    (lead, item), (full_lead, full_item) = _quoted(reason, other, length), _quoted(reason, other, full)
    return (quotes.keeps(reason["text"], other, full_item, item)
            and (not lead and not full_lead or quotes.keeps(reason.get("lead", ""), "", full_lead, lead)))


def _quoted(reason: dict, other: str, length: int) -> tuple[str, str]:
    """What `quoted` joins: the lead-in as quoted ("" when there is none) and the sentence's quote."""
    if not (lead := quotes.quotable(reason.get("lead", ""))):
        return "", quotes.quote(reason["text"], other, length)
    # The words that turn the items round: a scope or condition ("only if", "unless", "you may not"), a ban or a
    # negation (`denials`, which kept the lead-in for them). A lead-in that turns the items round, or says what they
    # are used for with AI when the item does not, gets half the room; another (Instagram's "… and in some instances
    # manual (human) reviewing, to:") only its end.
    turn = [*quotes.SCOPING.finditer(lead), *denials(lead)]
    carries = bool(turn) or bool(quotes.AI.search(lead) or STRICT_TRAINING.search(lead)) and not quotes.AI.search(
        reason["text"])
    room = length // 2 if carries else length // 4
    if len(lead) > room:
        at = max(turn, key=lambda match: match.start()) if turn else None
        lead = quotes.window(lead, (at.start(), at.end()) if at else (len(lead), len(lead)), room, quotes.AFTER)
    return lead, quotes.quote(reason["text"], other, max(length - len(lead) - 3, 20))


def shown(now: dict, before: dict, old: str, length: int) -> str:
    """What an alert says a sentence is about is judged on: the sentences of it that changed (`_changed_sentences`),
    and what it quotes of it (and of its previous wording) at its full `length`, whatever `alerts`' `_tell` then
    shortens. A promise not to train "except … where Customer has not opted-out of training", reworded in its list of
    plans, is about training though 160 characters end before "training"; a glossary entry that only dropped
    "PlayStation", run together with a sentence on training models, is about training only when its quote shows
    that sentence."""
    quoted_ = f"{quoted(now, old, length)} {quoted(before, now['text'], length) if old else ''}"
    return f"{_changed_sentences({**now, 'old': old} if old else now)} {quoted_}"
