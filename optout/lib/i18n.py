"""Marking text for translation in pure modules, which import no Django.

`from optout.lib.i18n import gettext_noop as _` marks a label where it is written (so `makemessages`
finds it, as it finds Django's own `gettext_noop`) and returns it unchanged; the page or form that
shows the label translates it then, with the visitor's language.
"""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    return text
