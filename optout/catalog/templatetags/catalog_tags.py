from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from optout.catalog import sources
from optout.catalog.forms import KIND_CHOICES
from optout.catalog.forms import region_label as translated_region_label

register = template.Library()
_KINDS = dict(KIND_CHOICES)


# The catalog's words for how hard a step is and how sure its entry is, as people read them on a badge.
_DIFFICULTIES = {"easy": pgettext_lazy("effort", "easy"), "medium": pgettext_lazy("effort", "medium"),
                 "hard": pgettext_lazy("effort", "hard")}
_CONFIDENCES = {"low": pgettext_lazy("confidence", "low"), "medium": pgettext_lazy("confidence", "medium"),
                "high": pgettext_lazy("confidence", "high")}


@register.filter
def difficulty_label(difficulty: str) -> str:
    return _DIFFICULTIES.get(difficulty, difficulty)


@register.filter
def confidence_label(confidence: str) -> str:
    return _CONFIDENCES.get(confidence, confidence)


@register.filter
def copy_worth_linking(url: str | None) -> bool:
    """Whether a page a source was read through may be linked (an archive's copy), not only named."""
    return bool(url) and sources.copy_worth_linking(url)


@register.filter
def read_as_published(source) -> bool:
    """Whether a source was read on the platform's site or in a dated archive (a green badge), not through a copy."""
    return sources.read_as_published(source)


@register.filter
def before_full_stop(name: str) -> str:
    """A name to end a sentence with: "Meta Platforms, Inc." loses its stop, which the sentence gives back."""
    return name[:-1] if name.endswith(".") else name


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


_SOURCE_KINDS = {
    "primary": _("platform's own page"),
    "archived-primary": _("archived copy of the platform's page"),
    "regulator": _("regulator"),
    "secondary": _("press / other"),
    "primary-through-copy": _("platform's page, read through a copy"),
}


@register.filter
def source_kind_label(kind: str) -> str:
    return _SOURCE_KINDS.get(kind, kind)


@register.filter
def get(mapping: dict, key):
    """{{ outdated|get:m.id }}: a dictionary lookup in a template."""
    return mapping.get(key) if mapping else None


@register.filter
def platform_label(slug: str) -> str:
    from optout.catalog.loader import platform_name

    return platform_name(slug)


@register.filter
def in_english(text) -> str:
    """Text from the catalog's data, which is in English, marked so within a sentence of the page's language (a
    screen reader reads it in English, the browser hyphenates it as English)."""
    return format_html('<span lang="en">{}</span>', text) if text else ""
