from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from optout.accounts.services import AccountDataError, profile_for, profile_seen_by
from optout.lib.choices import in_words
from optout.lib.i18n import Said, gettext_noop
from optout.lib.ownership import get_owned_or_404
from optout.lib.site import site_is_public
from optout.notify.services import opens_news

from . import history, selectors, services
from .evidence import FILE_TYPES, MAX_EMAIL_BYTES, MAX_IMAGE_BYTES, EvidenceError
from .forms import EmailForm, ImportForm, NoteForm, ReasonForm, ScreenshotForm, StatusForm
from .models import Action, Evidence, Status
from .services.exporting import import_limits
from .services.objection import form_url, sequence
from .services.proof import open_stored
from .services.report import proof_report
from .transfer import PlanImportError, megabytes


def _action(request, number: int) -> Action:
    return get_owned_or_404(Action, request.user, number=number)


def _back(action: Action, anchor: str = ""):
    return redirect(action.get_absolute_url() + (f"#{anchor}" if anchor else ""))


@login_required
@require_safe
def dashboard(request):
    profile = profile_seen_by(request) or profile_for(request.user)  # the time-zone middleware read it already
    context = selectors.dashboard(request.user, services.current_actions(request.user, profile), profile)
    return render(request, "plans/dashboard.html", context)


@login_required
@require_safe
def plan(request):
    services.refresh_plan(request.user)
    return render(request, "plans/plan.html", selectors.plan_page(request.user))


def _action_context(request, action: Action, **extra):
    context = selectors.action_page(action)
    context.update({
        "status_form": StatusForm(initial={"status": action.status}),
        "note_form": NoteForm(), "screenshot_form": ScreenshotForm(), "email_form": EmailForm(),
    })
    if context["is_objection"]:
        objection = services.objection_for(action)
        context.update({
            "objection": objection,
            "reason_form": ReasonForm(initial={"language": objection.language, "contents": objection.contents,
                                               "harms": objection.harms, "own_words": objection.own_words}),
            "reason_text": services.reason_text(action, objection),
            "sequence": sequence(action, objection, uses_code=context["uses_code"]),
            "form_url": form_url(action),
        })
    context.update(extra)
    return context


@opens_news
@login_required
@require_safe
def action_page(request, number: int):
    action = _action(request, number)
    return render(request, "plans/action.html", _action_context(request, action))


@login_required
@require_POST
def action_status(request, number: int):
    action = _action(request, number)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, "plans/action.html", _action_context(request, action, status_form=form), status=400)
    services.set_status(action, form.cleaned_data["status"], form.cleaned_data["note"])
    messages.success(request, _("Saved: %(status)s.") % {"status": action.get_status_display()})
    return _back(action, "status")


@login_required
@require_POST
def action_note(request, number: int):
    action = _action(request, number)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(action, form.cleaned_data["note"])
        except EvidenceError as exc:
            form.add_error("note", in_words(exc.said))
        else:
            messages.success(request, _("Note added."))
            return _back(action, "evidence")
    return render(request, "plans/action.html", _action_context(request, action, note_form=form), status=400)


