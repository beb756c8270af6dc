"""Generating a person's plan and moving its actions along. Every change leaves an event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from optout.accounts.models import PlatformAccount
from optout.accounts.services import profile_for, speaking_to
from optout.catalog.loader import catalog
from optout.lib.ownership import owned

from .. import history
from ..models import Action, Event, Objection, Status
from ..planner import build_plan, fingerprint

CONFIRMATION_WAIT = dt.timedelta(days=14)


class PlanError(ValueError):
    """Something the person asked for that cannot be done; the message says why."""


_per_catalog: dict = {"catalog": None}  # what is derived from the loaded catalog; replaced when it is reloaded


def _derived() -> dict:
    global _per_catalog
    derived, platforms = _per_catalog, catalog()
    if derived["catalog"] is not platforms:  # a new dict, swapped in whole: other threads see old or new
        derived = _per_catalog = {"catalog": platforms, "fingerprints": None, "plans": {}}
    return derived


def _fingerprints() -> dict[str, str]:
    """Each platform's fingerprint, computed once per loaded catalog (plan pages ask on every visit)."""
    derived = _derived()
    if derived["fingerprints"] is None:
        derived["fingerprints"] = {slug: fingerprint(platform) for slug, platform in derived["catalog"].items()}
    return derived["fingerprints"]


def _planned(region: str, accounts: tuple, creator_kind: str, visibility: str):
    """build_plan for these answers, made once per loaded catalog (plan pages reconcile on every visit).

    build_plan is a pure function of its arguments; the plan returned is shared, so it is only read.
    """
    derived = _derived()
    plans = derived["plans"]
    if len(plans) > 1000:
        plans.clear()
    key = (region, accounts, creator_kind, visibility)
    plan = plans.get(key)
    if plan is None:
        plan = plans[key] = build_plan(region=region, accounts=accounts, platforms=derived["catalog"],
                                       creator_kind=creator_kind, visibility=visibility)
    return plan


def mechanism_for(action: Action):
    platform = catalog().get(action.platform)
    if platform is None or action.source != "catalog":
        return None
    return next((m for m in platform.mechanisms if m.id == action.mechanism), None)


def _retire_reason(action: Action, platforms) -> str:
    """Why a step stopped applying (stored in English: the step's page and history say it in the reader's language)."""
    if action.account_id is None:
        return history.ACCOUNT_REMOVED
    if action.platform not in platforms:
        return history.PLATFORM_GONE
    return history.NO_LONGER_OFFERED


@dataclass
class _Reconciliation:
    """What refresh_plan would change: worked out read-only, so a plan already in line costs no write."""

    planned: list[tuple[tuple, object, dict]] = field(default_factory=list)  # (key, plan item, fields)
    creates: list[tuple[object, dict]] = field(default_factory=list)
    updates: list[tuple[Action, dict]] = field(default_factory=list)
    retires: list[Action] = field(default_factory=list)
    catalog_changed: list[Action] = field(default_factory=list)

    @property
    def needed(self) -> bool:
        return bool(self.creates or self.updates or self.retires or self.catalog_changed)


def _reconciliation(user, actions: list[Action], prints: dict[str, str], profile=None) -> _Reconciliation:
    profile = profile or profile_for(user)
    accounts = list(owned(PlatformAccount, user))
    labels = {a.id: a.handle for a in accounts}
    plan = _planned(profile.region or "OTHER", tuple((a.id, a.platform) for a in accounts), profile.creator_kind,
                    profile.visibility)
    existing = {(a.account_id, a.platform, a.mechanism): a for a in actions}
    result = _Reconciliation()
    for position, item in enumerate(plan.actions):
        key = (item.account, item.platform, item.mechanism)
        fields = {
            "title": item.title, "kind": item.kind, "stage": item.stage, "optional": item.optional,
            "position": position, "source": item.source, "account_label": labels.get(item.account, ""),
        }
        result.planned.append((key, item, fields))
        action = existing.get(key)
        if action is None:
            result.creates.append((item, fields))
        elif action.retired_at is not None or any(getattr(action, name) != value for name, value in fields.items()):
            result.updates.append((action, fields))
    planned = {key for key, _, _ in result.planned}
    result.retires = [a for key, a in existing.items() if key not in planned and a.retired_at is None]
    result.catalog_changed = [a for a in actions if a.fingerprint and prints.get(a.platform, a.fingerprint) != a.fingerprint]
    return result


