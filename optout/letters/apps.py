from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "optout.letters"
    label = "letters"

    def ready(self) -> None:
        from optout.plans.services.feeds import add_calendar_source

        from .calendar import answer_deadlines

        add_calendar_source(answer_deadlines)
