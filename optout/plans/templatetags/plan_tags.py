from django import template

register = template.Library()

STATUS_CLASSES = {
    "done": "ok", "not_applicable": "info", "waiting": "info", "in_progress": "info",
    "needs_recheck": "warn", "rejected": "err", "todo": "",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")


@register.filter
def platform_name(slug: str) -> str:
    from optout.catalog.loader import catalog

    platform = catalog().get(slug)
    return platform.name if platform else slug
