import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from optout.catalog import regions

from .choices import CREATOR_KINDS, EVERY_CHANGE, POLICY_NEWS_CHOICES, VISIBILITY_CHOICES


class Profile(models.Model):
    """What optout remembers about a person beyond their login."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    region = models.CharField(
        _("where you live"), max_length=8, blank=True, choices=[("", _("Not chosen yet")), *regions.CHOICES]
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    # ISO 3166-2, for a German resident their Land ("DE-BY"): its authority takes complaints about companies. (A US
    # state is part of `region`, which it changes: "US-CA".)
    subdivision = models.CharField(_("Land"), max_length=6, blank=True)
    creator_kind = models.CharField(_("what you create"), max_length=20, blank=True, choices=CREATOR_KINDS)
    visibility = models.CharField(
        _("how public you need to be"), max_length=20, blank=True, choices=VISIBILITY_CHOICES
    )
    recheck_days = models.PositiveSmallIntegerField(
        _("re-check finished steps after (days)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_("Platforms change their settings; optout reminds you to look again after this many days."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True,
        help_text=_("Dates and times are shown in this zone. Empty: your browser's zone."),
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True,
        help_text=_("The interface language last chosen; e-mails and news are written in it."),
    )
    policy_news = models.CharField(
        _("tell me of policy changes"), max_length=8, default=EVERY_CHANGE, choices=POLICY_NEWS_CHOICES,
        help_text=_("Whether changes optout cannot tell for sure are about AI reach you too."),
    )
    email_news = models.BooleanField(
        _("e-mail me my news"), default=True,
        help_text=_("Off: news (deadlines, re-checks, policy changes) shows only in optout and on your channels."),
    )
    # Names this person's events in calendars, so that two optout installs (or two accounts) imported into one
    # calendar never overwrite each other's "letter 1".
    calendar_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"profile of {self.owner_id}"


class PlatformAccount(models.Model):
    """A platform the person has an account on ("My platforms")."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="platform_accounts")
    platform = models.SlugField(_("platform"), max_length=60)
    handle = models.CharField(_("your handle or e-mail there"), max_length=200, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["platform", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "platform", "handle"], name="unique_platform_account"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} ({self.handle})" if self.handle else self.platform
