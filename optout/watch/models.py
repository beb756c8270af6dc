from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone


class WatchedDocument(models.Model):
    """A page optout checks for changes; shared by everyone (one fetch per URL)."""

    platform = models.SlugField(max_length=60)
    doc_id = models.SlugField(max_length=60)
    title = models.CharField(max_length=300)
    type = models.CharField(max_length=20)
    url = models.URLField(max_length=1000)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    raw_hash = models.CharField(max_length=64, blank=True)
    next_check_at = models.DateTimeField(default=timezone.now)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["platform", "doc_id"]
        constraints = [models.UniqueConstraint(fields=["platform", "doc_id"], name="unique_watched_document")]
        indexes = [models.Index(fields=["active", "next_check_at"])]

    def __str__(self) -> str:
        return f"{self.platform}/{self.doc_id}"

    @property
    def latest(self):
        return self.versions.order_by("-created_at", "-id").first()


class Version(models.Model):
    """The normalised text of a document when it changed. Kept forever; never edited."""

    document = models.ForeignKey(WatchedDocument, on_delete=models.CASCADE, related_name="versions")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    text_hash = models.CharField(max_length=64)
    source = models.CharField(max_length=10, default="fetch")  # fetch or import
    changed_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ai_relevant = models.BooleanField(default=False)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["document", "created_at"]), models.Index(fields=["ai_relevant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.document} at {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("watch:version", args=[self.id])


class FetchLog(models.Model):
    """Each check of a document: what happened, for the record and for debugging hostile servers."""

    document = models.ForeignKey(WatchedDocument, on_delete=models.CASCADE, related_name="fetches")
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20)  # new-version, not-modified, same-body, same-text, error
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=20, blank=True)
    message = models.CharField(max_length=500, blank=True)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.document} {self.outcome} at {self.at:%Y-%m-%d %H:%M}"
