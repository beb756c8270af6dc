"""Markdown links in a page's text, found in time linear in its length. Pure: no Django.

The obvious patterns (`\\]\\([^)]*\\)`) try every "](" against the rest of the text: on a page with thousands
of "](" and no ")" after them (a broken or hostile page) that is quadratic, and one long paragraph held a
run for minutes. These functions give exactly what those patterns give (`re.sub`, `re.findall`), with
each character looked at a bounded number of times.
"""

from __future__ import annotations

import re

LINK_PATTERN = r"\]\([^)]*\)|https?://\S+"  # what `without_links` removes, as a pattern (for reference and tests)
RUN_TOGETHER_PATTERN = r"\]\([^)]*\)\s*\["  # what `links_run_together` counts
_URL = re.compile(r"https?://\S+")
_SPACE = re.compile(r"\s*")


def without_links(text: str, replacement: str = " ") -> str:
    """`re.sub(LINK_PATTERN, replacement, text)`: Markdown link targets and bare URLs replaced."""
    if "](" not in text and "://" not in text:  # most sentences
        return text
    last_close = text.rfind(")")
    out, pos = [], 0
    url = _URL.search(text, 0)
    target = text.find("](")
    while True:
        if target != -1 and target < pos:
            target = text.find("](", pos)
        if target != -1 and target + 2 > last_close:  # no ")" after it, nor after any later "]("
            target = -1
        if url is not None and url.start() < pos:
            url = _URL.search(text, pos)
        if target == -1 and url is None:
            break
        if target != -1 and (url is None or target < url.start()):
            start, end = target, text.index(")", target + 2) + 1
        else:
            start, end = url.start(), url.end()
        out += (text[pos:start], replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def links_run_together(text: str) -> int:
    """`len(re.findall(RUN_TOGETHER_PATTERN, text))`: links followed at once by another ("[A](…)[B](…)")."""
    count, pos, close, close_at = 0, 0, -1, -1
    while True:
        target = text.find("](", pos)
        if target == -1:
            return count
        if close < target + 2:  # the nearest ")" after this "](" (the same as the last one's when still ahead)
            close = text.find(")", target + 2)
            if close == -1:
                return count
            close_at = _SPACE.match(text, close + 1).end()
        if close_at < len(text) and text[close_at] == "[":
            count += 1
            pos = close_at + 1
        else:
            pos = target + 1
