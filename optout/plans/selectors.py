"""What the plan pages show: read-only queries, always scoped to the person."""

from __future__ import annotations

from collections import OrderedDict

from django.utils import timezone
from django.utils.translation import gettext as _

from optout.accounts.choices import SURE_ONLY
from optout.accounts.services import profile_for
from optout.catalog import services as catalog_services
from optout.catalog.forms import region_label
from optout.catalog.loader import catalog, platform_name
from optout.lib.ownership import owned
from optout.notify.services import failing_channels, unread

from . import registries
from .models import FINISHED_STATUSES, OPEN_STATUSES, Action, Evidence, Status
from .planner import (
    CLEAN_UP,
    CLEAN_UP_UNCONFIRMED,
    LEGAL_REQUEST,
    STAGES,
    generic_for,
    law_for,
    request_summary,
)
from .services.progress import mechanism_for


def all_steps(user):
    return owned(Action, user).order_by("position", "number")


def active_steps(user):
    return all_steps(user).filter(retired_at__isnull=True)


def _due_rechecks(active, now) -> list[Action]:
    return [a for a in active.filter(status__in=[Status.DONE, Status.NEEDS_RECHECK]) if a.recheck_overdue(now)]


def _to_do_next(action: Action) -> bool:
    """A step to do next: open, and not optional (going private costs a person who must stay public their reach: the
    plan lists such steps, but optout does not push them, as the plan's questions promise)."""
    return action.status in OPEN_STATUSES and action.status != Status.NEEDS_RECHECK and not action.optional


def next_step(user, now=None) -> Action | None:
    """What to do next, for the dashboard and `optout plan next` alike: a due re-check first, then open steps."""
    active = active_steps(user)
    rechecks = _due_rechecks(active, now or timezone.now())
    return rechecks[0] if rechecks else next((action for action in active if _to_do_next(action)), None)


def progress(user, listed: list[Action] | None = None) -> dict:
    """Done out of the steps that count; the optional and not-applicable ones are counted apart, so the
    figures add up to the steps the plan lists. `listed`: the person's active steps, when already loaded."""
    listed = list(active_steps(user)) if listed is None else listed
    actions = [a for a in listed if not a.optional]
    counted = [a for a in actions if a.status != Status.NOT_APPLICABLE]
    done = sum(1 for a in counted if a.status == Status.DONE)
    by_platform: dict[str, dict] = OrderedDict()
    for action in sorted(counted, key=lambda a: platform_name(a.platform).casefold()):
        row = by_platform.setdefault(action.platform, {"name": platform_name(action.platform), "slug": action.platform, "done": 0, "total": 0})
        row["total"] += 1
        row["done"] += action.status == Status.DONE
    percent = round(100 * done / len(counted)) if counted else 0
    return {"done": done, "total": len(counted), "percent": percent, "by_platform": list(by_platform.values()),
            "optional": len(listed) - len(actions), "not_applicable": len(actions) - len(counted), "listed": len(listed)}


NEWS_SHOWN = 10  # unread news items listed on the dashboard


def dashboard(user, actions: list[Action] | None = None, profile=None) -> dict:
    """Everything the dashboard shows, from one read of the person's steps.

    `actions`: all of the person's actions in plan order, retired too (services.current_actions), and
    `profile`: theirs, when the caller has already read them.
    """
    now = timezone.now()
    listed = list(active_steps(user)) if actions is None else [a for a in actions if a.retired_at is None]
    profile = profile or profile_for(user)
    open_steps = [a for a in listed if _to_do_next(a)]
    waiting = [a for a in listed if a.status == Status.WAITING]
    return {
        "has_plan": bool(listed) or (bool(actions) if actions is not None else owned(Action, user).exists()),
        "profile": profile,
        "region_label": region_label(profile.region) if profile.region else "",
        "progress": progress(user, listed),
        "next_actions": open_steps[:5],
        "rechecks": [a for a in listed if a.status in (Status.DONE, Status.NEEDS_RECHECK) and a.recheck_overdue(now)],
        "waiting": sorted(waiting, key=lambda a: (a.remind_at is None, a.remind_at or now)),
        "awaited": [item for source in registries.WAITING_SOURCES for item in source(user)],
        "in_progress_codes": [a for a in listed if a.status == Status.IN_PROGRESS and a.code_expires_at
                              and a.code_expires_at > now],
        "notifications": (news := list(unread(user)[:NEWS_SHOWN + 1]))[:NEWS_SHOWN],
        "more_news": len(news) > NEWS_SHOWN,
        "failing_channels": failing_channels(user),
    }


