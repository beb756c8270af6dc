from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "optout.accounts"
    label = "accounts"

    def ready(self) -> None:
        from optout.catalog import visitor
        from optout.notify.services import EMAIL_WANTED

        from . import signals
        from .services import wants_email_news
        from .visitor import AccountsVisitor

        visitor.install(AccountsVisitor())
        signals.connect()
        if wants_email_news not in EMAIL_WANTED:
            EMAIL_WANTED.append(wants_email_news)
