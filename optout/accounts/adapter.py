"""How allauth names the site in e-mails, and the confirmation link on a local install.

On sign-up the browser's time zone becomes the person's. Without SMTP (a local install) e-mails are only printed in the terminal, so "check your inbox" would be
a dead end: the link is kept in the session and the "verify your e-mail" page shows it.
"""

from __future__ import annotations

import ipaddress
import secrets
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from optout.lib.dates import ZONE_COOKIE, valid_zone
from optout.lib.site import mail_is_local, site_is_public, site_name

from .models import Profile

SESSION_KEY = "optout_local_confirmation_url"


def shown_name(user) -> str:
    """How allauth's messages and e-mails name a person: by the address they sign in with (the user name is made up
    from it and never chosen; the command line's local user has only a name)."""
    return user.email or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = SimpleNamespace(name=site_name(), domain=settings.SITE_URL.split("://", 1)[-1])
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def populate_username(self, request, user) -> None:
        """A user name nobody sees and that says nothing of the person: allauth made it from the sign-up address
        ("bob.review"), which outlived a change of address, in the admin's log too. People sign in with their
        address."""
        user_model = type(user)
        while True:
            name = f"user-{secrets.token_hex(6)}"
            if not user_model._default_manager.filter(username=name).exists():
                user.username = name
                return

    def save_user(self, request, user, form, commit=True):
        """Remember the browser's time zone (optout.js puts it in a cookie) and the page's language, so times are
        local and e-mails in the person's language from the start."""
        user = super().save_user(request, user, form, commit=commit)
        zone = valid_zone(request.POST.get("time_zone") or request.COOKIES.get(ZONE_COOKIE)) if request else ""
        language = (getattr(request, "LANGUAGE_CODE", "") or "").split("-")[0] if request else ""
        defaults = {key: value for key, value in (("time_zone", zone), ("language", language)) if value}
        if commit and defaults:
            Profile.objects.update_or_create(owner=user, defaults=defaults)
        return user

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        # "Confirmation e-mail sent to …" would sit above the page saying that no e-mail was sent
        if message_template == "account/messages/email_confirmation_sent.txt" and request is not None and \
                request.session.get(SESSION_KEY):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        super().send_confirmation_mail(request, emailconfirmation, signup)
        # Only where nobody else can reach the site, and only to a visitor on this computer: on a public server, or to
        # someone else on the same network (`optout serve --host 0.0.0.0`), it would confirm any address typed in.
        if mail_is_local() and not site_is_public() and request is not None and hasattr(request, "session") \
                and _on_this_computer(request):
            request.session[SESSION_KEY] = self.get_email_confirmation_url(request, emailconfirmation)


def _on_this_computer(request) -> bool:
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


class MFAAdapter(DefaultMFAAdapter):
    # allauth refuses a new e-mail address on an account with two-factor authentication (an unconfirmed address must
    # not become a way in), and its message said only that: it says what to do instead.
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _("An account protected by two-factor authentication cannot take a new e-mail address. To "
                               "change yours, turn two-factor authentication off, add the new address and confirm it, "
                               "then turn two-factor authentication on again."),
    }
