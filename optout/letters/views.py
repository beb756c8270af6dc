from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from optout.accounts.models import PlatformAccount
from optout.accounts.services import profile_for
from optout.catalog.loader import catalog
from optout.lib.choices import in_words, language_name
from optout.lib.dates import format_date
from optout.lib.ownership import get_owned_or_404, owned
from optout.notify.services import opens_news
from optout.plans.models import Action

from . import services
from .authorities import authorities
from .compose import LetterError
from .counting import how_counted
from .forms import (
    KIND_LABELS,
    AnswerForm,
    ComplaintForm,
    LetterForm,
    PauseForm,
    ResumeForm,
    SentForm,
    kind_label,
)
from .models import LetterRequest, Status
from .outputs import mailto
from .outputs.pdf import FONT_PACKAGES, SCRIPT_NAMES, letter_text, missing_fonts
from .regimes import regimes


def _request(request, number: int) -> LetterRequest:
    return get_owned_or_404(LetterRequest, request.user, number=number)


@login_required
@require_safe
def index(request):
    rows = owned(LetterRequest, request.user).select_related("parent")
    return render(request, "letters/index.html", {"rows": rows, "kind_labels": KIND_LABELS})


def _initial(request, platform: str, kind: str) -> dict:
    profile = profile_for(request.user)
    last = owned(LetterRequest, request.user).exclude(kind="complaint").first()
    initial = {"platform": platform, "kind": kind, "language": services.default_language(profile.country, profile.region),
               "email": request.user.email, "creator": profile.creator_kind}
    if last:
        initial.update(name=last.sender_name, address=last.sender_address, email=last.sender_email or request.user.email)
    if platform in catalog():
        recipient = services.recipient_for(platform, profile.region)
        initial.update(recipient_name=recipient.name, recipient_address=recipient.address, recipient_email=recipient.email,
                       recipient_for=platform)
        account = next((a.handle for a in owned(PlatformAccount, request.user).filter(platform=platform) if a.handle), "")
        initial["account"] = account
    return initial


def reason_from_step(action: Action) -> dict:
    """Prefill hook: the reason the person wrote for this step's objection form (its language, ticks and own
    words, saved by plans' guided sequence) opens the objection letter, so nothing is typed twice."""
    from optout.plans.services import letter_prefill

    return letter_prefill(action) or {}


def _same_lines(one: str, other: str) -> bool:
    return [line.strip() for line in one.strip().splitlines()] == [line.strip() for line in other.strip().splitlines()]


def _recipient(data: dict, region: str):
    """Whom the letter goes to: what the person wrote, or the catalog's company for the platform chosen (None) when
    they left it empty, or when it is still the catalog's company of the platform chosen before."""
    if not data["recipient_name"].strip():
        return None
    before = data.get("recipient_for") or ""
    if before != data["platform"] and before in catalog():
        earlier = services.recipient_for(before, region)
        if (data["recipient_name"].strip() == earlier.name and _same_lines(data["recipient_address"], earlier.address)
                and data["recipient_email"].strip() == earlier.email):
            return None
    return services.Recipient(data["recipient_name"], data["recipient_address"], data["recipient_email"],
                              services.recipient_for(data["platform"], region).form, "")


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    profile = profile_for(request.user)
    kinds = services.request_types(profile.region)
    action = None
    if request.GET.get("action"):
        action = get_owned_or_404(Action, request.user, number=request.GET["action"])
    platform = request.POST.get("platform") or request.GET.get("platform") or (action.platform if action else "")
    kind = request.GET.get("kind") or (services.request_for_step(profile.region, action) if action else kinds[0])
    if kind not in kinds:
        kind = services.request_for_step(profile.region, action) if action else kinds[0]
    initial = _initial(request, platform, kind)
    if action is not None:
        initial.update(reason_from_step(action))
    languages = services.languages_for(profile.region)
    if initial.get("language") not in languages:
        initial["language"] = languages[0]
    form = LetterForm(request.POST or None, kinds=kinds, regime=services.regime_for(profile.region),
                      languages=languages, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipient = _recipient(data, profile.region)
        try:
            letter = services.draft_request(
                request.user, platform=data["platform"], kind=data["kind"], language=data["language"],
                name=data["name"], address=data["address"], email=data["email"], account=data["account"],
                contents=data["contents"], harms=data["harms"], own_words=data["own_words"], recipient=recipient,
                action=action,
            )
        except LetterError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, in_words(exc.args[0]))
        except services.RequestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your letter is ready. Check it, then download or send it."))
            return redirect(letter)
    if not profile.region:
        messages.info(request, _("Tell optout where you live first: your rights depend on it."))
    context = {"form": form, "action": action, "regime": services.regime_for(profile.region), "profile": profile,
               "recipient_unsure": services.unconfirmed_company(platform, initial.get("recipient_name", ""),
                                                                profile.region)}
    return render(request, "letters/new.html", context, status=400 if form.errors else 200)


