from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "optout.web"
    label = "web"
