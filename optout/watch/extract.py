"""From a fetched page to its main text as Markdown (trafilatura, after the declared selectors).

Pure: no Django.
"""

from __future__ import annotations

import re


def _cut(html: str, select: list[str], remove: list[str]) -> str:
    """Keep only `select` parts and drop `remove` parts, with lxml and CSS selectors."""
    import lxml.html
    from lxml.etree import ParserError, tostring

    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return html
    for selector in remove:
        for node in tree.cssselect(selector):
            node.drop_tree()
    if select:
        kept = [node for selector in select for node in tree.cssselect(selector)]
        if kept:
            body = "".join(tostring(node, encoding="unicode") for node in kept)
            return f"<html><body><main>{body}</main></body></html>"
    return tostring(tree, encoding="unicode")


def _fallback(html: str) -> str:
    """Plain paragraphs when trafilatura finds nothing (very short or unusual pages)."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    for node in tree.xpath("//script|//style|//noscript|//template"):
        node.drop_tree()
    blocks = [" ".join(node.text_content().split()) for node in tree.xpath("//h1|//h2|//h3|//h4|//p|//li|//td")]
    return "\n\n".join(block for block in blocks if block)


def html_to_markdown(html: str, *, select: list[str] = (), remove: list[str] = (), url: str | None = None) -> str:
    import trafilatura

    if not html.strip():
        return ""
    cut = _cut(html, list(select), list(remove))
    text = trafilatura.extract(
        cut, url=url, output_format="markdown", include_links=True, include_tables=True, include_formatting=True,
        favor_recall=True, deduplicate=False, include_comments=False,
    )
    if not text or len(text) < 200:
        fallback = _fallback(cut)
        if len(fallback) > len(text or ""):
            return fallback
    return text or ""


def to_markdown(body: str, content_type: str, **options) -> str:
    """Markdown from any accepted document: HTML is extracted, Markdown and text are kept as they are."""
    if content_type in ("text/plain", "text/markdown") or (not content_type and not re.search(r"<\w+[^>]*>", body[:2000])):
        return body
    return html_to_markdown(body, **options)
