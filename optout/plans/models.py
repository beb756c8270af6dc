from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import vocabulary


def _choices(name: str, pairs) -> type[models.TextChoices]:
    """Django choices from one of the plan's word lists; members are named after the codes (Status.TODO)."""
    return models.TextChoices(name, [(code.upper(), (code, _(label))) for code, label in pairs])


Status = _choices("Status", vocabulary.STATUSES)


OPEN_STATUSES = (Status.TODO, Status.IN_PROGRESS, Status.NEEDS_RECHECK)
FINISHED_STATUSES = (Status.DONE, Status.NOT_APPLICABLE)


class Action(models.Model):
    """One thing to do on one account: a catalog mechanism, or generic help where none exists."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_actions")
    number = models.PositiveIntegerField(help_text=_("Short per-person number shown in the web app and the CLI."))
    # SET_NULL: removing an account from "My platforms" retires its actions but keeps their history.
    account = models.ForeignKey(
        "accounts.PlatformAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    account_label = models.CharField(max_length=200, blank=True)
    platform = models.SlugField(max_length=60)
    mechanism = models.SlugField(max_length=60)
    source = models.CharField(max_length=10, default="catalog")
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=300)
    stage = models.CharField(max_length=10)
    optional = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    fingerprint = models.CharField(max_length=32, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.CharField(max_length=300, blank=True)
    recheck_at = models.DateTimeField(null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "number"]
        constraints = [models.UniqueConstraint(fields=["owner", "number"], name="unique_action_number")]
        indexes = [models.Index(fields=["status", "recheck_at"]), models.Index(fields=["status", "remind_at"])]

    def __str__(self) -> str:
        return f"#{self.number} {self.platform}/{self.mechanism}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:action", args=[self.number])

    @property
    def shown_title(self) -> str:
        """The title in the reader's language: a generic step's is optout's own, translated (it is stored in English);
        a catalog step's is the catalog's, in English."""
        if self.source != "generic":
            return self.title
        from django.utils.translation import gettext

        from .planner import title_in

        return title_in(self.title, gettext)

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    def recheck_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == Status.NEEDS_RECHECK or (
            self.status == Status.DONE and self.recheck_at is not None and self.recheck_at <= now
        )


class Event(models.Model):
    """Something that happened to an action. Append-only: history is never rewritten."""

    Kind = _choices("Kind", vocabulary.EVENT_KINDS)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_events")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    text = models.TextField(blank=True)
    # optout's own sentence as its template and facts (plans/history.py), said in the reader's language when shown;
    # `text` holds it in English. Null for the person's own notes and for rows written before.
    said = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


# Files go under MEDIA_ROOT (the private data folder), which has no public URL: only
# `plans.views.evidence_file` serves them, to their owner. A callable keeps the migration
# free of this machine's paths, and the default location follows MEDIA_ROOT when it changes.
_storage = FileSystemStorage()


def evidence_storage() -> FileSystemStorage:
    return _storage


def evidence_path(instance: Evidence, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{instance.owner_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """Proof attached to an action: a note, a screenshot or a confirmation e-mail."""

    Kind = _choices("Kind", vocabulary.EVIDENCE_KINDS)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_evidence")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True)
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, blank=True, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    email_from = models.CharField(max_length=300, blank=True)
    email_date = models.CharField(max_length=100, blank=True)
    email_subject = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} for action {self.action_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A private calendar address. Whoever has the token can read the dates, so it can be revoked."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar feed of {self.owner_id}"


class Objection(models.Model):
    """Where a person is in an objection form's sequence, kept on the step so a reload or another device
    continues where they left off: the reason (its language, ticks and own words), then the form opened.
    The clock is Action.code_expires_at, "sent" is the WAITING status, the confirmation an Evidence e-mail.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_objections")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="objection")
    language = models.CharField(max_length=5, default="en")
    contents = models.JSONField(default=list, blank=True)
    harms = models.JSONField(default=list, blank=True)
    own_words = models.TextField(blank=True)
    reason_saved_at = models.DateTimeField(null=True, blank=True)
    form_opened_at = models.DateTimeField(null=True, blank=True)
    form_failed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"objection for action {self.action_id}"
