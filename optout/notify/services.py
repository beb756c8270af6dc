"""One way to reach a person: `notify(owner, text, url)` — in the app, by e-mail, and on their Apprise channels.

A failed delivery is stored on the notification or channel and shown, never swallowed.

Apprise channels are addresses a person types, so they are treated as hostile: only schemes the
operator enables, every host and port Apprise itself parsed (including `smtp=`) must resolve to a
public address, and at delivery the connection itself is checked (lib/http.py `guarded`: DNS
rebinding fails), redirects are not followed, and each service gets a short timeout. Deliveries to
channels run in the background worker, never in the request or tick that caused them.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from optout.lib.http import NAME_NOT_FOUND, FetchError, check_host, guarded
from optout.lib.i18n import elide, label_colon
from optout.lib.ownership import owned

from .models import Channel, Notification

logger = logging.getLogger("optout.notify")

MAX_CHANNELS = 5
TIMEOUT = 5.0  # seconds to connect and to read, per service
SAFE_METHODS = ("POST", "GET")


class ChannelError(ValueError):
    """An Apprise URL that cannot be used; the message says why."""


def _asset():
    import apprise

    # Sequential: deliveries stay in this thread, under this thread's connection guard.
    return apprise.AppriseAsset(async_mode=False)


def _destinations(plugin) -> list[tuple[str, int | None]]:
    """Every host (and port) the plugin will connect to, as Apprise itself parsed them."""
    out = []
    for name, value in vars(plugin).items():
        if isinstance(value, str) and value and name.lower().endswith("host"):
            port = getattr(plugin, name[: -len("host")] + "port", None) or getattr(plugin, "port", None)
            out.append((value, port if isinstance(port, int) else None))
    return out


def _plugin(url: str):
    import apprise

    try:
        plugin = apprise.Apprise.instantiate(url, asset=_asset())
    except Exception as exc:  # noqa: BLE001 — Apprise raises many kinds on odd input; all mean "not usable"
        raise ChannelError(_("Apprise could not read this address (%(error)s).") % {"error": exc}) from exc
    if not plugin:
        raise ChannelError(_("Apprise does not recognise this address. See the Apprise wiki for the format of your service."))
    return plugin


def check_channel_url(url: str) -> str:
    """Refuse schemes the operator did not enable, odd methods, and any host that is internal or unknown."""
    url = url.strip()
    if "://" not in url:
        raise ChannelError(_("Apprise does not recognise this address. See the Apprise wiki for the format of your service."))
    scheme = url.split("://", 1)[0].lower()
    if scheme not in settings.OPTOUT_NOTIFY_SCHEMES:
        raise ChannelError(
            _("This service (%(scheme)s) is not enabled on this optout. Enabled: %(enabled)s.")
            % {"scheme": scheme, "enabled": ", ".join(sorted(settings.OPTOUT_NOTIFY_SCHEMES))}
        )
    try:
        query = {key.lower(): value for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    except ValueError as exc:  # e.g. a broken [IPv6] host
        raise ChannelError(_("This address cannot be read (%(error)s).") % {"error": exc}) from exc
    if query.get("method", "POST").upper() not in SAFE_METHODS:
        raise ChannelError(_("Only POST or GET requests are sent to a webhook, not %(method)s.") % {"method": query["method"]})
    plugin = _plugin(url)
    for host, port in _destinations(plugin):
        try:
            check_host(host, port, allow_private=settings.OPTOUT_ALLOW_PRIVATE_FETCH)
        except FetchError as exc:
            raise ChannelError(_unreachable(exc, host)) from exc
    return url


def _unreachable(exc: FetchError, host: str) -> str:
    """Why a channel's host is refused, in the person's language and without the system's error codes."""
    internal = re.search(r"internal address \(([^)]+)\)", str(exc))
    if internal:
        return _("%(host)s points to an internal address (%(ip)s): optout sends news only to services on the internet.") % {
            "host": host, "ip": internal[1]}
    if exc.kind == "network":
        return _(NAME_NOT_FOUND) % {"host": host}
    return _("This address cannot be used: %(reason)s") % {"reason": str(exc)}


