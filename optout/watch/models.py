from __future__ import annotations

import datetime as dt
import zlib

from django.conf import settings
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
    select = models.JSONField(default=list, blank=True)  # from the declaration: CSS selectors of the text
    remove = models.JSONField(default=list, blank=True)  # from the declaration: CSS selectors of parts to drop
    # PROTECT, here and on Version: a page still in use must never be deleted, even by a prune that raced a check
    snapshot = models.ForeignKey("Snapshot", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    extraction = models.CharField(max_length=64, blank=True)  # how the latest version's text was read
    # The address the latest version's page was read at, after the server's redirects ("": `url` itself, as for
    # rows from before optout kept it). A text read at another one is no longer simply compared (services.runs).
    read_at = models.URLField(max_length=1000, blank=True)
    next_check_at = models.DateTimeField(default=timezone.now)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # The first of the failed checks since the page was last read (None while checks succeed).
    failing_since = models.DateTimeField(null=True, blank=True)
    # A drastic change waiting for a second check before it is recorded (see optout/watch/confirm.py): the
    # hash of its text, when it was first seen and why it is drastic (shorter, different); empty when none waits.
    pending_hash = models.CharField(max_length=64, blank=True)
    pending_since = models.DateTimeField(null=True, blank=True)
    pending_reason = models.CharField(max_length=10, blank=True)
    pending_url = models.URLField(max_length=1000, blank=True)  # where it was read, when not where the latest was
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

    @property
    def opens_at(self) -> str:
        """The address the watched one now leads to (the server redirects), when it is another; "" when not."""
        from .moved import same_address

        return self.read_at if self.read_at and not same_address(self.url, self.read_at) else ""


class Snapshot(models.Model):
    """A fetched page as the server sent it (decoded to UTF-8), compressed; one row per distinct page.

    Content-addressed by the SHA-256 of the bytes the server sent, so a page fetched a thousand
    times unchanged is stored once. Versions can be extracted again from it when optout's way of
    reading the page changes.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"snapshot {self.sha256[:12]} ({self.size} bytes)"

    @property
    def body(self) -> str:
        return zlib.decompress(bytes(self.data)).decode("utf-8")


class Version(models.Model):
    """The normalised text of a document when it changed. Kept forever; never edited.

    A technical version records a change in how optout reads the page (its declaration or the
    extractor): it is shown as such. Read again from the same stored page, it alerts nobody; fetched with
    no page to read again, it may hold the platform's change too, and alerts as "cannot tell for sure"
    when its AI sentences would alert (see services.versions.store_version).
    """

    document = models.ForeignKey(WatchedDocument, on_delete=models.CASCADE, related_name="versions")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    text_hash = models.CharField(max_length=64)
    source = models.CharField(max_length=10, default="fetch")  # fetch, import or reextract
    technical = models.BooleanField(default=False)
    extraction = models.CharField(max_length=64, blank=True)  # how the text was read (see services.documents)
    snapshot = models.ForeignKey(Snapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="versions")
    changed_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ai_relevant = models.BooleanField(default=False)
    # Judged AI-relevant with a score optout is fairly sure of; an AI-relevant version without it is one
    # optout says it cannot tell for sure (about half of those are not about AI use on unseen changes).
    ai_sure = models.BooleanField(default=False)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    # Recorded with the judgement, so the page explains the verdict that was given even after optout's
    # reading improves: the page came back in another language ("fr en": not judged), or why an AI-relevant
    # version is drastic (never called sure, see pipeline.judge_stage): "shorter" (an error page, a wall, a
    # cut-down page?), "different" (another page, another region's?), "error" (see error_line), "restored" (the
    # previous text kept little of this one: the page back after a cut-down page?); "" when it is not.
    languages = models.CharField(max_length=20, blank=True)
    drastic = models.CharField(max_length=10, blank=True)
    # When it is drastic because one of the two texts has a line that reads like an error message (a part of the
    # page that did not load, see confirm.error_line): that line, so the page can quote it.
    error_line = models.CharField(max_length=200, blank=True)
    # The address the page was read at when it was not the one the previous version was read at (the watched address
    # now redirects there): "This page now opens at …", or the watched address itself when the one before was read
    # elsewhere ("back_home"). Never called sure: it may be another region's page.
    moved_to = models.URLField(max_length=1000, blank=True)
    # When the version before this one was itself a cut-down, error or other page (confirm.cut_down): the version
    # before that one, against which this text was judged instead (the page back: "back to the text of …" when
    # nothing about AI differs from it). None when it was judged against the version before it.
    compared_with = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # When this text is that of a version earlier than the one before it (the page flipped back: A, B, A again): the
    # latest such version, so people read that the change before is undone rather than news of its own.
    returns_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # When this fetched AI change is one the page made shortly before (the same text before, the same text after, an
    # AI change people were told of: it keeps switching between texts, see services.versions.REPEATS_WITHIN): the
    # latest version that made it. `quiet`: nobody was alerted, having been told already that the page keeps switching.
    repeats = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quiet = models.BooleanField(default=False)
    # On the last change of a page that kept switching, once the page has kept its text that long with no change about
    # AI since (services.alerts.tell_settled): when optout told the people it had told of the switching that it stopped.
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["document", "created_at"]), models.Index(fields=["ai_relevant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.document} at {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("watch:version", args=[self.id])

    @property
    def compared_to(self):
        """The version this one's verdict and differences are against: the one before the cut-down, error or other
        page it came back after (`compared_with`), else the one before it; None for a first version."""
        return self.compared_with or self.changed_from

    @property
    def back_home(self) -> bool:
        """Whether this version was read at the watched address itself while the version before it was read at
        another (`moved_to` is then the watched address): never sure either, and worded so."""
        from .moved import same_address

        return bool(self.moved_to) and same_address(self.document.url, self.moved_to)

    @property
    def shown_at(self) -> dt.datetime | dt.date:
        """When people are told this version dates from. An imported one, by its day in UTC only: a folder's
        file names a day, stored at noon UTC, which is the next day east of UTC+12, and the time shown would be
        one nobody recorded; an archive's commit time is when the archive saw the page, not when it changed."""
        return self.created_at.astimezone(dt.UTC).date() if self.source == "import" else self.created_at


class FetchLog(models.Model):
    """Each check of a document: what happened, for the record and for debugging hostile servers."""

    document = models.ForeignKey(WatchedDocument, on_delete=models.CASCADE, related_name="fetches")
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20)  # new-version, not-modified, same-body, same-text, error,
    # unconfirmed (a drastic change, held), confirmed (seen again: recorded), flap (the latest text came back)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=20, blank=True)
    message = models.CharField(max_length=500, blank=True)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.document} {self.outcome} at {self.at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """"This person must be told about this version": written with the version, delivered at least once."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="alerts")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watch_alerts")
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # False when delivered untold: the person no longer used the platform, or asked to hear only of changes optout is
    # sure of (`Profile.policy_news`). What follows from a change (its undoing, the end of a page's switching) is told
    # to those told of it.
    told = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "owner"], name="one_alert_per_version_and_person")]
        indexes = [models.Index(fields=["delivered_at"])]

    def __str__(self) -> str:
        return f"alert {self.version_id} for {self.owner_id}"


class FailingNotice(models.Model):
    """"This person was told that optout cannot read this page since `since`": once per person and run of
    failures, so someone who starts using the platform later is told too."""

    document = models.ForeignKey(WatchedDocument, on_delete=models.CASCADE, related_name="failing_notices")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watch_failing_notices")
    since = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "owner", "since"], name="one_failing_notice_per_run")]

    def __str__(self) -> str:
        return f"{self.document} failing since {self.since:%Y-%m-%d} told to {self.owner_id}"
