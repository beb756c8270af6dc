from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from optout.catalog.loader import catalog
from optout.lib import ratelimit
from optout.lib.ownership import get_owned_or_404, owned

from . import services
from .forms import DeleteAccountForm, PlatformAccountEditForm, PlatformAccountForm, PolicyNewsForm, RegionForm
from .models import PlatformAccount


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    profile = services.profile_for(request.user)
    form = _region_form(profile, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _profile, forgotten = services.set_place(request.user, region=form.cleaned_data["region"])
        services.set_time_zone(request.user, form.cleaned_data["time_zone"])
        services.set_recheck_days(request.user, form.cleaned_data["recheck_days"])
        messages.success(request, _("Saved."))
        if forgotten:
            messages.warning(request, _("The country you gave before is not in the region you chose, so optout no longer "
                                        "takes it as yours: your letters' language and the authorities you can "
                                        "complain to now follow the region. Choose your country again in the plan's "
                                        "first step if you live elsewhere in it."))
        return redirect("accounts:settings")
    return _settings(request, profile, form=form)


def _region_form(profile, data=None) -> RegionForm:
    return RegionForm(data, initial={"region": profile.region, "recheck_days": profile.recheck_days,
                                     "time_zone": profile.time_zone})


def _settings(request, profile, form=None, news_form=None):
    """The settings page with its two forms, either of them as posted (with its errors): 400 when one has errors."""
    form = form or _region_form(profile)
    news_form = news_form or PolicyNewsForm(initial={"policy_news": profile.policy_news,
                                                     "email_news": profile.email_news})
    return render(request, "accounts/settings.html", {"form": form, "news_form": news_form, "profile": profile},
                  status=400 if form.errors or news_form.errors else 200)


@login_required
@require_POST
def policy_news(request):
    profile = services.profile_for(request.user)
    form = PolicyNewsForm(request.POST)
    if not form.is_valid():
        return _settings(request, profile, news_form=form)
    services.set_policy_news(request.user, form.cleaned_data["policy_news"])
    services.set_email_news(request.user, form.cleaned_data["email_news"])
    messages.success(request, _("Saved."))
    return redirect("accounts:settings")


# Mail programs' "unsubscribe" button (RFC 8058) posts here without the person's cookies, so no CSRF token can come
# with it; the signed link itself says whose e-mails stop, and stopping them is all a post here can do.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def email_off(request, token):
    """Stop a person's news e-mails from a link in one of them: a page asks first (link checkers open every link in
    an e-mail), a post stops them; no log-in needed."""
    user = services.user_of_email_off(token)
    if user is None:
        return render(request, "accounts/email_off.html", {"broken": True}, status=404)
    stopped = request.method == "POST"
    if stopped:
        services.set_email_news(user, False)
    return render(request, "accounts/email_off.html", {"stopped": stopped, "address": _partly_hidden(user.email)})


def _partly_hidden(address: str) -> str:
    """Enough of an e-mail address to recognise it, not enough to learn it from a forwarded link."""
    name, at, domain = address.partition("@")
    return f"{name[:1]}…{at}{domain}" if at else ""


def _platform_rows(user):
    names = catalog()
    return [
        {"account": account, "platform": names.get(account.platform)}
        for account in owned(PlatformAccount, user)
    ]


@login_required
def platforms(request):
    return render(
        request,
        "accounts/platforms.html",
        {"rows": _platform_rows(request.user), "form": PlatformAccountForm()},
    )


@login_required
@require_POST
def platform_add(request):
    form = PlatformAccountForm(request.POST)
    if form.is_valid():
        try:
            account = services.add_platform_account(request.user, **form.cleaned_data)
        except services.AccountDataError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Added %(name)s to My platforms.") % {"name": catalog()[account.platform].name})
            return redirect("accounts:platforms")
    return render(
        request, "accounts/platforms.html", {"rows": _platform_rows(request.user), "form": form}, status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def platform_edit(request, account_id: int):
    account = get_owned_or_404(PlatformAccount, request.user, pk=account_id)
    form = PlatformAccountEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_platform_account(account, form.cleaned_data["handle"], form.cleaned_data["note"])
        except services.AccountDataError as exc:
            form.add_error("handle", str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:platforms")
    return render(
        request, "accounts/platform_edit.html", {"form": form, "account": account, "platform": catalog().get(account.platform)}
    )


@login_required
@require_POST
def platform_remove(request, account_id: int):
    account = get_owned_or_404(PlatformAccount, request.user, pk=account_id)
    services.remove_platform_account(account)
    messages.success(request, _("Removed it from My platforms."))
    return redirect("accounts:platforms")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Explain what goes, offer the export first, then delete everything after the password and a tick."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and not ratelimit.allow(request, f"password-check:{request.user.pk}",
                                                        settings.OPTOUT_PASSWORD_CHECK_RATE):
        messages.error(request, _("Too many tries of your password in a short time. Wait a quarter of an hour, then "
                                  "try again."))
        return render(request, "accounts/delete.html", {"form": DeleteAccountForm(request.user)}, status=429)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("web:home")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)