def add_channel(owner, url: str, label: str = "") -> Channel:
    if owned(Channel, owner).count() >= MAX_CHANNELS:
        raise ChannelError(_("You can have at most %(count)s channels; remove one first.") % {"count": MAX_CHANNELS})
    return Channel.objects.create(owner=owner, url=check_channel_url(url), label=label.strip()[:100])


def send_to_channel(channel: Channel, title: str, body: str) -> bool:
    from apprise import NotifyFormat

    try:
        check_channel_url(channel.url)  # the operator may have disabled a scheme, or a name may now be internal
        plugin = _plugin(channel.url)
        plugin.socket_connect_timeout = plugin.socket_read_timeout = TIMEOUT
        with guarded(allow_private=settings.OPTOUT_ALLOW_PRIVATE_FETCH, follow_redirects=False):
            # The text is plain (it may quote markup from a platform's page): a channel that shows HTML
            # must get it escaped, not passed through as markup.
            ok = bool(plugin.notify(title=title, body=body, body_format=NotifyFormat.TEXT))
        error = "" if ok else _("The service did not accept the message (no answer, an error, or a redirect).")
    except ChannelError as exc:
        ok, error = False, str(exc)
    except Exception as exc:  # noqa: BLE001 — a broken plugin must not stop the other channels
        ok, error = False, f"{type(exc).__name__}: {exc}"
    channel.last_error = error[:500]
    if ok:
        channel.last_ok_at = timezone.now()
    channel.save(update_fields=["last_error", "last_ok_at"])
    return ok


def failing_channels(owner) -> list[Channel]:
    """The person's channels whose last delivery failed: news they expect there is not reaching them."""
    return list(owned(Channel, owner).exclude(last_error=""))


CHANNEL_TRIES = 3
CHANNEL_RETRY_AFTER = dt.timedelta(minutes=10)  # then 20: a service down for a while still gets the news


@task
def deliver_to_channels(notification_id: int, channel_ids: list[int] | None = None, attempt: int = 1) -> dict[str, int]:
    """The background half of `notify`: one message to each of the person's channels (`channel_ids`: only those, on a
    later try); the channels that failed are tried again later, `CHANNEL_TRIES` times in all."""
    notification = Notification.objects.filter(pk=notification_id).select_related("owner").first()
    if notification is None:
        return {"sent": 0, "failed": 0}
    link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
    channels = owned(Channel, notification.owner)
    if channel_ids is not None:
        channels = channels.filter(id__in=channel_ids)
    sent, failed = 0, []
    for channel in channels:
        if send_to_channel(channel, notification.title or settings.OPTOUT_SITE_NAME, f"{notification.text}{link}"):
            sent += 1
        else:
            failed.append(channel.id)
    if failed and attempt < CHANNEL_TRIES:
        deliver_to_channels.using(run_after=timezone.now() + CHANNEL_RETRY_AFTER * attempt).enqueue(
            notification_id, failed, attempt + 1)
    return {"sent": sent, "failed": len(failed)}


# Long enough for the sentence that carries the news ("The answer to OPT-2026-001001 (Meta Platforms Ireland
# Limited) is due on 10 January 2027."): at 80 the date itself was cut off in most languages.
SUBJECT_LENGTH = 130
# Spaces and line breaks, but not the no-break spaces French keeps before its colons (str.split() takes those too).
BREAKABLE_SPACE = re.compile(r"[ \t\r\n]+")


def _one_line(text: str) -> str:
    return BREAKABLE_SPACE.sub(" ", text).strip()


def email_subject(text: str, limit: int = SUBJECT_LENGTH) -> str:
    """The text's first line, shortened at a word boundary with an ellipsis — never cut mid-word."""
    line = _one_line(text)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


# Kinds of message, each with its e-mail in templates/notify/email/<kind>/ (subject.txt, body.txt, body.html).
EMAIL_KINDS = ("message", "recheck", "confirmation-due", "letter-due", "letter-overdue", "policy-change")


