from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "optout.ops"
    label = "ops"
