"""Is a change about AI? A transparent, rule-based judgement with its reasons. Pure: no Django.

The unit is the sentence. Sentences present in both versions (however reordered) are not a
change; a sentence rewritten only slightly (a typo, punctuation) is not a change unless the
words that changed matter for AI use. Each remaining added, removed or changed sentence gets a
score from the terms it uses; the change's score is the highest one, and the sentences that
scored are its reasons.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .align import opcodes
from .diff import paragraphs

AI = re.compile(
    r"\b(artificial[- ]intelligence|(?<![\w./@-])a\.?i\.?(?![\w/])|ai-(powered|generated|based|driven|enabled|enhanced|assisted)|gen ?ai|generative"
    r"|machine[- ]learning|deep[- ]learning|large[- ]language[- ]models?|llms?|foundation[- ]models?|neural[- ]networks?"
    r"|meta ai|duck\.ai|gemini|copilot|grok|chatgpt|gpt-?\d|claude|llama|chatbots?|ai models?|ai features?|ai systems?"
    r"|ai[- ]assistants?|ai[- ]tools?|ai[- ]at[- ]meta|language models?|models?)\b",
    re.I,
)
STRONG_AI = re.compile(
    r"\b(artificial[- ]intelligence|generative|gen ?ai|large[- ]language[- ]models?|llms?|foundation[- ]models?"
    r"|meta ai|gemini|copilot|grok|chatgpt|claude|llama|ai models?|ai features?|ai systems?|ai[- ]assistants?"
    r"|ai[- ]at[- ]meta|language models?|bing chat|duck\.ai|ai-(powered|generated|based|driven|enabled|enhanced|assisted)"
    r"|(?<![\w./@-])ai(?![\w/-]))\b",
    re.I,
)
TRAINING = re.compile(
    r"\b(train|trains|training|trained|fine[- ]?tun\w*|develop(s|ing|ment)?|improv(e|es|ing|ement)|build(ing)?"
    r"|power(s|ing)?|create|creating|generate[sd]?)\b",
    re.I,
)
DATA = re.compile(
    r"\b(your|user|users'?|personal|public|content|posts?|photos?|images?|videos?|information|data|prompts?"
    r"|conversations?|chats?|messages?|inputs?|outputs?|interactions?)\b",
    re.I,
)
CONTROL = re.compile(r"\b(opt[- ]?out|opt[- ]?in|object(ion)?|right to object|withdraw|setting|turn off|disable|by default)\b", re.I)
PRODUCTS = re.compile(r"\b(meta ai|ai at meta|gemini|copilot|grok|chatgpt|claude|llama|generative ai|bing chat|duck\.ai)\b", re.I)
SAFETY = re.compile(r"\b(spam|fraud|abuse|scam|malware|security|integrity|harmful|violat\w+|detect\w*|moderat\w+|safety)\b", re.I)
RANKING = re.compile(r"\b(recommend\w*|rank\w*|feed|personali[sz]\w*|ads?|advertis\w*|relevan\w*|suggest\w*)\b", re.I)
GENERATED_CONTENT = re.compile(
    r"\b(ai[- ]generated|generated (or [\w ]+ )?(with|by|using) ai|synthetic|deepfakes?|disclos\w+|label\w*|watermark\w*)\b", re.I
)
STRICT_TRAINING = re.compile(r"\b(train\w*|fine[- ]?tun\w*)\b", re.I)
LINK = re.compile(r"\]\([^)]*\)|https?://\S+")
MEANINGFUL = re.compile(r"\b(not|no|never|only|may|will|must|including|except|without|unless|opt|object)\b", re.I)
SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'(“])|\n+")
THRESHOLD = 0.5
LONG = 400  # combined length of two sentences above which similarity is measured on words


@dataclass
class Reason:
    kind: str  # added, removed, changed
    text: str
    score: float
    old: str = ""  # for a changed sentence: its previous wording

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, **({"old": self.old} if self.old else {})}


def topic(sentence: str) -> str:
    """What an AI sentence is about, for a one-line summary: training, opt-out or features."""
    if CONTROL.search(sentence) and (STRICT_TRAINING.search(sentence) or AI.search(sentence)):
        return "opt-out"
    if STRICT_TRAINING.search(sentence):
        return "training"
    return "features"


@dataclass
class Result:
    changed: bool
    ai_relevant: bool
    score: float
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"changed": self.changed, "ai_relevant": self.ai_relevant, "score": round(self.score, 3),
                "reasons": [r.as_dict() for r in self.reasons]}


def sentences(text: str) -> list[str]:
    out = []
    for paragraph in paragraphs(text):
        paragraph = re.sub(r"^(#+|[-*+]|\d+[.)])\s+", "", paragraph)
        out += [s.strip() for s in SENTENCE.split(paragraph) if s and s.strip()]
    return out


def _key(sentence: str) -> str:
    """Compare text, not markup: link targets, emphasis, apostrophes and punctuation do not count."""
    text = LINK.sub(" ", sentence.casefold()).replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def sentence_score(sentence: str) -> float:
    """How strongly one sentence speaks about AI use of people's data (0..1)."""
    if not AI.search(sentence):
        return 0.0
    strong = bool(STRONG_AI.search(sentence))
    training = bool(TRAINING.search(sentence))
    data = bool(DATA.search(sentence))
    control = bool(CONTROL.search(sentence))
    safety = bool(SAFETY.search(sentence))
    ranking = bool(RANKING.search(sentence))
    if strong:
        score = 0.6 + 0.2 * training + 0.15 * data + 0.15 * control
        if not (training or data or control) and len(LINK.sub(" ", sentence).split()) < 25:
            score = 0.45  # an AI name alone (a product list, a menu item) says nothing about people's data
        # Ranking and safety talk lowers the score, unless a named AI product is what the sentence is about.
        if (safety or ranking) and not (training and data) and not control and not PRODUCTS.search(sentence):
            score -= 0.2 if training else 0.35
        if GENERATED_CONTENT.search(sentence) and not STRICT_TRAINING.search(sentence) and not control:
            score -= 0.5  # rules about AI-generated posts (labels, disclosure) are not about using people's data
    else:  # "machine learning", "models": relevant only when it is about training on people's data
        score = 0.2 + 0.3 * (training and data) + 0.2 * control
        if safety or ranking:
            score -= 0.3
    return max(0.0, min(1.0, score))