def render_email(kind: str, owner, text: str, url: str = "", details: dict | None = None) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the e-mail for a notification of `kind` (`details`: what its templates
    need to know besides the text)."""
    context = {**(details or {}),
        "owner": owner, "text": text, "subject_text": email_subject(text), "site_name": settings.OPTOUT_SITE_NAME,
        # "optout: optout has not been able to read …" says the name twice (Portuguese: "O optout não …")
        "subject_names_site": bool(re.match(rf"(?:\w{{1,3}}['’]?\s?)?{re.escape(settings.OPTOUT_SITE_NAME)}\b", text,
                                            re.IGNORECASE)),
        "colon": label_colon(get_language()),
        "link": f"{settings.SITE_URL}{url}" if url else "",
        "settings_link": f"{settings.SITE_URL}{reverse('accounts:settings')}#notifications", "language": get_language() or "en",
        "off_link": _email_off_link(owner),
    }
    language = context["language"]
    subject = elide(_one_line(render_to_string(f"notify/email/{kind}/subject.txt", context)), language)
    context["subject"] = subject
    text_body = elide(render_to_string(f"notify/email/{kind}/body.txt", context).strip() + "\n", language)
    html_body = elide(render_to_string(f"notify/email/{kind}/body.html", context), language)
    return subject, text_body, html_body


NOTIFICATION_LENGTH = 500  # characters of a notification in the app and on channels (the e-mail has it all)


def _shortened(text: str, length: int) -> str:
    """At most `length` characters, cut between words and marked, never in the middle of a word."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def notify(owner, text: str, url: str = "", *, kind: str = "message", details: dict | None = None,
           email_later: bool = False, whole: str = "") -> Notification:
    """Tell `owner`: in the app, by e-mail (written from the templates of `kind`), and on their channels.

    `whole`: the text at full length for the e-mail, where `text` was fitted to a notification's length (an alert's
    quotes shortened, `watch.services.alerts._fitted`).

    `email_later`: the caller holds a database transaction, and an SMTP exchange (up to its timeout) inside it would
    keep every other write of the site waiting (SQLite takes its write lock at the transaction's start). The e-mail is
    written now, in the language and time zone the caller speaks in, and sent by `send_held_email` once the caller
    has committed."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"no e-mail kind {kind!r}; add templates/notify/email/{kind}/ and list it in EMAIL_KINDS")
    text = elide(text, get_language())
    channels = owned(Channel, owner).exists()
    emailed = bool(owner.email) and _wants_email(owner)
    # Written for the channels too: their title is the e-mail's subject, which says how sure optout is of a change
    written = (render_email(kind, owner, elide(whole, get_language()) if whole else text, url[:300], details)
               if emailed or channels else None)
    notification = Notification.objects.create(owner=owner, text=_shortened(text, NOTIFICATION_LENGTH), url=url[:300],
                                               title=_shortened(written[0], 200) if written else "")
    notification.held_email = written if emailed else None
    if not email_later:
        send_held_email(notification)
    if channels:
        transaction.on_commit(lambda: deliver_to_channels.enqueue(notification.pk))
    return notification


# Whether a person wants their news e-mailed, asked of the app that keeps their settings (accounts, which sits above
# notify and registers here from its AppConfig.ready): e-mail unless one says no.
EMAIL_WANTED: list = []


def _wants_email(owner) -> bool:
    return all(wanted(owner) for wanted in EMAIL_WANTED)


# The link that stops a person's news e-mails at one click, signed by the app that keeps their settings (which
# registers it here, like EMAIL_WANTED).
EMAIL_OFF_LINK: list = []


def _email_off_link(owner) -> str:
    return EMAIL_OFF_LINK[0](owner) if EMAIL_OFF_LINK else ""


def _list_headers(owner) -> dict[str, str]:
    """Headers that give mail programs an "unsubscribe" button (RFC 2369); one-click (RFC 8058) only over https."""
    link = _email_off_link(owner)
    if not link:
        return {}
    headers = {"List-Unsubscribe": f"<{link}>"}
    if link.startswith("https://"):
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


EMAIL_TRIES = 4  # the first, then at three ticks of the clock (about 45 minutes): a mail server down for a while


def send_held_email(notification: Notification) -> None:
    """Send the e-mail `notify` wrote for this notification (if any, and once), recording how it went."""
    written, notification.held_email = getattr(notification, "held_email", None), None
    if written is not None:
        _send(notification, list(written))


def _send(notification: Notification, written: list[str]) -> None:
    notification.email_tries += 1
    _deliver(notification, written)


def _deliver(notification: Notification, written: list[str]) -> None:
    """One try at sending, counted already; the e-mail stays kept for a later try until this one is recorded."""
    subject, text_body, html_body = written
    message = EmailMultiAlternatives(subject, text_body, None, [notification.owner.email],
                                     headers=_list_headers(notification.owner))
    message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 — any delivery failure is recorded for the person to see
        notification.email_error = f"{type(exc).__name__}: {exc}"[:500]
        notification.unsent_email = written if notification.email_tries < EMAIL_TRIES else None
    else:
        notification.emailed_at, notification.email_error, notification.unsent_email = timezone.now(), "", None
    notification.save(update_fields=["email_error", "emailed_at", "unsent_email", "email_tries"])


def retry_emails() -> dict[str, int]:
    """Try again the e-mails the mail server did not take, each claimed by one worker at a time.

    A worker claims an e-mail by counting its try, and keeps it until the try is recorded: a worker that dies while
    sending leaves it for the next tick (one try spent), not lost."""
    counts = {"sent": 0, "failed": 0}
    for notification in Notification.objects.filter(unsent_email__isnull=False).select_related("owner"):
        claimed = Notification.objects.filter(pk=notification.pk, email_tries=notification.email_tries,
                                              unsent_email__isnull=False).update(email_tries=F("email_tries") + 1)
        if not claimed:
            continue
        notification.email_tries += 1
        if not notification.owner.email or not _wants_email(notification.owner):
            notification.email_error = ("The account has no e-mail address any more." if not notification.owner.email
                                        else "The person turned news by e-mail off before it could be sent.")
            notification.unsent_email = None
            notification.save(update_fields=["email_error", "unsent_email"])
            continue
        _deliver(notification, notification.unsent_email)
        counts["sent" if notification.emailed_at else "failed"] += 1
    return counts


def unread(owner):
    return owned(Notification, owner).filter(read_at__isnull=True)


def unread_count_of(owner_column: str):
    """An expression for the number of unread news of the person whose id is in `owner_column` (a quoted
    "table"."column" of the outer query, which is itself scoped to that person).

    A page that reads one of the person's rows anyway (accounts reads their profile on every request) gets
    the header's count in the same query, then tells the header with `known_unread_count`. Written as SQL:
    the ORM's Subquery costs more to build than the separate query it replaces.
    """
    from django.db.models.expressions import RawSQL

    table = connection.ops.quote_name(Notification._meta.db_table)
    return RawSQL(f'SELECT COUNT(*) FROM {table} WHERE {table}."owner_id" = {owner_column} '  # noqa: S608
                  f'AND {table}."read_at" IS NULL', [])


def known_unread_count(request, count: int) -> None:
    """The signed-in person's unread count, as read by this request: the header shows it without asking again."""
    request._optout_unread_news = count


