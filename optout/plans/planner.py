"""Turn a person's region, accounts and creative work into an ordered list of actions.

Pure: reads catalog models and plain values, imports no Django. `plans.services`
stores the result and keeps each person's statuses and history across regenerations.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from optout.catalog.schema import Mechanism, Platform
from optout.lib.i18n import gettext_noop as _

# Platform categories that matter most to each kind of creator: their actions come first within a stage.
RELEVANT_CATEGORIES = {
    "visual-artist": {"art", "photo", "social"},
    "photographer": {"photo", "stock", "art"},
    "writer": {"writing", "website", "professional"},
    "musician": {"music", "video"},
    "video": {"video", "social"},
}

STAGES = [
    ("quick", _("Quick settings")),
    ("forms", _("Forms and objections")),
    ("letters", _("Legal requests")),
    ("limit", _("Limit what is public")),
]
STAGE_ORDER = {code: index for index, (code, _label) in enumerate(STAGES)}

@dataclass(frozen=True)
class Law:
    """A privacy law where someone lives, as far as a written request goes: whether optout's letters cite it
    (`cited`; the letters app has a regime for the region) and whether it sets the company a time to answer an
    objection or erasure (`deadline`). A test holds these to the letters' own regimes."""

    name: str
    cited: bool = True
    deadline: bool = True
    # "objection": the law lets a person object and ask for erasure (GDPR and its kin); "ccpa": no right to object,
    # but to know, delete, correct, stop the sale or sharing, limit sensitive data — for the businesses it covers
    requests: str = "objection"

    def name_in(self, gettext) -> str:
        """The law's name as the language of `gettext` calls it ("DSGVO", "RGPD"); `name` is English, as stored."""
        return gettext(self.name)

    @property
    def gives_objection(self) -> bool:
        """Whether a written request under this law can object (the CCPA gives no right to object)."""
        return self.requests != "ccpa"


# Where a privacy law gives rights over personal data, so a written request is worth suggesting. The letters feature
# builds the text; here it only decides what to suggest and what to promise of it.
LAWS = {
    "EU": Law(_("GDPR")),
    "EEA": Law(_("GDPR")),
    "UK": Law("UK GDPR"),
    "CH": Law("Swiss Federal Act on Data Protection", deadline=False),  # 30 days for access only
    "BR": Law("LGPD", deadline=False),  # 15 days for access only; no regulation yet for the others
    "US-CA": Law("CCPA/CPRA", requests="ccpa"),
    # Laws optout's letters do not cite yet: it writes a request that asks, and promises no deadline.
    "US-CO": Law("Colorado Privacy Act", cited=False),
    "US-CT": Law("Connecticut Data Privacy Act", cited=False),
    "US-VA": Law("Virginia Consumer Data Protection Act", cited=False),
    "US-TX": Law("Texas Data Privacy and Security Act", cited=False),
    "CA": Law("PIPEDA", cited=False),
    "KR": Law("Personal Information Protection Act", cited=False),
}

CLEAN_UP = "clean-up-public-posts"
LEGAL_REQUEST = "legal-request"


@dataclass(frozen=True)
class GenericStep:
    text: str


@dataclass(frozen=True)
class GenericAction:
    """Help that is not in a platform's catalog entry because it applies to every platform."""

    id: str
    kind: str
    title: str
    summary: str
    steps: tuple[GenericStep, ...]


