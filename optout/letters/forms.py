from django import forms
from django.utils.translation import gettext_lazy as _

from optout.catalog.loader import catalog
from optout.plans.reasons import CONTENT_CHOICES, HARM_CHOICES

from .models import Channel

KIND_LABELS = {
    "objection": _("Objection to AI training (Art. 21)"),
    "erasure": _("Erasure of my data (Art. 17)"),
    "access": _("Access: what data went into AI training (Art. 15)"),
    "restriction": _("Restriction of processing (Art. 18)"),
    "withdraw-consent": _("Withdrawal of consent (Art. 7(3))"),
    "ccpa-know": _("Right to know (§ 1798.110)"),
    "ccpa-delete": _("Right to delete (§ 1798.105)"),
    "ccpa-opt-out": _("Opt out of sale and sharing (§ 1798.120)"),
    "ccpa-limit": _("Limit use of sensitive information (§ 1798.121)"),
    "plain": _("A plain request to stop using my data for AI"),
    "follow-up": _("Reminder"),
    "complaint": _("Complaint to an authority"),
}
LANGUAGE_LABELS = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español"), ("it", "Italiano"),
                   ("nl", "Nederlands"), ("pl", "Polski"), ("pt", "Português")]


class LetterForm(forms.Form):
    platform = forms.ChoiceField(label=_("To which platform?"))
    kind = forms.ChoiceField(label=_("What do you want?"), widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=LANGUAGE_LABELS)
    name = forms.CharField(label=_("Your full name"), max_length=400)
    address = forms.CharField(label=_("Your postal address"), required=False, max_length=1200,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One line per line of the envelope. Needed for letters by post."))
    email = forms.EmailField(label=_("Your e-mail address"), required=False,
                             help_text=_("Preferably the one your account uses, so the company can find your data."))
    account = forms.CharField(label=_("Your account there (handle or e-mail)"), required=False, max_length=400)
    contents = forms.MultipleChoiceField(label=_("What of yours is on the platform?"), required=False,
                                         widget=forms.CheckboxSelectMultiple, choices=CONTENT_CHOICES)
    harms = forms.MultipleChoiceField(label=_("How does AI training affect you?"), required=False,
                                      widget=forms.CheckboxSelectMultiple, choices=HARM_CHOICES)
    own_words = forms.CharField(label=_("In your own words (optional)"), required=False, max_length=6000,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("An objection must give reasons from your own situation; this is the place."))
    recipient_name = forms.CharField(label=_("Recipient"), max_length=400)
    recipient_address = forms.CharField(label=_("Recipient's postal address"), required=False, max_length=1200,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    recipient_email = forms.EmailField(label=_("Recipient's e-mail address"), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [(slug, p.name) for slug, p in catalog().items()]
        self.fields["kind"].choices = [(kind, KIND_LABELS[kind]) for kind in kinds]


class SentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("What happened"), choices=[
        ("acknowledged", _("They confirmed they received it")),
        ("extended", _("They extended the deadline")),
        ("answered", _("They answered / did what I asked")),
        ("refused", _("They refused")),
        ("closed", _("Close this request")),
    ])
    note = forms.CharField(label=_("What they said (optional)"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ComplaintForm(forms.Form):
    authority = forms.ChoiceField(label=_("Complain to"))

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [(a.id, a.name_en or a.name) for a in authorities]
