from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from optout.catalog.loader import catalog


@require_safe
def home(request):
    platforms = catalog()
    return render(request, "web/home.html", {"platform_count": len(platforms)})


@require_safe
def about(request):
    return render(request, "web/about.html", {"stale_days": settings.OPTOUT_STALE_DAYS})


def not_found(request, exception=None):
    return render(request, "web/error.html", {"status": 404}, status=404)


def server_error(request):
    return render(request, "web/error.html", {"status": 500}, status=500)
