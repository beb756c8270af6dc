from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from optout.lib.outbound import make_fetcher

from .audit import audit as run_audit
from .audit import gather
from .forms import AuditForm, GenerateForm
from .generators import OUTPUTS, Choices, robots_txt


@require_http_methods(["GET", "POST"])
def index(request):
    """Generate signals (POST with action=generate) or audit a site (GET with url=…)."""
    generate_form = GenerateForm(request.POST if request.POST.get("action") == "generate" else None)
    audit_form = AuditForm(request.GET if "url" in request.GET else None)
    from .crawlers import guides

    context = {"generate_form": generate_form, "audit_form": audit_form, "guides": guides().values()}
    if generate_form.is_bound and generate_form.is_valid():
        data = generate_form.cleaned_data
        choices = Choices(block_ai_search=data["block_ai_search"], block_user_triggered=data["block_user_triggered"],
                          block_assistants=not data["allow_assistants"], images_only=data["images_only"],
                          policy_url=data["policy_url"])
        text, notes = robots_txt(data["existing"], choices)
        context["outputs"] = [("robots.txt", text)] + [(name, make(choices)) for name, make in OUTPUTS.items()]
        context["notes"] = notes
    if audit_form.is_bound and audit_form.is_valid():
        paths = ["/"] + ([audit_form.cleaned_data["path"]] if audit_form.cleaned_data["path"] else [])
        fetcher = make_fetcher(per_host_delay=0)
        try:
            context["report"] = run_audit(gather(audit_form.cleaned_data["url"], fetcher), paths=paths)
        finally:
            fetcher.close()
    status = 400 if generate_form.errors or audit_form.errors else 200
    return render(request, "site/index.html", context, status=status)
