from django import forms
from django.utils.translation import gettext_lazy as _

from .marks import PLUS_VOCAB, SEE_CONSTRAINTS

MAX_FILES = 50
MAX_TOTAL_BYTES = 300 * 1024 * 1024
DATA_MINING_LABELS = [
    ("DMI-PROHIBITED-AIMLTRAINING", _("No AI training (recommended)")),
    ("DMI-PROHIBITED-GENAIMLTRAINING", _("No generative AI training")),
    ("DMI-PROHIBITED", _("No data mining at all")),
    ("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", _("Only search engine indexing")),
    ("DMI-PROHIBITED-SEECONSTRAINT", _("Prohibited, see my other constraints")),
    ("DMI-ALLOWED", _("Allowed")),
    ("DMI-UNSPECIFIED", _("No choice stated")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        # An empty file is one image that cannot be marked, which the batch reports by name ("NOT MARKED empty.jpg:
        # the file is empty"); Django's own check refused the whole batch with "The submitted file is empty."
        super().__init__(*args, allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(item, initial) for item in items]


class MarksForm(forms.Form):
    """The person's choices; shared by marking images and saving a preset."""

    data_mining = forms.ChoiceField(label=_("Data mining and AI training"), widget=forms.RadioSelect,
                                    choices=[(PLUS_VOCAB + code, label) for code, label in DATA_MINING_LABELS],
                                    initial=PLUS_VOCAB + "DMI-PROHIBITED-AIMLTRAINING")
    creator = forms.CharField(label=_("Creator"), required=False, max_length=200)
    copyright = forms.CharField(label=_("Copyright notice"), required=False, max_length=300,
                                help_text=_("For example: © 2026 Ann Example. All rights reserved."))
    credit = forms.CharField(label=_("Credit line"), required=False, max_length=200)
    web_statement = forms.URLField(label=_("Web statement of rights"), required=False, max_length=500,
                                   assume_scheme="https", help_text=_("A page of yours that states your rights."))
    licensor_url = forms.URLField(label=_("Licensor URL"), required=False, max_length=500, assume_scheme="https",
                                  help_text=_("Where someone can ask to license the image."))
    usage_terms = forms.CharField(label=_("Usage terms"), required=False, max_length=500)
    other_constraints = forms.CharField(label=_("Other constraints"), required=False, max_length=500)
    remove_location = forms.BooleanField(label=_("Remove GPS position and other location data"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("data_mining") == PLUS_VOCAB + SEE_CONSTRAINTS and not (data.get("other_constraints") or "").strip():
            self.add_error("other_constraints", _("“Prohibited, see my other constraints” points at your other "
                                                  "constraints: write them here."))
        return data

    def marks_values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("data_mining", "creator", "copyright", "credit", "web_statement",
                                              "licensor_url", "usage_terms", "other_constraints")}


class ProtectForm(MarksForm):
    images = MultipleImageField(label=_("Images"), help_text=_("JPEG, PNG, WebP or TIFF; up to 50 files at a time."),
                                widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/tiff"}))
    sign_cert = forms.FileField(label=_("Your certificate chain (PEM, optional)"), required=False)
    sign_key = forms.FileField(label=_("Its private key (PEM, optional)"), required=False)
    field_order = ["images"]

    def clean_images(self):
        images = self.cleaned_data["images"]
        if not images:
            raise forms.ValidationError(_("Choose at least one image."))
        if len(images) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)d images at a time.") % {"n": MAX_FILES})
        if sum(image.size for image in images) > MAX_TOTAL_BYTES:
            raise forms.ValidationError(_("At most 300 MB at a time."))
        return images

    def clean(self):
        data = super().clean()
        if bool(data.get("sign_cert")) != bool(data.get("sign_key")):
            raise forms.ValidationError(_("To add Content Credentials, give both your certificate and its key."))
        return data


class PresetForm(MarksForm):
    name = forms.CharField(label=_("Preset name"), max_length=80)
    field_order = ["name"]
