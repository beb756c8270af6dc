"""The AI-crawler registry: `optout/data/crawlers/<slug>.yaml`, and turning a User-Agent header into a token.

Pure: no Django.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from optout.catalog.schema import Confidence, HttpsUrl, PastDate, ShortText, Slug, Source, Strict, Text
from optout.lib.yamlfiles import FolderResult, records_or_raise, validate_folder

from .robots import RobotsTxt, is_valid_token

CRAWLERS_DIR = Path(__file__).resolve().parent.parent / "data" / "crawlers"
PURPOSES = ("training", "ai-search", "user-triggered", "assistant", "search", "research", "link-preview", "unknown")
# Characters that continue a name in a User-Agent header: a registry name matches only as a whole token,
# so "Spider" never matches inside "Baiduspider" and "GPTBot" never inside "NotGPTBotX".
NAME_CHARS = "A-Za-z0-9_-"
_NAME = re.compile(f"[{NAME_CHARS}]+")
# Ordinary words and product names that other software sends too; a registry entry may not match on them.
GENERIC_WORDS = frozenset({"bot", "code", "crawler", "cursor", "spider", "agent", "openai", "operator", "mozilla", "python",
                           "user", "fetcher", "search", "scraper", "chrome", "safari", "google", "facebook", "meta"})


class Crawler(Strict):
    """One AI-related agent: a crawler that sends a User-Agent, or a robots.txt product token alone."""

    token: ShortText = Field(description="The name to use in robots.txt (a product token where the operator gives one).")
    slug: Slug = Field(description="Must equal the file name.")
    kind: Literal["crawler", "robots-token"] = Field(
        "crawler", description="crawler: it visits and sends a User-Agent. robots-token: only a name read in robots.txt "
        "(Google-Extended, Applebot-Extended); its operator's ordinary crawler does the visiting.")
    match: ShortText | None = Field(None, description="The name in its User-Agent header, matched as a whole token without "
                                    "regard to case. null for a robots-token, or when the name is a generic word that "
                                    "other software sends too, so the agent cannot be told apart.")
    operator: ShortText | None = Field(None, description="Who runs it.")
    purpose: Literal[PURPOSES] = Field(  # type: ignore[valid-type]
        description="training, ai-search, user-triggered (a person asked for this fetch), assistant, search (a search "
        "engine), research, link-preview or unknown — as the operator documents it.")
    respects_robots: Literal["yes", "no", "partly", "unknown"] = Field(
        description="Whether it obeys robots.txt: partly when the operator says the rules may not apply to some fetches.")
    respects_robots_source: HttpsUrl | None = Field(None, description="The page that says so.")
    follows_when_unnamed: ShortText | None = Field(
        None, description="The crawler whose robots.txt group it obeys when no group names it, where its operator says "
        "so on the respects_robots_source page (Apple: Applebot follows Googlebot's).")
    summary: Text | None = Field(None, description="What it does.")
    docs_url: HttpsUrl | None = Field(None, description="The operator's documentation (https).")
    ip_ranges_url: HttpsUrl | None = Field(None, description="Published IP ranges (https), where there are any.")
    origin: ShortText | None = Field(None, description="Where the record came from, with its licence.")
    sources: list[Source] = Field(min_length=1, description="Pages that state these facts.")
    last_verified: PastDate = Field(description="Day the facts were last checked.")
    confidence: Confidence = Field(description="high, medium or low.")

    @model_validator(mode="after")
    def _consistent(self):
        if self.kind == "robots-token" and self.match:
            raise ValueError("a robots-token sends no User-Agent of its own: leave out match")
        if self.match:
            if not re.match(f"[{NAME_CHARS}]", self.match):
                raise ValueError(f"match must start with a letter, digit, '-' or '_': {self.match!r}")
            if self.match.lower() in GENERIC_WORDS:
                raise ValueError(f"match {self.match!r} is a generic word other software sends too; use null")
        if self.follows_when_unnamed and not is_valid_token(self.follows_when_unnamed):
            raise ValueError(f"follows_when_unnamed must be a robots.txt name: {self.follows_when_unnamed!r}")
        if self.respects_robots != "unknown" and not self.respects_robots_source:
            raise ValueError("respects_robots needs respects_robots_source (the page that says so)")
        return self

    @property
    def valid_token(self) -> bool:
        return is_valid_token(self.token)

    def allowed_in(self, robots: RobotsTxt, url: str) -> bool:
        """Whether this robots.txt lets the crawler fetch the URL, read as its operator says it reads it."""
        name = self.token if self.valid_token else (self.match or self.token)
        if self.follows_when_unnamed and not robots.names(name) and robots.names(self.follows_when_unnamed):
            name = self.follows_when_unnamed
        return robots.is_allowed(name, url, as_written=True)

    @property
    def identifiable(self) -> bool:
        """Whether requests from it can be recognised by their User-Agent (server rules, log report)."""
        return bool(self.match)

    @property
    def read_as_a_search_engine(self) -> bool:
        """Whether its robots.txt name is a generic word inside a search engine's (Spider in Baiduspider): robots.txt
        readers that match names loosely, as the 1994 text advised, would refuse that search engine with it."""
        word = self.token.lower()
        return not self.match and any(word in name.lower() and word != name.lower() for name in SEARCH_ENGINE_NAMES)


# Search engines' names, for `Crawler.read_as_a_search_engine` and for what optout's robots.txt must leave as it was.
SEARCH_ENGINE_NAMES = ("Googlebot", "Bingbot", "Baiduspider", "Sogou web spider", "YisouSpider", "360Spider",
                       "YandexBot", "DuckDuckBot", "Applebot", "Slurp", "SeznamBot", "Naver Yeti", "Qwantbot", "PetalBot")


def validate_all(root: Path | None = None) -> FolderResult:
    return validate_folder(Path(root) if root else CRAWLERS_DIR, Crawler, label="crawlers", key="slug")


@functools.cache
def crawlers() -> dict[str, Crawler]:
    return records_or_raise(validate_all(), "crawler registry")


def name_pattern(names) -> str:
    """A regex (PCRE, RE2 and Python alike) matching any of `names` as a whole token; case is the caller's flag."""
    escaped = "|".join(re.sub(r"([\\.^$|?*+()\[\]{} \"])", r"\\\1", name)
                       for name in sorted(set(names), key=lambda n: (-len(n), n.lower())))
    return f"(?:^|[^{NAME_CHARS}])(?:{escaped})(?:[^{NAME_CHARS}]|$)"