GENERIC = {
    CLEAN_UP: GenericAction(
        id=CLEAN_UP,
        kind="clean-up",
        title=_("Download your data, then delete or hide old public posts"),
        summary=_(
            "With no opt-out, what is public can be used. Keep a copy of your work, then remove or hide "
            "what you would rather not have used from now on."
        ),
        steps=(
            GenericStep(_("Request a copy of your data from the platform's settings (often under “Download your information”).")),
            GenericStep(_("Wait for the download, open it and check your work is all there.")),
            GenericStep(_("Delete, archive or hide the public posts you do not want used. Start with your most personal or valuable work.")),
        ),
    ),
    LEGAL_REQUEST: GenericAction(
        id=LEGAL_REQUEST,
        kind="legal-request",
        title=_("Send a written request under {law}"),
        summary=_(
            "Where the platform offers no switch, or none that reaches every use of your data, %(law)s gives you "
            "rights over your personal data. A written objection or erasure request makes the company answer within a "
            "legal deadline."
        ),
        steps=(
            GenericStep(_("Write to the company's privacy team, object to the use of your personal data for AI training and ask for it to be erased.")),
            GenericStep(_("Send it through their privacy contact and keep a copy with the date you sent it.")),
            GenericStep(_("Mark this step as waiting until they answer; note the answer here.")),
        ),
    ),
}
# What the written request promises, by what the law where the person lives does for it (see `Law`).
LEGAL_REQUEST_SUMMARIES = {
    (True, True): GENERIC[LEGAL_REQUEST].summary,
    (True, False): _(
        "Where the platform offers no switch, or none that reaches every use of your data, %(law)s gives you rights "
        "over your personal data. A written objection or erasure request puts your wish on record; the law sets the "
        "company no fixed time to answer it, so the letter asks for one."
    ),
    (False, True): _(
        "Where the platform offers no switch, or none that reaches every use of your data, %(law)s may give you "
        "rights, but optout has no letter that cites it yet: it writes a request that asks the company to stop using "
        "your data for AI and to delete it, without claiming a legal deadline."
    ),
}
LEGAL_REQUEST_SUMMARIES[(False, False)] = LEGAL_REQUEST_SUMMARIES[(False, True)]

# The clean-up step beside an opt-out the catalog could not confirm: "With no opt-out" would contradict the step above it.
CLEAN_UP_UNCONFIRMED = _(
    "optout could not confirm the opt-out for this platform, so what is public may still be used. Keep a copy of your "
    "work, then remove or hide what you would rather not have used from now on."
)

# California's law gives no right to object: the step says what it does give, and to whom (Cal. Civ. Code
# § 1798.140(d): for-profit businesses above a size; optout cannot tell whether a company is one).
CCPA_REQUEST = GenericAction(
    id=LEGAL_REQUEST,
    kind="legal-request",
    title=GENERIC[LEGAL_REQUEST].title,
    summary=_(
        "Where the platform offers no switch, or none that reaches every use of your data, %(law)s lets you ask a "
        "business to delete your personal information, to stop selling or sharing it, or to tell you what it holds. "
        "It must answer within 45 days (once extended by 45 more, if it tells you), or act within 15 business days on "
        "a request to stop selling or sharing. The law covers for-profit businesses above a certain size, which "
        "optout cannot check for this company: if it is not one, the letter is a request without a legal deadline."
    ),
    steps=(
        GenericStep(_("Write to the company's privacy team: ask it to delete your personal information, or to stop "
                      "selling or sharing it, including for AI training.")),
        *GENERIC[LEGAL_REQUEST].steps[1:],
    ),
)


def generic_for(mechanism: str, law: Law | None) -> GenericAction | None:
    """The generic step as the law where the person lives has it."""
    if mechanism == LEGAL_REQUEST and law is not None and not law.gives_objection:
        return CCPA_REQUEST
    return GENERIC.get(mechanism)


def _title(generic: GenericAction, law: Law | None) -> str:
    if generic.id != LEGAL_REQUEST:
        return generic.title
    return generic.title.replace("{law}", law.name) if law.cited else ASK_IN_WRITING


ASK_IN_WRITING = _("Ask the company in writing to stop")


def title_in(stored: str, gettext) -> str:
    """A generic step's title, stored in English when the plan was made, in the language of `gettext` (a catalog
    step's title is the catalog's, English, and not this)."""
    for generic in GENERIC.values():
        if "{law}" not in generic.title:
            continue
        for law in LAWS.values():
            if stored == generic.title.replace("{law}", law.name):
                return gettext(generic.title).replace("{law}", law.name_in(gettext))
    return gettext(stored)


def request_summary(law: Law) -> str:
    """The legal-request step's summary for this law, marked for translation, with `%(law)s` to fill."""
    if not law.gives_objection:
        return CCPA_REQUEST.summary
    return LEGAL_REQUEST_SUMMARIES[(law.cited, law.deadline)]


@dataclass(frozen=True)
class PlannedAction:
    account: object  # the caller's key for the account (an id, or None)
    platform: str
    mechanism: str
    source: str  # "catalog" or "generic"
    kind: str
    title: str
    stage: str
    optional: bool
    sort_key: tuple


