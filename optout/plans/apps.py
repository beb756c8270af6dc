from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "optout.plans"
    label = "plans"
