import datetime as dt
import functools
import hashlib

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
from optout.lib.site import site_is_public

from . import query, services, visitor
from .forms import CatalogFilterForm, CorrectionForm, ReviewForm, region_choices, region_label
from .loader import catalog, catalog_version
from .models import Correction
from .patches import current_text
from .region_choice import chosen_region, not_theirs, remember_region


def _page_version() -> str:
    """What a cached catalog fragment depends on besides the question: the data, the day and the stale limit."""
    return f"{catalog_version()}:{dt.date.today().isoformat()}:{settings.OPTOUT_STALE_DAYS}"


def _results_html(region: str | None, question: str, filters) -> str:
    """The list of platforms, rendered once per catalog version, day, language, region and question.

    It is the same for everyone who asks the same question, and it is most of the page's cost. `question`
    is the query string as asked; `filters()` cleans it, and is called only when the list is rendered.
    """
    asked = hashlib.sha256(question.encode()).hexdigest()[:32]
    key = "catalog-results:" + ":".join([_page_version(), get_language() or "", region or "", asked])
    pages = caches["pages"]
    html = pages.get(key)
    if html is None:
        asked = filters()
        platforms = query.filter_platforms(
            catalog().values(),
            text=asked.get("q", ""),
            region=region,
            kind=asked.get("kind") or None,
            difficulty=asked.get("difficulty") or None,
        )
        rows = [
            {
                "platform": p,
                "has_opt_out": p.has_opt_out(region) if region else None,
                "kinds": query.kinds_to_show(p, region),
                "not_every_use": query.not_every_use(p, region),
                "stale": query.is_stale(p, settings.OPTOUT_STALE_DAYS),
            }
            for p in platforms
        ]
        html = render_to_string("catalog/_results.html",
                                {"rows": rows, "region_label": region_label(region) if region else None})
        pages.set(key, html)
    return mark_safe(html)  # our own template's output, escaped when it was rendered


def _once(compute):
    """A value the template asks for only when a cached fragment has to be rendered again: computed then, once."""
    return functools.cache(compute)


@require_safe
def index(request):
    region = chosen_region(request)
    question = repr(sorted(request.GET.lists()))  # the cached fragments' key; the form is built only to render them
    form = _once(lambda: CatalogFilterForm(request.GET or None, initial={"region": region or ""}))
    results = _results_html(region, question, _once(lambda: form().cleaned_data if form().is_valid() else {}))
    theirs = not_theirs(request, region)
    if theirs:  # about the person, so outside the cached list; in the list, so a new region picked shows it too
        results = render_to_string("catalog/_region_not_theirs.html", {"shown": region_label(region),
                                                                       "theirs": region_label(theirs)}) + results
    if request.htmx:
        response = HttpResponse(results)
    else:
        response = render(request, "catalog/index.html",
                          {"form": form, "form_key": question + (region or ""), "results": results,
                           "total": len(catalog())})
    remember_region(request, response, region)
    return response


@require_safe
def detail(request, slug: str):
    platform = catalog().get(slug)
    if platform is None:
        raise Http404("No such platform in the catalog.")
    region = chosen_region(request)
    mechanisms = _once(lambda: query.easiest_first(platform, region))
    outdated = services.outdated_mechanisms(slug)
    context = {
        "platform": platform,
        "region": region,
        "region_label": region_label(region) if region else None,
        "region_choices": _once(region_choices),
        "their_region_label": region_label(theirs) if (theirs := not_theirs(request, region)) else None,
        "mechanisms": mechanisms,
        "no_opt_out": _once(lambda: bool(region) and not any(m.is_opt_out for m in mechanisms())),
        "none_notes": _once(lambda: [m for m in mechanisms() if m.kind == "none"]),
        "no_opt_out_stated": _once(lambda: platform.says_no_opt_out(region)),
        "alternatives": _once(lambda: [m for m in mechanisms() if m.kind == "privacy-setting"]),
        "stale": query.is_stale(platform, settings.OPTOUT_STALE_DAYS),
        "stale_days": settings.OPTOUT_STALE_DAYS,
        "related": _once(lambda: [catalog()[s] for s in platform.related if s in catalog()]),
        "saved": request.user.is_authenticated and visitor.current().has_saved(request, slug),
        "outdated": outdated,
        "policy_changed_on": query.most_telling(outdated.values()),
        # The cached fragments' keys: what they show besides the platform, region, language and zone.
        "page_version": _page_version(),
        "outdated_key": repr(sorted(outdated.items())),
    }
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
    return render(request, "catalog/correct.html", {"platform": platform, "form": form, "site_is_public": site_is_public()})


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
