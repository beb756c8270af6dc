"""The platform catalog's file format, as pydantic models.

These models *are* the format: `docs/catalog-format.md` documents them field by
field and `catalog.loader` validates every file against them. Anything not declared
here is an error (`extra="forbid"`), so a misspelt field never passes silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from . import regions

SLUG_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DOMAIN_RE = r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[A-Za-z0-9._~/-]*)?$"
PARTIAL_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]

MechanismKind = Literal["setting", "objection-form", "email-request", "privacy-setting", "opt-in-default", "none"]
Surface = Literal["web", "ios", "android", "desktop", "email", "post"]
Difficulty = Literal["easy", "medium", "hard"]
Confidence = Literal["high", "medium", "low"]

# Kinds that actually keep data out of training (as opposed to damage limitation or "nothing exists").
OPT_OUT_KINDS = ("setting", "objection-form", "email-request", "opt-in-default")

EARLIEST_DATE = dt.date(2000, 1, 1)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


def _https_url(value: str) -> str:
    if not re.match(r"^https://[^\s/$.?#][^\s]*$", value):
        raise ValueError("not an https URL")
    try:  # every later rule (its host, its site) takes the address apart: one that cannot be is named here
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port out of range raises only when read)
    except ValueError as exc:
        raise ValueError(f"not a valid address ({exc})") from None
    if not parts.hostname:
        raise ValueError("not a valid address (no host)")
    return value


def _past_date(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"{value.isoformat()} is in the future")
    if value < EARLIEST_DATE:
        raise ValueError(f"{value.isoformat()} is before {EARLIEST_DATE.year}; is it a typo?")
    return value


def _email_address(value: str) -> str:
    if not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", value):
        raise ValueError("not an e-mail address")
    return value


# Field types shared by every data file format (catalog, authorities, crawlers, watched documents).
HttpsUrl = Annotated[str, AfterValidator(_https_url)]
EmailAddress = Annotated[str, AfterValidator(_email_address)]
PastDate = Annotated[dt.date, AfterValidator(_past_date)]


class Source(Strict):
    """Where a fact comes from. Every mechanism needs at least one."""

    url: str = Field(description="https address of the page that states the fact.")
    title: ShortText = Field(description="The page's title, or a short description of it.")
    accessed: dt.date = Field(description="Day the page was read (YYYY-MM-DD); not in the future.")

    _url = field_validator("url")(classmethod(lambda cls, v: _https_url(v)))
    _accessed = field_validator("accessed")(classmethod(lambda cls, v: _past_date(v)))


class ReadVia(Strict):
    """How a platform's own page was read when it could not be read directly."""

    url: HttpsUrl | None = Field(None, description="Address of the copy that was read (https), if it has one.")
    what: ShortText = Field(description="What the copy is, e.g. 'Open Terms Archive pga-versions, version of 2026-08-22'.")
    on: PastDate = Field(description="Day the copy was read (YYYY-MM-DD).")


SourceKind = Literal["primary", "archived-primary", "regulator", "secondary"]


class PlatformSource(Source):
    """A source in a platform file: where a fact comes from, and what kind of page it is."""

    kind: SourceKind = Field(
        description=(
            "primary (the platform's own help, policy, blog or settings page, on one of its `domains`), "
            "archived-primary (a dated copy of such a page: Open Terms Archive, web.archive.org), "
            "regulator (an authority's or court's decision or statement), secondary (press, anything else)."
        )
    )
    read_via: ReadVia | None = Field(
        None,
        description=(
            "For a primary source read through a copy (a mirror, a cache, an archive): the copy and the day. "
            "`url` stays the platform's own address, so people clicking it land on the platform."
        ),
    )


class Step(Strict):
    """One thing the person does, in order."""

    text: Text = Field(description="What to do, in plain words.")
    url: str | None = Field(None, description="Deep link that opens the right page (https).")
    menu_path: list[ShortText] | None = Field(
        None, description="Menu items to follow, in order, e.g. [Settings, Privacy, Data]."
    )
    surface: list[Surface] = Field(
        default_factory=lambda: ["web"],
        description="Where the step can be done: web, ios, android, desktop, email, post.",
    )

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        return None if value is None else _https_url(value)


