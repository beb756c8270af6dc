from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "optout.media"
    label = "media"
    verbose_name = "Image marks"

    def ready(self) -> None:
        from optout.plans.registries import add_export_part

        from .exporting import PART

        add_export_part(PART)  # image-marking presets travel with the plan export
