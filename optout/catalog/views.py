import datetime as dt

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from optout.lib.ownership import owned

from . import query
from .forms import CatalogFilterForm, region_choices, region_label
from .loader import catalog, catalog_version
from .region_choice import chosen_region, remember_region


def _results_html(request, region: str | None, filters: dict) -> str:
    """The list of platforms, rendered once per catalog version, day, language, region and filters.

    It is the same for everyone who asks the same question, and it is most of the page's cost.
    """
    key = "catalog-results:" + ":".join([
        catalog_version(), dt.date.today().isoformat(), str(settings.OPTOUT_STALE_DAYS), get_language() or "", region or "", filters.get("q", ""),
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
        response = render(request, "catalog/index.html", {"form": form, "results": results, "total": len(catalog())})
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
        "saved": owned(_platform_accounts(), request.user).filter(platform=slug).exists(),
    }
    response = render(request, "catalog/detail.html", context)
    remember_region(request, response, region)
    return response


def _platform_accounts():
    from optout.accounts.models import PlatformAccount

    return PlatformAccount
