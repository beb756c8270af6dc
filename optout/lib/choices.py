"""Choice lists for forms, whose labels pure modules mark with `optout.lib.i18n.gettext_noop`, and the messages those
modules say (`optout.lib.i18n.Said`), in the reader's language."""

from __future__ import annotations

from django.utils.translation import get_language, get_language_info, gettext_lazy


def translated(choices: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """The choices with each label translated when a form shows it, in the visitor's language."""
    return [(code, gettext_lazy(label)) for code, label in choices]


def in_words(value):
    """A message from pure code (`optout.lib.i18n.Said`) in the active language; any other text as it is."""
    from django.utils.translation import gettext

    return value.in_words(gettext) if hasattr(value, "in_words") else value


# Languages that write a language's name in lower case inside a sentence ("en anglais", "in inglese").
SMALL_LANGUAGE_NAMES = {"es", "fr", "it", "pl", "pt"}


def language_name(code: str) -> str:
    """The name of a language ("fr") in the active language, as written inside a sentence."""
    name = str(get_language_info(code)["name_translated"])
    return name.lower() if (get_language() or "en").split("-")[0] in SMALL_LANGUAGE_NAMES else name
