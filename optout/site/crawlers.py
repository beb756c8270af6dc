"""The AI-crawler registry: `optout/data/crawlers/<slug>.yaml`, and turning a User-Agent header into a token.

Pure: no Django.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import Field

from optout.catalog.schema import Confidence, HttpsUrl, PastDate, ShortText, Slug, Source, Strict, Text
from optout.lib.yamlfiles import FolderResult, records_or_raise, validate_folder

from .robots import is_valid_token

CRAWLERS_DIR = Path(__file__).resolve().parent.parent / "data" / "crawlers"
PURPOSES = ("training", "ai-search", "user-triggered", "assistant", "unknown")


class Crawler(Strict):
    """One AI-related agent."""

    token: ShortText = Field(description="The name to use in robots.txt (a product token where the operator gives one).")
    slug: Slug = Field(description="Must equal the file name.")
    match: ShortText = Field(description="Substring of the User-Agent header that identifies it (case-insensitive).")
    operator: ShortText | None = Field(None, description="Who runs it.")
    purpose: Literal[PURPOSES] = Field(description="training, ai-search, user-triggered, assistant or unknown.")  # type: ignore[valid-type]
    honours_robots: Literal["yes", "no", "unknown"] = Field(description="Whether the operator says it obeys robots.txt.")
    summary: Text | None = Field(None, description="What it does.")
    docs_url: HttpsUrl | None = Field(None, description="The operator's documentation (https).")
    ip_ranges_url: HttpsUrl | None = Field(None, description="Published IP ranges (https), where there are any.")
    origin: ShortText | None = Field(None, description="Where the record came from, with its licence.")
    sources: list[Source] = Field(min_length=1, description="Pages that state these facts.")
    last_verified: PastDate = Field(description="Day the facts were last checked.")
    confidence: Confidence = Field(description="high, medium or low.")

    @property
    def valid_token(self) -> bool:
        return is_valid_token(self.token)


def validate_all(root: Path | None = None) -> FolderResult:
    return validate_folder(Path(root) if root else CRAWLERS_DIR, Crawler, label="crawlers", key="slug")


@functools.cache
def crawlers() -> dict[str, Crawler]:
    return records_or_raise(validate_all(), "crawler registry")



@functools.cache
def _matcher() -> tuple[re.Pattern, dict[str, Crawler]]:
    by_match = {c.match.lower(): c for c in crawlers().values()}
    # Longest first, so "ChatGPT-User" wins over a shorter name it contains.
    alternatives = sorted(by_match, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alternatives), re.I), by_match


def identify_crawler(header: str) -> Crawler | None:
    match = _matcher()[0].search(header or "")
    return _matcher()[1][match.group(0).lower()] if match else None


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
