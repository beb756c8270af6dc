"""The "how does this processing affect you" paragraph for an objection, built from a person's own answers.

An objection under GDPR Art. 21(1) must give grounds relating to the person's particular
situation, so the text is assembled from what they tick and write, not a fixed template.
Pure: no Django.
"""

from __future__ import annotations

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
MAX_OWN_WORDS = 1500


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def build_reason(*, contents: list[str], harms: list[str], own_words: str = "", creator: str = "") -> str:
    """A short paragraph in the first person; empty answers give a general but honest objection."""
    content_labels = dict(CONTENT_CHOICES)
    harm_labels = dict(HARM_CHOICES)
    chosen = [content_labels[c] for c in contents if c in content_labels]
    parts = []
    if creator:
        parts.append(f"I am a {creator.strip().lower()} and I post my work on your platform.")
    what = _join(chosen) if chosen else "my posts and the content I have shared"
    parts.append(f"I object to the use of my personal data, including {what}, to develop and train artificial intelligence.")
    parts += [harm_labels[h] for h in harms if h in harm_labels]
    words = " ".join(own_words.split())[:MAX_OWN_WORDS]
    if words:
        parts.append(words if words.endswith((".", "!", "?")) else words + ".")
    parts.append("Please stop this processing and confirm in writing that you have done so.")
    return " ".join(parts)
