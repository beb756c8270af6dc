"""How allauth names the site in e-mails, and the confirmation link on a local install.

Without SMTP (a local install) e-mails are only printed in the terminal, so "check your inbox" would be
a dead end: the link is kept in the session and the "verify your e-mail" page shows it.
"""

from __future__ import annotations

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from optout.lib.site import mail_is_local, site_name

SESSION_KEY = "optout_local_confirmation_url"


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = SimpleNamespace(name=site_name(), domain=settings.SITE_URL.split("://", 1)[-1])
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        super().send_confirmation_mail(request, emailconfirmation, signup)
        if mail_is_local() and request is not None and hasattr(request, "session"):
            request.session[SESSION_KEY] = self.get_email_confirmation_url(request, emailconfirmation)
