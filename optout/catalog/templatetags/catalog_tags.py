from django import template

from optout.catalog.forms import KIND_CHOICES
from optout.catalog.forms import region_label as translated_region_label

register = template.Library()
_KINDS = dict(KIND_CHOICES)


@register.filter
def kind_label(kind: str) -> str:
    return _KINDS.get(kind, kind)


@register.filter
def region_label(code: str) -> str:
    return translated_region_label(code)


@register.filter
def surface_label(surface: str) -> str:
    return {"web": "Web", "ios": "iPhone/iPad", "android": "Android", "desktop": "Desktop app",
            "email": "E-mail", "post": "Post"}.get(surface, surface)
