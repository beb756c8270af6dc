from django import template
from django.utils.translation import gettext

from optout.catalog.loader import platform_name

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
    said = history.said_again(event.said)
    return said.in_words(gettext) if said is not None else event.text
