"""Is a change about AI? A judgement with its reasons. Pure: no Django.

The unit is the sentence. Sentences present in both versions (however reordered), sentences only
split, merged or reflowed, sentences whose edit is only punctuation or spacing, and sentences that only
rename a product or company are not a change, and neither is a page's menu run together. A small
rewording is a change, with facts saying how small it is, for the model to weigh. Each remaining added,
removed or reworded sentence that speaks of AI (or of training systems, "train our systems", or of
training on people's data without an AI word, "none of your code will ever be trained on") is
described by named facts (`features`: AI terms, training, people's data, opt-outs, and hard negatives
such as rules about AI-generated content, usage rules, automated access, safety, ranking, competing
models, menus) plus the verdict of the hand-written rules (`sentence_score`); a small linear model
(relevance.py, trained on the corpus's training splits only) turns them into a probability. The
change is AI-relevant when one sentence reaches the model's threshold; the sentences that did are its
reasons.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import cydifflib as difflib  # difflib's algorithms compiled: the same ratios and opcodes, ~9x faster

from .align import SMALL, matches, opcodes
from .diff import paragraphs
from .language import SAMPLE, SHORT_AT_LEAST, language, switched
from .links import links_run_together, without_links

# "device model", "business model": a bare "model" after these is no AI model; nor one before what a contract, a
# form or a device has ("model contracts", "model withdrawal form", "what model of device", "hardware model").
_NOT_AI_MODEL = "".join(f"(?<!{word} )" for word in ("device", "car", "phone", "vehicle", "business", "service", "role",
                                                      "pricing", "subscription", "operating", "revenue", "delivery",
                                                      "hardware"))
_NOT_AI_MODEL_AFTER = (r"(?!\s+(?:contracts?|contractual|clauses?|forms?|privacy forms?|numbers?|withdrawal|years?"
                       r"|of\s+(?:your\s+|the\s+|a\s+|an\s+)?(?:device|phone|car|vehicle|computer|browser|hardware|handset)))")
AI = re.compile(
    r"\b(artificial[- ]intelligence|(?<![\w./@-])(?:a\.?i\.?|ais)(?![\w/])|(?<![\w./@-])(?:ai/ml|ml/ai)|ai-(powered|generated|based|driven|enabled|enhanced|assisted)|gen ?ai|generative"
    r"|machine[- ]learning|deep[- ]learning|large[- ]language[- ]models?|llms?|foundation[- ]models?|neural[- ]networks?"
    r"|meta ai|duck\.ai|gemini|copilot|grok|chatgpt|gpt-?\d|claude|llama|chatbots?|ai models?|ai features?|ai systems?"
    r"|ai[- ]assistants?|ai[- ]tools?|ai[- ]at[- ]meta|language models?|" + _NOT_AI_MODEL + r"models?" + _NOT_AI_MODEL_AFTER + r"|apple intelligence|firefly|midjourney|stable diffusion|dall[- ]?e|sora|mistral ai|deepseek|perplexity|bard|openai|anthropic)\b",
    re.I,
)
STRONG_AI = re.compile(
    r"\b(artificial[- ]intelligence|generative|gen ?ai|large[- ]language[- ]models?|llms?|foundation[- ]models?"
    r"|meta ai|gemini|copilot|grok|chatgpt|claude|llama|ai models?|ai features?|ai systems?|ai[- ]assistants?"
    r"|ai[- ]at[- ]meta|language models?|bing chat|duck\.ai|ai-(powered|generated|based|driven|enabled|enhanced|assisted)"
    r"|apple intelligence|firefly|midjourney|stable diffusion|dall[- ]?e|sora|mistral ai|deepseek|perplexity|bard|openai|anthropic"
    r"|(?<![\w./@-])(?:ais?|ai/ml|ml/ai)(?![\w/-]))\b",
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
PRODUCTS = re.compile(r"\b(meta ai|ai at meta|gemini|copilot|grok|chatgpt|claude|llama|generative ai|bing chat|duck\.ai|apple intelligence|firefly|midjourney|stable diffusion|dall[- ]?e|sora|mistral ai|deepseek|perplexity|bard|openai|anthropic)\b", re.I)
SAFETY = re.compile(r"\b(spam|fraud|abuse|scam|malware|security|integrity|harmful|violat\w+|detect\w*|moderat\w+|safety)\b", re.I)
RANKING = re.compile(r"\b(recommend\w*|rank\w*|feed|personali[sz]\w*|ads?|advertis\w*|relevan\w*|suggest\w*)\b", re.I)
_GENERATED = (r"ai[- ]generated|(generated|created|produced|made|manipulated|altered)( or [\w ]+)? (with|by|using|through) "
              r"(generative |an? )?(ai|artificial intelligence|generative ai)|synthetic|deepfakes?")
# Labels, disclosure and watermarks are about AI-generated content only beside words of making content
# ("disclose where personal data will be shared with third-party AI" is not such a rule).
# "A labelling word, and later on the same line a making word (or the other way round)": the first one is
# taken once and for all (an atomic group), so a long line full of one and without the other is read once,
# not once per occurrence (which held a run for minutes on a hostile page).
_LABELLING = r"(?:disclos\w+|label\w*|watermark\w*)"
_MAKING = r"(?:generat\w+|creat\w+|made|synthetic|manipulat\w+|realistic)"
GENERATED_CONTENT = re.compile(
    rf"\b(?:{_GENERATED})\b|^(?>.*?\b{_LABELLING}\b).*\b{_MAKING}\b|^(?>.*?\b{_MAKING}\b).*\b{_LABELLING}\b",
    re.I | re.M,
)
STRICT_TRAINING = re.compile(r"\b(train\w*|fine[- ]?tun\w*)\b", re.I)
# Training without an AI word: "train our systems", "for training or product improvement". Such a
# sentence is weighed like an AI sentence (with its own fact, s:train_no_ai); "train our staff" is not one.
TRAIN_SYSTEMS = re.compile(
    r"\b((train\w*|fine[- ]?tun\w*) (on |of |and improv\w+ |and improv\w+ our )?(our |its |the |their |these |such )?"
    r"(\w+ )?(systems?|algorithms?|technolog\w+|filters?|classifiers?|engines?)"
    r"|(model )?training (and|or) (product )?(improv\w+|develop\w+))\b",
    re.I,
)
# Training on people's data said without an AI word, as generative-AI services write it ("None of your code
# will ever be trained on", "we do not use your prompts for training", "trained on your content"): such a
# sentence is weighed too, unless it is about training people ("our staff are trained on data protection").
# "Enrol you in training courses" trains people, not a system.
TRAINED_ON = re.compile(r"\b(trained on|(use[sd]?|using)\b[^.;:]{0,40}?\b(for|to|in) (the )?train\w*\b"
                        r"(?! (courses?|sessions?|lessons?|workshops?|certifications?|programmes?|programs?|classes|modules?)\b)"
                        r"|train\w* (on|with) (your|their|users?|customers?|personal))\b", re.I)
# AI features named without an AI word: voice assistants, speech to text, machine translation of people's messages.
ASSISTANT = re.compile(r"\b((virtual|voice|digital|smart) assistants?|hey google|ok google|alexa|siri|cortana"
                       r"|(speech|voice)[- ]to[- ]text|transcri(be|bes|bed|bing|ption|ptions)|speech recognition"
                       r"|voice recognition|(automatic|machine|auto)[- ]?translat\w+)\b", re.I)
STAFF = re.compile(r"\b(employees?|staff|personnel|workforce|team members?|contractors?|representatives?|workers?)\b", re.I)
GLUED = re.compile(r"\b[a-z]{3,}[A-Z][a-z]{2,}")  # "checkSafety", "passkeysCommunity": menu items run together
MEANINGFUL = re.compile(r"\b(not|no|never|cannot|\w+n[’']t|only|may|will|must|including|except|without|unless|opt|object)\b", re.I)
# A footnote's marker: "[1]", "[^1]", "¹", "<sup>1</sup>". Not part of what a sentence says.
FOOTNOTE = re.compile(r"\[\^?\d{1,3}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|<sup>\s*\[?\^?\d{1,3}\]?\s*</sup>", re.I)
# A sentence ends at a full stop before a capital or a number, in bold or not ("… etc. **1.5.** Your use"), and
# after the footnote marker that follows it ("purposes.[1] These"): the marker goes with the split.
SENTENCE = re.compile(r"(?<=[.!?;])(?:\[\^?\d{1,3}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|<sup>\s*\[?\^?\d{1,3}\]?\s*</sup>)*[*_]*\s+"
                      r"(?=[*_]*[A-Z0-9\"'(“])|\n+")
# Negations written short, as comparison_key spells them out: "don't" is "do not", "won't" "will not", "cannot" "can not".
CONTRACTED = re.compile(r"\b(\w+?)n[’'‘`´\ufffd]t\b")
# The same negations with the apostrophe lost: a page read under another character set, or by an older optout,
# reads "We dont" or "We don\ufffdt" where it read "We don’t" (not "cant" or "wont": words of their own).
BARE_CONTRACTED = re.compile(r"\b(do|does|did|is|are|was|were|has|have|had|would|should|could|must|need)nt\b")
IRREGULAR = {"wo": "will", "ca": "can", "sha": "shall"}
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\\?\[email\s+protected\\?\]")
BREAK = re.compile(r"<br\s*/?>")
# What a site adds to a link for the reader, not what the sentence says: "here (opens in a new window)", a
# "[Learn more](…)" after it.
LINK_CHROME = re.compile(r"\(?\b(?:opens? in (?:a )?new (?:window|tab)|external link)\b\)?"
                         r"|\[(?:learn more|read more|find out more|more information|more info|see more)\](?:\([^()\s]*\))?"
                         r"(?=\s*[.)]?\s*$)", re.I)  # a link after what it explains, not "[Learn more](…) about X"
# An e-mail address or a web address with a path ("privacy@openai.com", "claude.ai/settings"): a place to
# write to or go to, whose name says nothing about AI.
WEB_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", re.I)
SECTION_MARK = re.compile(r"[\s*_\\]*(\(?(?:[a-z]|[ivxlc]+|\d+))((?:\.(?:\d+|[a-z]))+)?(\\?[.)])?[\s*_\\]*(?=\s)")
# "As noted in Section 15(a)": a reference that follows the numbering, not what the clause says.
# "§" stands after a space, where "\b" never matches: it is outside the group of words.
REFERENCE = re.compile(r"(?i)((?:\b(?:sections?|articles?|clauses?|paragraphs?|parts?|schedules?|annex(?:es)?|appendix|appendices"
                       r"|exhibits?|chapters?|questions?|faqs?)|§)\s*)(?:no\.?\s*)?\d+(\.\d+)*(\s*\(\w{1,4}\))*")
# The marks of a list written inside a sentence, "(b) …; or (c) …", renumbered when an item is added above.
ENUMERATION = re.compile(r"(?<!\S)\(?(?:[ivxlc]+|[a-z]|\d{1,2})\)(?!\S)")
# A mark glued to the quotation it numbers ("(l)“Processor” means"): a space put after it is no rewording. Dropped
# from the reasons only (`classify`), not from what the model was trained on (`changes`): read as ENUMERATION in
# comparison keys, it lowered the cross-validated precision and recall.
GLUED_ENUMERATION = re.compile(r"(?<!\S)\(?(?:[ivxlc]+|[a-z]|\d{1,2})\)(?=[\"“«„])")
THRESHOLD = 0.5
REPEATS = 8  # sentences said more or fewer times beyond which a copy of the text was added or dropped
MAX_REASONS = 10  # sentences kept as a change's reasons (a rewrite may have hundreds)
LONG = 400  # combined length of two sentences above which similarity is measured on words


@dataclass
class Reason:
    kind: str  # added, removed, changed
    text: str
    score: float
    old: str = ""  # for a changed sentence: its previous wording
    # a list item's lead-in when it bans, denies or conditions the item ("Users may not:"): the item alone reads
    # as the opposite ("train AI systems using platform data"). Not a fact the model weighs.
    lead: str = ""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, **({"old": self.old} if self.old else {}),
                **({"lead": self.lead} if self.lead else {})}


# A choice a person can make: "by default" (a CONTROL word for the model) says there is one, not what it is; "object"
# only as objecting ("you can object", "object to", "right to object"), not "object code"
CHOICE = re.compile(r"\b(opt[- ]?out|opt[- ]?in|objection|object(?:s|ed|ing)? to\b|(?:you|users?|may|can|right to) object"
                    r"|withdraw|setting|turn off|disable|(?:control|choose|decide) whether)\b", re.I)


# Training named without the word, for a summary's topic: data sets for AI, developing or improving AI models
# ("for use in datasets utilized by Generative AI Programs, in the development of Generative AI Programs", "the
# development and enhancement of our machine-learning models", "to develop and improve AI at Meta").
TRAINING_TOPIC = re.compile(r"\b(datasets?|data sets?|(?:develop(?!er)|improv|enhanc(?!ed))\w*"
                            r"(?:[ ,]+(?!(?:with|in|by|to|for|as|such|like|including|responsible)\b)[\w’'-]+){0,4}?[ ,]+(?:AI|artificial intelligence"
                            r"|generative|machine[- ]learning|deep[- ]learning|models?|LLMs?|large language|language models?"
                            r"|neural networks?|meta ai|gemini|google ai|copilot|llama|claude|chatgpt|grok)\b)", re.I)
# "train" of people ("staff training", "training courses") or a model's own training data in a definition or a
# disclaimer ("models learn the patterns … of their input training data", "limited by the data used to train them")
# is no training on people's data
PEOPLE_TRAINING = re.compile(
    r"\b(?:(?:staff|employee|team|personnel|workforce)s?['’]? train\w*|train\w* (?:courses?|sessions?|programmes?"
    r"|programs?|workshops?|plans?|schedules?|load|zones?)|their (?:input )?training data"
    r"|train(?:s|ed|ing)? (?:all |our |its |their )?(?:support |customer )?(?:staff|employees|teams?|personnel|people"
    r"|agents|moderators|reviewers|you)|(?:staff|employees?|moderators?|reviewers?|personnel|contractors?|people"
    r"|humans?)(?: (?:are|is|was|were|will|be|been|not|never|also|all))* trained|receives? (?:\w+ )?training|training (?:on|in|about) (?:the )?(?:responsible|ethical"
    r"|safe|appropriate|proper)|data (?:that was |which was )?used to train (?:them|it))\b", re.I)
# Training of AI named as such, near its object or subject: "to train generative AI models", "the training of
# language models", "models are trained on" (not "our AI coach suggests a training plan")
TRAINS_AI = re.compile(
    r"\b(?:train|trains|trained|training|fine[- ]?tun\w*)\b(?:\W+\w+){0,8}?\W+(?:AI|artificial intelligence"
    r"|models?|machine learning|algorithms?|LLMs?|neural networks?|chat ?bots?|bots?|assistants?|systems?|engines?)\b"
    r"|\b(?:AI|models?|ML|machine[- ]learning|algorithms?)[- ](?:training|trained)\b"
    r"|\b(?:AI|models?|algorithms?|LLMs?)\b(?:\W+\w+){0,3}?\W+(?:are|is|was|were|be|been|being|gets?|got)\W+"
    r"(?:\w+\W+)?(?:trained|fine[- ]?tuned)\b", re.I)


def says_training(sentence: str) -> bool:
    """Whether a sentence says "train" or "fine-tune" of something other than people (for a summary)."""
    return bool(STRICT_TRAINING.search(PEOPLE_TRAINING.sub(" ", sentence)))


def trains_ai(sentence: str) -> bool:
    """Whether a sentence speaks of training AI itself, next to its models or systems (for choosing the sentence an
    alert quotes)."""
    return bool(TRAINS_AI.search(PEOPLE_TRAINING.sub(" ", sentence)))


def topic(sentence: str) -> str:
    """What an AI sentence is about, for a one-line summary: training, opt-out or features."""
    sentence = without_links(sentence, "").replace("[", "").replace("]", "")  # "[AI at Meta](https://…)": "AI at Meta"
    trained = says_training(sentence)
    if CHOICE.search(sentence) and (trained or AI.search(sentence)):
        return "opt-out"
    if trained or TRAINING_TOPIC.search(sentence):
        return "training"
    if (using := IMPROVING_WITH.search(sentence)) and (USER_DATA.search(using.group(0)) or PEOPLES.search(using.group(0))):
        return "training"
    return "features"


# People's data used to develop or improve a service, in a sentence judged about AI: what an AI company calls
# training ("OpenAI will not use Customer Content to develop or improve the Services")
IMPROVING_WITH = re.compile(r"\b(?:use[sd]?|using|process(?:es|ed|ing)?)\b[^.;:]{0,80}?\b(?:to|for)\s+(?:(?:help|further)\s+)?"
                            r"(?:develop|improv|enhanc)\w*\b", re.I)


@dataclass
class Result:
    changed: bool
    ai_relevant: bool
    score: float
    reasons: list[Reason] = field(default_factory=list)
    sure: bool = False  # AI-relevant with a score optout is fairly sure of (see relevance.Model.sure)
    languages: tuple[str, str] | None = None  # (old, new) when optout cannot read them (another language): not judged

    def as_dict(self) -> dict:
        return {"changed": self.changed, "ai_relevant": self.ai_relevant, "sure": self.sure, "score": round(self.score, 3),
                "reasons": [r.as_dict() for r in self.reasons],
                **({"languages": list(self.languages)} if self.languages else {})}


MARKS = re.compile(r"^(#+|[-*+]|\d+[.)])\s+", re.M)  # a heading's, or a list item's (each of a tight list too)


def sentences(text: str) -> list[str]:
    out = []
    for paragraph in paragraphs(text):
        paragraph = MARKS.sub("", paragraph)
        out += [s.strip() for s in SENTENCE.split(paragraph) if s and s.strip()]
    return out


@functools.lru_cache(maxsize=8192)
def comparison_key(sentence: str) -> str:
    """Compare text, not markup: link targets, emphasis, apostrophes and punctuation do not count.

    Memoised (a few MB at most): a changed page's sentences are keyed first by the drastic-change test
    (confirm.py), then again by `changes`; most of a page's sentences are also those of its last version."""
    text = sentence.casefold()
    if "new window" in text or "new tab" in text or "external link" in text or "[" in text:
        text = LINK_CHROME.sub(" ", text)
    text = without_links(text)
    if "[" in text or "<sup" in text or not text.isascii():
        text = FOOTNOTE.sub(" ", text)  # a footnote marker added or dropped is no rewording
    if "t" in text and (CONTRACTED.search(text) or "cannot" in text or BARE_CONTRACTED.search(text)):
        # "can't" and "can" differ by a word, not by an apostrophe: with the apostrophe gone they read as a
        # respelling, and a promise reversed as a typo fixed.
        text = CONTRACTED.sub(lambda m: IRREGULAR.get(m.group(1), m.group(1)) + " not", text).replace("cannot", "can not")
        text = BARE_CONTRACTED.sub(r"\1 not", text)
    text = text.replace("'", "").replace("’", "")
    if ")" in text:
        text = ENUMERATION.sub(" ", text)
    if "<br" in text:
        text = BREAK.sub(" ", text)  # line breaks in a table's cell: layout
    if (mark := SECTION_MARK.match(text)) and (any(c.isdigit() for c in mark.group(0)) or mark.group(3) and not mark.group(2)):
        text = text[mark.end():]  # "1.1.1", "b.3.a." or "3\." before a clause (not "e.g."): renumbered when one is added above
    key = " ".join(re.sub(r"[^\w\s]", " ", text).split())
    # "AI models" spelt out is the same promise
    return key.replace("artificial intelligence", "ai") if "artificial intelligence" in key else key


