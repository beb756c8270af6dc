from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "optout.catalog"
    label = "catalog"
