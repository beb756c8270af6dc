"""Aligning two sequences (paragraphs, sentences, words) in time close to linear. Pure: no Django.

`difflib.SequenceMatcher` over a whole policy grows faster than quadratically with its size. Here
the common head and tail are trimmed, items that occur exactly once on each side become anchors
(patience diff: the longest run of anchors in the same order), and the stretches between anchors
are aligned the same way, recursively. Only a stretch without any anchor falls back to
SequenceMatcher, and only when it is small; a large stretch without anchors is one replacement.
The result has difflib's opcode shape: (tag, i1, i2, j1, j2).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence

import cydifflib as difflib  # difflib's algorithms compiled: the same opcodes, ~9x faster

SMALL = 40_000  # len(a) * len(b) under which a stretch without anchors goes to SequenceMatcher


def _anchors(a: Sequence, b: Sequence, alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Items unique on both sides, in the longest common order (patience sorting)."""
    seen_a: dict[Hashable, int] = {}
    for i in range(alo, ahi):
        seen_a[a[i]] = -1 if a[i] in seen_a else i
    seen_b: dict[Hashable, int] = {}
    for j in range(blo, bhi):
        item = b[j]
        if seen_a.get(item, -1) >= 0:
            seen_b[item] = -1 if item in seen_b else j
    pairs = [(seen_a[item], j) for item, j in seen_b.items() if j >= 0]
    if not pairs:
        return []
    pairs.sort()
    # Longest increasing subsequence of j, keeping back-links to rebuild it.
    tails: list[int] = []
    tail_index: list[int] = []
    back = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        at = bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[at] = j
            tail_index[at] = index
        back[index] = tail_index[at - 1] if at else -1
    out = []
    index = tail_index[-1]
    while index >= 0:
        out.append(pairs[index])
        index = back[index]
    out.reverse()
    return out


def matches(a: Sequence, b: Sequence, small: int = SMALL) -> list[tuple[int, int]]:
    """Index pairs (i, j) with a[i] == b[j], increasing in both, covering most of what the two share."""
    out: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        head = []
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            head.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        tail = []
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            tail.append((ahi, bhi))
        out += head
        out += tail
        if alo == ahi or blo == bhi:
            continue
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        if anchors:
            previous_i, previous_j = alo, blo
            for i, j in anchors:
                stack.append((previous_i, i, previous_j, j))
                out.append((i, j))
                previous_i, previous_j = i + 1, j + 1
            stack.append((previous_i, ahi, previous_j, bhi))
        elif (ahi - alo) * (bhi - blo) <= small:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                out += [(alo + i + k, blo + j + k) for k in range(size)]
    out.sort()
    return out


def opcodes(a: Sequence, b: Sequence, small: int = SMALL) -> list[tuple[str, int, int, int, int]]:
    """Like SequenceMatcher(None, a, b).get_opcodes(), from `matches`."""
    codes = []
    i = j = 0
    pairs = matches(a, b, small)
    index = 0
    while index <= len(pairs):
        if index < len(pairs):
            mi, mj = pairs[index]
        else:
            mi, mj = len(a), len(b)
        if i < mi or j < mj:
            tag = "replace" if i < mi and j < mj else ("delete" if i < mi else "insert")
            codes.append((tag, i, mi, j, mj))
        if index == len(pairs):
            break
        # Extend over a run of consecutive matches.
        start_i, start_j = mi, mj
        while index + 1 < len(pairs) and pairs[index + 1] == (pairs[index][0] + 1, pairs[index][1] + 1):
            index += 1
        end_i, end_j = pairs[index][0] + 1, pairs[index][1] + 1
        codes.append(("equal", start_i, end_i, start_j, end_j))
        i, j = end_i, end_j
        index += 1
    return codes
