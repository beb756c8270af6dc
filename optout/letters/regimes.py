"""Privacy laws as data: which requests each law gives a person, the articles behind them, how its
deadlines are counted (including a clock that can stop), and where to complain.

One YAML file per regime in `optout/data/letters/regimes/`, validated like the catalog. A letter's
texts live beside it, in `optout/data/letters/<regime>/<language>.yaml`. Pure: no Django.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from optout.catalog.schema import Confidence, PastDate, ShortText, Slug, Source, Strict, Text
from optout.lib.yamlfiles import FolderResult, records_or_raise, validate_folder

REGIMES_DIR = Path(__file__).resolve().parent.parent / "data" / "letters" / "regimes"

# What a person wants, whatever the law calls it. A plan step has one of these purposes; each
# regime maps them onto its own request types.
PURPOSES = ("objection", "erasure", "access", "restriction", "withdraw-consent", "correction", "opt-out")


class DeadlineRule(Strict):
    """How one time limit is counted. Every field is a fact about the law, cited in `cite`."""

    count: int = Field(ge=1, le=400, description="How many units.")
    unit: Literal["months", "days", "days-from-receipt", "business-days"] = Field(
        description=(
            "months: the same date `count` months later (the month's last day when it has no such date); "
            "days: calendar days, the day of receipt not counted; days-from-receipt: calendar days, the day "
            "of receipt counted as the first; business-days: working days after the day of receipt."
        )
    )
    on_non_working_day: Literal["next-working-day", "keep"] = Field(
        description="When the last day is a weekend or public holiday: move to the next working day, or keep it."
    )
    extend_to: int | None = Field(None, ge=1, le=400, description="Total length, in the same unit, once extended.")
    extended_to_announced_date: bool = Field(
        False, description="The company may answer later by telling the person, within the time, by when it will "
                           "(Swiss DSV Art. 18(2)): the new deadline is the date it names, which the person enters.")
    confirm_within: int | None = Field(None, ge=1, le=60, description="Business days to confirm receipt, if the law sets them.")
    pause_for_clarification: bool = Field(
        False, description="The clock stops while the controller waits for information it asked for to identify what is requested."
    )
    restart_on_identity: bool = Field(
        False, description="The clock starts again when the controller receives proof of identity it asked for."
    )
    statutory: bool = Field(True, description="false when no law sets the time and optout only asks for it.")
    counted_from: Literal["receipt", "request"] | None = Field(
        None, description="receipt: from the day the company received the letter; request: from the day the person "
                          "made the request (sent it), as LGPD art. 19, II counts. Unset: receipt for a legal time "
                          "limit, request for a time only asked for (the letter names that date, counted from its own)."
    )
    cite: ShortText = Field(description="Where the time limit comes from, as the letter cites it.")
    reading: str | None = Field(
        None, max_length=600,
        description="Where the law's words allow another count than optout's, which reading optout follows and what "
                    "the other gives (in English; shown on the letter's page): a date a day or two off is a reminder "
                    "sent too early.")

    @property
    def counts_from_request(self) -> bool:
        return self.counted_from == "request" if self.counted_from else not self.statutory


class RequestRule(Strict):
    cites: list[ShortText] = Field(default_factory=list, description="Provisions the letter relies on; each must appear in every language. None for a plain request.")
    deadline: Slug = Field(description="Key of the rule in `deadlines`.")


class ComplaintRoute(Strict):
    controller_first: bool = Field(
        False, description="The law expects a complaint to the controller before one to the authority."
    )
    controller_basis: ShortText | None = Field(None, description="Provision for the complaint to the controller.")
    controller_deadline: Slug | None = Field(None, description="Key of the controller complaint's rule in `deadlines`.")
    authority_basis: ShortText | None = Field(None, description="Provision for the complaint to the authority; none = no authority.")
    authority_deadline: Slug | None = Field(None, description="Key of the rule for the authority's first answer, if the law sets one.")


class Regime(Strict):
    """A privacy law and what it gives a person who wants their data kept out of AI training."""

    id: Slug = Field(description="Must equal the file name, e.g. `uk-gdpr`.")
    name: ShortText = Field(description="The law's name in English.")
    regions: list[str] = Field(description="Region choices (catalog codes) of people this law protects; empty for the fallback.")
    languages: list[str] = Field(min_length=1, description="Letter languages with texts for this law, the default first.")
    requests: dict[Slug, RequestRule] = Field(min_length=1, description="Request types, in the order people see them.")
    purposes: dict[str, Slug] = Field(description="What a plan step wants (objection, erasure, …) → the request type.")
    deadlines: dict[Slug, DeadlineRule] = Field(min_length=1)
    follow_up: Slug = Field(description="Key of the rule a reminder letter asks for.")
    complaint: ComplaintRoute = Field(default_factory=ComplaintRoute)
    holidays_of: str | None = Field(
        None, pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
        description="The country (or US state, `US-CA`) whose public holidays move a period's last day under this "
                    "law: its own (GB, BR, CH). None for the GDPR, whose days are those of the Member State where the "
                    "answer is due (the authority's, else the company's lead authority's), and for no law (the "
                    "person's own).")
    note: Text | None = Field(None, description="What optout could not settle about this law, for reviewers.")
    sources: list[Source] = Field(min_length=1)
    last_verified: PastDate
    confidence: Confidence

    @model_validator(mode="after")
    def _references(self) -> Regime:
        problems = []
        for kind, rule in self.requests.items():
            if rule.deadline not in self.deadlines:
                problems.append(f"requests.{kind}.deadline: no deadline rule {rule.deadline!r}")
        for purpose, kind in self.purposes.items():
            if purpose not in PURPOSES:
                problems.append(f"purposes.{purpose}: not one of {', '.join(PURPOSES)}")
            if kind not in self.requests:
                problems.append(f"purposes.{purpose}: no request type {kind!r}")
        for key in (self.follow_up, self.complaint.controller_deadline, self.complaint.authority_deadline):
            if key and key not in self.deadlines:
                problems.append(f"no deadline rule {key!r}")
        if self.complaint.controller_first and not (self.complaint.controller_basis and self.complaint.controller_deadline):
            problems.append("complaint: controller_first needs controller_basis and controller_deadline")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def kinds(self) -> list[str]:
        """Every letter this law has: its requests, a reminder, and the complaints it allows."""
        kinds = [*self.requests, "follow-up"]
        if self.complaint.controller_first:
            kinds.append("controller-complaint")
        if self.complaint.authority_basis:
            kinds.append("complaint")
        return kinds

    def rule_for(self, kind: str) -> DeadlineRule | None:
        if kind in self.requests:
            return self.deadlines[self.requests[kind].deadline]
        key = {"follow-up": self.follow_up, "controller-complaint": self.complaint.controller_deadline,
               "complaint": self.complaint.authority_deadline}.get(kind)
        return self.deadlines[key] if key else None

    def after_deadline(self, kind: str) -> tuple[str, ...]:
        """The letters optout offers once this letter's date has passed unanswered: a reminder (not after a reminder
        or a complaint) and a complaint where this law has one (not after a complaint: the authority is the end)."""
        if kind == "complaint":
            return ()
        reminder = () if kind == "follow-up" else ("follow-up",)
        return (*reminder, "complaint") if "complaint" in self.kinds() else reminder

    def deadline_is_legal(self, kind: str) -> bool:
        """Whether the law sets this letter's date (not only the person asking for one)."""
        rule = self.rule_for(kind)
        return bool(rule and rule.statutory)


