"""What the catalog learns at run time. The YAML files stay the facts; these rows are about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyChange(models.Model):
    """A watched document of a platform changed in an AI-relevant way (written by the watcher).

    The catalog cannot import the watcher (import order), so the watcher reports here through
    `catalog.services.record_policy_change`; steps verified before `changed_at` may be outdated.
    """

    platform = models.SlugField(max_length=60)
    document = models.SlugField(max_length=60, help_text="Id of the watched document (data/documents/<platform>.yaml).")
    title = models.CharField(max_length=300)
    changed_at = models.DateTimeField()
    link = models.CharField(max_length=500, blank=True, help_text="Where the change can be read (the diff page).")
    # Whether optout is fairly sure the change concerns AI: an unsure one still marks steps as possibly
    # outdated, but the pages say that optout cannot tell for sure, as the alert did.
    sure = models.BooleanField(default=False)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "document", "changed_at"], name="unique_policy_change"),
        ]
        indexes = [models.Index(fields=["platform", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.platform}/{self.document} changed {self.changed_at:%Y-%m-%d}"


def _token() -> str:
    import secrets

    return secrets.token_urlsafe(18)


class Correction(models.Model):
    """Someone says a catalog entry is wrong. Staff accept it (as a patch to the YAML file) or decline it."""

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not changed")

    # Anonymous reports have no owner; their reporter follows them by the secret token in the address. A signed-in
    # reporter's go with their account: the text may say who they are, and "delete my account" promises everything.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="catalog_corrections")
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    platform = models.SlugField(max_length=60)
    where = models.CharField(_("where"), max_length=300, help_text=_("The step or section that is wrong."))
    what = models.TextField(_("what is wrong"), max_length=4000)
    source_url = models.URLField(_("source"), max_length=1000, blank=True)
    client_hash = models.CharField(max_length=64, blank=True)  # hashed address, for rate limits only
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    staff_note = models.TextField(_("note to the reporter"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    patch = models.TextField(blank=True, help_text="Unified diff of the YAML change, relative to optout/data/.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["client_hash", "created_at"])]

    def __str__(self) -> str:
        return f"Correction #{self.pk} to {self.platform} ({self.status})"

    @property
    def patch_name(self) -> str:
        return f"correction-{self.pk:04d}-{self.platform}.patch"
