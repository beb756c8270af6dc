"""One way to reach a person: `notify(owner, text, url)` — in the app, by e-mail, and on their Apprise channels.

A failed delivery is stored on the notification or channel and shown, never swallowed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from optout.lib.http import FetchError, check_destination
from optout.lib.ownership import owned

from .models import Channel, Notification


class ChannelError(ValueError):
    """An Apprise URL that cannot be used; the message says why."""


def check_channel_url(url: str) -> str:
    """Apprise must understand the URL, and it may not point at internal addresses (server-side request)."""
    import apprise

    url = url.strip()
    if not apprise.Apprise().add(url):
        raise ChannelError("Apprise does not recognise this address. See the Apprise wiki for the format of your service.")
    host = urlsplit(url).hostname
    if host and "://" in url:
        try:
            check_destination(f"http://{host}/", allow_private=settings.OPTOUT_ALLOW_PRIVATE_FETCH)
        except FetchError as exc:
            if exc.kind == "ssrf":
                raise ChannelError(str(exc)) from exc
    return url


def add_channel(owner, url: str, label: str = "") -> Channel:
    return Channel.objects.create(owner=owner, url=check_channel_url(url), label=label.strip()[:100])


def send_to_channel(channel: Channel, title: str, body: str) -> bool:
    import apprise

    sender = apprise.Apprise()
    try:
        check_channel_url(channel.url)
        sender.add(channel.url)
        ok = bool(sender.notify(title=title, body=body))
        error = "" if ok else "The service did not accept the message."
    except ChannelError as exc:
        ok, error = False, str(exc)
    channel.last_error = error[:500]
    if ok:
        channel.last_ok_at = timezone.now()
    channel.save(update_fields=["last_error", "last_ok_at"])
    return ok


SUBJECT_LENGTH = 80


def email_subject(text: str, limit: int = SUBJECT_LENGTH) -> str:
    """The text's first line, shortened at a word boundary with an ellipsis — never cut mid-word."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def notify(owner, text: str, url: str = "") -> Notification:
    notification = Notification.objects.create(owner=owner, text=text[:500], url=url[:300])
    link = f"\n\n{settings.SITE_URL}{url}" if url else ""
    if owner.email:
        try:
            send_mail(f"{settings.OPTOUT_SITE_NAME}: {email_subject(text)}", f"{text}{link}\n", None, [owner.email])
        except Exception as exc:  # noqa: BLE001 — any delivery failure is recorded for the person to see
            notification.email_error = f"{type(exc).__name__}: {exc}"[:500]
        else:
            notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_error", "emailed_at"])
    for channel in owned(Channel, owner):
        send_to_channel(channel, "optout", f"{text}{link}")
    return notification


def unread(owner):
    return owned(Notification, owner).filter(read_at__isnull=True)


def mark_all_read(owner) -> int:
    return unread(owner).update(read_at=timezone.now())
