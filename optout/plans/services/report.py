"""The proof report, one for the web page and for a file written at the terminal (HTML or PDF): the steps with their
history and proof, each file compared with what was recorded when it was added, the sections other apps add (the
letters), and the time zone its times are in, with its offsets from UTC — a regulator must not have to guess."""

from __future__ import annotations

import base64
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from optout.lib.dates import utc_offset, zone_named

from .. import selectors
from ..models import Evidence
from ..registries import REPORT_SECTIONS
from .proof import MISSING, file_check, open_stored


def proof_report(user, image_src: Callable[[Evidence], str]) -> dict:
    """The report's context. `image_src(item)`: where a screenshot is shown from — its address on the web, its bytes
    in a file that must hold everything."""
    context = selectors.report(user)
    moments = [context["generated_at"]]
    for action in context["actions"]:
        moments += [event.at for event in action.events.all()]
        for item in action.evidence.all():  # the prefetched rows the template shows
            item.file_check = file_check(item)
            if item.kind == Evidence.Kind.SCREENSHOT and item.file_check != MISSING:
                item.image_src = image_src(item)
            moments.append(item.created_at)
    sections = [section for source in REPORT_SECTIONS if (section := source(user)) is not None]
    context["sections"] = [section.html for section in sections]
    moments += [moment for section in sections for moment in section.moments]
    context["time_zone"] = zone_named(timezone.get_current_timezone_name(), get_language())
    context["utc_offsets"] = list(dict.fromkeys(utc_offset(moment) for moment in moments))
    context["user"] = user
    return context


def _embedded(item: Evidence) -> str:
    """A screenshot as a data: address, so the file shows it wherever it is opened."""
    handle = open_stored(item)
    if handle is None:
        return ""
    with handle:
        data = handle.read()
    return f"data:{item.content_type or 'image/png'};base64,{base64.b64encode(data).decode('ascii')}"


def report_file(user, kind: str) -> bytes:
    """The report as one file that holds everything (its styles, its screenshots): ".html" or ".pdf"."""
    context = proof_report(user, _embedded)
    context["language"] = get_language()
    html = render_to_string("plans/report_file.html", context)
    if kind == ".html":
        return html.encode("utf-8")
    from optout.lib.pdfrender import html_to_pdf

    return html_to_pdf(html)
