"""The letters' part of the proof report: every letter sent, to whom, how and when, what the company was asked
by when, and what happened since — the part a regulator reads beside the person's steps."""

from __future__ import annotations

from django.template.loader import render_to_string

from optout.lib.ownership import owned
from optout.plans.registries import ReportSection

from .forms import kind_label
from .models import LetterRequest, Status


def report_section(user) -> ReportSection | None:
    letters = list(owned(LetterRequest, user).exclude(status=Status.DRAFTED).order_by("sent_on", "number")
                   .prefetch_related("events"))
    if not letters:
        return None
    rows = [{"letter": letter, "kind": kind_label(letter.kind, letter.regime), "events": list(letter.events.all())}
            for letter in letters]
    moments = tuple(event.at for row in rows for event in row["events"])
    return ReportSection(render_to_string("letters/_report.html", {"rows": rows}), moments)
