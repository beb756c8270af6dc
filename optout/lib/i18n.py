"""Marking text for translation in pure modules, which import no Django.

`from optout.lib.i18n import gettext_noop as _` marks a label where it is written (so `makemessages`
finds it, as it finds Django's own `gettext_noop`) and returns it unchanged; the page or form that
shows the label translates it then, with the visitor's language.
"""

from __future__ import annotations


def gettext_noop(text: str) -> str:
    return text


class Said(str):
    """A sentence for a person, in English as a string, that keeps its template (marked for translation where it is
    written) and its facts: a page says it in the reader's language with `in_words(gettext)`, while the command line,
    logs and JSON use the English string as it is. Pure code raises these; the page that shows them translates.

    A str subclass so that it passes through everything a message passes through (f-strings, JSON, a worker
    process's pickle) and compares equal to its English text."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        said = super().__new__(cls, template % params if params else template)
        said.template, said.params = template, params
        return said

    def in_words(self, translate) -> str:
        """The sentence in the language `translate` (gettext) gives; facts that are themselves sentences too."""
        text = translate(self.template)
        if not self.params:
            return text
        return text % {key: value.in_words(translate) if isinstance(value, Said) else value
                       for key, value in self.params.items()}


# The first of the month as French, Italian and Brazilian Portuguese write it: "1er janvier", "1° dicembre",
# "1º de dezembro" (other days are plain numbers; European Portuguese writes "1 de dezembro").
FIRST_OF_MONTH = {"fr": "1er", "it": "1°", "pt-BR": "1º"}
