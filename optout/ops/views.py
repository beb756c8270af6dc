from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render

from .health import health


@staff_member_required
def health_page(request):
    """For whoever runs the service: is the background clock ticking, and is work piling up?"""
    state = health()
    return render(request, "ops/health.html", {"health": state}, status=200 if state.clock_ok else 503)