def refresh_plan(user, now: dt.datetime | None = None) -> dict[str, int]:
    """Bring the stored plan in line with the person's answers and today's catalog.

    New mechanisms become actions; ones that stopped applying are retired (kept, with their
    history); when a platform's entry changed, its done actions need a re-check. A plan that is
    already in line is only read: pages that call this on every visit take no write lock.
    """
    prints = _fingerprints()
    if not _reconciliation(user, list(owned(Action, user)), prints).needed:
        return {"added": 0, "retired": 0, "restored": 0, "recheck": 0}
    return _apply_reconciliation(user, now or timezone.now(), prints)


def current_actions(user, profile=None) -> list[Action]:
    """Every action of the person's plan, retired ones too, in plan order — brought in line first (as
    `refresh_plan` does). A plan already in line costs one read of its actions and no write; pages that
    show the plan use this list instead of reading the actions again. `profile`: the person's, when the
    caller has already read it."""
    prints = _fingerprints()
    actions = list(owned(Action, user))
    if not _reconciliation(user, actions, prints, profile).needed:
        return actions
    _apply_reconciliation(user, timezone.now(), prints)
    return list(owned(Action, user))


@transaction.atomic
def _apply_reconciliation(user, now: dt.datetime, prints: dict[str, str]) -> dict[str, int]:
    # What it writes in the steps' history is read by the person (and in their proof report): in their language,
    # also when the background worker, which speaks to nobody, brings the plan in line.
    with speaking_to(user):
        return _reconcile(user, now, prints)


def _reconcile(user, now: dt.datetime, prints: dict[str, str]) -> dict[str, int]:
    actions = list(owned(Action, user).select_for_update())
    plan = _reconciliation(user, actions, prints)  # again, under the lock: another request may have done it
    next_number = max((a.number for a in actions), default=0) + 1
    counts = {"added": 0, "retired": 0, "restored": 0, "recheck": 0}
    for item, fields in plan.creates:
        action = Action.objects.create(
            owner=user, number=next_number, account_id=item.account, platform=item.platform,
            mechanism=item.mechanism, fingerprint=prints.get(item.platform, ""), created_at=now, updated_at=now,
            **fields,
        )
        next_number += 1
        Event.objects.create(owner=user, action=action, at=now, kind=Event.Kind.CREATED, to_status=action.status)
        counts["added"] += 1
    for action, fields in plan.updates:
        changed = [name for name, value in fields.items() if getattr(action, name) != value]
        for name in changed:
            setattr(action, name, fields[name])
        if action.retired_at is not None:
            action.retired_at, action.retired_reason = None, ""
            changed += ["retired_at", "retired_reason"]
            Event.objects.create(owner=user, action=action, at=now, kind=Event.Kind.RESTORED)
            counts["restored"] += 1
        if changed:
            action.save(update_fields=changed)
    platforms = catalog()
    for action in plan.retires:
        action.retired_at, action.retired_reason = now, _retire_reason(action, platforms)
        action.save(update_fields=["retired_at", "retired_reason"])
        Event.objects.create(owner=user, action=action, at=now, kind=Event.Kind.RETIRED,
                             **history.told(action.retired_reason))
        counts["retired"] += 1
    counts["recheck"] = _mark_catalog_changes(plan.catalog_changed, prints, now)
    return counts


def _mark_catalog_changes(actions: list[Action], prints: dict[str, str], now: dt.datetime) -> int:
    marked = 0
    for action in actions:
        action.fingerprint = prints[action.platform]
        fields = ["fingerprint"]
        if action.status == Status.DONE and action.retired_at is None:
            name = catalog()[action.platform].name
            _record_status(action, Status.NEEDS_RECHECK, now, kind=Event.Kind.CATALOG,
                           text=history.told(history.CATALOG_CHANGED, platform=name))
            fields += ["status", "recheck_at", "updated_at"]
            marked += 1
        action.save(update_fields=fields)
    return marked


def sync_all_plans(now: dt.datetime | None = None) -> int:
    """Refresh every plan against the catalog (after a deploy or a catalog update). Returns plans touched."""
    from django.contrib.auth import get_user_model

    owners = get_user_model().objects.filter(plan_actions__isnull=False).distinct()
    for owner in owners:
        refresh_plan(owner, now)
    return owners.count()


