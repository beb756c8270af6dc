"""The part of a policy sentence an alert quotes: readable words, cut around what changed.

An alert has room for about 160 characters of a sentence, and policy sentences run longer. Cut from the
start, a reworded sentence quotes the same opening twice when the change is at its end ("… but only if you
opt in" → "… unless you opt out"), and a sentence that opens with a link quotes the link's address instead of
what it says about AI. So a quote shows link labels without their addresses, and the window around the
words that differ from the other version (for a reworded sentence) or around the first words about AI or
training (for an added or removed one), with "…" where it was cut. The words that turn a sentence round
("does not use", "unless you opt out", "under no circumstances", "prohibited") are never the part cut away,
in a reworded sentence either: a promise quoted without its "not" reads as a permission. Pure: no Django.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from bisect import bisect_right

from .classify import AI, STRICT_TRAINING, TRAINING, TURNABLE, comparison_key, governs_use, trains_ai

MARK = "…"
# Bounded repeats: a hostile sentence of brackets costs linear time, and real labels and addresses fit.
MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}\)")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
EMPHASIS = re.compile(r"\*\*|__")
# One mark either side of words, hugging them ("_Customer support_: We use …"): not a setting's name (allow_ai_training),
# a product (2*3*4), a footnote's star ("Personal Information)\\*", "marked * exclude VAT") or an escaped mark.
SINGLE_EMPHASIS = re.compile(r"(?<![\w\\])([*_])(?=[^\s*_])([^*_\n|]{1,300}?)(?<=[^\s\\])\1(?!\w)")
# Half of an emphasis the sentence's split left on its own, at a line's start or end ("_Kivra is updating …", "… models._
# <br>Your Feedback")
SPLIT_EMPHASIS = re.compile(r"^_(?=\w)|(?<=[\w.!?:)])_$")
# An address, whose underscores and stars are its characters ("https://example.com/_ai_/training"): matched from a
# word's start only, so that a hostile run of marks without spaces costs linear time
ADDRESS = re.compile(r"((?<!\S)\S*?://\S*)")
# What is left of a link the sentence's split cut in two ("smart contracts.](https://…)[### Create …"), and a heading's
# marks in a link's label ("[### Launch AI agents](https://…)")
LINK_REMNANT = re.compile(r"\]\((?:https?://|/|#)[^()\s]{0,2000}\)|\[#{1,6} (?=\S)|(?:^|(?<=\s))#{1,6} (?=\S)")
LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
# A table's cell separators: a pipe with spaces either side, or at either end of a row
CELL = re.compile(r"(?:^|(?<=\s))\|(?=\s|$)")
# A list's bullet, where a line or a cell starts, or also a blockquote's mark where a line starts, before words or
# nothing: not a cell's "greater than" ("| > 16 years |"), nor one before a number ("> 18 may opt out")
BULLET = re.compile(r"^\s*(?:[*+-]\s+)+")
LINE_MARK = re.compile(r"^\s*(?:[*+-]\s+|>+(?:\s+(?=[^\s\d])|\s*$))+")
# An HTML tag a page left in its text: a known element's name, so that "x < y" or "<your name>" stays
TAG = re.compile(r"</?(?:span|p|div|li|ul|ol|a|b|i|u|em|strong|sup|sub|font|table|tr|td|th|tbody|thead|h[1-6]|section"
                 r"|article|small|label|blockquote)\b[^<>]{0,500}>", re.I)
# An HTML entity written out in full: with its semicolon only, so that an address's "&section=ai&region=eu" stays
# (`html.unescape` alone reads the legacy "&sect" and "&reg" in it as "§" and "®")
ENTITY = re.compile(r"&(?:[a-z][a-z0-9]{1,31}|#[0-9]{1,7}|#x[0-9a-f]{1,6});", re.I)
# Words that turn what a sentence says round: a quote keeps them when they turn round its use of people's data
# ("does not use", `governs_use`), and a way to opt, which says when it applies.
NEGATING = re.compile(r"\b(not|never|no|cannot|\w+n[’']t)\b", re.I)
# Words that put all that follows them in the sentence under a negation, a ban or a condition, whatever its verb
# ("Under no circumstances … will we … use it to train", "None of the artwork … will be used", "you are
# prohibited from …", "Only if you agree … will we use", "you may not (i) modify, … (iii) use"): a quote keeps them too.
SCOPING = re.compile(r"\b(under no circumstances|in no (?:event|case)|at no (?:time|point)|none of|neither|nor"
                     r"|only (?:if|when|where|with|after)|unless|except|excluded?|excluding|prohibit(?:s|ed|ing)?"
                     r"|forbid(?:s|den)?|not (?:be )?(?:permitted|allowed)"
                     # a ban on the reader, whatever it lists ("Except as expressly permitted, you may not (i) modify, …")
                     r"|(?:you|users?|customers?) (?:may|must|shall|will|should|can) ?not|(?:you|users?) agrees? not to)\b",
                     re.I)
TURNING = re.compile(rf"{SCOPING.pattern}|{NEGATING.pattern}|\bopt(?:s|ed|ing)?[- ]?(?:in|out)\b", re.I)
# What a negation a quote keeps may turn round: besides using, training on or sharing people's data (`TURNABLE`, which
# the classifier's features are built on), keeping or handing it on ("Berget will never store any of the actual prompt
# content", "we do not collect, use, or sell Personal Information"): quoted without it, a promise reads as a use.
KEPT = TURNABLE | frozenset({"store", "stored", "stores", "storing", "retain", "retained", "retains", "retaining", "log",
                             "logged", "logs", "logging", "keep", "kept", "keeps", "keeping", "collect", "collected",
                             "collects", "collecting", "sell", "sold", "sells", "selling", "disclose", "disclosed",
                             "discloses", "disclosing"})
LISTED = frozenset({"or", "and", "and/or", "otherwise", "in", "any", "way"})  # "may not copy, scrape or use"
# A quote keeps a negation of sending or handing data on too ("are not sent to Mozilla's servers or used for training
# purposes"): quoted without it from "… servers or used for training", a promise reads as a use. Only for quoting:
# `KEPT` is also what the judgement reads (`turned_before`, `telling._granted`), which must not move with a quote.
QUOTE_KEPT = KEPT | frozenset({"send", "sends", "sending", "sent", "transfer", "transfers", "transferred", "transferring",
                               "transmit", "transmits", "transmitted", "transmitting", "upload", "uploaded",
                               "uploads", "uploading"})
# What a negation governs through the place or party of its first verb, to a verb of using after "or" ("not sent to
# Mozilla's servers or used", "never given to advertisers, and never used"): the first verb a participle
PARTICIPLE = re.compile(r"\w{2,}(?:ed|en)|sent|sold|kept|told|held|made|put|run|shown|given|taken|read|built")
PLACE = frozenset({"to", "with", "on", "onto", "by", "from", "for", "in", "into", "outside", "within", "across", "beyond",
                   "at", "via", "through"})
PLACE_WORDS = 6  # words of the place or party, at most
_SKIPPED = frozenset({"be", "been", "being", "ever", "currently", "otherwise", "knowingly", "directly"})
# A condition or an exception a promise is made under ("we do not use … to train our models, unless you have turned
# on the Improve the Model setting", "except content you have shared publicly", "other than where you have chosen",
# "provided that you have not enabled", "without your explicit consent"): a quote of a promise shows it, for without
# it the promise reads as unconditional (`_with_condition`), and a shorter quote keeps it (`keeps`). Not in SCOPING:
# that is also what the judgement reads (`TURNING`), and a turn before the words about AI would take the place of the
# negation before it ("does not include the use of Content without prior written consent … in connection with …
# generative AI": quoted from "without", the "not" went).
CONDITION = re.compile(
    r"\b(?:unless|except|excepting|excluding|other than|save (?:for|where|as|when|if)|provided(?:,? however,?)? that"
    r"|providing that|(?:so|as) long as|only (?:if|when|where|with|after|to the extent)|to the extent (?:that )?you"
    r"|(?<!even )(?<!regardless of )if (?:you|your|we|the customer|customers?|users?)|until you|subject to"
    r"|without (?:[\w’'-]+\s+){0,3}?(?:consent|permission|authori[sz]ation|approval|agreement|opt(?:ing)?[- ]?in))\b",
    re.I)
# Where a clause ends inside a sentence (or a sentence inside what the page runs together as one: "… “crushing.”
# We also prohibit …"), so that a turn before it does not govern what comes after: a semicolon before a subject
# of its own (not one between the items of a list: "the Services; any Content …; or any data"), the end of an
# aside in brackets, a conjunction that starts a clause of its own (", and we …", ", and in all regions we …",
# "but you …", "and we will …"; not the "or" of a list, "we and our affiliates" or "including, but not limited
# to"), "however", "whereas", "although".
SUBJECT = r"(?:we|you|they|it|i|our|your|their|this|these|those)\b"
CLAUSE_BREAK = re.compile(
    rf";\s*{SUBJECT}|\)|[.!?][”\"’)]*\s+(?-i:[A-Z])|\bbut\s+{SUBJECT}"
    rf"|[,;–—]\s*(?:and|or|but|while)\s+(?:{SUBJECT}|(?:\w+\s+){{1,3}}(?:we|you|they)\s)"
    r"|\band (?:we|you|they|it|i)\s+(?:\w+\s+)?(?:will|may|can|do|does|use|shall|might|could|would|also|never|only)\b"
    r"|\b(?:however|whereas|although)\b", re.I)
ASIDE = re.compile(r"\([^()]*\)")  # an aside in brackets, closed before the span, is part of the clause


def turns_use(text: str, match: re.Match, quoting: bool = False) -> bool:
    """Whether a TURNING word in `text` scopes what follows, is a way to opt, or negates using, training on or
    sharing people's data ("Zoom does not use …", "agrees not to use", "may not copy, scrape or use"), not
    something else ("if you do not have an account", "we will not sell it, and we will use it to train").
    `quoting`, for what a quote keeps: also sending the data on, and a verb of using after the place or party of
    another (`QUOTE_KEPT`, `_through_place`)."""
    if not NEGATING.fullmatch(match.group(0)):
        return True
    if match.start() == 0 and match.group(0).lower() == "no":  # "No output … constitutes advice": all the sentence
        return True
    kept = QUOTE_KEPT if quoting else KEPT
    words = comparison_key(text[match.end():match.end() + 120]).split()
    if (governs_use(words, kept) or words[:1] == ["to"] and governs_use(words[1:], kept)  # "agrees not to use"
            or quoting and _through_place(words, kept)):
        return True
    if words[:1] == ["have"] and "right" in words[1:4]:  # "do not have an independent right to use"
        after = words[words.index("right") + 1:]
        if after[:1] == ["to"] and governs_use(after[1:], kept):
            return True
    if _aside_then_use(text, match.end(), kept):  # "will not, under any circumstances …, use"
        return True
    raw = text[match.end():match.end() + 120].split()
    for at, word in enumerate(words[:8]):  # the verbs of a list the negation governs: "copy, scrape or use"
        if governs_use([word], kept):
            return True
        listed = at + 1 < len(words) and words[at + 1] in LISTED or at < len(raw) and raw[at].endswith(",")
        if not (word in LISTED or listed):
            return False
    return False


def _through_place(words: list[str], kept: frozenset[str]) -> bool:
    """Whether the words after a negation (as compared) are a participle, the place or party it goes to or through, and
    a verb of `kept` after "or", "and" or "nor": "not sent to mozilla s servers or used for training"."""
    at = 0
    while at < min(len(words), 4) and words[at] in _SKIPPED:
        at += 1
    if at + 2 >= len(words) or not PARTICIPLE.fullmatch(words[at]) or words[at + 1] not in PLACE:
        return False
    for offset, word in enumerate(words[at + 2:at + 3 + PLACE_WORDS]):
        if word in {"or", "and", "nor"}:
            return offset > 0 and governs_use(words[at + 3 + offset:], kept)
    return False


ASIDE_REACH, ASIDE_MARKS = 200, 4  # the characters and commas of an aside between a negation and its verb, at most
WORD = re.compile(r"\w+")
ASIDE_OPENS, ASIDE_CLOSES = re.compile(r"\s*[,–—(]"), re.compile(r"[,–—)]")


def _aside_then_use(text: str, at: int, kept: frozenset[str] = KEPT) -> bool:
    """Whether an aside set off by commas, dashes or brackets opens at `at`, right after a negation, and what follows
    it is a verb of using, keeping or sharing people's data, the negation's own ("we will not, under any circumstances
    and wherever you live, use your messages to train", "we do not – ever – sell"), not a clause of its own with a
    subject ("if you do not, we use …"): written so, a promise's "not" stands far from its verb. Bounded, for a
    hostile run of "not," to cost linear time: the aside closes within `ASIDE_REACH` characters and `ASIDE_MARKS` marks."""
    opening = ASIDE_OPENS.match(text, at)
    if not opening:
        return False
    aside = text[opening.end():opening.end() + ASIDE_REACH]
    if kept.isdisjoint(WORD.findall(aside.lower())):  # no verb to govern within reach: most negations, cheaply
        return False
    for closing in itertools.islice(ASIDE_CLOSES.finditer(aside), ASIDE_MARKS):
        if CLAUSE_END.search(aside, 0, closing.start()):  # not "however", which an aside may be: "we do not, however, use"
            return False
        words = comparison_key(aside[closing.end():closing.end() + 60]).split()  # `governs_use` reads 4 words
        if governs_use(words, kept):
            return True
    return False


def _turn_before(text: str, at: int, reach: int, quoting: bool = False) -> re.Match | None:
    """The last word before `at` in `text` that turns round what follows it (see `turns_use`), if any, and if
    its clause reaches `reach` (the end of the words it would govern: a change that starts with "however" is
    out of its clause)."""
    turns = [turn for turn in _turns(text, quoting) if turn.end() <= at]
    if not turns or not _one_clause(text[turns[-1].end():reach]):
        return None
    return turns[-1]


def _one_clause(between: str) -> bool:
    """Whether the words between a turn and what it would govern stay in its clause (see CLAUSE_BREAK)."""
    while (shorter := ASIDE.sub(" ", between)) != between:  # asides within asides: "(including … (“RAG”))"
        between = shorter
    return not CLAUSE_BREAK.search(between)


def unescaped(text: str) -> str:
    """The text without Markdown's backslash escapes: a page's "<img" is stored as "\\<img"."""
    return MARKDOWN_ESCAPE.sub(r"\1", text)


def readable(text: str) -> str:
    """The sentence as a person reads it on the page: link labels without addresses, no Markdown marks, no HTML
    tags left in a page's text ("</span><li>"), its entities as the characters they stand for ("&ldquo;AI&rdquo;")."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    if "](" in text or "#" in text:
        text = LINK_REMNANT.sub(" ", text)
    if "<br" in text:  # line breaks inside a table's cell
        text = LINE_BREAK.sub("\n", text)
    text = _as_words(EMPHASIS.sub("", text))
    text = unescaped(text)
    if "<" in text:
        text = TAG.sub(" ", text)
    if "&" in text:
        text = ENTITY.sub(lambda entity: html.unescape(entity.group(0)), text)
    return " ".join(text.split())


# Markup of a page kept as its Markdown source (publishers' own repositories: GitHub's site policy, DuckDuckGo's help
# pages, Mozilla's legal documents), which their sites render away. Only what is surely markup: a brace of prose, maths
# or code ("{x}", "{feedback}") stays. Bounded repeats, for a hostile run of braces to cost linear time.
_ATTRIBUTE = r"""(?:[#.][\w-][\w.:-]{0,100}|[\w-]{1,100}(?:=(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'|[^\s"'{}]{1,300}))?)"""
# Kramdown's attribute list ("{:target="\_blank"}", "{: .note}", "{: #telemetry }", "{:toc}"), a heading's or an empty
# span's identifier and classes ("## Custom Assistants {#custom-assistants}", "\[\]{#h.lnxbz9 .anchor}"), and those of a
# link or an image ("](./media/pass.png){width=700px data-zoomable}")
ATTRIBUTES = re.compile(rf"\{{:[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE}){{0,20}}[ \t]*\}}"
                        rf"|(?:\\?\[\\?\])?\{{[#.][A-Za-z_][\w.:-]{{0,100}}(?:[ \t]+{_ATTRIBUTE}){{0,20}}[ \t]*\}}"
                        rf"|(?<=\]\()([^()\s]{{0,2000}}\))\{{{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE}){{0,20}}\}}")
# A Liquid tag ("{% ifversion ghec %}", "{% endif %}", "{% data variables.product.prodname_dotcom %}", "{% include
# nav.md %}") with the spaces before it, and a Liquid output ("{{ site.baseurl }}", "{{feedbackMessage}}")
LIQUID_TAG = re.compile(r"([ \t]*)\{%-?[ \t]*([a-z][\w-]{0,40})\b([^%{}\n]{0,300}?)[ \t]*-?%\}")
LIQUID_OUTPUT = re.compile(r"([ \t]*)\{\{-?[ \t]*[A-Za-z_][\w.-]{0,200}(?:[ \t]*\\?\|[^{}\n]{0,200}?)?[ \t]*-?\}\}")
# The product names GitHub's pages write as variables, as its docs site renders them (github/docs,
# data/variables/product.yml): "{% data variables.product.prodname_insights %} analyzes …" reads "GitHub Insights
# analyzes …". Another variable is left out, as an inserted passage ("{% data reusables.… %}") is.
GITHUB_NAMES = {"dotcom": "GitHub", "dotcom_the_website": "GitHub.com", "enterprise": "GitHub Enterprise",
                "ghe_server": "GitHub Enterprise Server", "ghe_cloud": "GitHub Enterprise Cloud", "ghe_managed": "GitHub AE",
                "ghe_one": "GitHub One", "insights": "GitHub Insights", "copilot": "GitHub Copilot",
                "copilot_short": "Copilot", "actions": "GitHub Actions", "sponsors": "GitHub Sponsors",
                "marketplace": "GitHub Marketplace", "registry": "GitHub Packages", "pages": "GitHub Pages",
                "mobile": "GitHub Mobile", "desktop": "GitHub Desktop", "cli": "GitHub CLI",
                "discussions": "GitHub Discussions"}
GITHUB_NAME = re.compile(r"variables\.product\.prodname_(\w+)")
# A link's title ("[IBM Websites](#Our_Websites "IBM Websites")"), which a browser shows on hovering, not in the text,
# and without which the link reads as its label
LINK_TITLE = re.compile(r"""(\]\([^()\s]{0,2000})[ \t]+(?:"[^"\n]{0,300}"|'[^'\n]{0,300}')\)""")
# An image, which reads as its description, inside a link too ("[![](/choices.png)](https://…)", "1.1.6![ASR & NR](…)")
IMAGE = re.compile(r"!\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}\)")


def quotable(text: str) -> str:
    """A sentence as a quote shows it: as the page reads (`readable`), also without the markup of a page kept as its
    Markdown source. Only for quoting: the judgement compares sentences as `readable` reads them, and must not move
    with what a quote shows."""
    return readable(without_source_markup(text))


def without_source_markup(text: str) -> str:
    """`text` without what a Markdown source holds for its site to render away (attributes, Liquid, link titles, an
    image's marks); its lines as they are."""
    if "{" in text:
        text = _without_liquid(text)
        text = ATTRIBUTES.sub(lambda found: found.group(1) or "", text)
    if "](" in text:
        text = IMAGE.sub(_described, LINK_TITLE.sub(r"\1)", text))
    return text


def _described(image: re.Match) -> str:
    """An image as its description, apart from what it is glued to ("**2.5.18**![ASR & NR](…)")."""
    description, before = image.group(1), image.string[image.start() - 1:image.start()]
    glued = description and before and not before.isspace() and before not in "([“\"'"
    return f" {description}" if glued else description


def _without_liquid(text: str) -> str:
    """`text` without Liquid's tags and outputs; a GitHub product's name (`GITHUB_NAMES`) as its page shows it."""
    def rendered(tag: re.Match) -> str:
        name = GITHUB_NAME.fullmatch(tag.group(3).strip()) if tag.group(2) == "data" else None
        if name and name.group(1) in GITHUB_NAMES:
            return f"{tag.group(1)}{GITHUB_NAMES[name.group(1)]}"
        return _gap(tag)

    if "{%" in text:
        text = LIQUID_TAG.sub(rendered, text)
    return LIQUID_OUTPUT.sub(_gap, text) if "{{" in text else text


def _gap(markup: re.Match) -> str:
    """What is left where `markup` (with the spaces before it, its first group) is taken out: no space before a mark or
    another space ("… provided by {% data … %}." reads "… provided by."), and one between words, which it does not glue
    together ("… Server instance{% else %}GitHub.com …": both wordings, as words)."""
    following = markup.string[markup.end():markup.end() + 1]
    if not following or following.isspace() or following in ".,;:!?)":
        return ""
    return " " if markup.group(1) or markup.string[markup.start() - 1:markup.start()].isalnum() else ""


def as_on_page(text: str) -> str:
    """A paragraph as the page shows it, for the version page's differences: link labels without their addresses,
    no emphasis marks or escapes; its lines, lists and tables kept as they are (unlike `readable`, which makes a
    sentence of them), nor a Markdown source's markup (`without_source_markup`)."""
    text = without_source_markup(text)
    if "](" in text:
        text = MARKDOWN_LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = SINGLE_EMPHASIS.sub(r"\2", EMPHASIS.sub("", text))
    return unescaped(text)


def _as_words(text: str) -> str:
    """A table row's cells and the lines of a list or a cell as a sentence: one after the other, with "; " between them
    where the first does not end a clause of its own ("Through automated means; Third-party sources"), without the
    pipes, bullets and blockquote marks that set them apart on the page, each line without its emphasis (`_unemphasised`)."""
    if "|" not in text and "\n" not in text and not LINE_MARK.match(text):
        return _unemphasised(text)
    lines = [_unemphasised((BULLET if at and not down else LINE_MARK).sub("", line).strip())  # after a pipe: a cell
             for at, cell in enumerate(CELL.split(text)) for down, line in enumerate(cell.split("\n"))]
    lines = [line for line in lines if line]
    if len(lines) > 1 and ITEM_NUMBER.fullmatch(lines[-1]):
        lines.pop()
    said = ""
    for line in lines:
        said += f"{';' if said and not said.endswith(('.', '!', '?', ':', ';', ',')) else ''} {line}"
    return said.strip()


# The number of the next item of a table's cell, left on a line of its own at the end of the sentence before it by the
# sentence's split ("Training & optimising AI models<br><br>I."): part of no sentence.
ITEM_NUMBER = re.compile(r"(?:[IVXivx]{1,4}|[A-Za-z]|\d{1,2})[.)]")


def _unemphasised(line: str) -> str:
    """A line without the single marks of emphasis around its words, nor one a sentence's split left at its start or
    end (see SINGLE_EMPHASIS, SPLIT_EMPHASIS), outside addresses."""
    if "_" not in line and "*" not in line:
        return line
    pieces = ADDRESS.split(line)  # addresses at odd places
    return "".join(piece if at % 2 else SPLIT_EMPHASIS.sub("", SINGLE_EMPHASIS.sub(r"\2", piece))
                   for at, piece in enumerate(pieces))


def as_read(old: str, new: str, read=readable) -> tuple[str, str]:
    """Two wordings of a passage as `read` shows them to people, unless that makes them one: then as stored,
    so that a change of only an escape, a mark or a link's address is still seen as a change."""
    shown = read(old), read(new)
    return shown if shown[0] != shown[1] or old == new else (old, new)


def changed_span(text: str, other: str) -> tuple[int, int]:
    """Where, in `text`, the words that differ from `other` start and end (characters): both sentences
    share the words before and after (a word spelt with another capital is the same word: `_edits`)."""
    words, others = text.split(" "), other.split(" ")
    folded, others_folded = text.casefold().split(" "), other.casefold().split(" ")
    head = 0
    while head < min(len(words), len(others)) and folded[head] == others_folded[head]:
        head += 1
    tail = 0
    while tail < min(len(words), len(others)) - head and folded[-1 - tail] == others_folded[-1 - tail]:
        tail += 1
    start = sum(len(word) + 1 for word in words[:head])
    end = len(text) - sum(len(word) + 1 for word in words[len(words) - tail:]) if tail else len(text)
    return min(start, len(text)), max(min(end, len(text)), min(start, len(text)))


# Names of companies and their AI products, which AI matches too: a sentence that names one ("Anthropic is a global
# company, … or to train our models") says what it does with people's data in other words.
NAMES = re.compile(r"meta ai|ai[- ]at[- ]meta|duck\.ai|gemini|copilot|grok|chatgpt|gpt-?\d|claude|llama|apple intelligence"
                   r"|firefly|midjourney|stable diffusion|dall[- ]?e|sora|mistral ai|deepseek|perplexity|bard|openai|anthropic",
                   re.I)


def _first_ai_words(text: str) -> re.Match | None:
    """The first words about AI in `text` that are not a company's or product's name (`NAMES`)."""
    return next((match for match in AI.finditer(text) if not NAMES.fullmatch(match.group(0))), None)


def about_ai_span(text: str) -> tuple[int, int]:
    """Where, in `text`, the first words about AI or training are (not a company's or product's name: "Mistral
    AI's business purposes"), else about developing or improving, else a name; the start when there are none. When
    the sentence speaks of training AI in a later clause than its first AI words, that clause: what a promise is
    limited to ("We use artificial intelligence tools …, but we do not collect, use, or sell Personal Information for
    the purpose of training large language models" is no promise not to collect it)."""
    words = _first_ai_words(text)
    trained = STRICT_TRAINING.search(text)
    if words and trained and trained.start() > words.end():
        later = next((match for match in STRICT_TRAINING.finditer(text, words.end())
                      if not _one_clause(text[words.end():match.start()])), None)
        if later and trains_ai(text[later.start():]):
            trained = later
            words = next((match for match in AI.finditer(text, later.end()) if not NAMES.fullmatch(match.group(0))), None)
    match = (min((m for m in (words, trained) if m), key=lambda m: m.start(), default=None)
             or TRAINING.search(text) or AI.search(text))
    if not match:
        return 0, 0
    if match is trained and words and 0 <= words.start() - match.end() <= 60:  # "train our machine learning models"
        return match.start(), words.end()
    return match.start(), match.end()


AFTER = 40  # characters after a reworded part that its quote shows when it can: a "do not" dropped is read with what
# it governed ("… and we use your uploaded artwork to train", not "… and we use …")


# Where a sentence starts inside a reason that runs several together: a table cell, or sentences whose space the
# page's markup lost ("… engage with our products.Meta does not train its AI models …"). After a word of two
# letters or more, so that "e.g. Google" and "U.S. Law" run on.
SENTENCE_START = re.compile(r"(?:(?<=[a-z][a-z][.!?])|(?<=[a-z][a-z][.!?] )|(?<=[a-z][a-z][.!?][”\"’)] ))"
                            r"(?=[“\"(]?[A-Z])")


# Where a sentence ends inside a reason that runs it into the numbered heading after it, the line break lost
# ("… train any artificial intelligence models.5.3 Rights in the Services."). Not before a capital, as
# `SENTENCE_START` is: inside brackets that is no end ("(including learning to develop artificial intelligence.The
# same shall apply hereafter)"). Nor after the abbreviation of a part or a number before its number ("as described in
# sec.5 Voice Features, until you withdraw …").
NUMBERED = "".join(rf"(?<!\b{word}\.)" for word in ("sec", "Sec", "secs", "Secs", "art", "Art", "para", "Para", "nos",
                                                     "approx"))
GLUED_END = re.compile(rf"(?<=[a-z][a-z][.!?]){NUMBERED}(?=\d+(?:\.\d+)*\.?\s+[A-Z])")


def window(text: str, span: tuple[int, int], length: int, after: int = 0) -> str:
    """At most about `length` characters of `text` that show `span` (its start, when the span is longer) and,
    when they fit, `after` characters after it, cut at spaces, with "…" where text was left out; not past the end
    of the span's sentence when the text runs a heading into it (`GLUED_END`)."""
    glued = GLUED_END.search(text, span[1])
    limit = glued.start() if glued else len(text)
    if limit == len(text) and len(text) <= length:
        return text
    return _joined(text, [_window_range(text[:limit], span, length, after)])


def _window_range(text: str, span: tuple[int, int], length: int, after: int = 0) -> tuple[int, int]:
    """Where `window` cuts `text` (characters, without the spaces at either end)."""
    if len(text) <= length:
        return 0, len(text)
    start, end = span
    room = length - 2 * (len(MARK) + 1)
    end = min(end, start + room)
    if end + min(after, len(text) - end) <= room:  # the span, and what is to show after it, fit in the opening
        begin = 0
    else:  # a third of the spare room before the span, the rest after it
        begin = max(0, min(start - (room - (end - start)) // 3, len(text) - room))
        space = text.find(" ", begin, start + 1)
        begin = space + 1 if space != -1 and begin > 0 else begin
    if starts := [match.start() for match in SENTENCE_START.finditer(text, begin, start + 1)]:
        begin = starts[-1]  # the end of the sentence before says nothing of this one
    finish = min(len(text), begin + room)
    if finish < len(text):
        space = text.rfind(" ", max(min(end, finish), begin + 1), finish + 1)
        if space == -1:  # the span itself runs past the room: cut it between words all the same
            space = text.rfind(" ", begin + 1, finish + 1)
        finish = space if space != -1 else finish
        phrase = _phrase_cut(text, begin, finish)
        finish = phrase if phrase >= end or end > finish else finish  # not into the span, unless it is cut anyway
    if (whole := _quoted_whole(text, begin, finish)) <= start:
        begin = whole
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


# Words that open a noun phrase, and words that follow one: a piece that ends on "our customer" before "service
# staff" shows a phrase the page does not say ("… and train our customer …"); one that ends before "to" does not.
DETERMINERS = frozenset({"our", "your", "their", "its", "his", "her", "my", "the", "a", "an", "any", "all", "each",
                         "every", "some", "this", "these", "those", "such"})
AFTER_PHRASE = frozenset({"to", "for", "and", "or", "of", "in", "on", "at", "with", "by", "from", "as", "into", "about",
                          "that", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been", "will",
                          "may", "can", "could", "would", "shall", "should", "must", "might", "do", "does", "did",
                          "has", "have", "had", "we", "you", "they", "it", "if", "when", "where", "unless", "but",
                          "not", "than", "under", "over", "through", "without", "within", "including", "such"})


def _phrase_cut(text: str, begin: int, finish: int) -> int:
    """Where a piece of `text` from `begin` that would end at `finish` (a space) ends instead: before the
    determiner of its last word, when that word is only the start of a noun phrase that goes on after it."""
    words = text[begin:finish].rstrip().rsplit(" ", 2)
    following = text[finish:].split(maxsplit=1)
    if len(words) < 3 or not following or words[-2].lower() not in DETERMINERS or not words[-1].isalpha():
        return finish
    if not following[0][:1].isalpha() or following[0].lower().strip(".,;:!?)”’\"'") in AFTER_PHRASE:
        return finish
    return begin + len(words[0])


CONTEXT = 3  # words kept on each side of a changed part, when a sentence's changes are quoted in parts
MAX_WORDS = 2000  # longer sentences are not diffed word by word (quadratic at worst): their changed span is quoted


def _word_starts(words: list[str]) -> list[int]:
    """Where each of a sentence's words (split at single spaces) starts, in characters."""
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return starts


@functools.lru_cache(maxsize=8)  # a long change is centred (`_telling`) and split in parts (`changed_parts`) on one diff
def _edits(text: str, other: str) -> tuple[tuple[int, int, int, int], ...]:
    """Where two wordings' words (split at spaces) differ: the ranges of the words of `text` and of `other` that were
    replaced, added or dropped. Not where a word only took or lost a capital ("documentation" → "Documentation"):
    a quote centred there shows a change that says nothing."""
    from cydifflib import SequenceMatcher

    return tuple((first, last, other_first, other_last) for tag, first, last, other_first, other_last
                 in SequenceMatcher(None, text.casefold().split(" "), other.casefold().split(" "),
                                    autojunk=False).get_opcodes()
                 if tag != "equal")


CLAUSE_END = re.compile(r"[.;:!?]\s+")


def _telling(text: str, other: str, span: tuple[int, int], room: int) -> tuple[int, int]:
    """What a quote of a change (`span`, in `text`) too long for its room is centred on: the last words about AI or
    training among the words that changed, else the last word that turns the sentence round ("… and train our
    customer service staff; to improve and develop our AI-powered virtual assistant": the assistant, not the
    staff); for a clause the change adds at the end of the sentence, its end, where it says what it is about ("…;
    provided, however; such technologies may be made available to WhatsApp users who have registered phone numbers
    with an Italian country code"); else `span`, whose start a quote shows."""
    words, others = text.split(" "), other.split(" ")
    if len(words) > MAX_WORDS or len(others) > MAX_WORDS:
        edited = [span]
    else:
        starts = _word_starts(words)
        edited = [(starts[first], starts[last - 1] + len(words[last - 1])) for first, last, _, _ in _edits(text, other)
                  if last > first]
    in_change = [(max(start, span[0]), min(end, span[1])) for start, end in edited if start < span[1] and end > span[0]]
    about = [match for low, high in in_change for pattern in (AI, STRICT_TRAINING) for match in pattern.finditer(text, low, high)
             if not NAMES.fullmatch(match.group(0))]
    # Where the change first speaks of training AI, before any later AI words: LinkedIn's "… develop and train artificial
    # intelligence (AI) models, …, and gain insights with the help of AI" is about training, not the help of AI.
    training = [match for match in about if STRICT_TRAINING.fullmatch(match.group(0)) and trains_ai(text[match.start():])]
    turns = [turn for turn in _turns(text, True) if any(low <= turn.start() < high for low, high in in_change)]
    found = max(about, key=lambda match: match.start(), default=None) or (turns[-1] if turns else None)
    if training and found.start() - (first := min(training, key=lambda match: match.start())).start() > room * 2 // 3:
        found = first  # the last AI words are too far after it to be quoted with it
    if found:
        # from where its clause starts, or the first of the words about AI before it, when that is near: "We support
        # research in areas like artificial intelligence and machine learning"
        near = max(span[0], found.end() - room * 2 // 3)
        opening = max((stop.end() for stop in CLAUSE_END.finditer(text, near, found.start())),
                      default=min((match.start() for match in about if match.start() >= near), default=found.start()))
        return opening, found.end()
    if in_change and span[1] == len(text) and in_change[-1][1] == len(text):
        return text.rfind(" ", span[0], span[1]) + 1, span[1]
    return span


def changed_parts(text: str, other: str) -> list[tuple[int, int, bool]]:
    """The parts of `text` (character spans) whose words differ from `other`, each with `CONTEXT` words
    around it, overlapping parts merged; and whether the words changed there, on either side, turn the
    sentence round or are about AI ("never" dropped, "train" added)."""
    words, others = text.split(" "), other.split(" ")
    starts = _word_starts(words)
    parts: list[list] = []
    for first, last, other_first, other_last in _edits(text, other):
        edited = " ".join((*words[first:last], *others[other_first:other_last]))
        telling = bool(TURNING.search(edited) or AI.search(edited) or TRAINING.search(edited))
        low, high = max(0, first - CONTEXT), min(len(words), max(last, first + 1) + CONTEXT)
        if parts and low <= parts[-1][1]:
            parts[-1][1] = max(parts[-1][1], high)
            parts[-1][2] = parts[-1][2] or telling
        else:
            parts.append([low, high, telling])
    return [(starts[low], starts[high - 1] + len(words[high - 1]), telling) for low, high, telling in parts]


def _joined(text: str, pieces: list[tuple[int, int]]) -> str:
    """Pieces of `text` in their order, joined with "…", and "…" where the sentence goes on."""
    pieces = sorted(pieces)
    inner = f" {MARK} ".join(text[start:end] for start, end in pieces)
    return f"{MARK + ' ' if pieces[0][0] else ''}{inner}{' ' + MARK if pieces[-1][1] < len(text) else ''}"


def _in_parts(text: str, other: str, length: int) -> str:
    """The changed parts of a long reworded sentence, joined with "…", as many as fit, those that turn the
    sentence round or are about AI first; the span from the first change to the last when they fit in one
    window."""
    span = changed_span(text, other)
    room = length - 2 * (len(MARK) + 1)
    if span[1] - span[0] <= room:
        return window(text, span, length, AFTER)
    if len(text.split(" ")) > MAX_WORDS or len(other.split(" ")) > MAX_WORDS:
        return window(text, _telling(text, other, span, room), length, AFTER)
    parts = changed_parts(text, other)
    pieces, used = [], 0
    for start, end, _told in sorted(parts, key=lambda part: not part[2]):  # stable: in order within each kind
        piece = text[start:end]
        if used + len(piece) + len(MARK) + 2 > length:
            if not pieces:  # one changed part longer than the room: around what it says, cut between words
                return window(text, _telling(text, other, (start, end), room), length)
            continue
        pieces.append((start, end))
        used += len(piece) + len(MARK) + 2
    return _joined(text, pieces)


def _around_ai(text: str, length: int) -> str:
    """An added or removed sentence, around its first words about AI, and with the last word before them
    that turns it round ("Zoom does not use … to train"), when the window around the AI words cut it off, and
    the first one after them in their clause ("… provides AI services, … is under an obligation not to use the
    data to train")."""
    span = about_ai_span(text)
    shown = _from_turn(text, span, window(text, span, length), length)
    if (after := _turn_after(text, span[1])) is None:
        return shown
    longer = _keep_turns(text, shown, span, length, [after])
    before, now = _shown(text, shown), _shown(text, longer)
    lost = [word for word in NEGATING.finditer(text, 0, span[0]) if _is_shown(before, word) and not _is_shown(now, word)]
    if lost:  # not at the cost of a "not" before them ("is not considered … AI"): both, or as it was
        return _showing(text, span, [*lost, after], length) or shown
    return longer


# A ban after the AI words ("… are prohibited from using such Content to train"), not a condition or an exception
# ("except in limited circumstances"), which would take the room of the AI words for little.
BAN = re.compile(r"\b(?:(?:is|are|be|been|strictly) prohibited|prohibited from|prohibits|forbid(?:s|den)?"
                 r"|not (?:be )?(?:permitted|allowed))\b", re.I)
AFTER_TURN = 200  # characters after the AI words within which a negation or ban is looked for


def _turn_after(text: str, at: int) -> re.Match | None:
    """The first negation or ban after `at`, in its clause and near it, that turns round the use of people's data
    (`turns_use`: "is under an obligation not to use the data to train") or denies what is done with AI ("is never
    disclosed to AI models"), if any."""
    for turn in TURNING.finditer(text, at, min(len(text), at + AFTER_TURN)):
        if not _one_clause(text[at:turn.start()]):
            return None
        if text[:turn.start()].rstrip().endswith("(") or not (NEGATING.fullmatch(turn.group(0)) or BAN.match(
                text, turn.start())):
            continue
        governed = re.split(r"[,;:()]", text[turn.end():turn.end() + 60])[0]  # the words it denies, to a comma
        if turns_use(text, turn, True) or BAN.match(text, turn.start()) or AI.search(governed) or STRICT_TRAINING.search(governed):
            return turn
    return None


def _from_turn(text: str, span: tuple[int, int], shown: str, length: int) -> str:
    """`shown` (a quote of `text` around `span`), or, when it leaves out the last word before it that turns the
    sentence round, that word in its context and the rest of the room around `span`."""
    first = shown.removeprefix(f"{MARK} ").split(f" {MARK} ")[0]
    begins = text.find(first) if shown.startswith(MARK) else 0
    turn = _turn_before(text, min(span[0], begins if begins >= 0 else span[0]), span[1], quoting=True)
    if not shown.startswith(MARK) or turn is None:
        return shown
    words = text.split(" ")
    starts = _word_starts(words)
    at, last = bisect_right(starts, turn.start()) - 1, bisect_right(starts, turn.end() - 1) - 1
    for context in (CONTEXT, 1):  # fewer words around a long turn ("you may not and shall not") in a short room
        low, high = at - context, min(len(words), last + 1 + context)
        low = 0 if low <= CONTEXT else low  # "If you do not opt out": from the sentence's start
        end = starts[high - 1] + len(words[high - 1])
        turn_span = (_quoted_whole(text, starts[low], end, QUOTATION_REACH), end)
        head = _joined(text, [turn_span]).removesuffix(f" {MARK}")
        if len(head) <= length // 2:
            break
    room = length - 2 * (len(MARK) + 1)
    if span[1] - turn_span[0] <= room or high >= len(words) or starts[high] > span[0] or len(head) > length // 2:
        return window(text, (turn_span[0], span[1]), length)  # the turn and the span in one window, from the turn
    rest = text[starts[high]:]  # the span is after the turn: the rest of the room goes to it
    tail = window(rest, (span[0] - starts[high], span[1] - starts[high]), length - len(head) - 1)
    return f"{head} {tail}"


def _shown(text: str, shown: str) -> list[tuple[int, int]]:
    """Where the pieces of `shown` (a quote of `text`) are in `text`, in characters; none when one is not found."""
    ranges, at = [], 0
    for piece in shown.removeprefix(f"{MARK} ").removesuffix(f" {MARK}").split(f" {MARK} "):
        found = text.find(piece, at)
        if found == -1:
            return []
        ranges.append((found, found + len(piece)))
        at = found + len(piece)
    return ranges


def _is_shown(ranges: list[tuple[int, int]], turn: re.Match) -> bool:
    return any(start <= turn.start() and turn.end() <= end for start, end in ranges)


@functools.lru_cache(maxsize=8)  # one quote asks it of the same two wordings several times
def _turns(text: str, quoting: bool = False) -> tuple[re.Match, ...]:
    """The words of `text` that turn round its use of people's data (see `turns_use`), outside an aside's own: an
    aside's own turn ("(except as permitted in Section 13)") qualifies the aside, whether or not it is closed.
    `quoting`, those a quote keeps, which are more than the judgement reads (`QUOTE_KEPT`)."""
    return tuple(turn for turn in TURNING.finditer(text)
                 if turns_use(text, turn, quoting) and not text[:turn.start()].rstrip().endswith("("))


def _context(text: str, turn: re.Match, words: int = CONTEXT) -> tuple[int, int]:
    """A turn with `words` words either side (from the sentence's start when it is that close to it)."""
    split = text.split(" ")
    starts = _word_starts(split)
    first, last = bisect_right(starts, turn.start()) - 1, bisect_right(starts, max(turn.end() - 1, turn.start())) - 1
    low, high = first - words, min(len(split), last + 1 + words)
    low = 0 if low <= words else low  # "If you do not opt out": from the sentence's start
    end = starts[high - 1] + len(split[high - 1])
    return _quoted_whole(text, starts[low], end, QUOTATION_REACH), end


QUOTATION_REACH = 20  # characters a piece that starts inside a quotation reaches back for its opening mark: "(“AI Providers”)"


def _quoted_whole(text: str, start: int, end: int, reach: int = 0) -> int:
    """Where a piece of `text` from `start` to `end` starts so that it does not show a quotation's closing mark
    without its opening one ("… Providers”), are strictly prohibited …", inside the alert's own marks): at the word
    of the opening mark when it is at most `reach` characters before, else after the closing mark's word."""
    closing = text.find("”", start, end)
    if closing == -1 or text.find("“", start, closing) != -1:
        return start
    opening = text.rfind("“", 0, start)
    if opening != -1 and start - opening <= reach:
        return text.rfind(" ", 0, opening) + 1
    after = text.find(" ", closing, end)
    return after + 1 if after != -1 else start


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges of a text in order, those that overlap or touch (a space apart) made one."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _showing(text: str, anchor: tuple[int, int], turns: list[re.Match], length: int,
             also: tuple[tuple[int, int], ...] = ()) -> str | None:
    """A quote of `text` around `anchor` that shows each of `turns` with the words around it, and the pieces `also`
    whole: in one window when they fit, else the turns in their context joined to a window around the anchor in the
    rest of the room; None when they do not fit at all."""
    room = length - 2 * (len(MARK) + 1)
    anchor = anchor[0], min(anchor[1], anchor[0] + room // 2)  # a long change: its start, as `window` shows it
    for words in (CONTEXT, 1):
        pieces = [*(_context(text, turn, words) for turn in turns), *also]
        low, high = min(anchor[0], *(p[0] for p in pieces)), max(anchor[1], *(p[1] for p in pieces))
        if high - low <= room:
            return window(text, (low, high), length)
        rest = length - sum(end - start + len(MARK) + 2 for start, end in pieces)
        while rest >= 30:
            shown = _joined(text, _merged([*pieces, _window_range(text, anchor, rest)]))
            if len(shown) <= length:
                return shown
            rest -= 10
    return None


def _keep_turns(text: str, shown: str, anchor: tuple[int, int], length: int, also: list[re.Match]) -> str:
    """`shown` (a quote of `text` around `anchor`), or, when it leaves out one of `also` (words that turn round
    what the sentence says), a quote that shows them too, and the turns `shown` shows."""
    ranges = _shown(text, shown)
    if not ranges or all(_is_shown(ranges, turn) for turn in also):
        return shown
    wanted = {turn.start(): turn for turn in [*also, *(turn for turn in _turns(text, True) if _is_shown(ranges, turn))]}
    return _showing(text, anchor, sorted(wanted.values(), key=lambda turn: turn.start()), length) or shown


def _matching_turns(text: str, other: str, other_shown: str) -> list[re.Match]:
    """The turns of `text` that `other_shown` (a quote of `other`, the sentence's other wording) shows too: a
    word that turns round the same words in both wordings ("isn't used for training")."""
    ranges = _shown(other, other_shown)
    found = []
    for turn in _turns(other, True):
        if not _is_shown(ranges, turn):
            continue
        governed = " ".join(other[turn.start():].split(" ")[:4])
        at = text.find(governed)
        if at != -1 and text.find(governed, at + 1) == -1:  # the same words, once in this wording
            found += [match for match in _turns(text, True) if match.start() == at]
    return found


def _reworded(text: str, other: str, length: int) -> tuple[str, tuple[int, int]]:
    """A reworded sentence's quote, and what it is around: the change, or the first part shown when the quote
    shows the change in parts; with the word that turns round each part, when it is before what is shown
    ("who do not have a right to use … the AI Assistant's records"). A change longer than half the room (what
    `_showing` keeps of it beside a turn) is around its telling words (`_telling`)."""
    span, room = changed_span(text, other), length - 2 * (len(MARK) + 1)
    if span[1] - span[0] > room // 2:
        span = _telling(text, other, span, room)
    shown = _from_turn(text, span, _in_parts(text, other, length), length)
    ranges = _shown(text, shown)
    if ranges and ranges[0][0] > span[0] and not any(start <= span[0] and span[1] <= end for start, end in ranges):
        span = ranges[0]  # the change's start is not shown
    turns = [turn for start, end in ranges if start > 0 and (turn := _turn_before(text, start, end, True)) is not None]
    return _keep_turns(text, shown, span, length, turns), span


@functools.lru_cache(maxsize=32)  # an alert is tried at shorter lengths, and judged on what it quotes at full length
def quote(text: str, other: str = "", length: int = 160) -> str:
    """The part of `text` to quote: around what differs from `other` (the sentence's other wording), or,
    with no other wording, around its first words about AI. A word that turns round what the sentence says
    about using people's data, shown in one wording's quote, is shown in the other's too. A sentence that is the
    tail of one split after a company's abbreviation (`DEFINED_NAME_FIRST`) is quoted as the rest of a sentence, and one
    split after the abbreviation before a number (`CUT_BEFORE_NUMBER`) as going on."""
    text = quotable(text)
    tail = DEFINED_NAME_FIRST.match(text) is not None
    cut = CUT_BEFORE_NUMBER.search(text) is not None
    length -= (len(MARK) + 1) * (tail + cut)
    if other:
        other = quotable(other)
        shown, span = _reworded(text, other, length)
        shown = _keep_turns(text, shown, span, length, _matching_turns(text, other, _reworded(other, text, length)[0]))
        shown = _with_ai_words(text, other, shown, length)
        shown = _with_condition(text, other, shown, span, length)
        shown = _with_date(text, shown, span, length)
    else:
        shown = _with_condition(text, "", _around_ai(text, length), about_ai_span(text), length)
        shown = _with_date(text, shown, about_ai_span(text), length)
    shown = f"{MARK} {shown}" if tail and not shown.startswith(MARK) else shown
    return f"{shown} {MARK}" if cut and not shown.endswith(MARK) else shown


# A sentence that ends on the abbreviation of a part or an amount is the start of one cut before its number, where the
# split of a page into sentences takes a full stop before a number for an end: "The basis for processing … for
# training … is Article 6 sec." (of "… Article 6 sec. 1 sent. 1 lit. a (“consent”)."), "… through the use of AI (Art."
# (of "(Art. 6 (1)(f) GDPR)"). Not "art." or "No." outside brackets, which end sentences as words ("… your art.").
CUT_BEFORE_NUMBER = re.compile(r"(?:\b(?i:secs?|paras?|approx)|\([^()]{0,80}\b(?i:arts?|nos?))\.\Z")


_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?"
          r"|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
# A day a sentence names ("On November 3, 2025, we will …", "from 27 May 2025", "effective 2025-11-03"): when its
# change takes effect is what people have until to act.
DATE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
                  rf"(?:,\s*\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})\b")


def _with_date(text: str, shown: str, anchor: tuple[int, int], length: int) -> str:
    """`shown` (a quote of `text` around `anchor`), or, when the sentence names a day that `shown` leaves out, a quote
    that shows that day too, with all that `shown` shows of what a quote must keep (`keeps`): LinkedIn's "On November
    3, 2025, we will …" was quoted from "… notice to provide information about our reliance on Legitimate Interests
    as the legal basis for training …", without the day people had until to act. As it was when they do not fit."""
    ranges = _shown(text, shown)
    day = DATE.search(text)
    if not ranges or day is None or _is_at(ranges, day.start()):
        return shown
    turns = [turn for turn in _turns(text, True) if _is_shown(ranges, turn)]
    # with the words that lead to it at the sentence's start ("On November 3, 2025,"), and its comma
    start = 0 if len(text[:day.start()].split()) <= 2 else day.start()
    end = day.end() + (text[day.end():day.end() + 1] == ",")
    wider = _showing(text, anchor, turns, length, also=((start, end),))
    if wider is None or not keeps(text, "", shown, wider):
        return shown
    # the day is worth less than what follows the words about AI (a condition, the end of a promise): those stay whole
    after = [(max(low, anchor[0]), high) for low, high in ranges if high > anchor[0]]
    wider_ranges = _shown(text, wider)
    if not all(any(low >= w_low and high <= w_high for w_low, w_high in wider_ranges) for low, high in after):
        return shown
    return wider


CONDITION_REACH = 80  # characters of a condition a quote shows, to the end of its clause at most
CONDITION_END = re.compile(r"[,;:)]\s|\s\(|[.!?][”\"’)]*(?:\s|$)")


def _with_condition(text: str, other: str, shown: str, anchor: tuple[int, int], length: int) -> str:
    """`shown` (a quote of `text` around `anchor`), or, when it shows a promise or a ban (a negation or ban that turns
    round a use of people's data) and leaves out the condition or exception that follows it and `anchor` in its
    clause ("we do not use the messages … to train our generative AI models, unless you have turned on the Improve
    the Model setting"), a quote that shows that condition too, and all that `shown` shows that a quote must keep
    (`keeps`). Quoted without it, a promise with a way round it reads as unconditional. So does a permission with the
    way out of it that follows `anchor` in its clause ("We may use your content to train our models, …, unless you
    object in your settings" `_granted_use`): quoted without it, people read of no way out. As it was when they do
    not fit."""
    ranges = _shown(text, shown)
    if not ranges:
        return shown
    turns = [turn for turn in _turns(text, True) if _is_shown(ranges, turn)]
    promises = [turn for turn in turns if NEGATING.search(turn.group(0)) or BAN.match(text, turn.start())]
    granted = None if promises else _granted_use(text, ranges, anchor)
    ends = [promise.end() for promise in promises] or ([anchor[1]] if granted else [])
    if not ends:
        return shown
    condition = next((found for found in CONDITION.finditer(text, max(ends[0], anchor[0]))
                      if not text[:found.start()].rstrip().endswith("(")
                      # in the clause, and not opening one of its own ("…, and if you cancel …, we refund …")
                      and any(at <= found.start() and _one_clause(text[at:found.end() + 1])
                              and not SENTENCE_START.search(text, at, found.start())  # "… ads.Your …"
                              for at in ends)), None)
    if condition is None:
        return shown
    end = _condition_end(text, condition)
    if any(start <= condition.start() and end <= stop for start, stop in ranges):  # not "other than where you …"
        return shown

    def told(ranges: list[tuple[int, int]]) -> int:  # how much of the condition a quote shows
        return sum(max(0, min(stop, end) - max(start, condition.start())) for start, stop in ranges)

    # not at the cost of what the promise is about: "Grammarly will not use and will not permit … without Customer's
    # prior consent" says nothing of training, nor "you will not use an LTX-Derived Model … to … except for …"
    trained = next((match.start() for match in STRICT_TRAINING.finditer(text) if _is_at(ranges, match.start())), None)
    about = [at for at in (about_ai_span(text)[0], trained) if at is not None and _is_at(ranges, at)]
    if granted:  # and what it grants, whole: "We may use your content to train our models"
        about += [at for at in (anchor[0], anchor[1] - 1) if _is_at(ranges, at)]
    grant = (_context(text, granted),) if granted else ()
    pieces = [(condition.start(), end)]
    if not granted or not told(ranges):  # a permission's way out, shown in part already: not for a word more
        pieces += [_context(text, condition), _context(text, condition, 1)]
    for piece in pieces:
        longer = _showing(text, anchor, turns, length, (*grant, piece))
        if (longer is not None and len(longer) <= length and told(now := _shown(text, longer)) > told(ranges)
                and keeps(text, other, shown, longer) and all(_is_at(now, at) for at in about)):
            return longer
    return shown


GRANT_REACH = 200  # characters before the words about AI in which a permission's verb is looked for


def _granted_use(text: str, ranges: list[tuple[int, int]], anchor: tuple[int, int]) -> re.Match | None:
    """The verb of a permission that a quote of `text` (shown in `ranges`) shows: the first verb of using, keeping,
    sharing or training on people's data (`QUOTE_KEPT`) before `anchor` (what the quote is around) in its clause, or in
    it ("We may use the content you post … to develop and train our generative AI models"); None when the sentence only
    names AI ("Our AI assistant answers …")."""
    return next((word for word in WORD.finditer(text, max(0, anchor[0] - GRANT_REACH), anchor[1])
                 if word.group(0).lower() in QUOTE_KEPT and _is_at(ranges, word.start())
                 and _one_clause(text[word.end():anchor[0]])), None)


def _condition_end(text: str, condition: re.Match) -> int:
    """Where a condition's words end: at the end of its clause, past the first two words after a condition of one
    word ("unless: (1) they are flagged …"), within `CONDITION_REACH` characters, between words; with the sentence's
    full stop when it ends there, so that its quote does not read as going on ("… in your account settings.")."""
    words = text[condition.end():].split(" ", 3)
    least = condition.end() if " " in condition.group(0) else (
        condition.end() + sum(len(word) + 1 for word in words[:3]) - 1 if len(words) > 3 else len(text))
    stop = CONDITION_END.search(text, min(least, len(text)), condition.start() + CONDITION_REACH)
    if stop and not text[stop.end():].strip():
        return len(text)
    if stop:
        return stop.start() + (text[stop.start()] == ")")
    if condition.start() + CONDITION_REACH >= len(text):
        return len(text)
    space = text.rfind(" ", condition.end(), condition.start() + CONDITION_REACH)
    return space if space != -1 else condition.end()


def keeps(text: str, other: str, full: str, short: str) -> bool:
    """Whether `short`, a quote of `text` (whose other wording is `other`, "" for an added or removed sentence) cut
    shorter than `full`, shows all that `full` shows of the words that turn it round (`TURNING`), of the
    conditions it is made under (`CONDITION`), of the words that differ from `other` or, with none, of its first words
    about AI (`about_ai_span`, what its quote is around): else the shorter quote may say the opposite of the page ("… servers or used for training purposes
    without your explicit consent" without its "not"; "OpenAI will not use …" without the "unless Customer explicitly
    agrees to such use" that was the change)."""
    text = quotable(text)
    other = quotable(other) if other else ""
    full_ranges, short_ranges = _shown(text, full), _shown(text, short)
    if not full_ranges or not short_ranges:  # a piece not found: nothing to compare it by
        return full == short
    wanted = {match.start() for pattern in (TURNING, CONDITION, DATE) for match in pattern.finditer(text)}
    if other and max(len(text.split(" ")), len(other.split(" "))) <= MAX_WORDS:
        starts = _word_starts(words := text.split(" "))
        wanted |= {starts[at] for first, last, _o, _l in _edits(text, other) for at in range(first, last) if words[at]}
    elif other:
        wanted.add(changed_span(text, other)[0])
    elif (span := about_ai_span(text))[1] > span[0]:  # an added or removed sentence: what its quote is around
        wanted.add(span[0])
    return all(_is_at(short_ranges, at) for at in wanted if _is_at(full_ranges, at))


def _is_at(ranges: list[tuple[int, int]], at: int) -> bool:
    return any(start <= at < end for start, end in ranges)


# A sentence that opens on the name it defines, in brackets, is the rest of one cut after "Inc." or "Ltd.": "This
# Privacy Policy describes Midjourney, Inc. | (“Midjourney”)’s practices with respect to personal data …"
DEFINED_NAME_FIRST = re.compile(r"\((?:[“\"‘']|\*\*)")


def _with_ai_words(text: str, other: str, shown: str, length: int) -> str:
    """`shown` (the quote of a reworded `text`, whose other wording is `other`), or, when it shows no words about AI
    and the sentence has some elsewhere, those words with a few around them, before or after a shorter quote of the
    change: a table row whose data column changed says what the data is for in another column ("… so we can build
    AI features such as … Survey and Research Data; Customer Service Data")."""
    if AI.search(shown) or TRAINING.search(shown) or not (ranges := _shown(text, shown)):
        return shown
    words = _first_ai_words(text)
    if words is None:  # only a company's name: nothing a reader would miss
        return shown
    turns = [turn for turn in _turns(text, True) if _is_shown(ranges, turn)]  # shown, they stay shown
    for around in (CONTEXT, 1):
        pieces = [_context(text, words, around), *(_context(text, turn, 1) for turn in turns)]
        rest = length - sum(end - start + len(MARK) + 2 for start, end in pieces) - 2 * (len(MARK) + 2)
        if rest < length // 2:
            continue
        changed = _shown(text, _reworded(text, other, rest)[0])
        if not changed:
            return shown
        quoted = _joined(text, _merged([*pieces, *changed]))
        if len(quoted) <= length:
            return quoted
    return shown


def turned_before(text: str, at: int) -> bool:
    """Whether a word before `at` in `text`, in its clause, turns round what is said at `at` ("does not use … to
    train", "you may not … train"): for telling a promise or a ban from a permission."""
    return _turn_before(text, at, at) is not None
