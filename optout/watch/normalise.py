"""Stable Markdown: the same text always gives the same bytes, so layout noise makes no new version.

Pure: no Django.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|si|ref_src|_ga|_gl)$", re.I)
URL = re.compile(r"https?://[^\s)\]>\"']+")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


CACHED_URL = 2000  # characters: longer links are cleaned each time, so a hostile page cannot fill memory with them


def _clean_url(match: re.Match) -> str:
    url = match.group(0)
    return _cached_clean_url(url) if len(url) <= CACHED_URL else clean_url(url)


def clean_url(url: str) -> str:
    """`url` without tracking parameters, its query written again as `urlencode` writes it."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL Python can take apart ("http://[x?a=1"): left as the page wrote it
        return url
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))


_cached_clean_url = functools.lru_cache(maxsize=4096)(clean_url)  # a site's pages repeat their links (menus, footers)


# Characters that show nothing and mean nothing in a policy: control characters (XML 1.0 cannot even carry
# them, so a feed quoting one failed), bidirectional marks, embeddings and isolates, the word joiner and
# other invisible joiners, the zero-width space (a place a line may break, inside a word as often as between
# words: "mod\u200bels" is "models", as the HTML reader reads it too), and noncharacters. A page that only
# adds or drops one of them has not changed.
# (Zero-width joiner and non-joiner stay: Persian and Indic scripts need them.)
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u034f\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufffe\uffff]")


def visible(text: str) -> str:
    """`text` without the invisible characters above (also for text stored before they were dropped)."""
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


SPACE_CHARS = "\t\u00a0" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u202f\u205f\u3000"  # as in SPACES
BLANKS = re.compile(r"\n{3,}")


def normalise(markdown: str) -> str:
    """Each line with tracking parameters out of its links, runs of spaces as one space and no space at its ends;
    no invisible characters, Unicode in one form (NFC), no more than one blank line in a row.

    Per line the same as `SPACES.sub(" ", URL.sub(_clean_url, line)).strip()`, done on the whole text at once with
    string methods that run at C speed (links and runs of spaces never span lines: a line break ends both), and a
    regular expression only where a link may have a query."""
    text = visible(markdown.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\ufeff", "")
    if "?" in text and "http" in text:
        text = URL.sub(_clean_url, text)
    if not text.isascii() or "\t" in text:
        for char in SPACE_CHARS:
            if char in text:
                text = text.replace(char, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    text = "\n".join([line.strip() for line in text.split("\n")])
    if "\n\n\n" in text:
        text = BLANKS.sub("\n\n", text)
    text = text.strip()
    return text + "\n" if text else ""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
