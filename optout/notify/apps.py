from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "optout.notify"
    label = "notify"