def _record_status(action: Action, status: str, now: dt.datetime, *, kind=Event.Kind.STATUS, text: str | dict = "",
                   remind: bool = True) -> None:
    """`text`: the person's note, or `history.told(...)` for a sentence of optout's."""
    old = action.status
    action.status = status
    action.updated_at = now
    if status == Status.DONE:
        action.recheck_at = now + dt.timedelta(days=profile_for(action.owner).recheck_days)
    elif status != Status.NEEDS_RECHECK:
        action.recheck_at = None
    if status != Status.IN_PROGRESS:
        action.code_expires_at = None
    if status == Status.WAITING and remind:
        action.remind_at = action.remind_at or now + CONFIRMATION_WAIT
        action.reminded_at = None
    else:
        action.remind_at = action.reminded_at = None
    Event.objects.create(owner=action.owner, action=action, at=now, kind=kind, from_status=old, to_status=status,
                         **history.written(text))


@transaction.atomic
def set_status(action: Action, status: str, note: str | dict = "", now: dt.datetime | None = None, *,
               remind: bool = True) -> Action:
    """`note`: the person's words, or `history.told(...)` for a sentence of optout's. `remind`: whether a step now
    waiting gets optout's reminder when no confirmation comes in two weeks; a letter that tracks its own legal
    deadline (and reminds of it) passes False, so the step does not say another date."""
    if status not in Status.values:
        raise PlanError(f"Unknown status {status!r}; choose one of: {', '.join(Status.values)}.")
    note = note if isinstance(note, dict) else note.strip()
    if status == action.status and not note:
        return action
    now = now or timezone.now()
    if status == action.status:
        Event.objects.create(owner=action.owner, action=action, at=now, kind=Event.Kind.NOTE,
                             **history.written(note))
        if status == Status.WAITING and not remind and action.remind_at:  # the wait is now the letter's
            action.remind_at = action.reminded_at = None
            action.save(update_fields=["remind_at", "reminded_at"])
        return action
    _record_status(action, status, now, text=note, remind=remind)
    action.save()
    return action


def refuse_if_a_letter_took_over(action: Action) -> None:
    """After "the form does not work", the letter's page keeps the step's wait and deadline; a form part ticked then
    would put the form's two-week reminder back over the letter's legal deadline."""
    failed = Objection.objects.filter(action=action).values_list("form_failed_at", flat=True).first()
    if failed is not None:
        raise PlanError(_("A letter took over this objection: its page keeps the wait and the deadline. If the form "
                          "works after all, choose “Use the form again” first."))


def request_code(action: Action, now: dt.datetime | None = None) -> Action:
    """The person has asked the platform for an e-mail code: start the clock."""
    refuse_if_a_letter_took_over(action)
    mechanism = mechanism_for(action)
    if mechanism is None or not mechanism.email_code_minutes:
        raise PlanError(_("This step does not use an e-mail code."))
    now = now or timezone.now()
    with transaction.atomic():
        if action.status != Status.IN_PROGRESS:
            _record_status(action, Status.IN_PROGRESS, now)
        action.code_expires_at = now + dt.timedelta(minutes=mechanism.email_code_minutes)
        action.save()
        # No clock time in the stored text: history is shown in whatever zone the person reads it in.
        Event.objects.create(owner=action.owner, action=action, at=now, kind=Event.Kind.CODE,
                             **history.told(history.CODE_ASKED, minutes=mechanism.email_code_minutes))
    return action


def objection_sent(action: Action, now: dt.datetime | None = None) -> Action:
    """The form is submitted: wait for the platform's confirmation, and remind after two weeks."""
    refuse_if_a_letter_took_over(action)
    now = now or timezone.now()
    with transaction.atomic():
        action.remind_at = now + CONFIRMATION_WAIT
        _record_status(action, Status.WAITING, now, text=history.told(history.OBJECTION_SENT))
        action.save()
    return action


@transaction.atomic
def recheck_platform(user, platform: str, reason: str, url: str = "", now: dt.datetime | None = None) -> int:
    """A platform changed its policy: the person's finished steps there need a fresh look."""
    now = now or timezone.now()
    marked = 0
    for action in owned(Action, user).filter(platform=platform, status=Status.DONE, retired_at__isnull=True):
        # the change's page in full: the history is read on the step's page, in the proof report and in exports
        link = f"{settings.SITE_URL}{url}" if url.startswith("/") else url
        _record_status(action, Status.NEEDS_RECHECK, now, kind=Event.Kind.POLICY, text=f"{reason} {link}".strip())
        action.save()
        marked += 1
    return marked
