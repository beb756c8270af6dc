"""From a fetched page to its main text as Markdown. Pure: no Django.

A page parsed once with lxml; the parts a document's declaration removes are dropped; when its
declared selectors find the text, those parts are written as Markdown directly (fast, and exactly
what the declaration names). Only when the selectors find nothing, or there are none, does
trafilatura look for the main text of the page. Which of the two read a page is part of how its text
was read (`read_page` says): a page read whole is compared only with a page read whole.

`EXTRACTOR` names this way of reading pages: when it changes, or a declaration's selectors change,
the same page can give a different text, and the watcher re-extracts stored snapshots instead of
reporting that as a change by the platform. Changing this file, normalise.py, or the installed
trafilatura or lxml counts as such a change too (`pipeline.reading_fingerprint`).
"""

from __future__ import annotations

import functools
import re

EXTRACTOR = "lxml-md-1+trafilatura"
MIN_SELECTED = 200  # characters of text the declared parts must hold to be used without trafilatura
SKIP = {"script", "style", "noscript", "template", "svg", "button", "form", "input", "select", "iframe", "head"}
BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure", "figcaption",
          "address", "dl", "dt", "dd", "details", "summary", "center", "body", "html", "fieldset"}
HEADINGS = {"h1": "#", "h2": "##", "h3": "###", "h4": "####", "h5": "#####", "h6": "######"}
SPACE = re.compile(r"\s+")


