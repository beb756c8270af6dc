"""Marking text for translation in pure modules, which import no Django.

`from optout.lib.i18n import gettext_noop as _` marks a label where it is written (so `makemessages`
finds it, as it finds Django's own `gettext_noop`) and returns it unchanged; the page or form that
shows the label translates it then, with the visitor's language.
"""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    return text


def translated(choices: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """Choices whose labels were marked with `gettext_noop`, for a form: each label translated when it is shown."""
    from django.utils.translation import gettext_lazy

    return [(code, gettext_lazy(label)) for code, label in choices]
