from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "optout.accounts"
    label = "accounts"

    def ready(self) -> None:
        from optout.catalog import visitor

        from . import signals
        from .visitor import AccountsVisitor

        visitor.install(AccountsVisitor())
        signals.connect()
        from optout.notify.services import EMAIL_WANTED

        from .services import wants_email_news

        if wants_email_news not in EMAIL_WANTED:
            EMAIL_WANTED.append(wants_email_news)
