"""The chain of Content Credentials (C2PA) manifests in a file: for each, who signed it, when, whether it validated,
and what its training-and-data-mining assertion says.

Pure module; reads the manifest store as c2pa-python's `Reader.json()` gives it. The newest ("active") manifest is
validated by the library as the file is read. An earlier manifest (an ingredient's: the photographer's, before the
editor's) was validated when the next signer took it in, and those results are recorded in the ingredient; the library
adds, as "ingredient deltas", what it finds different now (a manifest changed since). The library's own summary state
counts only the newest manifest and the deltas, so an earlier manifest that had already failed when it was taken in
left the whole file "valid".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

from .credentials import ASSERTION

TRAINING_ASSERTIONS = (ASSERTION, "c2pa.training-mining")  # CAWG's, and C2PA's older label that older files carry
UNTRUSTED = "signingCredential.untrusted"  # the library's rule too: a signer on no trust list leaves a manifest valid
TRUSTED = "signingCredential.trusted"
# Older (1.x) manifests record one flat list of statuses; these endings mark the checks that passed or only inform.
PASSED_ENDINGS = (".validated", ".match", ".trusted", ".insideValidity", ".accessible", ".notRevoked", ".skipped")


@dataclass
class Statuses:
    failures: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, url) -> explanation
    passed: set[str] = field(default_factory=set)


@dataclass
class Link:
    """How a manifest came into the chain: as an ingredient of the manifest at `position`."""

    position: int
    ingredient: dict


def manifest_named_in(url: str, labels) -> str | None:
    """The manifest a status's url points into ("self#jumbf=/c2pa/<label>/c2pa.signature"), if it is one of `labels`."""
    parts = url.partition("jumbf=")[2].strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "c2pa" and parts[1] in labels else None


def _add_buckets(into: dict[str, Statuses], buckets: dict, owner: str, labels) -> None:
    for bucket in ("success", "informational", "failure"):
        for status in buckets.get(bucket) or []:
            _add_status(into, status, owner, labels, failed=bucket == "failure")


def _add_flat(into: dict[str, Statuses], statuses: list, owner: str, labels) -> None:
    for status in statuses:
        _add_status(into, status, owner, labels, failed=not status.get("code", "").endswith(PASSED_ENDINGS))


def _add_status(into: dict[str, Statuses], status: dict, owner: str, labels, failed: bool) -> None:
    url, code = status.get("url") or "", status.get("code") or ""
    statuses = into.setdefault(manifest_named_in(url, labels) or owner, Statuses())
    if failed and code != UNTRUSTED:
        statuses.failures[(code, url)] = status.get("explanation") or code
    elif not failed:
        statuses.passed.add(code)


def _add_results(into: dict[str, Statuses], results: dict, owner: str, labels, ingredients: dict[str, str]) -> None:
    """A validation_results object: the results of `owner`'s manifest, and the deltas of its ingredients' manifests."""
    _add_buckets(into, results.get("activeManifest") or {}, owner, labels)
    for delta in results.get("ingredientDeltas") or []:
        target = ingredients.get(delta.get("ingredientAssertionURI") or "", owner)
        _add_buckets(into, delta.get("validationDeltas") or {}, target, labels)


def _ingredient_uris(manifests: dict) -> dict[str, str]:
    """The url of each ingredient assertion -> the label of the manifest that ingredient carries."""
    uris = {}
    for label, manifest in manifests.items():
        for ingredient in manifest.get("ingredients") or []:
            if ingredient.get("active_manifest") and ingredient.get("label"):
                uris[f"self#jumbf=/c2pa/{label}/c2pa.assertions/{ingredient['label']}"] = ingredient["active_manifest"]
    return uris


def _walk(manifests: dict, active: str) -> list[tuple[str, Link | None]]:
    """Every manifest reachable from the newest through ingredients, newest first, each once."""
    order: list[tuple[str, Link | None]] = [(active, None)]
    seen = {active}
    for position, (label, _link) in enumerate(order, start=1):  # breadth first: `order` grows as it is walked
        for ingredient in (manifests.get(label) or {}).get("ingredients") or []:
            child = ingredient.get("active_manifest")
            if child and child not in seen:
                seen.add(child)
                order.append((child, Link(position, ingredient)))
    return order


