from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from optout.lib.ownership import get_owned_or_404, owned
from optout.lib.site import mail_is_local

from . import services
from .models import Channel, Notification


class ChannelForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("Apprise address"), max_length=1000,
                          help_text=gettext_lazy("For example ntfy://my-topic, mailto://…, or json://example.org/hook."))
    label = forms.CharField(label=gettext_lazy("Name (optional)"), max_length=100, required=False)


def _to_path_here(request, target: str):
    """A redirect to `target` if it is a path on this site, else to the dashboard, where all news is listed."""
    # Only a path: redirect() reads a word without "/" as a URL name (a 500 for an unknown one).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("plans:dashboard")


@login_required
@require_POST
def mark_read(request):
    # Only the news the page listed: what arrived since, or was not listed, stays unread.
    services.mark_read(request.user, request.POST.getlist("id"))
    return _to_path_here(request, request.POST.get("next", ""))


@login_required
@require_GET
def open_notification(request, notification_id: int):
    # A GET that writes, because an e-mail's link can only be one: marking one's own news read does the same
    # however often it is followed, and another person's id is a 404 like one that does not exist.
    notification = get_owned_or_404(Notification, request.user, pk=notification_id)
    services.mark_read(request.user, [notification.pk])
    return _to_path_here(request, notification.url)


@login_required
@require_http_methods(["GET", "POST"])
def channels(request):
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.add_channel(request.user, form.cleaned_data["url"], form.cleaned_data["label"])
        except services.ChannelError as exc:
            form.add_error("url", str(exc))
        else:
            ok = services.send_to_channel(channel, "optout", _("This channel works: optout will send news here."))
            if ok:
                messages.success(request, _("Added, and a test message was sent."))
            else:
                messages.warning(request, _("Added, but the test message failed: %(error)s") % {"error": channel.last_error})
            return redirect("notify:channels")
    rows = owned(Channel, request.user)
    return render(request, "notify/channels.html", {"form": form, "rows": rows, "mail_is_local": mail_is_local()},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def channel_remove(request, channel_id: int):
    get_owned_or_404(Channel, request.user, pk=channel_id).delete()
    messages.success(request, _("Removed."))
    return redirect("notify:channels")