def validate_all(root: Path | None = None) -> FolderResult:
    return validate_folder(Path(root) if root else REGIMES_DIR, Regime, label="letters/regimes", key="id")


@functools.cache
def regimes() -> dict[str, Regime]:
    return records_or_raise(validate_all(), "letter regimes")


FALLBACK = "plain"


def regime_for(region: str) -> Regime:
    """The law that protects a person who lives in `region` (a region choice such as EU, UK, BR, US-CA)."""
    region = (region or "").upper()
    found = next((r for r in regimes().values() if region in r.regions), None)
    return found or regimes()[FALLBACK]


def request_for_purpose(regime: Regime, purpose: str) -> str:
    """The request type a step with `purpose` pre-selects; the law's first request when it has no match."""
    return regime.purposes.get(purpose) or next(iter(regime.requests))


_PURPOSE_WORDS = (
    ("erasure", ("erase", "erasure", "delete", "deletion", "remove my data")),
    ("access", ("access request", "copy of your data", "download your data", "what data")),
    ("correction", ("correct", "rectif")),
    ("withdraw-consent", ("withdraw consent", "withdraw your consent", "revoke")),
    ("objection", ("object", "objection")),
)


def step_purpose(mechanism_kind: str, text: str) -> str:
    """What a plan step wants, from its mechanism's kind and wording: "object and ask for erasure" is an
    erasure, an objection form an objection, a switch an opt-out."""
    lowered = (text or "").lower()
    for purpose, words in _PURPOSE_WORDS:
        # An objection form that also offers a copy of one's data (OpenAI's privacy portal) is no access request.
        if purpose == "access" and mechanism_kind == "objection-form":
            continue
        if any(word in lowered for word in words):
            return purpose
    # optout's own "legal-request" step (where a law gives rights but the platform no switch) asks the company
    # to stop using the data for AI and to erase it (plans/planner.py GENERIC): an erasure.
    kinds = {"objection-form": "objection", "setting": "opt-out", "email-request": "objection", "legal-request": "erasure"}
    return kinds.get(mechanism_kind, "objection")
