import re

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from optout.catalog import regions
from optout.catalog.loader import catalog
from optout.lib.i18n import sort_key
from optout.plans.reasons import CONTENT_CHOICES, HARM_CHOICES

from .models import Channel
from .regimes import regimes
from .texts import LANGUAGE_NAMES, LANGUAGES

# What each request is called; the provision it rests on is added from the person's law (see kind_label).
KIND_LABELS = {
    "objection": _("Objection to AI training"),
    "erasure": _("Erasure of my data"),
    "access": _("Access: what data went into AI training"),
    "restriction": _("Restriction of processing"),
    "withdraw-consent": _("Withdrawal of consent"),
    "ccpa-know": _("Right to know"),
    "ccpa-delete": _("Right to delete"),
    "ccpa-correct": _("Right to correct"),
    "ccpa-opt-out": _("Opt out of sale and sharing"),
    "ccpa-limit": _("Limit use of sensitive information"),
    "plain": _("A plain request to stop using my data for AI"),
    "follow-up": _("Reminder"),
    "controller-complaint": _("Complaint to the company"),
    "complaint": _("Complaint to an authority"),
}


class DateInput(forms.DateInput):
    """A browser's date picker. Its value is always written year-month-day, whatever the page's language: a picker
    given "04.12.2026" (German) or "04/12/2026" (French) shows nothing and refuses the form as empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# An article of the GDPR or UK GDPR as the letters in each language cite it (their own wording, so the form's label
# and the letter agree): (the article alone, the article and a paragraph).
ARTICLE = re.compile(r"^Article (\d+[A-Z]?)(?:\((\d+)\))?$")
ARTICLE_FORMS = {
    "en": ("Article {a}", "Article {a}({p})"),
    "de": ("Art. {a}", "Art. {a} Abs. {p}"),
    "fr": ("article {a}", "article {a}, paragraphe {p}"),
    "es": ("artículo {a}", "artículo {a}, apartado {p}"),
    "it": ("articolo {a}", "articolo {a}, paragrafo {p}"),
    "nl": ("artikel {a}", "artikel {a}, lid {p}"),
    "pl": ("art. {a}", "art. {a} ust. {p}"),
    "pt": ("artigo {a}.º", "artigo {a}.º, n.º {p}"),
}


def cite_in(cite: str, language: str) -> str:
    """A provision as the interface's language writes it: "Article 21(1)" is "Art. 21 Abs. 1" in German. Sections
    of Californian law take a "§"; other laws' citations (Brazil's, Switzerland's) stay as they are written."""
    if cite[:1].isdigit():
        return f"§ {cite}"
    found = ARTICLE.match(cite)
    if found is None:
        return cite
    alone, with_paragraph = ARTICLE_FORMS.get(language.split("-")[0], ARTICLE_FORMS["en"])
    article, paragraph = found.groups()
    return (with_paragraph if paragraph else alone).format(a=article, p=paragraph)


def kind_label(kind: str, regime: str) -> str:
    """What the request is called, with the provision it rests on under that law: "Objection to AI training (Article 21(1))"."""
    found = regimes().get(regime)
    rule = found.requests.get(kind) if found else None
    label = str(KIND_LABELS.get(kind, kind))
    if rule is None or not rule.cites:
        return label
    return f"{label} ({cite_in(rule.cites[0], get_language() or 'en')})"


