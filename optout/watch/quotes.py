"""The part of a policy sentence an alert quotes: readable words, cut around what changed.

An alert has room for about 160 characters of a sentence, and policy sentences run longer. Cut from the
start, a reworded sentence quotes the same opening twice when the change is at its end ("… but only if you
opt in" → "… unless you opt out"), and a sentence that opens with a link quotes the link's address instead of
what it says about AI. So a quote shows link labels without their addresses, and the window around the
words that differ from the other version (for a reworded sentence) or around the first words about AI or
training (for an added or removed one), with "…" where it was cut. Pure: no Django.
"""

from __future__ import annotations

import re

from .classify import AI, TRAINING

MARK = "…"
# Bounded repeats: a hostile sentence of brackets costs linear time, and real labels and addresses fit.
MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}\)")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
EMPHASIS = re.compile(r"\*\*|__")


def readable(text: str) -> str:
    """The sentence as a person reads it on the page: link labels without addresses, no Markdown marks."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = MARKDOWN_ESCAPE.sub(r"\1", EMPHASIS.sub("", text))
    return " ".join(text.split())


def changed_span(text: str, other: str) -> tuple[int, int]:
    """Where, in `text`, the words that differ from `other` start and end (characters): both sentences
    share the words before and after."""
    words, others = text.split(" "), other.split(" ")
    head = 0
    while head < min(len(words), len(others)) and words[head] == others[head]:
        head += 1
    tail = 0
    while tail < min(len(words), len(others)) - head and words[-1 - tail] == others[-1 - tail]:
        tail += 1
    start = sum(len(word) + 1 for word in words[:head])
    end = len(text) - sum(len(word) + 1 for word in words[len(words) - tail:]) if tail else len(text)
    return min(start, len(text)), max(min(end, len(text)), min(start, len(text)))


def about_ai_span(text: str) -> tuple[int, int]:
    """Where, in `text`, the first words about AI (else about training) are; the start when there are none."""
    match = AI.search(text) or TRAINING.search(text)
    return (match.start(), match.end()) if match else (0, 0)


def window(text: str, span: tuple[int, int], length: int) -> str:
    """At most about `length` characters of `text` that show `span` (its start, when the span is longer),
    cut at spaces, with "…" where text was left out."""
    if len(text) <= length:
        return text
    start, end = span
    room = length - 2 * (len(MARK) + 1)
    end = min(end, start + room)
    if end <= room:  # the span fits in the sentence's opening
        begin = 0
    else:  # a third of the spare room before the span, the rest after it
        begin = max(0, min(start - (room - (end - start)) // 3, len(text) - room))
        space = text.find(" ", begin, start + 1)
        begin = space + 1 if space != -1 and begin > 0 else begin
    finish = min(len(text), begin + room)
    if finish < len(text):
        space = text.rfind(" ", max(end, begin + 1), finish + 1)
        finish = space if space != -1 else finish
    return f"{MARK + ' ' if begin else ''}{text[begin:finish].strip()}{' ' + MARK if finish < len(text) else ''}"


def quote(text: str, other: str = "", length: int = 160) -> str:
    """The part of `text` to quote: around what differs from `other` (the sentence's other wording), or,
    with no other wording, around its first words about AI."""
    text = readable(text)
    if other:
        return window(text, changed_span(text, readable(other)), length)
    return window(text, about_ai_span(text), length)
