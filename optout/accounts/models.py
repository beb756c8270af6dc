from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from optout.catalog import regions


class Profile(models.Model):
    """What optout remembers about a person beyond their login."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    region = models.CharField(
        _("where you live"), max_length=8, blank=True, choices=[("", _("Not chosen yet")), *regions.CHOICES]
    )
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
