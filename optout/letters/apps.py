from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "optout.letters"
    label = "letters"

    def ready(self) -> None:
        from optout.plans.registries import (
            add_calendar_source,
            add_export_part,
            add_history_sentences,
            add_report_section,
            add_waiting_source,
        )

        from .calendar import answer_deadlines, awaiting_answers
        from .events import DATES, IN_PLAN
        from .exporting import PART
        from .report import report_section

        add_calendar_source(answer_deadlines)
        add_waiting_source(awaiting_answers)
        add_export_part(PART)
        add_report_section(report_section)
        add_history_sentences(IN_PLAN, DATES)
