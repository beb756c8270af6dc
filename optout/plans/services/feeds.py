"""The private calendar feed: one secret address per person, which they can regenerate or revoke."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from optout.accounts.services import profile_for, speaking_to
from optout.catalog.loader import platform_name
from optout.lib.ownership import owned

from ..calendar import CalendarItem, build_calendar
from ..models import Action, CalendarFeed, Status, new_feed_token
from ..registries import CALENDAR_SOURCES


def feed_for(user, create: bool = False) -> CalendarFeed | None:
    if create:
        return CalendarFeed.objects.get_or_create(owner=user)[0]
    return owned(CalendarFeed, user).first()


def regenerate_feed(user) -> CalendarFeed:
    """A new address; the old one stops working at once (for a link that leaked)."""
    feed, created = CalendarFeed.objects.get_or_create(owner=user)
    if not created:
        feed.token = new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def revoke_feed(user) -> None:
    owned(CalendarFeed, user).delete()


RECHECK_TEXT = gettext_lazy("Platforms change their settings. Check that this opt-out still holds, then mark it done "
                            "again.")
CONFIRM_TEXT = gettext_lazy("If no confirmation has arrived, check your spam folder or send the request again.")


def _local_day(when) -> dt.date:
    try:
        return timezone.localdate(when)
    except OverflowError:  # 9999-12-31 in a time zone east of UTC
        return dt.date.max


def _item(action: Action, kind: str, when, summary: str, description: str) -> CalendarItem:
    return CalendarItem(
        uid=f"{kind}-{action.number}",
        day=_local_day(when),
        summary=summary % {"platform": platform_name(action.platform), "step": action.shown_title},
        description=str(description),
        url=reverse("plans:action", args=[action.number]),
        sequence=action.changes,
    )


def _items(user) -> list[CalendarItem]:
    actions = owned(Action, user).filter(retired_at__isnull=True).annotate(changes=Count("events"))
    rechecks = actions.filter(status__in=[Status.DONE, Status.NEEDS_RECHECK], recheck_at__isnull=False)
    waiting = actions.filter(status=Status.WAITING, remind_at__isnull=False)
    items = [_item(a, "recheck", a.recheck_at, _("Re-check %(platform)s: %(step)s"), RECHECK_TEXT) for a in rechecks]
    items += [_item(a, "confirm", a.remind_at, _("Confirmation due from %(platform)s: %(step)s"), CONFIRM_TEXT)
              for a in waiting]
    for source in CALENDAR_SOURCES:
        items += source(user)
    return sorted(items, key=lambda item: (item.day, item.uid))


def calendar_for_user(user, site_url: str) -> bytes:
    """The person's dates as one .ics file (to download and import where subscribing cannot work), in the language
    and time zone of the page that asks for it."""
    person = profile_for(user).calendar_id
    items = [dataclasses.replace(item, uid=f"{item.uid}.{person}@optout", url=site_url + item.url)
             for item in _items(user)]
    return build_calendar(items, name=_("optout: re-checks and deadlines"), now=timezone.now())


def calendar_for_token(token: str, site_url: str) -> bytes | None:
    feed = CalendarFeed.objects.filter(token=token).select_related("owner").first() if token else None
    if feed is None:
        return None
    # A calendar app fetches this without the person's session: their days and words come from their settings,
    # or a re-check done at 18:30 in Los Angeles lands on the next day (the server's).
    with speaking_to(feed.owner):
        return calendar_for_user(feed.owner, site_url)