class Mechanism(Strict):
    """One way to opt out (or to limit exposure) in some regions."""

    id: Slug = Field(description="Short name, unique within the file, e.g. `eu-objection-form`.")
    title: ShortText = Field(description="What a person would call it.")
    kind: MechanismKind = Field(
        description=(
            "setting (a switch), objection-form (a legal objection form), email-request, "
            "privacy-setting (e.g. going private: limits exposure, not a real opt-out), "
            "opt-in-default (nothing is used unless you opt in), none (no opt-out exists)."
        )
    )
    costs_reach: bool = Field(
        False,
        exclude=True,  # placement in a plan, not a fact about the platform: it does not change the fingerprint
        description=(
            "privacy-setting only: doing it makes your work less visible (going private, hiding from search, "
            "removing work). Plans list these under 'Limit what is public' and make them optional for people "
            "whose work must stay public; other privacy settings are ordinary steps."
        ),
    )
    only_when: Text | None = Field(
        None,
        exclude=True,  # placement in a plan, as costs_reach: it does not change the fingerprint
        description=(
            "A step needed only in some situation, said as the rest of \"Only when …\" (\"you have found your own "
            "personal information in Meta AI's answers\"): plans make it optional and say when it is needed."
        ),
    )
    regions: list[str] = Field(min_length=1, description="Region codes where it applies (see the region table).")
    summary: Text = Field(description="One or two sentences: what it does and for whom.")
    steps: list[Step] = Field(default_factory=list, description="Ordered steps; empty only for kind `none`.")
    covers: list[Text] = Field(default_factory=list, description="What it protects.")
    does_not_cover: list[Text] = Field(default_factory=list, description="What it leaves exposed.")
    confirmation: Text | None = Field(None, description="How to tell it worked (e-mail, setting state).")
    email_code_minutes: int | None = Field(
        None,
        ge=1,
        le=1440,
        description=(
            "When the form sends an e-mail code that must be entered in time: how many minutes it stays valid. "
            "optout then shows a countdown."
        ),
    )
    difficulty: Difficulty | None = Field(None, description="easy, medium or hard (required unless kind is `none`).")
    minutes: int | None = Field(
        None, ge=0, le=240, description="Minutes a person needs, roughly (required unless kind is `none`)."
    )
    sources: list[PlatformSource] = Field(
        default_factory=list,
        description=(
            "Pages that state these facts: at least one primary or archived-primary, unless confidence is low "
            "(then empty only when nothing but refused copies could be found)."
        ),
    )
    last_verified: dt.date = Field(description="Day someone last checked this mechanism against its sources.")
    confidence: Confidence = Field(description="high, medium or low; say low when sources disagree or are thin.")
    confidence_reason: Text | None = Field(
        None, description="Why confidence is not high, e.g. 'no page on the platform's own site says so'."
    )

    _verified = field_validator("last_verified")(classmethod(lambda cls, v: _past_date(v)))

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if not regions.is_known(code)]
        if unknown:
            raise ValueError(f"unknown region {', '.join(map(repr, unknown))}")
        if len(set(value)) != len(value):
            raise ValueError("a region is listed twice")
        return value

    @model_validator(mode="after")
    def _steps_unless_none(self) -> Mechanism:
        if self.kind != "none":
            missing = [name for name in ("steps", "difficulty", "minutes") if getattr(self, name) in (None, [])]
            if missing:
                raise ValueError(f"a `{self.kind}` mechanism needs {', '.join(missing)}")
        return self

    @model_validator(mode="after")
    def _low_needs_reason(self) -> Mechanism:
        if self.confidence == "low" and not self.confidence_reason:
            raise ValueError("`confidence: low` needs a `confidence_reason` saying what could not be confirmed")
        return self

    @property
    def is_opt_out(self) -> bool:
        return self.kind in OPT_OUT_KINDS