def sentence_keys(text: str) -> set[str]:
    """The distinct sentences of a text as compared (`comparison_key`): for measuring how much of a text another keeps."""
    return {key for key in map(comparison_key, sentences(text)) if key}


def _ai_word(sentence: str) -> bool:
    """Whether a sentence has a word for AI. A bare "model" in a sentence about staff ("train our support
    staff", "the model of your device") is none."""
    if "@" in sentence or "/" in sentence:
        sentence = WEB_ADDRESS.sub(" ", without_links(sentence))
    found = [m.group(0).casefold() for m in AI.finditer(sentence)]
    if found and all(word in ("model", "models") for word in found) and STAFF.search(sentence):
        return False
    return bool(found)


def about_ai(sentence: str) -> bool:
    """Whether a sentence speaks of AI (or of training systems, or of training on people's data, without an
    AI word): the sentences weighed.
    A page's menu run together ("checkSafety Settings & ToolsSafety tips…", or three links in a row) is not
    a statement."""
    return bool((_ai_word(sentence) or TRAIN_SYSTEMS.search(sentence) or ASSISTANT.search(sentence)
                 or (TRAINED_ON.search(sentence) and not STAFF.search(sentence)))
                and len(GLUED.findall(sentence)) < 3 and links_run_together(sentence) < 2)


