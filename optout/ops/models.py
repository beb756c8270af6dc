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


class Worker(models.Model):
    """One row per running task worker, renewed every minute by its clock keeper and removed when it stops.

    A booked tick outlives the worker that booked it, so "a tick is booked" cannot tell people whether a
    check will come; a row renewed within the last few minutes can. A worker that is killed leaves its
    row behind, which then simply expires.
    """

    name = models.CharField(max_length=100, unique=True)
    started_at = models.DateTimeField()
    alive_until = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.name} (alive until {self.alive_until})"