def _font_advice(composed) -> str:
    """Said on the page before anyone tries the PDF: which font package the letter's script needs, if any."""
    missing = missing_fonts(letter_text(composed))
    if not missing:
        return ""
    packages = " ".join(sorted({FONT_PACKAGES[lang] for lang in missing}))
    return _("This letter contains %(scripts)s characters and no font on this computer can print them, so the PDF "
             "would show empty boxes. Install the font package %(packages)s (Debian or Ubuntu: sudo apt install "
             "%(packages)s) and make the PDF again; the e-mail and text versions work without it.") % {
        "scripts": ", ".join(SCRIPT_NAMES[lang] for lang in missing), "packages": packages}


def _pause_form(letter: LetterRequest, data=None):
    """Offered only where the letter's law lets the clock restart or stop for information the company asked for."""
    reasons = services.pause_reasons(letter)
    if not reasons or letter.status not in (Status.SENT, Status.ACKNOWLEDGED):
        return None
    return PauseForm(data, reasons=reasons, initial={"asked_on": timezone.localdate()})


def _unsure_authority(letter: LetterRequest):
    """The authority a complaint goes to, when optout's record of its contact details is of low confidence (its
    sources disagree or are old): the page asks the person to check them before posting."""
    if letter.kind != "complaint":
        return None
    found = authorities().get(letter.authority)
    return found if found is not None and found.confidence == "low" else None


def _rule(letter: LetterRequest):
    """The deadline rule the letter's law counts it by, None where there is none."""
    regime = regimes().get(letter.regime)
    return regime.rule_for(letter.kind) if regime else None


def _extendable(letter: LetterRequest) -> bool:
    """Whether the letter's law lets the company extend its time (a statutory rule with an extension)."""
    rule = _rule(letter)
    return bool(rule and rule.statutory and (rule.extend_to or rule.extended_to_announced_date))


def _announced(letter: LetterRequest) -> bool:
    """Whether the letter's law lets the company set its later date itself (the answer form then asks for it)."""
    rule = _rule(letter)
    return bool(rule and rule.extended_to_announced_date)


def _likely_channel(letter: LetterRequest) -> str:
    """How the letter most likely went, to choose first: by e-mail where optout knows an address, through a form
    where it knows only a form (the ANPD takes petitions only through gov.br), else by post."""
    if letter.recipient_email:
        return "email"
    if letter.recipient_form and not letter.recipient_address.strip():
        return "form"
    return "post"


def _complained_to(letter: LetterRequest):
    """The authority a complaint goes to (None for any other letter)."""
    return authorities().get(letter.authority) if letter.kind == "complaint" else None


def _languages_not_written_in(letter: LetterRequest, authority) -> str:
    """For a complaint in a language its authority does not work in (optout writes none it does, or the person reads
    none of those), the languages it works in, named in the page's language; "" otherwise."""
    if authority is None or not authority.languages or letter.language.split("-")[0] in authority.languages:
        return ""
    return ", ".join(language_name(code) for code in authority.languages)


def _detail_context(request, letter: LetterRequest, **extra) -> dict:
    composed = services.letter_for(letter)
    step = services.complaint_step(letter)
    offered = services.complaint_authorities(letter) if step == "authority" else []
    complained_to = _complained_to(letter)
    context = {
        "letter": letter, "composed": composed, "mailto": mailto.link(composed),
        "plain_text": services.render_letter(letter, "txt").data.decode(),
        "missing_fonts": _font_advice(composed),
        "kind_label": kind_label(letter.kind, letter.regime), "complaint_step": step, "events": letter.events.all(),
        "sent_form": SentForm(initial={"sent_on": timezone.localdate(), "channel": _likely_channel(letter)},
                              counts_from_receipt=letter.deadline_counts_from_receipt),
        "answer_form": AnswerForm(announced=_announced(letter), extendable=_extendable(letter)), "complaint_form": ComplaintForm(authorities=offered) if offered else None,
        "authorities": offered, "children": letter.children.all(), "today": timezone.localdate(),
        "pause_form": _pause_form(letter), "resume_form": ResumeForm(initial={"answered_on": timezone.localdate()}),
        "authority_unsure": _unsure_authority(letter),
        "complained_to": complained_to,
        "authority_languages": _languages_not_written_in(letter, complained_to),
        "recipient_unsure": services.recipient_unconfirmed(letter) if letter.status == "drafted" else None,
        "form_is_a_form": services.recipient_form_is_a_form(letter),
    }
    rule = _rule(letter)
    if rule is not None and letter.effective_deadline:
        context.update(how_counted=how_counted(rule, letter.kind), deadline_cite=rule.cite, reading=rule.reading)
    context.update(extra)
    return context


@opens_news
@login_required
@require_safe
def detail(request, number: int):
    letter = _request(request, number)
    return render(request, "letters/detail.html", _detail_context(request, letter))


