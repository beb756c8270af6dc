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