def opens_news(view):
    """Marks a view whose page is what news is about (a change, a step, a letter): shown to the person, it reads
    their news that links to it, however they reached it (`mark_opened`, when the header counts). Not a list
    page: landing there, from the menu say, tells nothing of having read the news that pointed at it. Only a page
    that was shown reads it (a failing view, a 404 or a redirect does not, nor an error page drawn after it), and
    only news there is is written: a page read by someone with no news about it, or by nobody signed in, writes
    nothing, so it is never kept waiting, or failed, by the background worker's write to the database."""

    @functools.wraps(view)
    def shown(request, *args, **kwargs):
        if request.method != "GET" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        request._optout_opens_news, request._optout_news_here = True, 0
        try:
            response = view(request, *args, **kwargs)
        finally:
            request._optout_opens_news = False
        if response.status_code == 200 and request._optout_news_here:  # counted by the header it drew
            try:
                mark_opened(request.user, request.path)
            except OperationalError:  # the database busy past its wait: the page was shown, the news waits for the next
                logger.warning("notify: could not mark the news about %s read: the database was busy", request.path)
        return response

    return shown


def mark_opened(owner, path: str) -> int:
    """Mark as read the person's news that links to the page at `path`, which they are reading now."""
    return unread(owner).filter(url=path).update(read_at=timezone.now())


def mark_read(owner, ids) -> int:
    """Mark as read the person's news with these ids (those a page showed them), none of anyone else's."""
    ids = [int(value) for value in map(str, ids) if value.isascii() and value.isdigit() and len(value) <= 18]
    return unread(owner).filter(id__in=ids).update(read_at=timezone.now())