def sentence_score(sentence: str) -> float:
    """How strongly one sentence speaks about AI use of people's data (0..1)."""
    if not AI.search(sentence):
        return 0.0
    strong = bool(STRONG_AI.search(sentence))
    training = bool(TRAINING.search(sentence))
    data = bool(USER_DATA.search(sentence))  # people's data or content, not any mention of "users"
    control = bool(CONTROL.search(sentence))
    safety = bool(SAFETY.search(sentence))
    ranking = bool(RANKING.search(sentence))
    if strong:
        score = 0.6 + 0.2 * training + 0.15 * data + 0.15 * control
        if not (training or data or control) and len(without_links(sentence).split()) < 25:
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


@functools.lru_cache(maxsize=4096)
def similarity(a: str, b: str) -> float:
    """Character similarity of two sentence keys; word similarity for long ones (cheaper, about as telling).
    Memoised: a reworded sentence is measured for pairing, for its facts and for the rules' verdict. A sentence
    of thousands of words (a page with no full stop) is measured by `align.matches`, in time close to
    linear: SequenceMatcher's grows with the product of the lengths (75 s for 160,000 words)."""
    if len(a) + len(b) <= LONG:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    x, y = a.split(), b.split()
    if len(x) * len(y) <= SMALL:
        return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    return 2 * len(matches(x, y)) / (len(x) + len(y))


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
        ratio = similarity(old_key, new_key) if len(old_key) + len(new_key) > LONG else chars.ratio()
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


@functools.lru_cache(maxsize=4096)
def _edit_words(old: str, new: str) -> str:
    """The words that differ between two wordings (memoised, as `_renamed`: a reworded sentence is asked
    whether it changed (`_reworded`), for the rules' verdict (`_changed_score`) and for its facts)."""
    return " ".join(_word_edits(comparison_key(old).split(), comparison_key(new).split()))


def _edit_speaks_of_ai(old: str, new: str) -> bool:
    """Whether the words a rewording changed speak of AI other than by a bare "model" (a "Meta Model API key", a
    "model aggregator"), or of training, developing or a choice."""
    edited = _edit_words(old, new)
    return (any(match.group(0).casefold() not in ("model", "models") for match in AI.finditer(edited))
            or any(pattern.search(edited) for pattern in (STRICT_TRAINING, DEVELOP, CONTROL)))


PIECE = re.compile(r"<br>|(?:^|\s)[*•]\s|;\s")  # where a run of text (a table cell, a list run together) breaks
RESTATED = 0.7  # how alike a piece of a removed run and a sentence of the new page are, to be the same said again
RESTATED_PIECES = 20  # AI pieces of a run looked for at most: a run that says more is not a table cell restated


def _pieces(text: str) -> dict[str, frozenset[str]]:
    """The comparison keys of a page's sentences, and of the pieces of its runs of text, with their words."""
    return {key: frozenset(key.split()) for sentence in sentences(text) for piece in PIECE.split(sentence)
            if (key := comparison_key(piece))}


def _restated(run: str, pieces: dict[str, frozenset[str]]) -> bool:
    """Whether every piece of a removed run of text that speaks of AI is still said in the new page, nearly as it
    was (a name changed: "artificial intelligence technology" → "AI at Meta")."""
    from cydifflib import SequenceMatcher

    said = [key for piece in PIECE.split(run) if about_ai(piece) and (key := comparison_key(piece))]
    if not said or len(said) > RESTATED_PIECES:
        return False

    def found(key: str) -> bool:
        if key in pieces:
            return True
        words = frozenset(key.split())
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(key)  # what SequenceMatcher learns of a text, it learns of its second one, once
        for other, its_words in pieces.items():
            if 2 * len(words & its_words) < RESTATED * (len(words) + len(its_words)):
                continue  # too few words in common to be alike: most of the page is left at this cheap test
            matcher.set_seq1(other)
            if matcher.quick_ratio() >= RESTATED and matcher.ratio() >= RESTATED:
                return True
        return False

    return all(found(key) for key in said)


# Words whose coming or going is grammar, not meaning ("no", "all", "any", "and", "or", "on", "off" and
# "in" are not among them: "opt in" and "turn off" hang on one of those).
GRAMMAR = frozenset("a an the is are was were be been like such as that which who whom of to for than this these those "
                    "it its their there also".split())
LISTING = frozenset({"and", "or", "nor", "plus"})  # a name added with one of these is one more partner, not a new name
NAME_GLUE = {"in", "of", "the", "and", "for", "by", "s", "a", "an", "to", "with", "from"}
# Capitalised, these still carry meaning: a setting "On" or "Off", "Public posts" at the start of a sentence,
# "All" of them; a region or a plan a promise is narrowed to or widened from ("your content from the EU",
# "Enterprise Customer Data"). A product is not named after a function word.
NOT_NAMES = frozenset("all any each every some none no not never only always on off yes public private everyone "
                      "nobody enabled disabled eu eea uk us usa europe european switzerland swiss california "
                      "enterprise business team teams pro plus premium free paid education edu".split())
MONTHS = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)([a-z]*)", re.I)


def _name_like(word: str) -> bool:
    """Whether a word could be part of a name: capitalised, and not a number, a date or a function word
    ("NOT", "Off", "Public")."""
    if any(c.isdigit() for c in word) or word.casefold() in NOT_NAMES or MONTHS.fullmatch(word):
        return False
    return word[0].isupper() or any(c.isupper() for c in word[1:])


@functools.lru_cache(maxsize=4096)
def _renamed(old: str, new: str) -> bool:
    """Whether the only words that changed are names (capitalised words such as "Le Chat" → "Vibe",
    "GrammarlyGO" → "Grammarly's Generative AI"): a product or company renamed, nothing else.
    A sentence in capitals has no names to tell apart. The first word of a sentence is capitalised
    whatever it is, so it counts as a name only beside another name in the same edit, as an AI product, or
    when either wording capitalises it inside the sentence too ("Public posts" → "All posts" is no rename)."""
    plain_old, plain_new = without_links(old), without_links(new)
    if any(_shouting(text) for text in (plain_old, plain_new)):
        return False
    a, b = re.findall(r"[\w’']+", plain_old), re.findall(r"[\w’']+", plain_new)
    inside = {w for words in (a, b) for w in words[1:] if w[:1].isupper()}
    def named(words, start):
        return [(w, n == 0) for n, w in enumerate(words, start) if w.casefold().strip("’'") not in NAME_GLUE]

    edits = [(named(a[i1:i2], i1), named(b[j1:j2], j1), {w.casefold() for w in a[i1:i2] + b[j1:j2]} & LISTING)
             for tag, i1, i2, j1, j2 in opcodes(a, b) if tag != "equal"]
    edits = [(x, y, listed) for x, y, listed in edits if x or y]
    if not edits:
        return False
    for x, y, listed in edits:
        if not (x and y) and listed:
            return False  # a name added to or dropped from a list ("with Microsoft and OpenAI") is a change
        edit = x + y
        if not all(_name_like(w) for w, _first in edit):
            return False
        if len(edit) == 2 and all(len(w) > 1 and w.isupper() for w, _first in edit):
            return False  # "EU" for "US": one place for another, not a new name for the same thing ("AUP" spelt out)
        sure_names = [w for w, first in edit if not first or w in inside or PRODUCTS.search(w) or
                      any(c.isupper() for c in w[1:])]
        if not sure_names:
            return False
    return True