def plan_page(user) -> dict:
    profile = profile_for(user)
    region = profile.region or "OTHER"
    actions = list(owned(Action, user))
    stages = []
    for code, label in STAGES:
        rows = [a for a in actions if a.stage == code and a.retired_at is None]
        if rows:
            stages.append({"code": code, "label": label, "actions": rows})
    platforms = catalog()
    used = sorted({a.platform for a in actions if a.retired_at is None and a.platform in platforms})
    sure_only = profile.policy_news == SURE_ONLY
    outdated = {slug: catalog_services.outdated_mechanisms(slug, sure_only=sure_only) for slug in used}
    for action in actions:  # steps whose platform changed its policy after they were verified
        if action.source == "catalog":
            action.policy_changed_on = outdated.get(action.platform, {}).get(action.mechanism)
    without = [platforms[slug] for slug in used if not platforms[slug].has_opt_out(region)]
    return {
        "profile": profile,
        "region_label": region_label(region),
        "stages": stages,
        "without_opt_out": without,
        "no_opt_out_stated": {platform.slug for platform in without if platform.says_no_opt_out(region)},
        "law": law_for(region),
        "law_name": law_for(region).name_in(_) if law_for(region) else "",
        "retired": [a for a in actions if a.retired_at is not None],
        "progress": progress(user),
        "has_plan": bool(actions),
    }


def _generic_summary(generic, law, platform=None, region: str = "") -> str:
    """A generic step's summary in the reader's language; a legal request's says what the law there does for it, a
    clean-up's whether an unconfirmed opt-out stands beside it."""
    if generic is None:
        return ""
    if generic.id == LEGAL_REQUEST and law is not None:
        return _(request_summary(law)) % {"law": law.name_in(_)}
    if generic.id == CLEAN_UP and platform is not None and any(m.is_opt_out for m in platform.mechanisms_for(region)):
        return _(CLEAN_UP_UNCONFIRMED)
    return _(generic.summary)


def action_page(action: Action) -> dict:
    platform = catalog().get(action.platform)
    mechanism = mechanism_for(action)
    profile = profile_for(action.owner)
    law = law_for(profile.region)
    generic = generic_for(action.mechanism, law) if action.source == "generic" else None
    now = timezone.now()
    return {
        "action": action,
        "platform": platform,
        "mechanism": mechanism,
        "policy_changed_on": catalog_services.policy_changed_on(
            action.platform, action.mechanism, sure_only=profile.policy_news == SURE_ONLY) if mechanism else None,
        "generic": generic,
        "generic_summary": _generic_summary(generic, law, platform, profile.region),
        "law": law,
        "events": list(action.events.all()),
        "evidence": list(action.evidence.all()),
        "code_active": bool(action.code_expires_at and action.code_expires_at > now and action.status == Status.IN_PROGRESS),
        "code_expired": bool(action.code_expires_at and action.code_expires_at <= now and action.status == Status.IN_PROGRESS),
        "uses_code": bool(mechanism and mechanism.email_code_minutes),
        # A written request is an objection where the law gives one: California's gives none (no "I object" text)
        "is_objection": bool(mechanism and mechanism.kind == "objection-form")
        or (action.mechanism == "legal-request" and (law is None or law.gives_objection)),
        "finished": action.status in FINISHED_STATUSES,
    }


def report(user) -> dict:
    profile = profile_for(user)
    actions = list(owned(Action, user).prefetch_related("events", "evidence"))
    recorded = [a for a in actions if a.status != Status.TODO or a.evidence.all()]
    return {
        "profile": profile,
        "region_label": region_label(profile.region) if profile.region else "",
        "actions": recorded,
        "generated_at": timezone.now(),
        "progress": progress(user),
        "evidence_count": owned(Evidence, user).count(),
    }
