from django import forms
from django.utils.translation import gettext_lazy as _

from . import regions

KIND_CHOICES = [
    ("", _("Any kind")),
    ("setting", _("A setting")),
    ("objection-form", _("An objection form")),
    ("email-request", _("An e-mail request")),
    ("opt-in-default", _("Off unless you opt in")),
    ("privacy-setting", _("Limit exposure (e.g. go private)")),
    ("none", _("No opt-out")),
]
def region_choices():
    """Region choices in the visitor's language."""
    return [(code, _(label)) for code, label in regions.CHOICES]


def region_label(code: str) -> str:
    return str(_(regions.label(code)))


DIFFICULTY_CHOICES = [("", _("Any effort")), ("easy", _("Easy")), ("medium", _("Medium")), ("hard", _("Hard"))]


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.ChoiceField(
        label=_("Where you live"), required=False, choices=[("", _("Choose…")), *region_choices()]
    )
    kind = forms.ChoiceField(label=_("Kind of opt-out"), required=False, choices=KIND_CHOICES)
    difficulty = forms.ChoiceField(label=_("Effort"), required=False, choices=DIFFICULTY_CHOICES)
