"""How optout counts a letter's date, in words, from the rule it counts by (regimes/*.yaml): the same facts that
`deadlines.compute` uses, so what the page says and the date it shows cannot part ways."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .regimes import DeadlineRule


def how_counted(rule: DeadlineRule, kind: str = "") -> list[str]:
    """Sentences in the active language: the period and from when, what a weekend or holiday does, an extension. A
    complaint's time runs from the day the authority received it (it read "from the day the company received your
    letter")."""
    if kind == "complaint" and rule.unit == "months":
        said = [ngettext("%(count)s month from the day the authority received your complaint: the same date in the "
                         "next month (the month's last day when it has no such date).",
                         "%(count)s months from the day the authority received your complaint: the same date that many "
                         "months later (the month's last day when it has no such date).", rule.count)
                % {"count": rule.count}]
    else:
        said = [_period_sentence(rule.unit, rule.count, rule.counts_from_request)]
    if rule.unit != "business-days":
        said.append(_("A last day on a weekend or a public holiday moves to the next working day.")
                    if rule.on_non_working_day == "next-working-day"
                    else _("A last day on a weekend or a public holiday stays where it is."))
    if rule.extend_to:
        said.append(_("If the company extends it, telling you within that time, the period is %(total)s in all, "
                      "from the same day.") % {"total": _period(rule.unit, rule.extend_to)})
    return said


def _period_sentence(unit: str, count: int, from_sending: bool) -> str:
    """Whole sentences, one for each start, so that each language can put the day in the case its words ask for."""
    if unit == "months" and from_sending:
        text = ngettext("%(count)s month from the day you sent it: the same date in the next month (the month's last "
                        "day when it has no such date).",
                        "%(count)s months from the day you sent it: the same date that many months later (the month's "
                        "last day when it has no such date).", count)
    elif unit == "months":
        text = ngettext("%(count)s month from the day the company received your letter: the same date in the next "
                        "month (the month's last day when it has no such date).",
                        "%(count)s months from the day the company received your letter: the same date that many "
                        "months later (the month's last day when it has no such date).", count)
    elif unit == "days" and from_sending:
        text = ngettext("%(count)s calendar day after the day you sent it, that day not counted.",
                        "%(count)s calendar days after the day you sent it, that day not counted.", count)
    elif unit == "days":
        text = ngettext("%(count)s calendar day after the day the company received your letter, that day not counted.",
                        "%(count)s calendar days after the day the company received your letter, that day not "
                        "counted.", count)
    elif unit == "days-from-receipt":
        text = ngettext("%(count)s calendar day, the day the company received your letter counted as the first.",
                        "%(count)s calendar days, the day the company received your letter counted as the first.",
                        count)
    else:
        text = ngettext("%(count)s working day after the day the company received your letter.",
                        "%(count)s working days after the day the company received your letter.", count)
    return text % {"count": count}


def _period(unit: str, count: int) -> str:
    if unit == "months":
        return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}
    if unit == "business-days":
        return ngettext("%(count)s working day", "%(count)s working days", count) % {"count": count}
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
