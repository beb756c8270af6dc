from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from optout.catalog.forms import region_choices
from optout.catalog.loader import catalog
from optout.catalog.region_choice import chosen_region


@require_safe
def home(request):
    platforms = catalog()
    context = {"platform_count": len(platforms), "region_choices": region_choices(), "region": chosen_region(request)}
    return render(request, "web/home.html", context)


@require_safe
def about(request):
    return render(request, "web/about.html", {"stale_days": settings.OPTOUT_STALE_DAYS})


def not_found(request, exception=None):
    return render(request, "web/error.html", {"status": 404}, status=404)


def server_error(request):
    return render(request, "web/error.html", {"status": 500}, status=500)


def set_language(request):
    """The language menu: Django's own view (a cookie), and for a signed-in person also their profile, so
    e-mails and news written by the background worker use the same language."""
    from django.views.i18n import set_language as django_set_language

    from optout.accounts.services import AccountDataError
    from optout.accounts.services import set_language as remember

    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            remember(request.user, request.POST.get("language", ""))
        except AccountDataError:
            pass  # Django's view ignored the unknown language too
    return response
