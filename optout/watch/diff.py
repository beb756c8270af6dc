"""Paragraph diffs between two versions, and their rendering as safe HTML. Pure: no Django.

Paragraphs are aligned first (`align.opcodes`, near-linear); words are compared only inside a
changed paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import escape

from .align import opcodes


@dataclass(frozen=True)
class Change:
    kind: str  # equal, added, removed, changed
    old: str = ""
    new: str = ""


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def diff(old: str, new: str) -> list[Change]:
    a, b = paragraphs(old), paragraphs(new)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            changes += [Change("equal", p, p) for p in a[i1:i2]]
        elif tag == "delete":
            changes += [Change("removed", old=p) for p in a[i1:i2]]
        elif tag == "insert":
            changes += [Change("added", new=p) for p in b[j1:j2]]
        else:
            olds, news = a[i1:i2], b[j1:j2]
            for index in range(max(len(olds), len(news))):
                o = olds[index] if index < len(olds) else ""
                n = news[index] if index < len(news) else ""
                if o and n and not _alike(o, n):  # another paragraph in its place: marked word by word, they
                    changes += [Change("removed", old=o), Change("added", new=n)]  # would read as one jumble
                else:
                    changes.append(Change("changed" if o and n else ("removed" if o else "added"), o, n))
    return changes


ALIKE = 0.5  # the share of their words two paragraphs hold in common for one to be shown as an edit of the other


def _alike(old: str, new: str) -> bool:
    """Whether two paragraphs share enough words to be shown as one paragraph edited (words in any order)."""
    a, b = Counter(old.split()), Counter(new.split())
    return 2 * sum((a & b).values()) >= ALIKE * (a.total() + b.total())


def _words(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text)


def inline_html(old: str, new: str) -> str:
    """One paragraph with <del> and <ins> marks; every piece of text is escaped."""
    return _inline(old, new, escape, "<del>{}</del>", "<ins>{}</ins>")


def inline_text(old: str, new: str) -> str:
    """One paragraph for a terminal, with removed words [-like this-] and added ones {+like this+} (git's word diff)."""
    return _inline(old, new, str, "[-{}-]", "{{+{}+}}")


def _inline(old: str, new: str, plain, removed: str, added: str) -> str:
    a, b = _words(old), _words(new)
    out = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            out.append(plain("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(removed.format(plain("".join(a[i1:i2]))))
        if j2 > j1:
            out.append(added.format(plain("".join(b[j1:j2]))))
    return "".join(out)


def changed_only(changes: list[Change], context: int = 1) -> list[Change | None]:
    """The changes with `context` unchanged paragraphs around each; None marks skipped stretches."""
    keep = set()
    for index, change in enumerate(changes):
        if change.kind != "equal":
            keep.update(range(max(0, index - context), min(len(changes), index + context + 1)))
    out: list[Change | None] = []
    last = -1
    for index in sorted(keep):
        if index != last + 1:
            out.append(None)
        out.append(changes[index])
        last = index
    return out
