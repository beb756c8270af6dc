from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "optout.watch"
    label = "watch"
