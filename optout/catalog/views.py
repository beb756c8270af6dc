import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from optout.lib.ownership import owned

from . import query, services, visitor
from .forms import CatalogFilterForm, CorrectionForm, ReviewForm, region_choices, region_label
from .loader import catalog, catalog_version
from .models import Correction
from .patches import current_text
from .region_choice import chosen_region, remember_region


def _page_version() -> str:
    """What a cached catalog fragment depends on besides the question: the data, the day and the stale limit."""
    return f"{catalog_version()}:{dt.date.today().isoformat()}:{settings.OPTOUT_STALE_DAYS}"


def _results_html(request, region: str | None, filters: dict) -> str:
    """The list of platforms, rendered once per catalog version, day, language, region and filters.

    It is the same for everyone who asks the same question, and it is most of the page's cost.
    """
    key = "catalog-results:" + ":".join([
        _page_version(), get_language() or "", region or "", filters.get("q", ""),
        filters.get("kind") or "", filters.get("difficulty") or "",
    ])
    pages = caches["pages"]
    html = pages.get(key)
    if html is None:
        platforms = query.filter_platforms(
            catalog().values(),
            text=filters.get("q", ""),
            region=region,
            kind=filters.get("kind") or None,
            difficulty=filters.get("difficulty") or None,
        )
        rows = [
            {
                "platform": p,
                "has_opt_out": p.has_opt_out(region) if region else None,
                "kinds": query.kinds_to_show(p, region),
                "stale": query.is_stale(p, settings.OPTOUT_STALE_DAYS),
            }
            for p in platforms
        ]
        html = render_to_string("catalog/_results.html",
                                {"rows": rows, "region_label": region_label(region) if region else None})
        pages.set(key, html)
    return mark_safe(html)  # our own template's output, escaped when it was rendered


@require_safe
def index(request):
    region = chosen_region(request)
    form = CatalogFilterForm(request.GET or None, initial={"region": region or ""})
    filters = form.cleaned_data if form.is_valid() else {}
    results = _results_html(request, region, filters)
    if request.htmx:
        response = HttpResponse(results)
    else:
        form_key = repr(sorted(request.GET.items())) + (region or "")
        response = render(request, "catalog/index.html",
                          {"form": form, "form_key": form_key, "results": results, "total": len(catalog())})
    remember_region(request, response, region)
    return response


@require_safe
def detail(request, slug: str):
    platform = catalog().get(slug)
    if platform is None:
        raise Http404("No such platform in the catalog.")
    region = chosen_region(request)
    mechanisms = query.easiest_first(platform, region)
    opt_outs = [m for m in mechanisms if m.is_opt_out]
    context = {
        "platform": platform,
        "region": region,
        "region_label": region_label(region) if region else None,
        "region_choices": region_choices(),
        "mechanisms": mechanisms,
        "no_opt_out": bool(region) and not opt_outs,
        "none_notes": [m for m in mechanisms if m.kind == "none"],
        "alternatives": [m for m in mechanisms if m.kind == "privacy-setting"],
        "stale": query.is_stale(platform, settings.OPTOUT_STALE_DAYS),
        "stale_days": settings.OPTOUT_STALE_DAYS,
        "related": [catalog()[s] for s in platform.related if s in catalog()],
        "saved": request.user.is_authenticated and visitor.current().has_saved(request.user, slug),
        "outdated": services.outdated_mechanisms(slug),
    }
    context["policy_changed_on"] = max(context["outdated"].values(), default=None)
    context["page_version"] = _page_version()
    context["outdated_key"] = repr(sorted(context["outdated"].items()))
    response = render(request, "catalog/detail.html", context)
    remember_region(request, response, region)
    return response


# --- corrections -------------------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
def correct(request, slug: str):
    """'Something here is wrong': anyone may report, signed in or not (rate-limited)."""
    platform = catalog().get(slug)
    if platform is None:
        raise Http404("No such platform in the catalog.")
    form = CorrectionForm(request.POST or None, platform=platform, initial={"where": request.GET.get("where", "general")})
    if request.method == "POST" and form.is_valid():
        choice = dict(form.fields["where"].choices).get(form.cleaned_data["where"], "")
        try:
            item = services.report_correction(
                request.user, slug, f"{form.cleaned_data['where']}: {choice}", form.cleaned_data["what"],
                form.cleaned_data["source_url"], request.META.get("REMOTE_ADDR", ""),
            )
        except services.CorrectionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you. Your report was sent; this page shows what happens to it."))
            return redirect("catalog:correction", token=item.token)
    return render(request, "catalog/correct.html", {"platform": platform, "form": form})


@require_safe
def correction(request, token: str):
    """The reporter follows their report here: the secret address works signed in or not."""
    item = get_object_or_404(Correction, token=token)
    return render(request, "catalog/correction.html", {"correction": item, "platform": catalog().get(item.platform)})


@require_safe
def my_corrections(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    items = owned(Correction, request.user)
    return render(request, "catalog/my_corrections.html", {"corrections": items})


@staff_member_required
@require_safe
def review_queue(request):
    waiting = Correction.objects.filter(status=Correction.Status.NEW).order_by("created_at")
    decided = Correction.objects.exclude(status=Correction.Status.NEW).order_by("-reviewed_at")[:50]
    return render(request, "catalog/review_queue.html", {"waiting": waiting, "decided": decided})


@staff_member_required
def review(request, token: str):
    item = get_object_or_404(Correction, token=token)
    form = ReviewForm(request.POST or None, initial={"corrected": current_text(item.platform)}
                      if item.platform in catalog() else {})
    if request.method == "POST" and form.is_valid():
        try:
            if "accept" in request.POST:
                services.accept_correction(item, request.user, form.cleaned_data["corrected"], form.cleaned_data["note"])
                messages.success(request, _("Accepted. Download the patch and commit it."))
            else:
                services.decline_correction(item, request.user, form.cleaned_data["note"])
                messages.success(request, _("Declined; the reporter sees your note."))
            return redirect("catalog:review", token=item.token)
        except services.CorrectionRefused as exc:
            form.add_error(None, str(exc))
    return render(request, "catalog/review.html", {"correction": item, "form": form})


@staff_member_required
@require_safe
def review_patch(request, token: str):
    item = get_object_or_404(Correction, token=token, status=Correction.Status.ACCEPTED)
    response = HttpResponse(item.patch, content_type="text/x-diff; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.patch_name}"'
    return response
