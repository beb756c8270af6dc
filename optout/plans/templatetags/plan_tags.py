import datetime as dt

from django import template
from django.utils.translation import gettext

from optout.catalog.loader import platform_name
from optout.lib.dates import format_date

from .. import history

register = template.Library()

STATUS_CLASSES = {
    "done": "ok", "not_applicable": "info", "waiting": "info", "in_progress": "info",
    "needs_recheck": "warn", "rejected": "err", "todo": "",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")


register.filter("platform_name", platform_name)


@register.filter
def in_history(event) -> str:
    """A history line in the reader's language: optout's own sentences said again (`Event.said`), else as written."""
    return history.in_words(event.said, event.text, gettext, _iso_date)


@register.filter
def retire_reason(reason: str) -> str:
    return history.reason_in_words(reason, gettext)


def _iso_date(value: str) -> str:
    return format_date(dt.date.fromisoformat(value))


@register.filter
def optional_label(action) -> str:
    """Why an optional step is optional: it applies only in some situation (the catalog's `only_when`), or it costs
    reach (a privacy setting that hides work). One badge said "costs reach" for both."""
    from ..services.progress import mechanism_for

    mechanism = mechanism_for(action)
    if mechanism is not None and mechanism.only_when:
        return gettext("Optional: only in some situations")
    return gettext("Optional: costs reach")

