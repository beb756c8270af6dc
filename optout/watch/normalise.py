"""Stable Markdown: the same text always gives the same bytes, so layout noise makes no new version.

Pure: no Django.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|si|ref_src|_ga|_gl)$", re.I)
URL = re.compile(r"https?://[^\s)\]>\"']+")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _clean_url(match: re.Match) -> str:
    url = match.group(0)
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL Python can take apart ("http://[x?a=1"): left as the page wrote it
        return url
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))


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


def _line(line: str) -> str:
    """One line: tracking parameters out of links, runs of spaces as one space, no space at the ends.

    Same result as `SPACES.sub(" ", URL.sub(_clean_url, line)).strip()`, with string methods that
    run at C speed instead of a regular expression tried at every character of a 300 KB page.
    """
    if "?" in line and "http" in line:
        line = URL.sub(_clean_url, line)
    if not line.isascii() or "\t" in line:
        for char in SPACE_CHARS:
            if char in line:
                line = line.replace(char, " ")
    while "  " in line:
        line = line.replace("  ", " ")
    return line.strip()


def normalise(markdown: str) -> str:
    text = visible(markdown.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\ufeff", "")
    text = "\n".join([_line(line) for line in text.split("\n")])
    if "\n\n\n" in text:
        text = BLANKS.sub("\n\n", text)
    text = text.strip()
    return text + "\n" if text else ""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
