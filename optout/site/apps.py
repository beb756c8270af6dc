from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "optout.site"
    label = "site_signals"