@dataclass
class Plan:
    actions: list[PlannedAction] = field(default_factory=list)
    without_opt_out: list[str] = field(default_factory=list)  # platform slugs with no opt-out in the region


def fingerprint(platform: Platform) -> str:
    """A hash of what a platform's entry says, ignoring when it was last checked.

    Re-verifying an entry without changing it must not send everyone back to re-check.
    """

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("last_verified", "accessed")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = strip(platform.model_dump(mode="json"))
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def law_for(region: str | None) -> Law | None:
    return LAWS.get((region or "").upper())


def _stage(mechanism: Mechanism, visibility: str) -> str:
    if mechanism.kind == "privacy-setting" and mechanism.costs_reach:
        return "quick" if visibility == "private" and mechanism.difficulty == "easy" else "limit"
    if mechanism.kind == "privacy-setting":  # damage limitation that costs no reach: an ordinary step for everyone
        return "quick" if mechanism.difficulty == "easy" else "forms"
    if mechanism.kind in ("setting", "opt-in-default") and mechanism.difficulty == "easy":
        return "quick"
    return "forms"


def _difficulty_rank(difficulty: str | None) -> int:
    return {"easy": 0, "medium": 1, "hard": 2}.get(difficulty or "", 3)


def _account_actions(key, platform: Platform, region, visibility: str, impact: int, law) -> list[PlannedAction]:
    actions = []

    def add(mechanism_id, source, kind, title, stage, optional=False, effort=(1, 30)):
        sort_key = (STAGE_ORDER[stage], optional, impact, *effort, platform.name.casefold(), mechanism_id)
        actions.append(PlannedAction(key, platform.slug, mechanism_id, source, kind, title, stage, optional, sort_key))

    mechanisms = platform.mechanisms_for(region)
    for mechanism in mechanisms:
        if mechanism.kind != "none":
            add(mechanism.id, "catalog", mechanism.kind, mechanism.title, _stage(mechanism, visibility),
                optional=bool(mechanism.only_when) or (mechanism.kind == "privacy-setting" and mechanism.costs_reach
                                                        and visibility == "public"),
                effort=(_difficulty_rank(mechanism.difficulty), mechanism.minutes or 0))
    # An opt-out the catalog could not confirm (confidence low) does not replace the fallbacks; a use the catalog says
    # no switch reaches (kind "none": Google's own training on YouTube, beside its third-party opt-in) still leaves the
    # written request, where a law gives one.
    fallbacks = []
    unconfirmed = not any(m.is_opt_out and m.confidence != "low" for m in mechanisms)
    # Deleting old public posts is for what is public: not a private library (Google Photos), nor a chat.
    if unconfirmed and platform.posts_in_public:
        fallbacks.append(GENERIC[CLEAN_UP])
    if law and (unconfirmed or any(m.kind == "none" for m in mechanisms)):
        fallbacks.append(GENERIC[LEGAL_REQUEST])
    for generic in fallbacks:
        clean_up = generic.id == CLEAN_UP
        # taking down public work is no step for someone whose work must stay public: offered, not counted
        add(generic.id, "generic", generic.kind, _title(generic, law), "limit" if clean_up else "letters",
            optional=clean_up and visibility == "public")
    return actions


def build_plan(
    *,
    region: str | None,
    accounts: Iterable[tuple[object, str]],
    platforms: Mapping[str, Platform],
    creator_kind: str = "",
    visibility: str = "",
) -> Plan:
    """One action per account and applicable mechanism, ordered by stage, relevance and effort.

    `accounts` is (key, platform slug) pairs; unknown slugs are skipped (a platform removed from
    the catalog leaves its old actions to the caller, who keeps their history).
    """
    relevant = RELEVANT_CATEGORIES.get(creator_kind, set())
    law = law_for(region)
    plan = Plan()
    for key, slug in accounts:
        platform = platforms.get(slug)
        if platform is None:
            continue
        impact = 0 if relevant.intersection(platform.categories) else 1
        if not platform.has_opt_out(region) and slug not in plan.without_opt_out:
            plan.without_opt_out.append(slug)
        plan.actions += _account_actions(key, platform, region, visibility, impact, law)
    plan.actions.sort(key=lambda action: (action.sort_key, str(action.account)))
    return plan
