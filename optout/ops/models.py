from django.db import models


class Clock(models.Model):
    """The one row that says who runs the periodic tick and until when (a lease that expires).

    A tick holds the lease while it runs and renews it; a worker killed mid-tick stops renewing,
    so after the lease runs out another worker takes the clock over instead of waiting forever.
    """

    lease_until = models.DateTimeField(null=True, blank=True)
    holder = models.CharField(max_length=64, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_takeover_at = models.DateTimeField(null=True, blank=True)
    last_takeover_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"clock (lease until {self.lease_until})"

    @classmethod
    def get(cls) -> "Clock":
        clock, _ = cls.objects.get_or_create(pk=1)
        return clock
