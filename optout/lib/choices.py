"""Choice lists for forms, whose labels pure modules mark with `optout.lib.i18n.gettext_noop`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy


def translated(choices: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """The choices with each label translated when a form shows it, in the visitor's language."""
    return [(code, gettext_lazy(label)) for code, label in choices]
