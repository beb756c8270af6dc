from django import forms
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .generators import policy_url_problem


class GenerateForm(forms.Form):
    existing = forms.CharField(label=_("Your current robots.txt (optional)"), required=False, max_length=512_000,
                               widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("Paste it here: your own rules are kept, optout adds its part after them."))
    block_ai_search = forms.BooleanField(label=_("Also refuse AI search and answer engines"), required=False,
                                         help_text=_("They quote your pages in AI answers; refusing them may cost visitors."))
    block_user_triggered = forms.BooleanField(label=_("Also refuse fetches a person asks an AI to make"), required=False)
    allow_assistants = forms.BooleanField(label=_("Let AI assistants and agents in"), required=False)
    allow_unknown = forms.BooleanField(label=_("Let in AI-related agents whose purpose is unclear"), required=False)
    block_search = forms.BooleanField(label=_("Also refuse search engines (such as Applebot and PetalBot)"), required=False,
                                      help_text=_("Your site then disappears from those search engines."))
    block_research = forms.BooleanField(label=_("Also refuse research crawls (such as GoogleOther)"), required=False)
    block_link_preview = forms.BooleanField(label=_("Also refuse Meta's link-preview fetcher (facebookexternalhit)"),
                                            required=False,
                                            help_text=_("Links to your site then show no preview on Facebook, Instagram and Messenger (and in "
                                                        "some apps that borrow it). Other apps' preview fetchers are never "
                                                        "refused."))
    images_only = forms.BooleanField(label=_("ai.txt: refuse only images"), required=False)
    policy_url = forms.URLField(label=_("Address of your licensing terms (optional)"), required=False, assume_scheme="https")

    def clean_policy_url(self) -> str:
        url = self.cleaned_data["policy_url"]
        if problem := policy_url_problem(url):
            raise forms.ValidationError(gettext(problem))
        return url


class AuditForm(forms.Form):
    url = forms.CharField(label=_("Your site's address"), max_length=2000,
                          help_text=_("For example https://example.org"))
    path = forms.CharField(label=_("A page to check (optional)"), required=False, max_length=500,
                           help_text=_("For example /portfolio/. The home page is always checked."))


class PasteForm(forms.Form):
    robots = forms.CharField(label=_("Your robots.txt"), max_length=512_000, widget=forms.Textarea(attrs={"rows": 6}),
                             strip=False, help_text=_("Paste the whole file, as your site serves it."))
    head = forms.CharField(label=_("Your page's HTML head (optional)"), required=False, max_length=200_000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("From <head> to </head>, to check the meta tags too."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Help texts are shown as HTML (Django's convention); this one names tags, which must show as text.
        self.fields["head"].help_text = escape(self.fields["head"].help_text)
