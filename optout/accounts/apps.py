from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "optout.accounts"
    label = "accounts"
