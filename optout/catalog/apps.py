from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "optout.catalog"
    label = "catalog"

    def ready(self) -> None:
        from optout import checks  # noqa: F401  (registers system checks)
