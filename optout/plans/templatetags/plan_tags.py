from django import template

from optout.catalog.loader import platform_name

register = template.Library()

STATUS_CLASSES = {
    "done": "ok", "not_applicable": "info", "waiting": "info", "in_progress": "info",
    "needs_recheck": "warn", "rejected": "err", "todo": "",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")


register.filter("platform_name", platform_name)
