from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from optout.catalog.forms import region_choices
from optout.catalog.loader import catalog
from optout.lib.choices import translated
from optout.lib.dates import zone_choices

from .choices import POLICY_NEWS_CHOICES
from .models import PlatformAccount


def platform_choices():
    return [("", _("Choose a platform…"))] + [(slug, p.name) for slug, p in catalog().items()]


def time_zone_choices(keep: str = ""):
    return [("", _("My browser's time zone")), *zone_choices(get_language(), keep=keep)]


class RegionForm(forms.Form):
    region = forms.ChoiceField(label=_("Where you live"), choices=[("", _("Not chosen yet")), *region_choices()], required=False)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), required=False,
        help_text=_("Every date and time optout shows you is in this zone."),
    )
    recheck_days = forms.IntegerField(
        label=_("Re-check finished steps after (days)"), min_value=7, max_value=730, initial=90,
        help_text=_("Platforms change their settings; optout reminds you to look again after this many days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(keep=self.initial.get("time_zone", ""))


class PolicyNewsForm(forms.Form):
    policy_news = forms.ChoiceField(label=_("Tell me when a platform I use changes what its policies say about AI"),
                                    widget=forms.RadioSelect, choices=translated(POLICY_NEWS_CHOICES),
                                    help_text=_("Changes you are not told of are still listed under Policy changes "
                                                "and in your feed."))
    email_news = forms.BooleanField(
        label=_("Also e-mail me my news"), required=False,
        help_text=_("Untick it, and news of deadlines, re-checks and policy changes shows only in optout and on your "
                    "channels, so look in now and then."))


class PlatformAccountForm(forms.ModelForm):
    class Meta:
        model = PlatformAccount
        fields = ["platform", "handle", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"handle": _("Optional. Helps when you have more than one account on a platform.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"] = forms.ChoiceField(label=_("Platform"), choices=platform_choices())
        self.fields["handle"].required = False
        self.fields["note"].required = False


class PlatformAccountEditForm(PlatformAccountForm):
    class Meta(PlatformAccountForm.Meta):
        fields = ["handle", "note"]

    def __init__(self, *args, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.fields["handle"].required = False
        self.fields["note"].required = False


class DeleteAccountForm(forms.Form):
    """Deleting cannot be undone, so the person confirms with their password and a tick. Someone with no password
    here (made on the command line) types their e-mail address, or their user name when they have none, instead."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    understood = forms.BooleanField(
        label=_("I understand that my plan, history, evidence, letters and settings are deleted for good."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]
            self.fields["who"] = forms.CharField(
                label=_("Your e-mail address") if user.email else _("Your user name"),
                help_text=_("You have no password here: type it to confirm that this is your account."))
            self.order_fields(["who", "understood"])

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password

    def clean_who(self):
        typed = self.cleaned_data["who"].strip()
        if typed.casefold() != (self.user.email or self.user.get_username()).casefold():
            raise forms.ValidationError(_("That is not the address of this account.") if self.user.email
                                        else _("That is not the user name of this account."))
        return typed
