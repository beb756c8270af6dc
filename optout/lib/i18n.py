"""Marking text for translation in pure modules, which import no Django.

`from optout.lib.i18n import gettext_noop as _` marks a label where it is written (so `makemessages`
finds it, as it finds Django's own `gettext_noop`) and returns it unchanged; the page or form that
shows the label translates it then, with the visitor's language.
"""

from __future__ import annotations

import re
import unicodedata


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

    def as_data(self) -> dict:
        """The sentence as JSON can keep it (its template and its facts), for saying it again in another language."""
        return {"said": self.template,
                "facts": {key: value.as_data() if isinstance(value, Said) else value for key, value in self.params.items()}}

    @classmethod
    def from_data(cls, data, templates: frozenset[str], depth: int = 3) -> Said | None:
        """`as_data` read back, or None unless every template in it is one of `templates` (a stored or imported row
        is no place for a template of its own: "%(x)999999999s" would be said in a gigabyte) and its facts are short
        text or numbers."""
        if depth < 1 or not isinstance(data, dict) or set(data) != {"said", "facts"} or data["said"] not in templates:
            return None
        facts = data["facts"]
        if not isinstance(facts, dict) or len(facts) > 8:
            return None
        params = {}
        for key, value in facts.items():
            if isinstance(value, dict):
                value = cls.from_data(value, templates, depth - 1)
                if value is None:
                    return None
            elif isinstance(value, bool) or not isinstance(value, (str, int)) or len(str(value)) > 500:
                return None
            params[key] = value
        try:
            return cls(data["said"], **params)
        except (KeyError, TypeError, ValueError):
            return None

    def in_words(self, translate, show=None) -> str:
        """The sentence in the language `translate` (gettext) gives; facts that are themselves sentences too.
        `show(key, value)`: a fact as that language writes it (a date kept as an ISO string), else as it is."""
        text = translate(self.template)
        if not self.params:
            return text
        return text % {key: value.in_words(translate, show) if isinstance(value, Said)
                       else show(key, value) if show else value for key, value in self.params.items()}


# The first of the month as French, Italian and Brazilian Portuguese write it: "1er janvier", "1° dicembre",
# "1º de dezembro" (other days are plain numbers; European Portuguese writes "1 de dezembro").
FIRST_OF_MONTH = {"fr": "1er", "it": "1°", "pt-BR": "1º"}


# Italian elides an article before a number said with a vowel: "l'8 dicembre", "dall'11 novembre" (otto, undici).
_ITALIAN_ELISION = re.compile(r"\b(il|Il|del|Del|dal|Dal|al|Al|nel|Nel|sul|Sul) (?=(?:8|11)\b)")
_ELIDED = {"il": "l'", "Il": "L'", "del": "dell'", "Del": "Dell'", "dal": "dall'", "Dal": "Dall'", "al": "all'",
           "Al": "All'", "nel": "nell'", "Nel": "Nell'", "sul": "sull'", "Sul": "Sull'"}


# French elides "de" and "que" before a vowel: "la confirmation d’Instagram", not "de Instagram" (the translations
# say "de %(platform)s" before a name they cannot see). An h is left alone: it may be aspirated ("de Hulu").
_FRENCH_ELISION = re.compile(r"\b([Dd]e|[Qq]ue) (?=[AEIOUYÀÂÉÈÊËÎÏÔÛÜaeiouyàâéèêëîïôûü])")


def elide(text: str, language: str | None, apostrophe: str = "’") -> str:
    """`text` as Italian writes it ("l’8 dicembre", not "il 8 dicembre") and French ("d’Instagram"); unchanged in any
    other language. The translations say "il %(date)s", "de %(platform)s" before words they cannot see. The
    interface's catalog writes the typographic apostrophe (which also cannot end an HTML attribute); the letters'
    texts the typewriter one."""
    base = (language or "").split("-")[0]
    if base == "fr":
        return _FRENCH_ELISION.sub(lambda m: m.group(1)[:-1] + apostrophe, text)
    if base != "it":
        return text
    return _ITALIAN_ELISION.sub(lambda m: _ELIDED[m.group(1)].replace("'", apostrophe), text)


# French puts a space before : ; ? ! and inside « », and a line must not break there ("Objet :" on one line,
# ":" alone at the start of the next). A space written as a plain one in a text becomes a no-break space.
_FRENCH_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]+(?=[:;?!»])")
_FRENCH_SPACE_AFTER = re.compile(r"(?<=«)[ \u00a0\u202f]+")


def label_colon(language: str | None) -> str:
    """The colon after a label in `language`: French puts a space before it that does not break ("Objet : …")."""
    return "\u00a0:" if (language or "").startswith("fr") else ":"


def french_spaces(text: str) -> str:
    """`text` with the spaces French writes before : ; ? ! » and after « unbreakable."""
    return _FRENCH_SPACE_AFTER.sub("\u00a0", _FRENCH_SPACE_BEFORE.sub("\u00a0", text))


# Letters a language lists after their base letter as letters of their own (Polish "Łotwa" comes after every
# "Lu…"); other accented letters sort with their base letter, as readers of every language here expect.
OWN_LETTERS = {"pl": "ąćęłńóśźż", "es": "ñ"}
# Letters Unicode does not take apart into a base letter and an accent.
UNSPLIT_LETTERS = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "þ": "th", "ı": "i"}


def sort_key(text: str, language: str = "en"):
    """A key that sorts names as a dictionary in `language` would, near enough for a list to choose from: code point
    order puts every accented initial after "Z" (Polish "Łotwa", "Włochy" after "Wyspy …")."""
    own = OWN_LETTERS.get((language or "en").split("-")[0].lower(), "")
    letters = []
    for char in text.replace("\xad", "").casefold():
        if char in own:
            letters.append((UNSPLIT_LETTERS.get(char) or unicodedata.normalize("NFD", char)[0], own.index(char) + 1))
            continue
        for part in UNSPLIT_LETTERS.get(char) or unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part):
                letters.append((part, 0))
    return letters, text
