"""Template filters for dates and times (built in: no {% load %} needed). See optout/lib/dates.py."""

from django import template

from optout.lib import dates

register = template.Library()


@register.filter
def local_date(value):
    """{{ action.recheck_at|local_date }} → '4 January 2027' / '4. Januar 2027'."""
    return dates.format_date(value)


@register.filter
def local_datetime(value):
    """{{ event.at|local_datetime }} → '4 January 2027, 14:05' in the person's time zone."""
    return dates.format_datetime(value)


@register.filter
def local_time(value):
    """{{ action.code_expires_at|local_time }} → '14:05' in the person's time zone."""
    return dates.format_time(value)
