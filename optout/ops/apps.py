from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "optout.ops"
    label = "ops"

    def ready(self) -> None:
        from optout import checks  # noqa: F401  (registers the system checks, which look at every app)
