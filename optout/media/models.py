from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .marks import DATA_MINING, DEFAULT_DATA_MINING, PLUS_VOCAB

DATA_MINING_CHOICES = [(PLUS_VOCAB + code, label) for code, label in DATA_MINING.items()]
MARK_FIELDS = ("data_mining", "other_constraints", "creator", "copyright", "credit", "web_statement", "licensor_url",
               "usage_terms")


class Preset(models.Model):
    """A person's saved choices for marking images: their name, copyright and AI-training choice."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media_presets")
    name = models.CharField(_("preset name"), max_length=80)
    data_mining = models.CharField(_("data mining and AI training"), max_length=100, choices=DATA_MINING_CHOICES,
                                   default=PLUS_VOCAB + DEFAULT_DATA_MINING)
    other_constraints = models.CharField(_("other constraints"), max_length=500, blank=True)
    creator = models.CharField(_("creator"), max_length=200, blank=True)
    copyright = models.CharField(_("copyright notice"), max_length=300, blank=True)
    credit = models.CharField(_("credit line"), max_length=200, blank=True)
    web_statement = models.URLField(_("web statement of rights"), max_length=500, blank=True)
    licensor_url = models.URLField(_("licensor URL"), max_length=500, blank=True)
    usage_terms = models.CharField(_("usage terms"), max_length=500, blank=True)
    remove_location = models.BooleanField(_("remove location data"), default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="media_preset_unique_name")]

    def __str__(self) -> str:
        return self.name

    def values(self) -> dict:
        return {name: getattr(self, name) for name in MARK_FIELDS} | {"remove_location": self.remove_location}
