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


class CorrectionForm(forms.Form):
    where = forms.ChoiceField(label=_("Where is it wrong?"))
    what = forms.CharField(
        label=_("What is wrong, and what is right?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: the switch is now under Settings › Privacy, not under Account."),
    )
    source_url = forms.URLField(
        label=_("Link to a page that shows it (the platform's own page if you can)"), required=False,
        max_length=1000, assume_scheme="https",
    )

    def __init__(self, *args, platform=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("general", _("The page in general"))]
        if platform is not None:
            choices += [(m.id, m.title) for m in platform.mechanisms]
            choices += [("ai-use", _("What it does with your data")), ("who", _("Who is responsible"))]
        self.fields["where"].choices = choices


class ReviewForm(forms.Form):
    corrected = forms.CharField(
        label=_("Corrected file"), required=False, widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        help_text=_("Edit the platform's YAML file; accepting turns your change into a patch."),
    )
    note = forms.CharField(label=_("Note to the reporter"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