class Controller(Strict):
    """The legal entity responsible for people's data in some regions."""

    regions: list[str] = Field(min_length=1, description="Where this entity is the controller.")
    entity: ShortText = Field(description="Legal name, e.g. Meta Platforms Ireland Limited.")
    address: ShortText | None = Field(None, description="Postal address, one line.")
    privacy_email: EmailAddress | None = Field(None, description="Privacy or DPO e-mail address.")
    privacy_form: HttpsUrl | None = Field(None, description="Privacy contact form (https).")
    dpo: ShortText | None = Field(None, description="Data protection officer, if named.")
    lead_authority: Slug | None = Field(
        None, description="Id of the supervisory authority that leads for this entity (a file in `data/authorities/`)."
    )
    sources: list[PlatformSource] = Field(default_factory=list, description="Pages that name the entity and its contacts.")
    last_verified: PastDate | None = Field(None, description="Day someone last checked this against the sources.")
    confidence: Literal["low"] | None = Field(
        None, description="low when a page of the platform's own names the entity but leaves part of this unconfirmed "
        "(an address, the regions, an old policy): letters then ask people to check before sending.")
    confidence_reason: Text | None = Field(None, description="What could not be confirmed; required with low.")

    @field_validator("regions")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        return Mechanism._known_regions(value)

    @model_validator(mode="after")
    def _reason(self):
        if self.confidence == "low" and not self.confidence_reason:
            raise ValueError("`confidence: low` needs a `confidence_reason` saying what could not be confirmed")
        return self

    @property
    def read_on_the_platforms_pages(self) -> bool:
        """Whether the platform's own page (or a dated copy of it, or a regulator) named this entity and its contacts
        for optout, rather than only a register of companies such as Datenanfragen.de."""
        return any(source.kind in ("primary", "archived-primary", "regulator") for source in self.sources)



class Owner(Strict):
    """The company behind the platform."""

    company: ShortText = Field(description="The company behind the platform.")
    privacy_contact: str = Field(description="Where to reach its privacy team: https URL or e-mail address.")
    controllers: list[Controller] = Field(default_factory=list, description="Controllers by region.")

    @field_validator("privacy_contact")
    @classmethod
    def _contact(cls, value: str) -> str:
        if "@" in value and not value.startswith("https://"):
            return _email_address(value)
        return _https_url(value)

    @property
    def contact_is_email(self) -> bool:
        return not self.privacy_contact.startswith("https://")


class AIUse(Strict):
    """What the platform uses people's data for in AI."""

    summary: Text = Field(description="What the platform uses people's data for in AI, plainly.")
    since: str | None = Field(None, description="When it started: YYYY, YYYY-MM or YYYY-MM-DD.")
    data_used: list[ShortText] = Field(default_factory=list, description="Kinds of data used (public posts, ...).")
    sources: list[PlatformSource] = Field(
        default_factory=list, description="Pages that state these facts; empty only with a `confidence_reason`."
    )
    confidence_reason: Text | None = Field(None, description="What could not be confirmed, when sources are thin.")

    @field_validator("since", mode="before")
    @classmethod
    def _since(cls, value: object) -> object:
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # `since: 2023` is a year
        if value is not None and (not isinstance(value, str) or not PARTIAL_DATE_RE.match(value)):
            raise ValueError("use YYYY, YYYY-MM or YYYY-MM-DD")
        if isinstance(value, str) and value[:4] > str(dt.date.today().year):
            raise ValueError(f"{value} is in the future")
        return value


class SeedCorrection(Strict):
    """Where an article optout grew from is now out of date, and what is true instead."""

    seed: ShortText = Field(description="Which article, e.g. 'Casting Networks, May 2025'.")
    said: Text = Field(description="What the article said.")
    now: Text = Field(description="What is true today.")
    sources: list[PlatformSource] = Field(
        default_factory=list, description="Pages that show what is true today; empty only with a `confidence_reason`."
    )
    confidence_reason: Text | None = Field(None, description="What could not be confirmed, when sources are thin.")


