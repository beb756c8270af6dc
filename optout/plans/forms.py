from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from optout.accounts.choices import CREATOR_KINDS, VISIBILITY_CHOICES
from optout.catalog import regions
from optout.lib.choices import translated
from optout.lib.countries import country_names
from optout.lib.i18n import sort_key

from . import evidence, reasons
from .models import Status


class WhereForm(forms.Form):
    country = forms.ChoiceField(label=_("Which country do you live in?"))
    us_state = forms.ChoiceField(
        label=_("Which US state?"), required=False,
        help_text=_("Only if you live in the United States: some states give you extra rights."),
    )
    german_state = forms.ChoiceField(
        label=_("Which Land?"), required=False,
        help_text=_("Only if you live in Germany: the data protection authority of your Land takes your complaints "
                    "about companies."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language()
        named = sorted(country_names(language).items(), key=lambda c: sort_key(c[1], language))
        self.fields["country"].choices = [("", _("Choose your country…")), *named]
        self.fields["us_state"].choices = [("", _("Choose a state…")),
                                           *[(code, f"{name} ({code})") for code, name in regions.US_STATE_NAMES.items()]]
        self.fields["german_state"].choices = [("", _("Choose a Land…")), *regions.GERMAN_STATES.items()]

    def subdivision(self) -> str:
        """The Land chosen, for someone who lives in Germany ("" otherwise: a Land chosen with another country)."""
        return self.cleaned_data.get("german_state") or "" if self.cleaned_data["country"] == "DE" else ""

    def region(self) -> str:
        country = self.cleaned_data["country"]
        state = self.cleaned_data.get("us_state")
        if country == "US" and state:
            code = regions.from_country(f"US-{state}")
            return code if code in regions.CHOICE_CODES else "US"
        return regions.from_country(country)


class AboutYouForm(forms.Form):
    creator_kind = forms.ChoiceField(
        label=_("What do you create?"), widget=forms.RadioSelect, choices=translated(CREATOR_KINDS)
    )
    visibility = forms.ChoiceField(
        label=_("How public do you need to be?"), widget=forms.RadioSelect, choices=translated(VISIBILITY_CHOICES),
        help_text=_(
            "Public work is easier for clients to find, and easier to collect for AI training. "
            "optout puts “make it private” steps first only if you can afford that."
        ),
    )


class OwnIds:
    """A form whose fields' ids start with its own prefix: a step's page shows three forms that each have a "note",
    and three elements with the id "id_note" left two of them unnamed for screen readers (each label named the first)."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class StatusForm(OwnIds, forms.Form):
    id_prefix = "status"
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(OwnIds, forms.Form):
    id_prefix = "addnote"
    note = forms.CharField(label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What you did, what the platform said, a reference number…"))


class ScreenshotForm(OwnIds, forms.Form):
    id_prefix = "shot"
    screenshot = forms.FileField(
        label=_("Screenshot"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    note = forms.CharField(label=_("What it shows (optional)"), required=False, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled in per request: a "%" at class level would fix the text in the language of the first import.
        self.fields["screenshot"].help_text = _("PNG, JPEG, WebP or GIF, up to %(mb)s MB. Only you can see it.") % {
            "mb": evidence.MAX_IMAGE_BYTES // 1024 // 1024}


class EmailForm(forms.Form):
    eml = forms.FileField(
        label=_("Saved e-mail (.eml)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,message/rfc822,text/plain"}),
    )
    pasted = forms.CharField(
        label=_("…or paste the whole e-mail, headers included"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}), max_length=evidence.MAX_EMAIL_BYTES,
        help_text=_("In your mail program use “Show original” or “View source” and copy everything."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("eml") and not (data.get("pasted") or "").strip():
            raise forms.ValidationError(_("Choose a saved e-mail or paste one."))
        return data


REASON_LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"), ("it", "Italiano"),
                    ("nl", "Nederlands"), ("pl", "Polski"), ("pt", "Português")]


class ReasonForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=REASON_LANGUAGES, required=False,
        help_text=_("Write in the language you are most at ease in; the sentences optout adds follow it."),
    )
    contents = forms.MultipleChoiceField(
        label=_("What of yours is on the platform?"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=translated(reasons.CONTENT_CHOICES),
    )
    harms = forms.MultipleChoiceField(
        label=_("How would AI training affect you?"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=translated(reasons.HARM_CHOICES),
    )
    own_words = forms.CharField(
        label=_("In your own words (optional)"), required=False, max_length=reasons.MAX_OWN_WORDS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An objection is strongest when it says how the processing affects you in particular."),
    )

    def clean_language(self):
        from .services.objection import default_language

        return self.cleaned_data.get("language") or default_language()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Export file (.json or .zip)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".json,.zip,application/json,application/zip"}))
    replace = forms.BooleanField(
        label=_("Replace my current plan"), required=False,
        help_text=_("Only if you already have a plan here. Its steps, history, proof, objection reasons, letters and settings "
                    "are replaced by the file's; export it first to keep a copy."),
    )
