"""Questions asked of the catalog by the site and the CLI alike (no database)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .schema import OPT_OUT_KINDS, Platform


def _fold(text: str) -> str:
    """Lower-case and strip accents, so 'resume' finds 'résumé'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


# The words people type for a kind of opt-out (the web's kind menu says the same in its labels).
KIND_WORDS = {
    "setting": "setting",
    "objection-form": "objection form",
    "email-request": "email e-mail request",
    "opt-in-default": "opt-in opt in default off unless you opt in",
    "privacy-setting": "privacy setting go private limit exposure",
    "none": "no opt-out",
}


def _haystack(platform: Platform) -> str:
    parts = [platform.name, platform.slug, platform.owner.company, *platform.categories]
    for mechanism in platform.mechanisms:
        parts += [mechanism.title, mechanism.summary, mechanism.kind, KIND_WORDS[mechanism.kind]]
    return _fold(" ".join(parts))


def _rank(platform: Platform, words: list[str]) -> int:
    name = _fold(platform.name)
    if name == " ".join(words) or platform.slug == "-".join(words):
        return 0
    if name.startswith(words[0]):
        return 1
    return 2


def search(platforms: Iterable[Platform], text: str) -> list[Platform]:
    """Platforms whose name, owner, categories or mechanisms contain every word of `text`."""
    words = _fold(text).split()
    candidates = list(platforms)
    if not words:
        return candidates
    hits = [p for p in candidates if all(word in _haystack(p) for word in words)]
    return sorted(hits, key=lambda p: (_rank(p, words), p.name.casefold()))


def did_you_mean(name: str, slugs: Iterable[str]) -> str:
    """" Did you mean: instagram?" for a platform name misspelt at the terminal ("instagrm"), or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(name.strip().lower(), list(slugs), n=3)
    return f" Did you mean: {', '.join(close)}?" if close else ""


def filter_platforms(
    platforms: Iterable[Platform],
    *,
    text: str = "",
    region: str | None = None,
    kind: str | None = None,
    difficulty: str | None = None,
) -> list[Platform]:
    result = search(platforms, text)
    if kind or difficulty:
        result = [
            p
            for p in result
            if any(
                (not kind or m.kind == kind) and (not difficulty or m.difficulty == difficulty)
                for m in p.mechanisms_for(region)
            )
        ]
    return result


def is_stale(platform: Platform, days: int, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return (today - platform.last_verified).days > days


def stale(platforms: Iterable[Platform], days: int, today: dt.date | None = None) -> list[Platform]:
    return sorted((p for p in platforms if is_stale(p, days, today)), key=lambda p: p.last_verified)


def easiest_first(platform: Platform, region: str | None) -> list:
    """Mechanisms for the region, real opt-outs first, then by effort."""
    order = {"easy": 0, "medium": 1, "hard": 2}
    return sorted(
        platform.mechanisms_for(region),
        key=lambda m: (not m.is_opt_out, m.kind == "none", order.get(m.difficulty, 3), m.minutes or 0),
    )


def kinds_to_show(platform: Platform, region: str | None) -> list[str]:
    """Kinds of help for the region, real opt-outs first; "none" only when it is the whole story."""
    kinds = {m.kind for m in platform.mechanisms_for(region)}
    if kinds & set(OPT_OUT_KINDS):
        kinds.discard("none")
    order = [*OPT_OUT_KINDS, "privacy-setting", "none"]
    return sorted(kinds, key=order.index)


def not_every_use(platform: Platform, region: str | None) -> bool:
    """An opt-out exists, but the catalog also says some use has none (YouTube: a switch for third parties' training,
    none for Google's own): a list that said only "Opt-out available" let people think their work was safe."""
    kinds = {m.kind for m in platform.mechanisms_for(region)}
    return bool(kinds & set(OPT_OUT_KINDS)) and "none" in kinds


@dataclass(frozen=True, order=True)
class PolicyChanged:
    """A change of a platform's watched policy that concerns AI: its day in UTC, and whether optout is fairly
    sure it does (ordered by day; on one day, a sure change outranks an unsure one). Whether a step was
    verified before it is decided by the UTC day, the same for everyone; `shown` is what pages give, the
    moment, which they show as the day where the person is."""

    day: dt.date
    sure: bool = True
    at: dt.datetime | None = None

    @property
    def shown(self) -> dt.date | dt.datetime:
        return self.at or self.day


def most_telling(changes: Iterable[PolicyChanged]) -> PolicyChanged | None:
    """The change to name of several: the latest optout is sure of, else the latest (None for none)."""
    changes = list(changes)
    return max((c for c in changes if c.sure), default=max(changes, default=None))


def possibly_outdated(platform: Platform, changes: Iterable[tuple[str, PolicyChanged]]) -> dict[str, PolicyChanged]:
    """Mechanisms verified before an AI-relevant change of one of the platform's watched documents.

    `changes` are (document id, change). Returns {mechanism id: the change to name (`most_telling`)}; a
    mechanism re-verified on or after a change's day no longer counts it.
    """
    watched = set(platform.watched_documents)
    found = [change for document, change in changes if document in watched]
    out: dict[str, PolicyChanged] = {}
    for mechanism in platform.mechanisms:
        later = [change for change in found if change.day > mechanism.last_verified]
        if later:
            out[mechanism.id] = most_telling(later)
    return out