class _Writer:
    """Markdown from an lxml tree: headings, paragraphs, lists, tables, links, bold and italics."""

    def __init__(self):
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.prefix = ""

    def flush(self) -> None:
        if not self.line:
            self.prefix = ""
            return
        text = " ".join("".join(self.line).split())
        if text:
            self.blocks.append(self.prefix + text)
        self.line = []
        self.prefix = ""

    def inline(self, node) -> str:
        parts = [node.text or ""]
        for child in node:
            if isinstance(child.tag, str) and child.tag not in SKIP:
                parts.append(self.inline_element(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def inline_element(self, node) -> str:
        tag = node.tag
        if tag == "br":
            return " "
        inner = self.inline(node)
        stripped = inner.strip()
        if not stripped:
            return inner
        if tag == "a" and node.get("href") and not node.get("href").startswith(("#", "javascript:")):
            return f"[{SPACE.sub(' ', stripped)}]({node.get('href').strip()})"
        if tag in ("strong", "b"):
            return f"**{stripped}**"
        if tag in ("em", "i"):
            return f"*{stripped}*"
        return inner

    def table(self, node) -> None:
        self.flush()
        rows = []
        for row in node.iter("tr"):
            cells = [SPACE.sub(" ", self.inline(cell)).strip().replace("|", "\\|") for cell in row
                     if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
            if any(cells):
                rows.append("| " + " | ".join(cells) + " |")
        if rows:
            width = rows[0].count(" | ") + 1
            rows.insert(1, "|" + "---|" * width)
            self.blocks.append("\n".join(rows))

    def block(self, node, depth: int = 0) -> None:  # noqa: C901 — one branch per kind of element
        tag = node.tag
        if not isinstance(tag, str) or tag in SKIP:
            return
        if tag in HEADINGS:
            self.flush()
            self.prefix = HEADINGS[tag] + " "
            self.line.append(self.inline(node))
            self.flush()
        elif tag in ("ul", "ol"):
            self.flush()
            for number, item in enumerate((c for c in node if isinstance(c.tag, str) and c.tag == "li"), start=1):
                marker = f"{number}. " if tag == "ol" else "- "
                self.children(item, depth + 1, marker="  " * depth + marker)
        elif tag == "table":
            self.table(node)
        elif tag == "pre":
            self.flush()
            self.blocks.append("```\n" + node.text_content().strip("\n") + "\n```")
        elif tag == "blockquote":
            self.flush()
            self.children(node, depth, marker="> ")
        elif tag in BLOCKS or tag == "li":
            self.children(node, depth)
        else:
            self.line.append(self.inline_element(node))

    def children(self, node, depth: int, marker: str = "") -> None:
        self.flush()
        self.prefix = marker
        if node.text:
            self.line.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and (child.tag in HEADINGS or child.tag in BLOCKS or child.tag in
                                               ("ul", "ol", "table", "pre", "blockquote", "li")):
                self.flush()
                self.block(child, depth)
                self.flush()
            elif isinstance(child.tag, str) and child.tag not in SKIP:
                self.line.append(self.inline_element(child))
            if child.tail:
                self.line.append(child.tail)
        self.flush()


def markdown_of(nodes) -> str:
    """Markdown of lxml elements, in order."""
    writer = _Writer()
    for node in nodes:
        writer.block(node)
        writer.flush()
    return "\n\n".join(writer.blocks)


@functools.lru_cache(maxsize=512)
def _selector(css: str):
    """A compiled CSS selector: translating CSS to XPath costs more than running it on a whole page."""
    from lxml.cssselect import CSSSelector

    return CSSSelector(css)


class UnreadablePage(ValueError):
    """A page optout would read only part of; the message says why, in words."""


TOO_DEEP = "the page nests its elements too deeply for optout to read all of it (a broken or hostile page)"
# An XHTML page opens with one. lxml refuses a str that starts with a declaration naming an encoding; the page is
# decoded already, so what it names is spent.
XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*\?>")


def _parse(html: str):
    import lxml.html
    from lxml.etree import ParserError

    parser = lxml.html.HTMLParser(huge_tree=True)  # libxml2 otherwise stops at 256 levels and drops the rest
    try:
        tree = lxml.html.fromstring(_without_comments(XML_DECLARATION.sub("", html, count=1)), parser=parser)
    except (ParserError, ValueError):
        return None
    if any("Excessive depth" in error.message for error in parser.error_log):  # past 2,048 levels even so
        raise UnreadablePage(TOO_DEEP)
    return tree


def _without_comments(html: str) -> str:
    """The page without its comments. Pages rendered by React put an empty one between neighbouring pieces of text
    ("your <!-- -->posts"), and trafilatura drops the text after a comment with the comment: a sentence would lose
    words. Done on the text, in one pass: in the tree, each text around a removed comment stays a node of its own,
    and reading a paragraph made of many of them costs time that grows with their square."""
    if "<!--" not in html:
        return html
    kept, start = [], 0
    while (opening := html.find("<!--", start)) != -1:
        kept.append(html[start:opening])
        closing = html.find("-->", opening + 2)  # "<!-->" and "<!--->" end where they start, as browsers read them
        start = len(html) if closing == -1 else closing + 3  # an unclosed comment runs to the end, as in browsers
    kept.append(html[start:])
    return "".join(kept)


def plain_blocks(tree) -> str:
    """Plain paragraphs when trafilatura finds nothing (very short or unusual pages)."""
    for node in tree.xpath("//script|//style|//noscript|//template"):
        node.drop_tree()
    blocks = [" ".join(_own_text(node).split()) for node in tree.xpath(f"//{'|//'.join(FALLBACK_BLOCKS)}")]
    return "\n\n".join(block for block in blocks if block)


FALLBACK_BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "td")
_APART = (*FALLBACK_BLOCKS, "ul", "ol", "table", "br")  # what a block's own text does not run into


def _own_text(node) -> str:
    """The text of a block without that of the blocks inside it (a nested list's items, a cell's paragraphs), which
    are blocks of their own: each is read once, and words either side of one are not run together."""
    parts = [node.text or ""]
    for child in node:
        if child.tag in _APART:
            parts.append(" ")
        elif isinstance(child.tag, str):
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def html_to_markdown(html: str, *, select: list[str] = (), remove: list[str] = (), url: str | None = None,
                     whole: bool = False) -> str:
    return _read_html(html, select, remove, url, whole)[0]


def _read_html(html: str, select, remove, url: str | None, whole: bool) -> tuple[str, bool]:
    try:
        return _html_to_markdown(html, select, remove, url, whole)
    except RecursionError as exc:  # some hundreds of levels: deeper than the writers (ours, trafilatura's) go
        raise UnreadablePage(TOO_DEEP) from exc


def _html_to_markdown(html: str, select, remove, url: str | None, whole: bool) -> tuple[str, bool]:
    """The page's text, and whether it was read whole although it declares its parts (`select`)."""
    if not html.strip():
        return "", bool(select)
    tree = _parse(html)
    if tree is None:
        return "", bool(select)
    for selector in remove:
        for node in _selector(selector)(tree):
            node.drop_tree()
    if select and not whole:
        kept = [node for selector in select for node in _selector(selector)(tree)]
        # A selector may match a node inside another match: keep only the outermost.
        kept_set = set(kept)
        kept = [node for node in dict.fromkeys(kept) if not any(a in kept_set for a in node.iterancestors())]
        if kept:
            text = markdown_of(kept)
            if len(text) >= MIN_SELECTED:
                return text, False
    return _trafilatura(tree, url), bool(select)


def _trafilatura(tree, url: str | None) -> str:
    import copy

    import trafilatura

    text = trafilatura.extract(
        copy.deepcopy(tree), url=url, output_format="markdown", include_links=True, include_tables=True, include_formatting=True,
        favor_recall=True, deduplicate=False, include_comments=False,
    )
    if not text or len(text) < 200:
        fallback = plain_blocks(tree)
        if len(fallback) > len(text or ""):
            return fallback
    return text or ""


# How an HTML page starts (after white space and a byte order mark), whatever its server calls it.
HTML_START = re.compile(r"[\s\ufeff]*<(!doctype\s+html|html)[\s>]", re.I)


def read_page(body: str, content_type: str, *, select=(), remove=(), url: str | None = None,
              whole: bool = False) -> tuple[str, bool]:
    """`to_markdown`, and whether the page was read whole although its declaration names the parts to read:
    those parts are missing (a redesign, a page cut short, a wall) or hold almost nothing. With `whole`, read
    it whole anyway, to compare it with a page that was. A text read whole and one read from the declared
    parts differ in everything around the policy (menus, banners, asides the parts left out), so neither is
    the platform's change."""
    if _is_plain(body, content_type):
        return body, False
    return _read_html(body, list(select), list(remove), url, whole)


def to_markdown(body: str, content_type: str, **options) -> str:
    """Markdown from any accepted document: HTML is extracted, Markdown and text are kept as they are."""
    if _is_plain(body, content_type):
        return body
    return html_to_markdown(body, **options)


def _is_plain(body: str, content_type: str) -> bool:
    """A text to keep as it is. A page served as text/plain that plainly starts as HTML is HTML: kept as text,
    its markup would be the version."""
    if content_type == "text/plain" and HTML_START.match(body):
        return False
    return content_type in ("text/plain", "text/markdown") or (not content_type and not re.search(r"<\w+[^>]*>", body[:2000]))
