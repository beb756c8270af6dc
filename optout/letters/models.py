from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .history import describe


class Status(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")
    OVERDUE = "overdue", _("Overdue")
    COMPLAINED = "complained", _("Complaint made")
    CLOSED = "closed", _("Closed")


WAITING_STATUSES = (Status.SENT, Status.ACKNOWLEDGED)
ACTED_ON = ("ccpa-opt-out", "ccpa-limit")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    FORM = "form", _("Web form")
    POST = "post", _("Post")


class LetterRequest(models.Model):
    """A legal request (or follow-up, or complaint) and everything that happened to it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_requests")
    number = models.PositiveIntegerField()
    action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="letters")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    platform = models.SlugField(max_length=60)
    kind = models.CharField(max_length=30)
    regime = models.CharField(max_length=10)
    language = models.CharField(max_length=5)
    reference = models.CharField(max_length=40)
    authority = models.SlugField(max_length=60, blank=True)
    recipient_name = models.CharField(max_length=200)
    recipient_address = models.TextField(max_length=600, blank=True)
    recipient_email = models.CharField(max_length=254, blank=True)
    recipient_form = models.URLField(max_length=500, blank=True)
    controller = models.CharField(max_length=200)
    sender_name = models.CharField(max_length=200)
    sender_address = models.TextField(max_length=600, blank=True)
    sender_email = models.CharField(max_length=254, blank=True)
    account = models.CharField(max_length=200, blank=True)
    creator = models.CharField(max_length=60, blank=True)
    contents = models.JSONField(default=list, blank=True)
    harms = models.JSONField(default=list, blank=True)
    own_words = models.TextField(max_length=3000, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFTED)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    # The day the time runs from once the company has the proof of identity it asked for (Art. 12A UK GDPR); the day
    # of receipt stays what it was, as the proof report says it.
    clock_from = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    extended_deadline = models.DateField(null=True, blank=True)
    confirm_by = models.DateField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True, help_text="The company asked for information on this day; the clock waits.")
    pause_reason = models.CharField(max_length=10, blank=True, choices=[("identity", _("Proof of identity")),
                                                                         ("clarify", _("Clarification"))])
    paused_days = models.PositiveIntegerField(default=0, help_text="Days the clock stood still (UK Art. 12A).")
    answer = models.TextField(max_length=20000, blank=True)
    # The letter as composed when it was marked sent: its copies (downloads, the original a reminder attaches, the
    # annex to a complaint) stay what the company received when optout's texts, holidays or the person's region
    # change later. None for drafts and for letters sent before optout kept copies.
    sent_copy = models.JSONField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["owner", "number"], name="unique_letter_number")]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.kind} to {self.recipient_name}"

    def get_absolute_url(self) -> str:
        return reverse("letters:detail", args=[self.number])

    @property
    def is_complaint(self) -> bool:
        return self.kind == "complaint"

    @property
    def effective_deadline(self):
        """None while the clock is stopped: nothing is due until the company has what it asked for."""
        if self.paused_on is not None:
            return None
        return self.extended_deadline or self.deadline

    @property
    def deadline_is_legal(self) -> bool:
        """Whether a law sets this letter's date, rather than the letter asking for it (most LGPD requests, FADP
        requests other than access, reminders)."""
        from .regimes import regimes

        found = regimes().get(self.regime)
        return bool(found and found.deadline_is_legal(self.kind))

    @property
    def date_kind(self) -> str:
        """What the letter's date is, as its sent event's facts and its page name it: "stands_by" (an authority is to
        say how a complaint stands), "ack_by" (a UK complaint to the company is to be acknowledged), "act_by" (a
        request to act on, not answer), "due" (a law sets the answer's date) or "asked_by" (only the letter asks)."""
        if self.kind == "complaint":
            return "stands_by"
        if self.kind == "controller-complaint":
            return "ack_by"
        if self.is_to_act_on:
            return "act_by"
        return "due" if self.deadline_is_legal else "asked_by"

    @property
    def date_sentence(self) -> str:
        """The letter's date said whole, in the reader's language ("To be acted on by 4 January 2027."), as its
        history says it."""
        from .history import date_sentence

        return date_sentence(self.date_kind, self.effective_deadline)

    @property
    def date_label(self) -> str:
        """What the letter's date is, named short for a heading ("Answer due", "To be acknowledged")."""
        from django.utils.translation import gettext

        from .events import DATE_LABELS

        return gettext(DATE_LABELS[self.date_kind])

    @property
    def is_to_act_on(self) -> bool:
        """A request the company must act on by its date, not answer (California's opt-out of sale or sharing and
        limit of sensitive data: Cal. Code Regs. tit. 11, §§ 7026(f), 7027(g))."""
        return self.kind in ACTED_ON

    @property
    def deadline_counts_from_receipt(self) -> bool:
        """Whether the company's time runs from the day it received the letter (most laws), rather than from the
        day of the request (LGPD access) or the date the letter itself asks for."""
        from .regimes import regimes

        rule = regimes()[self.regime].rule_for(self.kind)
        return rule is not None and not rule.counts_from_request

    @property
    def deadline_awaits_receipt_day(self) -> bool:
        """A posted letter whose day of receipt is not known, under a law that counts from receipt: the deadline
        optout shows is counted from the posting day and the company's is a few days later."""
        return bool(self.effective_deadline and self.channel == "post" and self.received_on == self.sent_on
                    and self.deadline_counts_from_receipt)


class LetterEvent(models.Model):
    """Something that happened to a request. Append-only."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_events")
    request = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    # What happened and its facts, put in words in whichever language reads it (letters/history.py); '' for a note.
    what = models.CharField(max_length=30, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True, help_text="The person's own words (a note, the answer); the whole sentence "
                                                  "of an event recorded before `what` existed.")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.to_status or 'note'} at {self.at:%Y-%m-%d}"

    @property
    def described(self) -> str:
        return describe(self.what, self.facts, self.text)