class Platform(Strict):
    """One platform: the top level of a file."""

    slug: Slug = Field(description="Must equal the file name without `.yaml`.")
    name: ShortText = Field(description="The name people know it by.")
    website: str = Field(description="Home page (https).")
    domains: list[Annotated[str, StringConstraints(pattern=DOMAIN_RE, max_length=120)]] = Field(
        default_factory=list,
        description=(
            "The platform's (and its owner's) own domains besides the website's, e.g. [fb.com, meta.com]; "
            "a primary source must be on one of them. An entry may end in a path (`intercom.help/acme`)."
        ),
    )
    watched_documents: list[Slug] = Field(
        default_factory=list,
        description=(
            "Ids of this platform's watched documents (in `data/documents/<slug>.yaml`) whose AI-relevant "
            "changes may outdate these steps."
        ),
    )
    categories: list[
        Literal[
            "social", "professional", "art", "photo", "video", "music", "writing", "website",
            "ai-assistant", "productivity", "stock", "messaging", "search", "shopping",
        ]
    ] = Field(min_length=1, description="What kind of platform it is (used for grouping and search).")
    public_posts: bool | None = Field(
        None,
        exclude=True,  # placement in a plan: it does not change the fingerprint
        description=(
            "Whether what people put there is public unless they choose otherwise. Plans offer the step “download "
            "your data, then delete or hide old public posts” only where it is. Unset: public unless every "
            "category is a private kind (ai-assistant, productivity, messaging, search, shopping); false for a "
            "private library such as Google Photos."
        ),
    )
    owner: Owner = Field(description="Who runs it and how to reach their privacy team.")
    related: list[Slug] = Field(default_factory=list, description="Slugs of services that share the owner's data.")
    ai_use: AIUse = Field(description="What it does with people's data for AI.")
    mechanisms: list[Mechanism] = Field(min_length=1, description="Ways to opt out or limit exposure, per region.")
    tips: list[Text] = Field(default_factory=list, description="What else helps when no opt-out exists.")
    seed_corrections: list[SeedCorrection] = Field(
        default_factory=list, description="Where an older guide is out of date, and what changed."
    )

    _website = field_validator("website")(classmethod(lambda cls, v: _https_url(v)))

    @model_validator(mode="after")
    def _unique_mechanism_ids(self) -> Platform:
        seen: set[str] = set()
        for mechanism in self.mechanisms:
            if mechanism.id in seen:
                raise ValueError(f"mechanism id {mechanism.id!r} is used twice")
            seen.add(mechanism.id)
        return self

    # --- questions the site and CLI ask ---

    def mechanisms_for(self, region: str | None) -> list[Mechanism]:
        if not region:
            return list(self.mechanisms)
        codes = regions.covering(region)
        return [m for m in self.mechanisms if codes.intersection(m.regions)]

    @property
    def posts_in_public(self) -> bool:
        """`public_posts`, or what the categories say when it is unset."""
        if self.public_posts is not None:
            return self.public_posts
        return not set(self.categories) <= {"ai-assistant", "productivity", "messaging", "search", "shopping"}

    def has_opt_out(self, region: str | None) -> bool:
        return any(m.is_opt_out for m in self.mechanisms_for(region))

    def says_no_opt_out(self, region: str | None) -> bool:
        """Whether the catalog states that no opt-out exists here (a "none" entry it is not unsure of), rather than
        only knowing of none: the absence of an entry is no evidence, and a claim from press alone is not sure."""
        return not self.has_opt_out(region) and any(
            m.kind == "none" and m.confidence != "low" for m in self.mechanisms_for(region))

    @property
    def own_domains(self) -> list[str]:
        from .sources import host_of

        return [host_of(self.website), *self.domains]

    @property
    def last_verified(self) -> dt.date:
        return min(m.last_verified for m in self.mechanisms)

    @property
    def all_sources(self) -> list[PlatformSource]:
        seen: dict[str, PlatformSource] = {}
        for source in [*self.ai_use.sources, *(s for m in self.mechanisms for s in m.sources)]:
            seen.setdefault(source.url, source)
        return list(seen.values())