def _ratio(a: str, b: str) -> float:
    """Character similarity of two sentence keys; word similarity for long ones (cheaper, about as telling)."""
    if len(a) + len(b) > LONG:
        return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


class _Candidates:
    """For a removed sentence, the few added sentences worth comparing: those sharing its rarer words.

    With few sentences on each side every pair is compared; otherwise an inverted index keeps the
    work proportional to the size of the change rather than its square.
    """

    def __init__(self, added: list[str], keys: dict[str, str], removed_count: int):
        self.everything = len(added) * removed_count <= 2_500
        self.size = len(added)
        self.by_word: dict[str, list[int]] = defaultdict(list)
        if not self.everything:
            for index, sentence in enumerate(added):
                for word in set(keys[sentence].split()):
                    self.by_word[word].append(index)
        self.rare = max(8, len(added) // 50)

    def of(self, key: str):
        if self.everything:
            return range(self.size)
        shared: Counter = Counter()
        for word in set(key.split()):
            holders = self.by_word.get(word, ())
            if len(holders) <= self.rare:
                shared.update(holders)
        return [index for index, _count in shared.most_common(8)]


def _best(old_key: str, candidates, added: list[str], keys: dict[str, str], taken: list[bool]) -> tuple[int | None, float]:
    best, best_ratio = None, 0.0
    chars = difflib.SequenceMatcher(None, autojunk=False)
    chars.set_seq2(old_key)  # b is indexed once per removed sentence, not once per candidate
    for index in candidates:
        if taken[index]:
            continue
        new_key = keys[added[index]]
        chars.set_seq1(new_key)
        if chars.real_quick_ratio() <= max(best_ratio, 0.59) or chars.quick_ratio() <= max(best_ratio, 0.59):
            continue
        ratio = _ratio(old_key, new_key) if len(old_key) + len(new_key) > LONG else chars.ratio()
        if ratio > best_ratio:
            best, best_ratio = index, ratio
    return best, best_ratio


def _pair(removed: list[str], added: list[str], keys: dict[str, str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Match removed to added sentences that are rewrites of each other (similarity >= 0.6)."""
    candidates = _Candidates(added, keys, len(removed))
    taken = [False] * len(added)
    pairs, unmatched = [], []
    for old in removed:
        best, ratio = _best(keys[old], candidates.of(keys[old]), added, keys, taken)
        if best is not None and ratio >= 0.6:
            pairs.append((old, added[best]))
            taken[best] = True
        else:
            unmatched.append(old)
    return pairs, unmatched, [sentence for index, sentence in enumerate(added) if not taken[index]]


def _word_edits(a: list[str], b: list[str]) -> list[str]:
    words = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag != "equal":
            words += a[i1:i2] + b[j1:j2]
    return words


def _edit_words(old: str, new: str) -> str:
    return " ".join(_word_edits(_key(old).split(), _key(new).split()))


NAME_GLUE = {"in", "of", "the", "and", "for", "by", "s", "a", "an", "to", "with", "from"}


def _renamed(old: str, new: str) -> bool:
    """Whether the only words that changed are names (capitalised words such as "Le Chat" → "Vibe",
    "GrammarlyGO" → "Grammarly's Generative AI"): a product or company renamed, nothing else."""
    a = re.findall(r"[\w’']+", LINK.sub(" ", old))
    b = re.findall(r"[\w’']+", LINK.sub(" ", new))
    changed = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag != "equal":
            changed += a[i1:i2] + b[j1:j2]
    words = [w for w in changed if w.casefold().strip("’'") not in NAME_GLUE]
    return bool(words) and all(w[0].isupper() or w.isdigit() or any(c.isupper() for c in w[1:]) for w in words)


def _changed_score(old: str, new: str) -> float:
    base = max(sentence_score(old), sentence_score(new))
    if base < THRESHOLD:
        return base
    edited = _edit_words(old, new)
    if not edited or _renamed(old, new):
        return 0.0 if not edited else 0.1
    ratio = _ratio(_key(old), _key(new))
    # A small edit counts only if the words it touches carry meaning for AI use (a new "your" alone does not).
    meaningful = AI.search(edited) or TRAINING.search(edited) or CONTROL.search(edited) or re.search(
        r"\b(not|no|never|only|may|will|including|except|without|all|any)\b", edited
    )
    if ratio >= 0.9 and not (meaningful or DATA.search(edited)):
        return 0.1
    if ratio >= 0.8 and not meaningful:
        return 0.1
    return base


def _touches_meaning(old_keys: list[str], new_keys: list[str]) -> bool:
    """Whether the words that changed anywhere could matter for AI use (not just spelling, links or layout).

    Sentences are aligned first; words are compared only inside the stretches that differ.
    """
    words: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes(old_keys, new_keys):
        if tag != "equal":
            words += _word_edits(" ".join(old_keys[i1:i2]).split(), " ".join(new_keys[j1:j2]).split())
    edited = re.sub(r"\b([ivx]+|[a-z]|\d+)\b", " ", " ".join(words))  # list numbering such as (a) or (iii)
    return bool(AI.search(edited) or TRAINING.search(edited) or CONTROL.search(edited) or DATA.search(edited)
                or MEANINGFUL.search(edited))


def classify(old: str, new: str) -> Result:
    old_sentences, new_sentences = sentences(old), sentences(new)
    keys = {s: _key(s) for s in (*old_sentences, *new_sentences)}
    old_keys = [keys[s] for s in old_sentences]
    new_keys = [keys[s] for s in new_sentences]
    old_set, new_set = set(old_keys), set(new_keys)
    removed = [s for s in dict.fromkeys(old_sentences) if keys[s] not in new_set]
    added = [s for s in dict.fromkeys(new_sentences) if keys[s] not in old_set]
    changed = bool(removed or added) or old_keys != new_keys
    pairs, removed, added = _pair(removed, added, keys)
    reasons = [Reason("added", s, sentence_score(s)) for s in added]
    reasons += [Reason("removed", s, sentence_score(s)) for s in removed]
    reasons += [Reason("changed", new_s, _changed_score(old_s, new_s), old=old_s) for old_s, new_s in pairs]
    if changed and not _touches_meaning(old_keys, new_keys):
        reasons = [Reason(r.kind, r.text, min(r.score, 0.1), r.old) for r in reasons]
    score = max((r.score for r in reasons), default=0.0)
    relevant = [r for r in sorted(reasons, key=lambda r: -r.score) if r.score >= THRESHOLD]
    return Result(changed=changed, ai_relevant=score >= THRESHOLD, score=score, reasons=relevant[:10])
