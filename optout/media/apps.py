from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "optout.media"
    label = "media"
    verbose_name = "Image marks"
