from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "optout.letters"
    label = "letters"
