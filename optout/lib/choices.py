"""Choice lists for forms, whose labels pure modules mark with `optout.lib.i18n.gettext_noop`, and the messages those
modules say (`optout.lib.i18n.Said`), in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy


def translated(choices: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """The choices with each label translated when a form shows it, in the visitor's language."""
    return [(code, gettext_lazy(label)) for code, label in choices]


def in_words(value):
    """A message from pure code (`optout.lib.i18n.Said`) in the active language; any other text as it is."""
    from django.utils.translation import gettext

    return value.in_words(gettext) if hasattr(value, "in_words") else value
