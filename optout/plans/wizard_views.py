"""The onboarding wizard: four short pages, each saved as soon as it is sent, so leaving halfway loses nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django.views.decorators.http import require_http_methods

from optout.accounts.models import PlatformAccount
from optout.accounts.services import AccountDataError, profile_for, set_region
from optout.catalog.loader import catalog
from optout.catalog.query import search
from optout.lib.ownership import owned

from . import services
from .forms import AboutYouForm, WhereForm

STEPS = [
    ("plans:start_where", gettext_lazy("Where you live")),
    ("plans:start_platforms", gettext_lazy("Your platforms")),
    ("plans:start_accounts", gettext_lazy("Your accounts")),
    ("plans:start_about", gettext_lazy("About your work")),
]
CATEGORY_LABELS = {  # marked for translation here, translated when the page is drawn
    "social": gettext_noop("Social networks"), "professional": gettext_noop("Work and networking"),
    "art": gettext_noop("Art and design"), "photo": gettext_noop("Photography"), "video": gettext_noop("Video"),
    "music": gettext_noop("Music and audio"), "writing": gettext_noop("Writing and blogs"),
    "website": gettext_noop("Website builders"), "ai-assistant": gettext_noop("AI assistants"),
    "productivity": gettext_noop("Work tools"), "stock": gettext_noop("Stock libraries"),
    "messaging": gettext_noop("Messaging"), "search": gettext_noop("Search"), "shopping": gettext_noop("Shopping"),
}


def _render(request, template, step: int, context: dict, status: int = 200):
    context.update({"steps": STEPS, "step": step, "step_count": len(STEPS)})
    return render(request, template, context, status=status)


@login_required
def start(request):
    return redirect("plans:start_where")


@login_required
@require_http_methods(["GET", "POST"])
def where(request):
    profile = profile_for(request.user)
    initial = {"country": profile.country, "us_state": profile.region[3:] if profile.region.startswith("US-") else "",
               "german_state": profile.subdivision}
    form = WhereForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        region = form.region()
        set_region(request.user, region)
        profile.refresh_from_db()
        profile.country, profile.subdivision = form.cleaned_data["country"], form.subdivision()
        profile.save(update_fields=["country", "subdivision"])
        return redirect("plans:start_platforms")
    return _render(request, "plans/wizard/where.html", 1, {"form": form}, 400 if form.errors else 200)


def _groups(platforms, chosen: set[str]):
    groups: dict[str, list] = {}
    for platform in platforms:
        groups.setdefault(platform.categories[0], []).append(platform)
    order = list(CATEGORY_LABELS)
    return [
        {"code": code, "label": _(CATEGORY_LABELS[code]), "platforms": groups[code]}
        for code in sorted(groups, key=order.index)
    ], sorted(chosen)


@login_required
@require_http_methods(["GET", "POST"])
def platforms(request):
    chosen = set(owned(PlatformAccount, request.user).values_list("platform", flat=True))
    error = ""
    if request.method == "POST":
        picked = [slug for slug in request.POST.getlist("platforms") if slug]
        if not picked:
            error = _("Tick at least one platform you have an account on.")
        else:
            try:
                services.choose_platforms(request.user, picked, remove_others=True)
            except AccountDataError as exc:
                error = str(exc)
            else:
                return redirect("plans:start_accounts")
        chosen = set(picked)
    query = request.GET.get("q", "").strip()[:100]
    shown = search(catalog().values(), query)
    groups, _chosen = _groups(shown, chosen)
    hidden = sorted(chosen - {p.slug for p in shown})
    context = {"groups": groups, "chosen": chosen, "hidden_chosen": hidden, "q": query, "error": error}
    return _render(request, "plans/wizard/platforms.html", 2, context, 400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def accounts(request):
    rows = list(owned(PlatformAccount, request.user))
    names = catalog()
    error = ""
    if request.method == "POST":
        handles = {row.id: request.POST.get(f"handle-{row.id}", "") for row in rows}
        try:
            services.set_handles(request.user, handles)
        except AccountDataError as exc:
            error = str(exc)
        else:
            return redirect("plans:start_about")
    items = [{"account": row, "name": names[row.platform].name if row.platform in names else row.platform} for row in rows]
    if not rows:
        return redirect("plans:start_platforms")
    return _render(request, "plans/wizard/accounts.html", 3, {"items": items, "error": error}, 400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def about(request):
    profile = profile_for(request.user)
    form = AboutYouForm(request.POST or None, initial={"creator_kind": profile.creator_kind, "visibility": profile.visibility})
    if request.method == "POST" and form.is_valid():
        services.save_about_you(request.user, form.cleaned_data["creator_kind"], form.cleaned_data["visibility"])
        if not profile.region:
            messages.error(request, _("Choose where you live first."))
            return redirect("plans:start_where")
        counts = services.refresh_plan(request.user)
        if counts["added"]:
            messages.success(request, ngettext("Your plan is ready. %(added)s new step; start with it.",
                                               "Your plan is ready. %(added)s new steps; start with the first one.",
                                               counts["added"]) % counts)
        else:  # answered again with nothing new: "0 new steps; start with the first one" said nothing true
            messages.success(request, _("Your plan is up to date: your answers added no new step."))
        return redirect("plans:dashboard")
    return _render(request, "plans/wizard/about.html", 4, {"form": form}, 400 if form.errors else 200)
