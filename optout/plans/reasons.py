"""The "how does this processing affect you" paragraph for an objection, built from a person's own answers.

An objection under GDPR Art. 21(1) must give grounds relating to the person's particular
situation, so the text is assembled from what they tick and write, not a fixed template.
Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Callable

from optout.lib.i18n import gettext_noop as _

CONTENT_CHOICES = [
    ("face", _("photos and videos of my face")),
    ("artwork", _("my artwork and illustrations")),
    ("photos", _("my photographs")),
    ("writing", _("my writing")),
    ("music", _("my music and recordings")),
    ("opinions", _("my thoughts and opinions")),
]
HARM_CHOICES = [
    ("livelihood", _("I earn my living from this work. Models trained on it can produce imitations that compete with me.")),
    ("style", _("My style is recognisable and is how clients find me; generated copies of it dilute my name.")),
    ("likeness", _("Images of my face and body could be reproduced or altered without my consent.")),
    ("privacy", _("I shared this with my audience, not to become training material, and I cannot take it back out of a trained model.")),
    ("transparency", _("You have not explained which of my data you use, for which models, or for how long.")),
]
CREATOR_SENTENCES = {
    "visual-artist": _("I am an artist and illustrator and I post my work on your platform."),
    "photographer": _("I am a photographer and I post my work on your platform."),
    "writer": _("I am a writer and I post my work on your platform."),
    "musician": _("I am a musician and I post my work on your platform."),
    "video": _("I make videos and I post my work on your platform."),
}
OBJECTION_SENTENCE = _("I object to the use of my personal data, including %(what)s, to develop and train artificial intelligence.")
NOTHING_CHOSEN = _("my posts and the content I have shared")
LAST_OF_LIST = _("%(items)s and %(last)s")
CLOSING_SENTENCE = _("Please stop this processing and confirm in writing that you have done so.")
MAX_OWN_WORDS = 1500
# The languages the text can be written in (the interface's and the letters' languages).
LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl", "pt"]


def _same(text: str) -> str:
    return text


def _join(items: list[str], translate: Callable[[str], str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return translate(LAST_OF_LIST) % {"items": ", ".join(items[:-1]), "last": items[-1]}


def build_reason(*, contents: list[str], harms: list[str], own_words: str = "", creator_kind: str = "",
                 translate: Callable[[str], str] = _same) -> str:
    """A short paragraph in the first person; empty answers give a general but honest objection.

    `translate` turns each of the sentences above into the chosen language (the web passes gettext under
    that language); the person's own words are inserted as they wrote them.
    """
    content_labels = dict(CONTENT_CHOICES)
    harm_labels = dict(HARM_CHOICES)
    chosen = [translate(content_labels[c]) for c in contents if c in content_labels]
    parts = []
    if creator_kind in CREATOR_SENTENCES:
        parts.append(translate(CREATOR_SENTENCES[creator_kind]))
    what = _join(chosen, translate) if chosen else translate(NOTHING_CHOSEN)
    parts.append(translate(OBJECTION_SENTENCE) % {"what": what})
    parts += [translate(harm_labels[h]) for h in harms if h in harm_labels]
    words = " ".join(own_words.split())[:MAX_OWN_WORDS]
    if words:
        parts.append(words if words.endswith((".", "!", "?", "…")) else words + ".")
    parts.append(translate(CLOSING_SENTENCE))
    return " ".join(parts)