def training_entries(manifest: dict) -> dict[str, str] | None:
    """entry -> use of the manifest's training-and-data-mining assertion; None when it has none."""
    found = None
    for assertion in manifest.get("assertions") or []:
        if (assertion.get("label") or "").split("__")[0] in TRAINING_ASSERTIONS:
            found = found or {}
            for name, entry in ((assertion.get("data") or {}).get("entries") or {}).items():
                found[name] = entry.get("use", "") if isinstance(entry, dict) else str(entry)
    return found


def _statuses(store: dict, order: list[tuple[str, Link | None]]) -> tuple[dict[str, Statuses], set[str]]:
    """The statuses of every manifest in the chain, and the labels of those that have any recorded validation."""
    manifests, labels = store.get("manifests") or {}, {label for label, _link in order}
    active, ingredients = order[0][0], _ingredient_uris(manifests)
    found: dict[str, Statuses] = {}
    checked = {active}  # the library validates the newest manifest as it reads the file
    if store.get("validation_results"):
        _add_results(found, store["validation_results"], active, labels, ingredients)
    else:
        _add_flat(found, store.get("validation_status") or [], active, labels)
    for label, link in order[1:]:
        recorded = link.ingredient.get("validation_results")
        if recorded:
            _add_results(found, recorded, label, labels, ingredients)
        elif link.ingredient.get("validation_status"):
            _add_flat(found, link.ingredient["validation_status"], label, labels)
        else:
            continue
        checked.add(label)
    return found, checked


def _entry(label: str, link: Link | None, manifest: dict | None, statuses: Statuses, checked: bool) -> dict:
    signature = (manifest or {}).get("signature_info") or {}
    ingredient = link.ingredient if link else {}
    problems = list(statuses.failures.values())
    if manifest is None:
        state, reason = "unchecked", Said(_("its manifest is named as an ingredient but is not in the file"))
    elif problems:
        state, reason = "invalid", ""
    elif not checked:
        state, reason = "unchecked", Said(_("the manifest that took it in recorded no validation results for it, so "
                                            "whether it matched the image it was made for is not known"))
    else:
        state, reason = "valid", ""
    return {
        "label": label,
        "ingredient_of": link.position if link else None,
        "relationship": ingredient.get("relationship", ""),
        "title": ingredient.get("title", ""),
        "signed_by": signature.get("common_name") or signature.get("issuer") or "",
        "issuer": signature.get("issuer", ""),
        "time": signature.get("time") or "",  # present only with a trusted timestamp
        "state": state,
        "trusted": state == "valid" and TRUSTED in statuses.passed,
        "problems": problems,
        "codes": sorted({code for code, _url in statuses.failures}),
        "reason": reason,
        "entries": training_entries(manifest or {}),
    }


def chain(store: dict) -> list[dict]:
    """One entry per manifest, newest first (position 1); empty when the store names no active manifest it holds."""
    manifests, active = store.get("manifests") or {}, store.get("active_manifest") or ""
    if active not in manifests:
        return []
    order = _walk(manifests, active)
    found, checked = _statuses(store, order)
    return [_entry(label, link, manifests.get(label), found.get(label, Statuses()), label in checked)
            for label, link in order]


def chain_state(entries: list[dict]) -> str:
    """invalid when any manifest failed; unchecked when none failed but one could not be checked; else valid."""
    states = {entry["state"] for entry in entries}
    return "invalid" if "invalid" in states else "unchecked" if "unchecked" in states else "valid"


def _who(entry: dict) -> str:
    return entry["signed_by"] or Said(_("an unknown signer"))


def verdict(entries: list[dict]) -> list[Said]:
    """What a person must know about the chain beyond the newest manifest: which manifest failed or could not be
    checked, by position and signer. Empty when there is one manifest, or all validated."""
    count = len(entries)
    if count < 2:
        return []
    said = []
    for position, entry in enumerate(entries, start=1):
        if entry["state"] == "invalid":
            said.append(Said(_("manifest %(position)s of %(count)s, signed by %(signer)s, failed validation"),
                             position=position, count=count, signer=_who(entry)))
        elif entry["state"] == "unchecked":
            said.append(Said(_("manifest %(position)s of %(count)s, signed by %(signer)s, could not be checked"),
                             position=position, count=count, signer=_who(entry)))
    return said or [Said(_("all %(count)s manifests validated"), count=count)]
