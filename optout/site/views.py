from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from optout.lib import ratelimit
from optout.lib.choices import in_words
from optout.lib.outbound import make_fetcher

from .audit import SIGNAL_LABELS, check_address, gather, limits, pasted, unreachable
from .audit import audit as run_audit
from .forms import AuditForm, GenerateForm, PasteForm
from .generators import OUTPUTS, Choices, RobotsMergeError, ignoring_robots, robots_txt


def _label(name: str) -> str:
    return _(SIGNAL_LABELS[name]) if name in SIGNAL_LABELS else name


def _shown(report):
    """The report with its messages in the person's language."""
    params = dict(report.summary_params)
    if "unchecked_keys" in params:
        params["unchecked"] = ", ".join(map(_label, params["unchecked_keys"]))
    return {
        "report": report,
        "summary": _(report.summary) % params if params else _(report.summary),
        "explanation": (_(report.explanation_text) % report.explanation_params if report.explanation_params
                        else _(report.explanation_text)),
        "findings": [(f.level, f.translated(_)) for f in report.findings],
        "purposes": [(_(row["label"]), row["blocked"], row["total"]) for row in report.by_purpose.values()],
        "signals": [(_label(name), present) for name, present in report.signals.items()],
    }


def _audit_url(url: str, path: str):
    address, problem = check_address(url)
    if address is None:
        return unreachable(url, "malformed", problem)
    paths = ["/"] + ([path] if path else [])
    fetcher = make_fetcher(per_host_delay=0, limits=limits())
    try:
        report = run_audit(gather(address, fetcher), paths=paths)
    finally:
        fetcher.close()
    return report


@require_http_methods(["GET", "POST"])
def index(request):
    """Generate signals (POST action=generate), audit a site (GET url=…) or check pasted files (POST action=paste)."""
    action = request.POST.get("action")
    generate_form = GenerateForm(request.POST if action == "generate" else None)
    audit_form = AuditForm(request.GET if "url" in request.GET else None)
    paste_form = PasteForm(request.POST if action == "paste" else None)
    from .crawlers import guides

    context = {"generate_form": generate_form, "audit_form": audit_form, "paste_form": paste_form,
               "guides": guides().values()}
    if generate_form.is_bound and generate_form.is_valid():
        data = generate_form.cleaned_data
        choices = Choices(block_ai_search=data["block_ai_search"], block_user_triggered=data["block_user_triggered"],
                          block_assistants=not data["allow_assistants"], block_unknown=not data["allow_unknown"],
                          block_search=data["block_search"], block_research=data["block_research"],
                          block_link_preview=data["block_link_preview"], images_only=data["images_only"],
                          policy_url=data["policy_url"])
        try:
            text, notes = robots_txt(data["existing"], choices)
        except RobotsMergeError as exc:
            generate_form.add_error("existing", in_words(exc.args[0]))
        else:
            context["outputs"] = [("robots.txt", text)] + [(name, make(choices)) for name, make in OUTPUTS.items()]
            context["notes"] = [(note.level, note.translated(_)) for note in notes]
            context["ignoring"] = ignoring_robots(choices)
    limited = False
    if audit_form.is_bound and audit_form.is_valid():
        # Each check makes several outbound requests: limited per client address, counted in the shared cache.
        if ratelimit.allow(request, "site_audit", settings.OPTOUT_SITE_AUDIT_RATE):
            context.update(_shown(_audit_url(audit_form.cleaned_data["url"], audit_form.cleaned_data["path"])))
        else:
            limited = True
            audit_form.add_error("url", _("Too many site checks from your address in a short time. "
                                          "Wait a minute, then try again."))
    if paste_form.is_bound and paste_form.is_valid():
        data = paste_form.cleaned_data
        context.update(_shown(run_audit(pasted(data["robots"], data["head"]))))
    status = 429 if limited else 400 if generate_form.errors or audit_form.errors or paste_form.errors else 200
    return render(request, "site/index.html", context, status=status)
