from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "optout.accounts"
    label = "accounts"

    def ready(self) -> None:
        from optout.catalog import visitor
        from optout.notify.services import EMAIL_OFF_LINK, EMAIL_WANTED

        from . import signals
        from .services import email_off_link, wants_email_news
        from .visitor import AccountsVisitor

        visitor.install(AccountsVisitor())
        signals.connect()
        if wants_email_news not in EMAIL_WANTED:
            EMAIL_WANTED.append(wants_email_news)
        if email_off_link not in EMAIL_OFF_LINK:
            EMAIL_OFF_LINK.append(email_off_link)
