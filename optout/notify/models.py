from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Notification(models.Model):
    """A message for a person: always shown in the app; also e-mailed. A failed delivery is kept, not swallowed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=500)
    # What a channel shows as its title: the e-mail's subject ("optout: Maybe about AI: …"), else the site's name
    title = models.CharField(max_length=200, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=500, blank=True)
    # An e-mail the mail server did not take, as written (subject, text, HTML), kept until a later try delivers it or
    # the tries run out (services.retry_emails); then emptied.
    unsent_email = models.JSONField(null=True, blank=True)
    email_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text

    @property
    def link(self) -> str:
        """Where the dashboard sends the person to read it: through `notify:open`, which marks it read on the way to
        its `url` ("" for news that links nowhere). An e-mail or a channel's message links to the `url` itself: it
        outlives the row (read news is pruned) and may be opened signed in as someone else; the page the news is about
        reads it when shown (`services.opens_news`)."""
        return reverse("notify:open", args=[self.pk]) if self.url else ""


class Channel(models.Model):
    """Somewhere else to send notifications: any Apprise URL (ntfy, Matrix, Signal, a webhook …)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_channels")
    url = models.CharField(max_length=1000)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label or self.url.split("://", 1)[0]

    @property
    def masked_url(self) -> str:
        """Apprise URLs often hold tokens: show the scheme and host only."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname or ''}/…"