def _shouting(text: str) -> bool:
    """Whether most of a text's letters are capitals (a licence clause in capitals, "WE WILL NOT …")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


@functools.lru_cache(maxsize=4096)
def _edit_in_context(old: str, new: str) -> str:
    """The words that differ between two wordings, each edit with the word before and after it: "in" for
    "out" means nothing alone and everything after "opt"."""
    a, b = comparison_key(old).split(), comparison_key(new).split()
    return " | ".join(" ".join(a[max(0, i1 - 1):i2 + 1] + ["/"] + b[max(0, j1 - 1):j2 + 1])
                      for tag, i1, i2, j1, j2 in opcodes(a, b) if tag != "equal")


def _edit_matters(old: str, new: str) -> bool:
    """Whether a reworded sentence changed in meaning: not only names (a product or company renamed),
    and a small edit only when the words it touches, read beside their neighbours, carry meaning for AI use
    (a new "your" alone does not; a consent, a partner or a setting turned on does)."""
    if not _edit_words(old, new) or _renamed(old, new):
        return False
    edited, around = _meant_edits(old, new)
    if not edited:
        return False  # typos fixed ("trian" → "train", "consnet" → "consent"): no keyword was added or dropped
    ratio = similarity(comparison_key(old), comparison_key(new))
    meaningful = (AI.search(edited) or TRAINING.search(edited) or CONTROL.search(around) or LEGAL_BASIS.search(edited)
                  or THIRD_PARTY.search(edited) or NUMBER_MEANING.search(around)
                  or re.search(r"\b(turn|turned|switch|switched) (on|off)\b", around)
                  or re.search(r"\b(not|no|never|only|may|will|including|except|without|all|any|on|off)\b", edited))
    if ratio >= 0.9 and not (meaningful or DATA.search(edited)):
        return False
    return not (ratio >= 0.8 and not meaningful)


_UNITS = (r"(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|percent|per cent|times|mb|gb|tb|characters?"
          r"|words?|requests?|users?)")
_MONTH = r"(?:jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)"
# A number that is meaning: an age, a period, a date, a share, a limit ("under 18", "30 days", "from 27 May",
# "until 2026"). Not one in a name ("GPT-4", "Llama 3") or a title ("our 2025 AI Transparency Report").
NUMBER_MEANING = re.compile(
    rf"\b(?:under|over|aged?|ages|older|younger|than|least|most|up to|within|after|before|from|until|till|since|by|limit\w*"
    rf"|maximum|minimum|max|min|retain\w*|retention|keep|kept|store[sd]?|delete[sd]?)\s+\d+\b"
    rf"|\b\d+\s+(?:{_UNITS}|{_MONTH})\b|\b{_MONTH}\s+\d+\b"
    rf"|\b\d{{1,2}}\s+(?:19|20)\d\d\b")  # "June 26, 2025" as compared: the year after the day
_PREFIXES = ("un", "in", "non", "dis", "im", "ir", "il", "de", "re")


def _respelt(before: list[str], after: list[str], close: float = 0.75) -> bool:
    """Whether words were replaced one for one, each by a close respelling ("trian" → "train"; similarity `close` or
    more): no negation added or dropped, no number, no word turned round by a prefix ("lawful" → "unlawful")."""
    if len(before) != len(after) or not before or _negative(before) != _negative(after):
        return False
    for x, y in zip(before, after, strict=True):
        short, long = sorted((x, y), key=len)
        if any(c.isdigit() for c in x + y) or any(long == p + short for p in _PREFIXES):
            return False
        if difflib.SequenceMatcher(None, x, y).ratio() < close:
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _meant_edits(old: str, new: str) -> tuple[str, str]:
    """(The words that differ, each edit with a word either side) as `_edit_words` and `_edit_in_context`,
    without the typos fixed or made: a misspelt keyword fixed is no keyword added."""
    a, b = comparison_key(old).split(), comparison_key(new).split()
    words, contexts = [], []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal" or _respelt(a[i1:i2], b[j1:j2]):
            continue
        words += a[i1:i2] + b[j1:j2]
        contexts.append(" ".join(a[max(0, i1 - 1):i2 + 1] + ["/"] + b[max(0, j1 - 1):j2 + 1]))
    return " ".join(words), " | ".join(contexts)


def _numbers_only(old: str, new: str) -> bool:
    """Whether a reworded sentence changed only numbers that name or point (a version, a year in a title),
    not an age, a period or a date (`NUMBER_MEANING`)."""
    edited, around = _meant_edits(old, new)
    return bool(edited) and all(w.isdigit() for w in edited.split()) and not NUMBER_MEANING.search(around)


# Words a slip leaves out or in ("data we use train our models"), and words whose swap is no slip: whose data or
# models a sentence speaks of ("our" → "your").
_SLIP_GLUE = frozenset({"to", "a", "an", "the", "of"})
_PERSONS = frozenset({"we", "us", "our", "ours", "you", "your", "yours", "they", "them", "their", "theirs", "its", "his",
                      "her", "my", "i", "me"})


def _slip_mended(old: str, new: str) -> bool:
    """Whether a reworded sentence only had a slip mended: a small word put in or taken out, words swapped one for one
    for a close spelling ("data we use train out models" → "data we use to train our models"); no negation, number,
    person or prefix turned."""
    a, b = comparison_key(old).split(), comparison_key(new).split()
    edits = [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in opcodes(a, b) if tag != "equal"]
    if not edits:
        return False
    for before, after in edits:
        if not before or not after:
            if not set(before + after) <= _SLIP_GLUE:
                return False
        elif not _respelt(before, after, close=0.6) or any(
                min(len(x), len(y)) < 3 or x in _PERSONS and y in _PERSONS for x, y in zip(before, after, strict=True)):
            return False
    return True


def _unsure_edit(change: Change) -> bool:
    """Whether a reworded sentence is one the model may weigh as about AI but optout is never sure of: numbers that
    name or point ("GPT-4" → "GPT-5", "our 2025 report" → "2026"), or a slip mended ("data we use train out models" →
    "data we use to train our models": Grok, December 2025), the same sentence that the model weighs as new words
    about training."""
    return change.kind == "changed" and (_numbers_only(change.old, change.text) or _slip_mended(change.old, change.text))


def _unless_still_said(reasons: list[Reason], sure: float | None, old: str, new: str) -> list[Reason]:
    """`reasons`, with the surest ones just under `sure` while each is a sentence "removed" (or "added") that the other
    version still says, word for word as a person reads them: elsewhere, or split otherwise (Grindr's privacy policy,
    November 2024: a table's cells taken apart). Such a sentence may have moved out of its section, or be no change at
    all. It stops at the first sure reason that is not one: the change is sure then, whatever the others are (reading
    a whole version costs tens of milliseconds)."""
    if sure is None:
        return reasons
    for reason in sorted(reasons, key=lambda r: -r.score):
        if reason.score < sure or reason.kind == "changed" or not _still_said(
                reason.text, new if reason.kind == "removed" else old):
            break
        reason.score = round(sure - 0.01, 2)
    return reasons


def _still_said(sentence: str, other: str) -> bool:
    words = _words_read(sentence)
    if len(words) <= STILL_SAID:
        return False
    # Its first and last words, as written, before the whole version is read: most sentences that went, or were
    # edited, are nowhere else.
    split = words.split()
    return all(re.search(r"\W+".join(map(re.escape, end)), other, re.IGNORECASE) for end in (split[:6], split[-6:])) and (
        words in _plain_words(other))


STILL_SAID = 30  # characters of words from which a sentence found whole in the other version is still said there


def _words_read(text: str) -> str:
    """The words of `text` as a person reads them (link labels without addresses, no tags or marks), in small letters."""
    from .quotes import readable  # quotes reads sentences with this module's words

    return " " + " ".join(re.findall(r"[a-z0-9]+", readable(text).lower())) + " "


_plain_words = functools.lru_cache(maxsize=2)(_words_read)  # a version's words, read once for all its sentences


def _misspelt(old: str, new: str) -> bool:
    """Whether every edited word is only respelt ("you" for "your", "ourselves" for "our selves" aside):
    words swapped one for one, each close to the one it replaces."""
    a, b = comparison_key(old).split(), comparison_key(new).split()
    edits = [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in opcodes(a, b) if tag != "equal"]
    if any(_negative(before) != _negative(after) for before, after in edits):
        return False  # "now" for "not", "no" for "so": a word away, and the promise turned round
    edits = [(before, after) for before, after in edits if "".join(before) != "".join(after)]  # "e-mail", "email"
    if not edits:
        return True
    return all(
        len(before) == len(after)
        and not any(c.isdigit() for c in "".join(before + after))  # "2025" for "2024" is another year, not a typo
        and all(difflib.SequenceMatcher(None, x, y).ratio() >= 0.75 for x, y in zip(before, after, strict=True))
        for before, after in edits)


_AUXILIARIES = frozenset({"do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
                          "is", "are", "was", "were", "be", "been", "have", "has"})
_NEGATORS = frozenset({"not", "never", "no", "none", "neither", "nor"})


# What a negation must turn round for a sentence to say the opposite about people's data: using, training on,
# sharing or processing it, allowing that, or opting ("not use", "never be used", "can not opt out"); not "not
# available", "not be accurate", "not responsible", "not sell".
TURNABLE = frozenset({"use", "used", "uses", "using", "train", "trained", "trains", "training", "share", "shared",
                      "shares", "sharing", "process", "processed", "processes", "processing", "allow", "allowed",
                      "allows", "permit", "permitted", "permits", "opt", "opted", "include", "included"})
_BETWEEN = frozenset({"be", "been", "being", "ever", "currently", "otherwise", "knowingly", "directly"})


def governs_use(words: list[str], verbs: frozenset[str] = TURNABLE) -> bool:
    """Whether the words after a negation (as compared, `comparison_key`) start with what it turns round (`verbs`)."""
    for word in words[:4]:
        if word in _AUXILIARIES or word in _BETWEEN or word in _NEGATORS:
            continue
        return word in verbs
    return False


def turned_round(old: str, new: str) -> bool:
    """Whether a reworded sentence's only edits add or drop a negation of its use of people's data ("we do not
    use" → "we use", "will never be used" → "may be used"), turn a table's "No" to "Yes" (the row's last cell)
    or swap opt-in for opt-out: it now says the opposite."""
    a, b = comparison_key(old).split(), comparison_key(new).split()
    edits = [(a[i1:i2], b[j1:j2], a[max(0, i1 - 1):i1], a[i2:]) for tag, i1, i2, j1, j2 in opcodes(a, b) if tag != "equal"]
    for before, after, lead, rest in edits:
        words = {*before, *after}
        if (words & _NEGATORS and not words - _AUXILIARIES - _NEGATORS - {"yes"} and _negative(before) != _negative(after)
                and (governs_use(rest) or not rest and words <= {"no", "yes"})):
            continue
        if lead == ["opt"] and sorted(before + after) == ["in", "out"]:
            continue
        return False
    return bool(edits)


def _negative(words: list[str]) -> bool:
    return bool(NEGATION.search(" ".join(words)) or {"no", "none"} & set(words))


def _reworded(old: str, new: str) -> bool:
    """Whether a reworded AI sentence is a change for the model to weigh: any edit of its words but a rename
    or a respelling that _edit_matters finds meaningless. Other small edits are weighed too (e:small,
    e:off_ai) rather than dropped: a service or a data category added to an AI clause is a small edit, and
    dropping those left recall below 0.95."""
    if not _edit_words(old, new) or _renamed(old, new) or comparison_key(_plain(old)) == comparison_key(_plain(new)):
        return False
    if set(_edit_words(old, new).split()) <= GRAMMAR:
        return False  # "such as" for "like", "than is necessary" for "than necessary"
    return _edit_matters(old, new) or not _misspelt(old, new)


def _plain(sentence: str) -> str:
    """A sentence without what it points to: the e-mail address it gives (or the "[email protected]" a page
    shows until a script swaps the address in), the section number it cites ("as noted in Section 15(a)").
    A new address or section number is a change of the text, not of what the sentence says about AI."""
    return REFERENCE.sub(lambda m: m.group(1).strip(), ADDRESS.sub("email", sentence))


def _changed_score(old: str, new: str) -> float:
    base = max(sentence_score(old), sentence_score(new))
    if base < THRESHOLD:
        return base
    return base if _edit_matters(old, new) else 0.1


# Features of one changed sentence for the learned model (relevance.py). Each is a yes/no fact; the
# model weighs them. Changing this list means retraining (benchmarks/corpus/ai_relevance/train.py).
USER_DATA = re.compile(
    r"\b((your|their|members?['’]?|users?['’]?|customers?['’]?|creators?['’]?|people(['’]s)?) (\w+ )?(data|content|information|posts?|photos?"
    r"|images?|videos?|art|work|messages?|conversations?|chats?|prompts?|inputs?|files?|recordings?|interactions?|activity)"
    r"|personal (data|information)|user (data|content|inputs?)|customer (data|content)|business data|public (posts?|content|information)"
    r"|inputs?|prompts?|conversations?|chat history|outputs?|interactions? with|voice recordings?)\b", re.I)
# People's data named as theirs ("your code", "User Content", "customers' data", "platform data", "the content you
# submit", "your artwork", "PII", prompts); not a bare "Input" or "Output" (what the reader may not use to build a
# competing model is the service's, not people's). Wider than USER_DATA, a feature the model was trained on: for
# rules outside the model, and for what an alert quotes first.
PEOPLES = re.compile(r"\b(?:(?:your|their|users?['’]?|customers?['’]?|members?['’]?|creators?['’]?|people(?:['’]s)?"
                     r"|personal|platform)\s+(?:\w+\s+)?(?:data|content|information|posts?|photos?|images?|videos?"
                     r"|art(?:works?)?s?|works?|messages?|conversations?|chats?|prompts?|inputs?|files?|recordings?"
                     r"|interactions?|activity|materials?|property|code|queries|inquiries|uploads?|submissions?|stories"
                     r"|writing|music|voice|likeness|creations?|documents?)|(?:data|content|information"
                     r"|materials?|works?) (?:that |which )?you (?:submit|provide|upload|post|share|create|make available)"
                     r"|prompts?|conversations?|chats?|pii|personally identifiable information)\b", re.I)
DEVELOP = re.compile(r"\b(develop\w*|improv\w*|build\w*|enhanc\w*|evaluat\w*|research)\b", re.I)
NEGATION = re.compile(r"\b(not|never|no longer|cannot|\w+n[’']t|won[’']?t|don[’']?t|doesn[’']?t|without your)\b", re.I)
THIRD_PARTY = re.compile(r"\b(datasets?|scrap\w+|crawl\w*|min(e|ing)|licen[cs]\w*|third[- ]part\w+|share[sd]?|sharing)\b", re.I)
USE_VERB = re.compile(r"\b(use[sd]?|using|process\w*|analy[sz]\w*|collect\w*|access\w*|stor\w+|retain\w*)\b", re.I)
USAGE_RULE = re.compile(r"\b(do not use|you (may|must|shall) not|prohibit\w*|not permitted|you agree not|must not|may not use"
                        r"|violat\w+|comply|responsibl\w+)\b", re.I)
LEGAL_BASIS = re.compile(r"\b(legitimate interests?|consent|legal basis)\b", re.I)
COMPETE = re.compile(r"\bcompet\w*|\breverse[- ]engineer\w*|\bdistill\w*", re.I)
MARKUP = re.compile(r"<br>|\||!\[|\]\(")
AUTOMATION = re.compile(r"\b(robots?|spiders?|scrapers?|bots?|agents?|agentic|automated|scripted|programmatic\w*)\b", re.I)
ML = re.compile(r"\b(machine[- ]learning|deep[- ]learning|neural[- ]networks?|algorithm\w*)\b", re.I)
# Disclaimers on what AI produces ("verify any AI outputs", "may be inaccurate", "hallucinations"): about the
# service's answers, not about people's data.
DISCLAIMER = re.compile(r"\b(inaccura\w*|incomplete|hallucinat\w*|errors?|mistakes?|as[- ]is|verify|reliab\w*"
                        r"|warrant\w*|not responsible|no responsibility)\b", re.I)
_SENTENCE_FACTS = (
    ("strong", STRONG_AI), ("ml", ML), ("product", PRODUCTS), ("train", STRICT_TRAINING), ("develop", DEVELOP),
    ("user_data", USER_DATA), ("data", DATA), ("control", CONTROL), ("negation", NEGATION), ("third_party", THIRD_PARTY),
    ("use_verb", USE_VERB), ("usage_rule", USAGE_RULE), ("legal_basis", LEGAL_BASIS), ("safety", SAFETY),
    ("ranking", RANKING), ("generated", GENERATED_CONTENT), ("compete", COMPETE), ("markup", MARKUP),
    ("automation", AUTOMATION), ("assistant", ASSISTANT), ("disclaimer", DISCLAIMER),
)
_PAIRS = (("strong", "train"), ("strong", "user_data"), ("strong", "develop"), ("strong", "control"), ("strong", "third_party"),
          ("strong", "negation"), ("strong", "use_verb"), ("strong", "usage_rule"), ("strong", "generated"), ("strong", "legal_basis"),
          ("train", "user_data"), ("train", "negation"), ("train", "control"), ("train", "third_party"), ("ml", "train"),
          ("ml", "user_data"), ("develop", "user_data"), ("user_data", "control"), ("product", "user_data"), ("product", "use_verb"),
          ("train", "usage_rule"), ("third_party", "user_data"), ("automation", "usage_rule"),
          ("strong", "compete"), ("ml", "ranking"), ("strong", "automation"), ("assistant", "user_data"))
_EDIT_FACTS = (("ai", AI), ("train", STRICT_TRAINING), ("develop", DEVELOP), ("user_data", USER_DATA), ("control", CONTROL),
               ("negation", NEGATION), ("meaningful", MEANINGFUL))
FEATURES: tuple[str, ...] = (
    *(f"kind:{k}" for k in ("added", "removed", "changed")),
    *(f"s:{name}" for name, _ in _SENTENCE_FACTS),
    *(f"s:{a}+{b}" for a, b in _PAIRS),
    "s:weak_only", "s:train_no_ai", "s:bare", "s:menu", "s:short", "s:long", "s:titlecase",
    "s:rule>=0.5", "s:rule>=0.75", "s:rule>=0.9",
    *(f"e:{name}" for name, _ in _EDIT_FACTS),
    "e:small", "e:names_only", "e:off_ai",
)


def features(kind: str, text: str, old: str = "") -> list[str]:
    """The facts the model weighs for one added, removed or changed sentence (its current wording, or
    the removed one; for a changed sentence also what its edit touched)."""
    facts = {name for name, pattern in _SENTENCE_FACTS if pattern.search(text)}
    active = [f"kind:{kind}", *(f"s:{name}" for name in sorted(facts))]
    active += [f"s:{a}+{b}" for a, b in _PAIRS if a in facts and b in facts]
    words = len(without_links(text).split())
    if not AI.search(text):
        active.append("s:train_no_ai")
    elif "strong" not in facts:
        active.append("s:weak_only")
    if "strong" in facts and not facts & {"train", "develop", "user_data", "control", "third_party", "use_verb"}:
        active.append("s:bare")  # AI named, but nothing about training, using or people's data, or a choice
    if len(GLUED.findall(text)) >= 2:
        active.append("s:menu")
    if words < 8:
        active.append("s:short")
    if words > 60:
        active.append("s:long")
    plain = re.findall(r"[^\W\d_][\w’'-]*", without_links(text))
    if len(plain) >= 4 and sum(w[0].isupper() for w in plain) >= 0.5 * len(plain):
        active.append("s:titlecase")  # a heading, a menu, a list of product names: not a statement about data
    rule = sentence_score(text) if kind != "changed" else _changed_score(old, text)  # the hand-written rules' verdict
    active += [f"s:rule>={cut}" for cut in ("0.5", "0.75", "0.9") if rule >= float(cut)]
    return active + (_edit_facts(old, text) if kind == "changed" else [])


def _edit_facts(old: str, new: str) -> list[str]:
    """What the edit of a reworded sentence touched."""
    edited = _edit_words(old, new)
    active = [f"e:{name}" for name, pattern in _EDIT_FACTS if pattern.search(edited)]
    if similarity(comparison_key(old), comparison_key(new)) >= 0.9:
        active.append("e:small")
    if _renamed(old, new):
        active.append("e:names_only")
    if not any(f"e:{name}" in active for name in ("ai", "train", "develop", "control", "negation")):
        active.append("e:off_ai")  # the edit touched none of the words about AI, training or choice
    return active


@dataclass
class Change:
    kind: str  # added, removed, changed
    text: str
    old: str = ""
    lead: str = ""  # see Reason.lead

    def features(self) -> list[str]:
        return features(self.kind, self.text, self.old)


def _compare(old: str, new: str) -> tuple[bool, list[Change], tuple[str, str] | None]:
    """(whether the text changed, the sentences about AI that were added, removed or reworded). Sentences
    present in both versions as often, however reordered, and sentences whose words all stand unchanged in
    the other version (a sentence split, merged or reflowed) are not changes. A page that came back in another language (language.switched), or a page in
    one language other than English, changed, but optout cannot judge it: no sentence is a change about AI,
    and the third item names the two languages (else None).

    A reworded AI sentence is weighed however small its edit: the words it changed are not judged out of
    context ("in" for "out" turns "opt-in" into "opt-out", and "13" for "18" is an age limit)."""
    old_sentences, new_sentences = sentences(old), sentences(new)
    keys = {s: comparison_key(s) for s in (*old_sentences, *new_sentences)}
    old_keys = [keys[s] for s in old_sentences]
    new_keys = [keys[s] for s in new_sentences]
    old_set, new_set = set(old_keys), set(new_keys)
    old_count, new_count = Counter(old_keys), Counter(new_keys)
    # A sentence said fewer times is removed once: a promise dropped from the US section is not kept because
    # the EU section still makes it. One said more often is not added: a promise the page already makes,
    # copied into a summary ("Key points"), promises nothing new.
    removed = _fewer(old_sentences, keys, old_count, new_count)
    added = _fewer(new_sentences, keys, new_count, old_count, counted=False)
    changed = bool(removed or added) or old_keys != new_keys
    if not changed:
        return False, [], None
    languages = switched(old, new) if 2 * len(removed) > len(old_set) else None  # a switch replaces nearly every sentence
    if not languages:
        languages = _foreign(old, new)
    if languages:
        return True, [], languages
    pairs, removed, added = _pair(removed, added, keys)
    found = [Change("added", s) for s in added if about_ai(s)]
    found += [Change("removed", s) for s in removed if about_ai(s)]
    found += [Change("changed", new_s, old_s) for old_s, new_s in pairs
              if (about_ai(new_s) or about_ai(old_s)) and _reworded(old_s, new_s)]
    if found:
        old_text, new_text = _Joined(old_keys, new_count), _Joined(new_keys, old_count)
        kept = {"added": old_set, "removed": new_set, "changed": ()}
        found = [c for c in found if keys[c.text] in kept[c.kind] or not _reflowed(c, keys, old_text, new_text)]
    if found:  # two sentences joined by ", and" (or split at one): a merge whose only new words are glue
        bare = {s: _unglued(k) for s, k in keys.items()}
        old_bare, new_bare = [_unglued(k) for k in old_keys], [_unglued(k) for k in new_keys]
        old_text = _Joined(old_bare, Counter(new_bare), glued=old_keys)
        new_text = _Joined(new_bare, Counter(old_bare), glued=new_keys)
        found = [c for c in found if keys[c.text] in kept[c.kind] or not _reflowed(c, bare, old_text, new_text, keys)]
    _lead_in(found, old, new, keys)
    found += _moved_under_another_lead(old, new, keys, removed_or_added={*old_set ^ new_set})
    found += _table_cells_changed(old, new)
    return changed, found, None


GLUE = frozenset({"and", "but", "or", "however"})


def _unglued(key: str) -> str:
    return " ".join(w for w in key.split() if w not in GLUE)


def _glue(keys) -> Counter:
    # "However," opening a sentence becomes ", but" when it is joined to the one before: only the others count
    return Counter(w for key in keys for w in key.split() if w in GLUE and w != "however")


def _glue_only_added_or_dropped(key: str, covering: list[str]) -> bool:
    """Whether a sentence and the sentences it was merged from (or split into) differ in their glue words
    only one way: a merge adds ", and", a split drops it. Glue taken away and other glue put in ("train or
    develop" → "train and develop") is a rewording inside the sentence, not the join."""
    mine, theirs = _glue([key]), _glue(covering)
    return not (mine - theirs) or not (theirs - mine)


def _fewer(sentences: list[str], keys: dict[str, str], mine: Counter, theirs: Counter, counted: bool = True) -> list[str]:
    """The sentences (one per key) this version says more often than the other (`counted`) or that the other
    does not say at all. A sentence the other version says too, only less often, counts when few do: a page
    that drops or adds a second copy of its policy, a table of contents or a menu repeats dozens of sentences,
    and says nothing new in any of them."""
    out: dict[str, str] = {}
    repeated = 0
    for sentence in sentences:
        key = keys[sentence]
        if key and key not in out and mine[key] > theirs[key] and (counted or not theirs[key]):
            out[key] = sentence
            repeated += theirs[key] > 0
    if repeated > REPEATS:
        return [sentence for key, sentence in out.items() if not theirs[key]]
    return list(out.values())


LIST_ITEM = re.compile(r"^\s*([-*+]|(\d+)[.)])\s+")
# A clause numbered under the one before it ("2.2 … you will not:", then "2.2.1 Reproduce …"): an item of its lead.
CLAUSE_NUMBER = re.compile(r"^\W*(\d+(?:\.\d+)+)\.?\s")


def _leads(text: str, nested: bool = True) -> tuple[dict[str, Counter], dict[str, str], dict[str, str]]:
    """For each list item, the lines that lead into it ("We never:") as many times as it stands under each
    (as compared, `comparison_key`), the wording of each lead, and the lead of each item's first sentence (the
    one the lead-in governs: an item may go on in sentences of its own). An item that ends with a colon ("3. You may
    not:") leads the list nested under it: indented further, or, where the page lost its indents, numbered
    afresh from 1 and on in order; a numbered clause leads the clauses numbered under it (not with `nested` false:
    as the model was trained, `_moved_under_another_lead`)."""
    out: dict[str, Counter] = defaultdict(Counter)
    wording: dict[str, str] = {}
    firsts: dict[str, str] = {}
    lead, level = "", 0  # level: the heading's that leads, 0 for none or a lead-in line
    parent = None  # an item that leads the ones nested under it (see `_nested_item`)
    clause = ""  # the number of a numbered clause that leads ("2.2")

    def under(lead: str, item: str) -> None:
        out[comparison_key(item)][comparison_key(lead)] += 1
        wording.setdefault(comparison_key(lead), lead)
        firsts.setdefault(comparison_key(SENTENCE.split(item.strip(), 1)[0]), lead)

    for line in text.split("\n"):
        if not line or line.isspace():
            continue
        if (line[0] in "-*+0123456789 " or line[0] == "\t") and (item := LIST_ITEM.match(line)):
            above, parent = _nested_item(line, item, parent) if nested else (None, None)
            if above or lead:
                under(above or lead, line[item.end():])
        elif clause and (number := CLAUSE_NUMBER.match(line)) and number.group(1).startswith(clause + "."):
            under(lead, line[number.end():])
        elif line[0] == "#" and HEADING.match(line):
            # A heading that says what is done leads the list under it ("## Things we never do"); a title
            # under it ("### Examples") leaves that lead in place, one beside it ("## Contact") ends it.
            depth = len(line) - len(line.lstrip("#"))
            heading = line.lstrip("#").strip()
            parent, clause = None, ""
            if STATEMENT.search(heading):
                lead, level = heading, depth
            elif depth <= level or not level:
                lead, level = "", 0
        else:
            level, parent = 0, None
            lead = line.strip() if line.rstrip().endswith(":") else ""
            number = CLAUSE_NUMBER.match(line) if lead and nested else None
            clause = number.group(1) if number else ""
    return out, wording, firsts


# A list item that is a sentence of its own, with a subject and a modal not negated ("We may use your public posts …"),
# not the end of a lead-in item's words ("We will never:" … "sell your data"), nor a ban of its own, which a banning
# lead-in may lead ("… PROHIBITED CONDUCT AND USES:" … "You will NOT use …").
OWN_SENTENCE = re.compile(r"(?:we|you|they|i|it|(?:our|your|their|the|this|these)(?:\s+[\w’'-]+){1,3})\s+"
                          r"(?:\w+ly\s+|also\s+)?(?:may|might|will|would|can|could|shall|should|must)\b"
                          r"(?![’']t|\s+(?:not|never)\b)", re.I)


def _nested_item(line: str, item: re.Match, parent: tuple | None) -> tuple[str | None, tuple | None]:
    """(The lead of a list item nested under `parent`, an item that leads, or None; the item that leads the next
    ones): `parent` is (its words, its indent, the number of the last item under it or None). Where the page lost its
    indents, an item numbered afresh from 1 right after it is nested, and so is each numbered on from the last, unless
    it is a sentence of its own under a lead that sets no condition: after "2. We will never:", "1. sell …", "2. show
    …", the parent list goes on at "3. We may use …", whose number reads either way."""
    indent, number = len(line) - len(line.lstrip()), int(item.group(2)) if item.group(2) else None
    # a lead-in that sets a condition can lead a sentence of its own: "Unless you opt out:" … "we may share …"
    renumbered = parent and number == (parent[2] or 0) + 1 and not (
        number > 1 and OWN_SENTENCE.match(line, item.end()) and not CONDITION.search(parent[0].lower()))
    if parent and (indent > parent[1] or renumbered):
        return parent[0], (parent[0], parent[1], number)
    return None, (line[item.end():].strip(), indent, None) if line.rstrip().endswith(":") else None


# A lead-in that turns round the items under it: they are what may not be done, is prohibited, is done only on
# a condition ("Users may not:", "Unacceptable uses … include:", "Without your consent, we will not:").
BANNING = re.compile(r"\b(prohibit\w*|forbid\w*|unacceptable|not (?:be )?(?:permitted|allowed)|only|unless|except)\b", re.I)


def _lead_in(found: list[Change], old: str, new: str, keys: dict[str, str]) -> None:
    """Give each added, removed or reworded list item the lead-in it stands under (the new text's, the old one's for
    a removed item), when that lead-in bans, denies or conditions it: for the alert, which quotes it. Of a lead-in of
    several sentences, its last, which is what leads into the list."""
    if ":" not in old and ":" not in new:
        return
    leads: dict[str, dict[str, str]] = {}
    for change in found:
        side = old if change.kind == "removed" else new
        if side not in leads:
            leads[side] = _leads(side)[2]
        lead = leads[side].get(keys.get(change.text) or comparison_key(change.text), "")
        lead = [s for s in SENTENCE.split(lead) if s and s.strip()][-1:]
        if lead and denials(lead[0]):
            change.lead = lead[0].strip()


# "…, comply with the law, not harm people, and respect our guardrails": a plain "not" after a comma, before a verb of
# its own, one of a run of duties that goes on after it (", and respect"), itself after one with no subject or modal
PARALLEL_DUTY = re.compile(r"not\s+(?!to\b|only\b|be\b|limited\b)[a-z]+\b[^,:;()]*,\s*(?:and|or)\b")
OWN_CLAUSE = re.compile(r"\b(?:we|you|they|i|it|he|she|users?|customers?|licensee|may|must|shall|will|can|should|agrees?)\b",
                        re.I)
SENTENCE_WIDE_NO = re.compile(r"\b(?:no|none)\b", re.I)


def denials(lead: str) -> list[re.Match]:
    """The words that make a lead-in ban, deny or condition the items under it ("You may not:", "We will never:",
    "For example, don't use our Service to …, including:", "Only with your consent, we:"): a ban, a scope or a
    negation, but not the "not" of "not only … but also" or of "not limited to", nor a "not" that is one duty in a
    run of them ("You are free to use our Service so long as you … comply with the law, not harm people, and respect
    our guardrails:", Grok)."""
    found = [match for match in BANNING.finditer(lead)
             if not (match.group(0).lower() == "only" and lead[:match.start()].rstrip().lower().endswith("not"))]
    found += SENTENCE_WIDE_NO.finditer(lead)
    for match in NEGATION.finditer(lead):
        after = lead[match.end():].lstrip().lower()
        if after.startswith(("only ", "limited")):
            continue
        before = lead[:match.start()].rstrip()
        if match.group(0).lower() == "not" and before.endswith(",") and PARALLEL_DUTY.match(lead, match.start()):
            duty = before[:-1].rpartition(",")[2]  # the duty before this one: "comply with the law"
            if duty.strip() and not OWN_CLAUSE.search(duty):
                continue
        found.append(match)
    return found


TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
HEADING = re.compile(r"^#{1,6}\s")  # "## Things we never do", not "#AIsafety"
# A heading that says what is done with the list under it ("Things we never do"), not a title ("Examples",
# "Do Not Sell or Share My Personal Information"): one about us or you.
STATEMENT = re.compile(r"\b(we|you)\b", re.I)
TABLE_RULE = re.compile(r"^[\s|:-]+$")


def _table_rows(text: str) -> dict[tuple[str, str, str], tuple[str, str, list[str], list[str]]]:
    """Each row of each Markdown table by (the heading above the table, its heading row, the row's first cell)
    as compared (`comparison_key`): the row as a sentence that names its columns ("Data: Messages; Used to train our AI
    models?: No"), as written, its cells and the column heads. A row whose place is not unique (two tables
    alike, rows with no first cell) is left out: which row became which cannot be told."""
    out: dict[tuple[str, str, str], tuple[str, str, list[str], list[str]]] = {}
    seen: Counter = Counter()
    header: list[str] | None = None
    heads = ""  # the heading row as compared
    section = ""
    for line in text.split("\n"):
        row = TABLE_ROW.match(line) if "|" in line else None
        if row is None:
            header = None
            if HEADING.match(line):
                section = comparison_key(line)
            continue
        cells = [cell.strip() for cell in row.group(1).split("|")]
        if header is None:
            header, heads = cells, comparison_key(" ".join(cells))
        elif not TABLE_RULE.match(line) and len(cells) == len(header) and comparison_key(cells[0]):
            named = "; ".join(f"{name}: {cell}" if name else cell for name, cell in zip(header, cells, strict=True))
            place = (section, heads, comparison_key(cells[0]))
            seen[place] += 1
            out[place] = named, line, cells, header
    return {place: row for place, row in out.items() if seen[place] == 1}


def _table_cells_changed(old: str, new: str) -> list[Change]:
    """Rows of a table, changed in a cell under a column head about AI: "Used to train our AI models?" → "Yes"
    where it said "No". Alone a row ("| Messages | Yes |") says nothing about AI; with its columns named it
    does. A row that speaks of AI itself is weighed as it stands (`_compare`)."""
    if "|" not in old or "|" not in new:
        return []
    before, after = _table_rows(old), _table_rows(new)
    found = []
    for place in before.keys() & after.keys():
        (was, was_line, was_cells, heads), (now, now_line, now_cells, _heads) = before[place], after[place]
        if about_ai(was_line) or about_ai(now_line) or len(was_cells) != len(now_cells):
            continue  # a column added or split, under a heading row read alike: no cell can be paired
        if any(about_ai(head) and comparison_key(x) != comparison_key(y) for head, x, y in zip(heads, was_cells, now_cells, strict=True)):
            found.append(Change("changed", now, was))
    return found


def _moved_under_another_lead(old: str, new: str, keys: dict[str, str], removed_or_added: set[str]) -> list[Change]:
    """AI list items kept word for word but now under another lead-in: "use your messages to train AI models"
    moved from "We never:" to "We may:". Each reads as changed, with its lead-in, for the model to weigh."""
    if ":" not in old and ":" not in new and "#" not in old and "#" not in new:
        return []
    (before, old_wording, _firsts), (after, new_wording, _firsts) = _leads(old, nested=False), _leads(new, nested=False)
    texts = {key: sentence for sentence, key in keys.items()}
    found = []
    for key in before.keys() & after.keys():
        gone, come = before[key] - after[key], after[key] - before[key]
        if key in removed_or_added or not (gone and come) or not about_ai(item := texts.get(key, key)):
            continue
        was_lead, now_lead = old_wording[next(iter(gone))], new_wording[next(iter(come))]
        was, now = (f"{lead}{'' if lead.endswith(':') else ':'} {item}" for lead in (was_lead, now_lead))
        # Only a lead-in turned round: "We never:" → "We may:", not "We do not:" → "We will not:".
        if _stance(was_lead) != _stance(now_lead) and _reworded(was, now):
            found.append(Change("changed", now, was))
    return found


PERMISSION = re.compile(r"\b(may|can|might|could|allowed|permitted|free to)\b")
CONDITION = re.compile(r"\b(only|unless|except|without|if|where)\b")
OPTING = re.compile(r"\bopt\w* ?(in|out)\b")


def _stance(lead: str) -> tuple:
    """What a list's lead-in says of its items: negated or not, a permission or not, on a condition or not,
    and which way one opts ("in" or "out"). Two lead-ins with one stance are one promise reworded."""
    key = comparison_key(lead)
    return (_negative(key.split()), bool(PERMISSION.search(key)), bool(CONDITION.search(key)),
            frozenset(OPTING.findall(key)), "consent" in key)


class _Joined:
    """One version's sentence keys run together, knowing where each sentence starts and whether the other
    version still has it as often (`other`: how often the other version says each sentence)."""

    def __init__(self, keys: list[str], other: Counter, glued: list[str] | None = None):
        # `glued`: the keys as written, when these are the keys without glue words (see _unglued)
        self.glued = [g for k, g in zip(keys, glued, strict=True) if k] if glued is not None else None
        self.keys = [k for k in keys if k]
        self.text = f" {' '.join(self.keys)} "
        self.starts, at = [], 1
        for key in self.keys:
            self.starts.append(at)
            at += len(key) + 1
        self.other = other
        self.count = Counter(self.keys)

    def _spans(self, key: str):
        """(first sentence, last sentence, whether it starts and ends with them) of each place `key` stands."""
        needle = f" {key} "
        at = self.text.find(needle)
        while at >= 0:
            first = bisect_right(self.starts, at + 1) - 1
            last = bisect_right(self.starts, at + len(key)) - 1
            yield first, last, self.starts[first] == at + 1 and (
                last + 1 == len(self.starts) or self.starts[last + 1] == at + len(key) + 2)
            at = self.text.find(needle, at + 1)

    def whole(self, key: str) -> bool:
        """Whether `key` is one or more of these sentences run together."""
        return any(aligned for _first, _last, aligned in self._spans(key))

    def holds(self, key: str, other: _Joined, glued: str = "") -> bool:
        """Whether `key`'s words stood here, in order, only in sentences the other version no longer has, and
        those were merged into it (it is them, run together) or split into it (each of them is sentences of the
        other version, run together). Words found inside a sentence that is still there were written again,
        not moved: "We use your posts to train AI." added beside an unchanged "For users under 18, we use your
        posts to train AI only with consent."; words of a sentence cut short were not moved either."""
        for first, last, aligned in self._spans(key):
            covering = self.keys[first:last + 1]
            # One copy of a sentence the page says three times can be merged: the other two stay.
            if any(self.other[k] >= self.count[k] for k in covering):
                continue
            if self.glued is not None and not _glue_only_added_or_dropped(glued, self.glued[first:last + 1]):
                continue
            if aligned or all(other.whole(k) for k in covering):
                return True
        return False


def _reflowed(change: Change, keys: dict[str, str], old_text: _Joined, new_text: _Joined,
              glued: dict[str, str] | None = None) -> bool:
    """Whether a sentence was only split, merged or reflowed (_Joined.holds). For a reworded sentence both
    wordings must be: one that only lost words (a condition such as "only if you opt in" cut off its end)
    stands whole in the old text, but the old one is nowhere in the new text, and that is a change.
    `glued`: the keys as written, when `keys` are without glue words."""
    glued = glued or {}
    text, old = change.text, change.old
    if change.kind == "removed":
        return new_text.holds(keys[text], old_text, glued.get(text, ""))
    if change.kind == "added":
        return old_text.holds(keys[text], new_text, glued.get(text, ""))
    return (old_text.holds(keys[text], new_text, glued.get(text, ""))
            and new_text.holds(keys[old], old_text, glued.get(old, "")))


def _foreign(old: str, new: str) -> tuple[str, str] | None:
    """(language, language) when both versions are in one language other than English: the words optout
    looks for are English, so "not about AI" would be a guess. A short side too small to tell counts as
    written in the language of the two together; two short texts together, by a few words (a paragraph in
    German is no more English for being short)."""
    before = language(old)
    if before == "en":  # most pages: one look
        return None
    after = language(new)
    if after == "en" or before and after and before != after:
        return None
    if before and after:
        both = before
    else:
        together = f"{old[:SAMPLE // 2]}\n\n{new[:SAMPLE // 2]}"
        both = language(together) or language(together, at_least=SHORT_AT_LEAST)
    if both in (None, "en") or {before, after} - {both, None}:
        return None
    return both, both


def changes(old: str, new: str) -> tuple[bool, bool, list[Change]]:
    """What the training scripts weigh: (whether the text changed, whether any AI sentence changed, those
    sentences)."""
    changed, found, _languages = _compare(old, new)
    return changed, bool(found), found


def _respaced(old: str, new: str) -> bool:
    """Whether two wordings differ only in a space after a list mark glued to a quotation ("(l)“Processor”")."""
    return comparison_key(GLUED_ENUMERATION.sub(" ", old)) == comparison_key(GLUED_ENUMERATION.sub(" ", new))


def _kept(relevant: list[Reason]) -> list[Reason]:
    """The reasons a change keeps, the surest first: of more than MAX_REASONS, those an alert would tell first
    (`telling.ordered`: a promise dropped or a permission granted before a sentence the model is surer of), so that
    a promise removed in a rewrite (Lovable's "We will not use raw or identifiable PII for model training", 17th by
    score) is not lost before anyone is told of it."""
    if len(relevant) <= MAX_REASONS:
        return relevant
    from .telling import ordered  # it weighs reasons by what they do to people's data, and reads this module

    said = [reason.as_dict() for reason in relevant]
    told = ordered(said)[:MAX_REASONS]
    if not any(one is said[0] for one in told):  # the surest stays: the change's verdict is its score
        told[-1] = said[0]
    first = {id(one) for one in told}
    return [reason for reason, one in zip(relevant, said, strict=True) if id(one) in first]


def classify(old: str, new: str, model=None) -> Result:
    """Judge the change from old to new: the learned model scores each AI sentence that changed; the
    change is AI-relevant when one scores at or above the model's threshold, and those are its reasons."""
    from .relevance import shipped

    model = model or shipped(FEATURES)
    changed, found, languages = _compare(old, new)
    if languages:
        return Result(changed=True, ai_relevant=False, score=0.0, languages=languages)
    from .telling import grants_training  # telling reads sentences with this module's words

    reasons, restated = [], None
    for change in found:
        if change.kind == "changed" and _respaced(change.old, change.text):
            continue
        facts = change.features()
        score = model.probability(facts)
        if model.sure_threshold is not None and not (_ai_word(change.text) or _ai_word(change.old)):
            # Training, transcription or an assistant without a word for AI reads the same as training people
            # or a human assistant: worth an alert, never a sure one.
            score = min(score, round(model.sure_threshold - 0.01, 2))
        elif model.sure_threshold is not None and _unsure_edit(change):
            score = min(score, round(model.sure_threshold - 0.01, 2))
        elif (model.sure_threshold is not None and change.kind == "changed" and turned_round(change.old, change.text)
              and says_training(change.text) and (USER_DATA.search(change.text) or PEOPLES.search(change.text))):
            # A promise about training on people's data turned round ("We do not use your posts to train" → "We
            # use …"): the plainest change there is, sure whatever the model makes of the words around it. Not one
            # about training people ("Moderators are not trained on platform documents with AI tools").
            score = max(score, model.sure_threshold)
        elif model.sure_threshold is not None and grants_training(change.kind, change.text, change.old, change.lead):
            # The platform granting itself training in words the change adds ("We may use the music and artwork you
            # upload to train our generative AI models"; Claude's "… to provide, maintain, and improve the Services,
            # including training our models"): as plain as a promise turned round, whatever the words for the data.
            score = max(score, model.sure_threshold)
        elif (model.sure_threshold is not None and change.kind == "removed" and "s:long" in facts
              and _restated(change.text, restated := _pieces(new) if restated is None else restated)):
            # A long run (a table cell of bullets) removed whose AI pieces the page still says, near enough, in
            # other places: Instagram's legal-bases table turned into lists, "Meta's artificial intelligence
            # technology" renamed "AI at Meta" (December 2025) was a sure removal of AI text it still holds.
            score = min(score, round(model.sure_threshold - 0.01, 2))
        elif (model.sure_threshold is not None and "s:long" in facts
              and ("e:off_ai" in facts or not _edit_speaks_of_ai(change.old, change.text))):
            # An edit beside the AI words of a long run of text, not of them (LinkedIn's age check added to a table
            # cell that also trains AI for security; Llama API's ban on reselling "the Meta Models or any Meta Model
            # API key", run together with a ban on training competing models): the model weighs all the run; what
            # changed may be about anything else. In a sentence of its own, such an edit widens or narrows it ("free
            # and paid accounts").
            score = min(score, round(model.sure_threshold - 0.01, 2))
        reasons.append(Reason(change.kind, change.text, score, old=change.old, lead=change.lead))
    reasons = _unless_still_said(reasons, model.sure_threshold, old, new)
    score = max((r.score for r in reasons), default=0.0)
    relevant = [r for r in sorted(reasons, key=lambda r: -r.score) if r.score >= model.threshold]
    return Result(changed=changed, ai_relevant=score >= model.threshold, score=score, reasons=_kept(relevant),
                  sure=score >= model.threshold and model.sure(score))