@login_required
@require_safe
def download(request, number: int, fmt: str):
    letter = _request(request, number)
    try:
        rendered = services.render_letter(letter, fmt)
    except services.CannotPrint as exc:
        messages.error(request, _font_advice(services.letter_for(letter)) or str(exc))
        return redirect(letter)
    except services.RequestError as exc:
        raise Http404("No such format.") from exc
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def sent(request, number: int):
    letter = _request(request, number)
    form = SentForm(request.POST, counts_from_receipt=letter.deadline_counts_from_receipt)
    if form.is_valid():
        try:
            services.mark_sent(letter, form.cleaned_data["sent_on"], form.cleaned_data["channel"],
                               form.cleaned_data["received_on"])
            services.settle(letter)  # sent on a past day whose time ran out: overdue now, its next step offered
        except services.RequestError as exc:
            form.add_error("sent_on", str(exc))
        else:
            if not letter.deadline:
                said = _("Marked as sent. No law sets a date for the answer.")
            elif letter.status == "overdue":
                said = _("Marked as sent. Its date, %(date)s, has passed: see below what optout can write now.") % {
                    "date": format_date(letter.effective_deadline)}
            else:
                said = _("Marked as sent. %(when)s") % {"when": letter.date_sentence}
            messages.success(request, said)
            return redirect(letter)
    return render(request, "letters/detail.html", _detail_context(request, letter, sent_form=form), status=400)


@login_required
@require_POST
def answer(request, number: int):
    letter = _request(request, number)
    form = AnswerForm(request.POST, announced=_announced(letter), extendable=_extendable(letter))
    if form.is_valid():
        try:
            services.record_answer(letter, form.cleaned_data["status"], form.cleaned_data["note"],
                                   told_on=form.cleaned_data["told_on"], until=form.cleaned_data.get("until"))
        except services.RequestError as exc:
            form.add_error(exc.field or "status", str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(letter)
    return render(request, "letters/detail.html", _detail_context(request, letter, answer_form=form), status=400)


def _draft_child(request, number: int, make, done: str):
    """A reminder or a complaint to the company: drafted from the letter, or the reason why not."""
    letter = _request(request, number)
    try:
        child = make(letter)
    except services.RequestError as exc:
        messages.error(request, str(exc))
        return redirect(letter)
    messages.success(request, done)
    return redirect(child)


@login_required
@require_POST
def follow_up(request, number: int):
    return _draft_child(request, number, services.make_follow_up, _("A reminder is ready to send."))


@login_required
@require_POST
def complaint(request, number: int):
    letter = _request(request, number)
    form = ComplaintForm(request.POST, authorities=services.complaint_authorities(letter))
    if form.is_valid():
        try:
            child = services.make_complaint(letter, form.cleaned_data["authority"])
        except services.RequestError as exc:
            messages.error(request, str(exc))
            return redirect(letter)
        messages.success(request, _("Your complaint is drafted, with the history of your request attached."))
        if child.language != letter.language:
            messages.info(request, _("It is written in %(language)s: %(authority)s does not work in the language of "
                                     "your request.") % {"language": language_name(child.language),
                                                         "authority": child.recipient_name})
        return redirect(child)
    return render(request, "letters/detail.html", _detail_context(request, letter, complaint_form=form), status=400)


@login_required
@require_POST
def controller_complaint(request, number: int):
    return _draft_child(request, number, services.make_controller_complaint, _("Your complaint to the company is drafted."))


@login_required
@require_POST
def pause(request, number: int):
    letter = _request(request, number)
    form = _pause_form(letter, request.POST)
    if form is not None and form.is_valid():
        try:
            services.pause_clock(letter, form.cleaned_data["asked_on"], form.cleaned_data["reason"])
        except services.RequestError as exc:
            form.add_error("asked_on", str(exc))
        else:
            messages.success(request, _("The clock is stopped until they have what they asked for."))
            return redirect(letter)
    if form is None:
        messages.error(request, _("The law of this letter does not stop its clock."))
        return redirect(letter)
    return render(request, "letters/detail.html", _detail_context(request, letter, pause_form=form), status=400)


@login_required
@require_POST
def resume(request, number: int):
    letter = _request(request, number)
    form = ResumeForm(request.POST)
    if form.is_valid():
        try:
            services.resume_clock(letter, form.cleaned_data["answered_on"])
        except services.RequestError as exc:
            form.add_error("answered_on", str(exc))
        else:
            messages.success(request, _("The clock runs again. %(when)s") % {"when": letter.date_sentence})
            return redirect(letter)
    return render(request, "letters/detail.html", _detail_context(request, letter, resume_form=form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, number: int):
    """Ask first, saying what goes (more for a letter already sent); delete the letter on POST."""
    letter = _request(request, number)
    if request.method == "POST":
        services.delete_letter(letter)
        messages.success(request, _("Deleted the letter %(reference)s for good.") % {"reference": letter.reference})
        return redirect("letters:index")
    return render(request, "letters/delete.html", {"letter": letter, "kind_label": kind_label(letter.kind, letter.regime),
                                                   **services.what_goes(letter)})