def _read_upload(upload, limit: int, label: str) -> bytes:
    if upload.size > limit:
        raise EvidenceError(
            _("%(name)s is %(size)s MB; %(label)s can be at most %(limit)s MB.")
            % {"name": upload.name, "size": round(upload.size / 1024 / 1024, 1), "label": label, "limit": limit // 1024 // 1024}
        )
    return upload.read()


@login_required
@require_POST
def action_screenshot(request, number: int):
    action = _action(request, number)
    form = ScreenshotForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["screenshot"]
        try:
            data = _read_upload(upload, MAX_IMAGE_BYTES, _("screenshots"))
            services.add_screenshot(action, data, upload.name, form.cleaned_data["note"])
        except EvidenceError as exc:
            form.add_error("screenshot", in_words(exc.said))
        else:
            messages.success(request, _("Screenshot saved as evidence."))
            return _back(action, "evidence")
    return render(request, "plans/action.html", _action_context(request, action, screenshot_form=form), status=400)


@login_required
@require_POST
def action_email(request, number: int):
    action = _action(request, number)
    form = EmailForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("eml")
        try:
            if upload:
                data, name = _read_upload(upload, MAX_EMAIL_BYTES, _("e-mails")), upload.name
            else:
                data, name = form.cleaned_data["pasted"].encode("utf-8"), "pasted.eml"
            evidence = services.add_email(action, data, name)
        except EvidenceError as exc:
            form.add_error("eml" if upload else "pasted", in_words(exc.said))
        else:
            messages.success(request, _("E-mail saved: “%(subject)s”.") % {"subject": evidence.email_subject or evidence.email_from})
            if request.POST.get("finish") and action.status not in (Status.DONE, Status.NOT_APPLICABLE):
                services.set_status(action, Status.DONE, history.told(history.CONFIRMATION_ATTACHED))
                return _back(action, "confirmation")
            return _back(action, "evidence")
    return render(request, "plans/action.html", _action_context(request, action, email_form=form), status=400)


def _move_on(request, number: int, move, *, refused_at: str, then_at: str, done: str = ""):
    """One part of an objection step, done: the service's refusal shown where it was asked, else on to `then_at`."""
    action = _action(request, number)
    try:
        move(action)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        return _back(action, refused_at)
    if done:
        messages.success(request, done)
    return _back(action, then_at)


@login_required
@require_POST
def action_code(request, number: int):
    return _move_on(request, number, services.request_code, refused_at="code", then_at="code")


@login_required
@require_POST
def action_sent(request, number: int):
    return _move_on(request, number, services.objection_sent, refused_at="sent", then_at="status",
                    done=_("Now waiting for the platform. optout reminds you if nothing arrives within 14 days."))


@login_required
@require_http_methods(["GET", "POST"])
def action_reason(request, number: int):
    """Save the reason as it is typed (htmx sends the form on every change) and show its text."""
    action = _action(request, number)
    if request.method == "GET":
        return _back(action, "reason")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(request, "plans/_reason_text.html", {"reason_form": form, "reason_text": ""}, status=400)
        return render(request, "plans/action.html", _action_context(request, action, reason_form=form), status=400)
    objection = services.save_reason(action, **form.cleaned_data)
    text = services.reason_text(action, objection)
    if request.htmx:
        return render(request, "plans/_reason_text.html", {"reason_text": text, "objection": objection, "action": action})
    messages.success(request, _("Your reason is saved."))
    return _back(action, "reason")


@login_required
@require_POST
def action_opened(request, number: int):
    """The person opened the platform's form (optout.js reports the click; the link itself opens the form)."""
    action = _action(request, number)
    services.form_opened(action)
    if request.htmx or request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return _back(action, "form")


@login_required
@require_POST
def action_form_failed(request, number: int):
    """The form did not work: note it, and open the objection letter with the same reason."""
    action = _action(request, number)
    services.form_failed(action)
    return redirect(f"{reverse('letters:new')}?action={action.number}&kind=objection")


@login_required
@require_POST
def action_form_again(request, number: int):
    """The form works after all: its parts count again (a letter already written keeps its own page)."""
    return _move_on(request, number, services.form_works_again, refused_at="sent", then_at="form",
                    done=_("Back to the form: its parts count again. A letter you wrote stays on the letters page."))


@login_required
@require_safe
def evidence_file(request, evidence_id: int):
    evidence = get_owned_or_404(Evidence, request.user, pk=evidence_id)
    stored = open_stored(evidence)
    if stored is None:
        raise Http404("optout no longer has this file.")
    as_attachment = evidence.kind == Evidence.Kind.EMAIL or request.GET.get("download") == "1"
    # Only the types optout stores itself: a row from an older or hand-edited import is served as bytes.
    served_as = evidence.content_type if evidence.content_type in FILE_TYPES else "application/octet-stream"
    response = FileResponse(
        stored, content_type=served_as, as_attachment=as_attachment, filename=evidence.original_name or None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
def report(request):
    """The proof report (services/report.py); its screenshots are shown from their addresses here."""
    context = proof_report(request.user, lambda item: reverse("plans:evidence_file", args=[item.id]))
    return render(request, "plans/report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    if request.method == "POST":
        result = services.export_plan(request.user)
        if result.content_type == "application/zip":  # streamed from its temporary file, which goes when it is sent
            response = FileResponse(result.file, content_type=result.content_type)
            response["Content-Length"] = str(result.size)
        else:
            response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "plans/export.html", {"form": ImportForm()})


@login_required
@require_POST
def import_view(request):
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > (limit := import_limits().file_bytes):
                raise PlanImportError(Said(gettext_noop("The file is larger than %(size)s."), size=megabytes(limit)))
            count = services.import_plan(request.user, upload, replace=form.cleaned_data["replace"])
        except (PlanImportError, AccountDataError) as exc:
            form.add_error("file", _("%(name)s was not imported: %(error)s") % {"name": upload.name,
                                                                               "error": in_words(exc.args[0])})
        else:
            messages.success(request, _("Imported your plan: %(count)s steps with their history.") % {"count": count})
            return redirect("plans:dashboard")
    return render(request, "plans/export.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, evidence_id: int):
    """Ask first, saying what goes; delete one proof item (and its file) on POST."""
    evidence = get_owned_or_404(Evidence.objects.select_related("action"), request.user, pk=evidence_id)
    if request.method == "POST":
        action = evidence.action
        services.delete_evidence(evidence)
        messages.success(request, _("Deleted that proof for good."))
        return _back(action, "evidence")
    return render(request, "plans/evidence_delete.html", {"evidence": evidence, "action": evidence.action})


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    if request.method == "POST":
        what = request.POST.get("do")
        if what == "create":
            services.feed_for(request.user, create=True)
            messages.success(request, _("Your calendar address is ready."))
        elif what == "regenerate":
            services.regenerate_feed(request.user)
            messages.success(request, _("New address made. The old one no longer works: update your calendar."))
        elif what == "revoke":
            services.revoke_feed(request.user)
            messages.success(request, _("Calendar address turned off. Calendars that used it stop updating."))
        return redirect("plans:calendar")
    feed = services.feed_for(request.user)
    public = site_is_public()
    url = f"{settings.SITE_URL}/plan/calendar/{feed.token}.ics" if feed and public else ""
    webcal = url.replace("https://", "webcal://").replace("http://", "webcal://") if url else ""
    return render(request, "plans/calendar.html", {"feed": feed, "feed_url": url, "webcal_url": webcal, "public": public})


@login_required
@require_safe
def calendar_download(request):
    """The dates as a file to import: works on a local install, which calendar services cannot reach."""
    response = HttpResponse(services.calendar_for_user(request.user, settings.SITE_URL),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="optout.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def calendar_feed(request, token: str):
    body = services.calendar_for_token(token, request.build_absolute_uri("/").rstrip("/"))
    if body is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="optout.ics"'
    response["Cache-Control"] = "private, max-age=600"
    response["X-Robots-Tag"] = "noindex"
    return response