class LetterForm(forms.Form):
    platform = forms.ChoiceField(label=_("To which platform?"))
    kind = forms.ChoiceField(label=_("What do you want?"), widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the letter"))
    name = forms.CharField(label=_("Your full name"), max_length=400)
    address = forms.CharField(label=_("Your postal address"), required=False, max_length=1200,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One line per line of the envelope. Needed for letters by post."))
    email = forms.EmailField(label=_("Your e-mail address"), required=False,
                             help_text=_("Preferably the one your account uses, so the company can find your data."))
    account = forms.CharField(label=_("Your account there (handle or e-mail)"), required=False, max_length=400)
    contents = forms.MultipleChoiceField(label=_("What of yours is on the platform?"), required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         choices=[(key, _(label)) for key, label in CONTENT_CHOICES])
    harms = forms.MultipleChoiceField(label=_("How does AI training affect you?"), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      choices=[(key, _(label)) for key, label in HARM_CHOICES])
    own_words = forms.CharField(label=_("In your own words (optional)"), required=False, max_length=6000,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("An objection must give reasons from your own situation; this is the place."))
    recipient_name = forms.CharField(label=_("Recipient"), max_length=400, required=False,
                                     help_text=_("Leave empty to write to the company optout's catalog names."))
    # The platform the recipient fields were filled in for: choosing another platform must not keep its company.
    recipient_for = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)
    recipient_address = forms.CharField(label=_("Recipient's postal address"), required=False, max_length=1200,
                                        widget=forms.Textarea(attrs={"rows": 6}))  # room for a company's five lines
    recipient_email = forms.EmailField(label=_("Recipient's e-mail address"), required=False)

    def __init__(self, *args, kinds=(), regime="plain", languages=LANGUAGES, **kwargs):
        super().__init__(*args, **kwargs)
        # nothing chosen at first: the first platform (Adobe) chosen for the person went unnoticed
        self.fields["platform"].choices = [("", _("Choose a platform…")),
                                           *((slug, p.name) for slug, p in catalog().items())]
        self.fields["kind"].choices = [(kind, kind_label(kind, regime)) for kind in kinds]
        self.fields["language"].choices = [(code, LANGUAGE_NAMES[code]) for code in languages]
        if regime not in ("gdpr", "uk-gdpr"):
            # the GDPR's test for an objection ("your particular situation") is no other law's
            self.fields["own_words"].help_text = _("What you want the company to know, in your own words.")
        if regime == "ccpa":
            # California's requests need no reasons; only a correction says what is wrong (no objection exists there).
            self.fields["own_words"].label = _("For a correction: what is inaccurate, and what is correct")
            self.fields["own_words"].help_text = _("Only a request to correct uses it, and needs it: the company "
                                                   "cannot correct what you do not name.")


class SentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)
    received_on = forms.DateField(label=_("Received on (optional)"), widget=DateInput(), required=False,
                                  help_text=_("The law counts the company's time from the day it received your letter. "
                                              "For a letter by post, enter the delivery day if you know it (tracked "
                                              "mail); otherwise optout counts from the day you sent it."))

    def __init__(self, *args, counts_from_receipt: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not counts_from_receipt:
            self.fields["received_on"].help_text = _(
                "This request's time runs from the day you sent it, so the day it arrived changes no date; "
                "optout keeps it with your records.")

    def clean(self):
        data = super().clean()
        sent_on, received_on = data.get("sent_on"), data.get("received_on")
        if sent_on and received_on and received_on < sent_on:
            self.add_error("received_on", _("It cannot have arrived before you sent it."))
        elif received_on and received_on > timezone.localdate():
            self.add_error("received_on", _("This day is still to come: enter the day it arrived."))
        return data


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
    told_on = forms.DateField(label=_("When they told you (today if empty)"), widget=DateInput(), required=False,
                              help_text=_("The day their answer came, as your records will show it. For an "
                                          "extension: the law lets the company extend only by telling you before its "
                                          "first deadline."))
    until = forms.DateField(label=_("The date they said they will answer by"), widget=DateInput(), required=False,
                            help_text=_("Swiss law lets the company answer later than 30 days if it tells you within "
                                        "them by when it will; that date becomes its deadline."))

    def __init__(self, *args, announced: bool = False, extendable: bool = True, **kwargs):
        """`announced`: the letter's law lets the company name its later date itself (Swiss DSV Art. 18(2));
        `extendable`: its law lets the company extend the time at all (the LGPD does not: the choice was offered,
        then refused)."""
        super().__init__(*args, **kwargs)
        if not announced:
            del self.fields["until"]
        if not extendable:
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != "extended"]
            self.fields["told_on"].help_text = _("The day their answer came, as your records will show it.")


def authority_name(authority, language: str) -> str:
    """An authority's name for a reader of `language`: its own official name when it works in that language (the
    Spanish reader sees "Agencia Española de Protección de Datos"), else the English one."""
    if language.split("-")[0] in authority.languages or not authority.name_en:
        return authority.name
    return authority.name_en


class ComplaintForm(forms.Form):
    # Radio buttons, not a list to drop down: a phone cut the authorities' long names ("Bayerisches Landesamt für Da…")
    authority = forms.ChoiceField(label=_("Complain to"), widget=forms.RadioSelect)

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        states = [a for a in authorities if a.role == "state"]
        if len(states) > 1:
            # optout does not know which German Land the person lives in: the first Land's authority chosen for them
            # (Baden-Württemberg's, by name) would be a wrong address they might not notice. Each Land named first,
            # in order, and none chosen.
            others = [a for a in authorities if a.role != "state"]
            states.sort(key=lambda a: sort_key(regions.GERMAN_STATES.get(a.subdivision, a.name), language))
            self.fields["authority"].choices = [
                *((a.id, f"{regions.GERMAN_STATES.get(a.subdivision, '')} — {authority_name(a, language)}".lstrip(" —"))
                  for a in states),
                *((a.id, authority_name(a, language)) for a in others)]
            self.fields["authority"].help_text = _(
                "Choose the authority of the Land (state) where you live: it is the one that handles complaints about "
                "companies there. The federal commissioner (BfDI) handles only telecoms and postal companies.")
            return
        self.fields["authority"].choices = [(a.id, authority_name(a, language)) for a in authorities]
        if authorities:
            self.fields["authority"].initial = authorities[0].id
        said = []
        if len(authorities) > 1 and authorities[-1].country != authorities[0].country:  # the company's lead authority
            said.append(_("You can complain to the authority where you live, whichever country the company is in: it "
                          "passes the complaint to %(lead)s, the company's lead authority in the EU, and works with "
                          "it.") % {"lead": authorities[-1].name_en or authority_name(authorities[-1], language)})
        if any(a.role == "federal-sector" for a in authorities):  # offered after the Land's, without a word on it
            said.append(_("The federal commissioner (BfDI) handles only telecoms and postal companies."))
        if said:
            self.fields["authority"].help_text = " ".join(str(part) for part in said)


class PauseForm(forms.Form):
    asked_on = forms.DateField(label=_("When did they ask?"), widget=DateInput())
    reason = forms.ChoiceField(label=_("What did they ask for?"), choices=[
        ("identity", _("Proof of my identity")),
        ("clarify", _("Clarification of what I asked for")),
    ])

    def __init__(self, *args, reasons=("identity", "clarify"), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [c for c in self.fields["reason"].choices if c[0] in reasons]


class ResumeForm(forms.Form):
    answered_on = forms.DateField(label=_("When did they receive it?"), widget=DateInput())