# One bytes.translate turns a header into its lower-case name tokens separated by spaces (C speed).
_TOKENS = bytes((c | 0x20 if 65 <= c <= 90 else c) if chr(c).isascii() and (chr(c).isalnum() or chr(c) in "_-") else 32
                for c in range(256))


@functools.cache
def _index() -> tuple[dict[bytes, Crawler], dict[bytes, list[tuple[re.Pattern, Crawler]]]]:
    """Names that are one token, looked up directly; longer names by their first token, then checked whole."""
    single: dict[bytes, Crawler] = {}
    multi: dict[bytes, list[tuple[re.Pattern, Crawler]]] = {}
    for crawler in crawlers().values():
        if not crawler.match:
            continue
        first = _NAME.match(crawler.match).group(0)
        if first == crawler.match:
            single[crawler.match.lower().encode()] = crawler
        else:
            multi.setdefault(first.lower().encode(), []).append((re.compile(name_pattern([crawler.match]), re.I), crawler))
    return single, multi


def identify_crawler(header: str) -> Crawler | None:
    """The registry entry whose name is in a User-Agent header as a whole token (the longest if several)."""
    if not header:
        return None
    single, multi = _index()
    words = set(header.encode("utf-8", "surrogateescape").translate(_TOKENS).split())
    found = [single[word] for word in words & single.keys()]
    for word in words & multi.keys():
        found += [crawler for pattern, crawler in multi[word] if pattern.search(header)]
    if not found:
        return None
    return found[0] if len(found) == 1 else max(found, key=lambda c: (len(c.match), c.match))


def identify(header: str) -> str | None:
    """The registry token for a logged User-Agent header, or None for anything else (browsers included)."""
    crawler = identify_crawler(header)
    return crawler.token if crawler else None


GUIDES_DIR = CRAWLERS_DIR.parent / "site_guides"


class GuideStep(Strict):
    text: Text = Field(description="What to do.")


class Guide(Strict):
    """How to put the signals on one kind of site (a hosting platform or a CDN)."""

    id: Slug = Field(description="Must equal the file name.")
    name: ShortText = Field(description="The platform's name.")
    summary: Text = Field(description="What the platform allows, in a sentence or two.")
    steps: list[GuideStep] = Field(min_length=1, description="Ordered steps.")
    sources: list[Source] = Field(min_length=1, description="Pages that state these facts.")
    last_verified: PastDate = Field(description="Day someone last checked this against the sources.")
    confidence: Confidence = Field(description="high, medium or low.")


def validate_guides(root: Path | None = None) -> FolderResult:
    return validate_folder(Path(root) if root else GUIDES_DIR, Guide, label="site_guides", key="id")


@functools.cache
def guides() -> dict[str, Guide]:
    return records_or_raise(validate_guides(), "site guides")


def _plain(text: str) -> str:
    """Markdown link text without the link: "[Yes](https://…)" → "Yes"."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text or "").strip()


def _respect(text: str) -> str:
    word = _plain(text).lower()
    return "yes" if word.startswith("yes") else "no" if word.startswith("no") else "unknown"


def registry_diff(robots_json: dict, registry: dict[str, Crawler] | None = None) -> dict[str, list]:
    """Compare ai.robots.txt's robots.json with the registry: names new to optout, names it no longer lists, and
    where the two disagree about obeying robots.txt or the operator."""
    registry = registry if registry is not None else crawlers()
    ours = {c.token.lower(): c for c in registry.values()}
    theirs = {name.lower(): (name, entry if isinstance(entry, dict) else {}) for name, entry in robots_json.items()}
    new = sorted(name for key, (name, _) in theirs.items() if key not in ours)
    gone = sorted(c.token for key, c in ours.items() if key not in theirs and "ai.robots.txt" in (c.origin or ""))
    changed = []
    for key, (name, entry) in sorted(theirs.items()):
        crawler = ours.get(key)
        if crawler is None:
            continue
        respect = _respect(entry.get("respect", ""))
        if respect != "unknown" and respect != crawler.respects_robots:
            changed.append({"name": name, "field": "respects_robots", "theirs": respect, "ours": crawler.respects_robots})
        operator = _plain(entry.get("operator", ""))
        if operator and not operator.lower().startswith("unclear") and crawler.operator and \
                operator.lower() not in crawler.operator.lower() and crawler.operator.lower() not in operator.lower():
            changed.append({"name": name, "field": "operator", "theirs": operator, "ours": crawler.operator})
    return {"new": new, "not_in_file": gone, "changed": changed}
