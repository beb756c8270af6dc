"""What the watcher has done and will do next, in words a person can act on (empty states, errors)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from optout.lib.addresses import same_address
from optout.lib.choices import language_name
from optout.lib.dates import format_date, format_datetime, format_time

from .extract import TOO_DEEP
from .language import switched_language
from .models import FetchLog, Version, WatchedDocument

TICK_PATH = "optout.ops.ticks.tick"  # the periodic tick that runs the watcher (booked by ops; read here, not imported)
TICK_EVERY = dt.timedelta(minutes=15)  # ops.ticks.INTERVAL, likewise (a test holds them equal)


# How the English messages a failed check stores end (runs.py); `explain` says it in the person's words instead.
AGAIN = "; optout tries again at the next check."


def explain(kind: str, message: str, url: str, *, again: bool = True, until: dt.datetime | None = None) -> str:
    """A fetch error in plain words, without the operating system's error codes, and, with `again`, that the next
    check tries again. Without it (no check will run by itself: the worker is not running) no next check is
    promised; the page says how to start one. `until`: for a page that may not be this one (kind "moved"), from
    when one still found there is recorded (`refused_since`)."""
    if kind == "read" and message.startswith(TOO_DEEP):  # logged before such pages had a kind of their own
        kind = "too-deep"
    return _tries_again(_reason(kind, message.removesuffix(AGAIN), urlsplit(url).hostname or url, until), again)


def _tries_again(reason: str, again: bool) -> str:
    return " ".join([reason, _("optout tries again at the next check.")]) if again else reason


def _reason(kind: str, message: str, host: str, until: dt.datetime | None = None) -> str:
    if kind == "network":
        return _("optout could not reach the internet: %(host)s could not be found or reached. Check that this "
                 "computer is online.") % {"host": host}
    if kind == "timeout":
        return _("%(host)s did not answer in time.") % {"host": host}
    if kind == "http" and (status := re.search(r"\bHTTP (\d{3})\b", message)):
        if int(status[1]) < 400:  # a part of the page (206), a promise of one (202), none (204, a 304 never asked for)
            return _("%(host)s answered without the whole page (HTTP %(status)s).") % {"host": host, "status": status[1]}
        return _("%(host)s answered with an error (HTTP %(status)s).") % {"host": host, "status": status[1]}
    if kind == "ssrf":
        return _not_fetched(message, host)
    if kind == "fault":
        return _("optout could not read this page: something went wrong inside optout while reading it, not on the "
                 "platform’s side. If it happens again, please report it with these details: %(details)s") % {
            "details": message.removesuffix(".") + "."}
    if kind in ("moved", "home-page", "sign-in", "error-page") and (quoted := re.search(r"“(.*)”", message)):
        return _quoted_reason(kind, quoted[1], host, until)
    if kind in PLAIN_WORDS:
        return str(PLAIN_WORDS[kind]) % {"host": host}
    if not message.strip():
        return _("optout could not read this page.")
    # what is left says something only a developer can act on (the page broke optout's reading): in English
    message = message if message.endswith(".") else f"{message}."
    return _("optout could not read this page: %(message)s") % {"message": message}


def _not_fetched(message: str, host: str) -> str:
    # The catalog's addresses are public: one found inside this network is the network's doing (a Wi-Fi sign-in
    # page, a blocker, a company's own DNS) or the site's redirect, and may not last, so optout tries again.
    if "internal address" in message:
        return _("%(host)s led to an address inside this computer’s network, which optout does not fetch (a Wi-Fi "
                 "sign-in page, an ad blocker or a company network can do that). If this lasts, check the network "
                 "this computer is on.") % {"host": host}
    return _("%(host)s sent optout on to an address it does not fetch (optout fetches only web addresses, without a "
             "user name or password).") % {"host": host}


def _quoted_reason(kind: str, quoted: str, host: str, until: dt.datetime | None = None) -> str:
    """A failed check's reason that quotes what its message quotes: the address a page now leads to, or an error
    page's line."""
    if kind == "home-page":
        return _("optout could not read this page: it leads to %(address)s, the site’s home page, not this page. "
                 "Nothing was recorded.") % {"address": quoted}
    if kind == "sign-in":
        return _("optout could not read this page: it leads to %(address)s, which looks like a sign-in page, not "
                 "this page. Nothing was recorded.") % {"address": quoted}
    if kind == "moved" and until is not None:
        return _("optout could not read this page: it now leads to %(address)s, which may not be this page (what "
                 "optout read there shares almost nothing with the last version: perhaps the site’s home page or a "
                 "sign-in page, or the page rewritten). Nothing was recorded yet: if optout still finds that page "
                 "there at a check from %(when)s on, it records it, marked as unsure.") % {
            "address": quoted, "when": format_datetime(until)}
    if kind == "moved":
        return _("optout could not read this page: it now leads to %(address)s, which may not be this page (what "
                 "optout read there shares almost nothing with the last version: perhaps the site’s home page or a "
                 "sign-in page, or the page rewritten). Nothing was recorded yet: if optout still finds that page "
                 "there a day from now, it records it, marked as unsure.") % {"address": quoted}
    return _("optout could not read this page: %(host)s sent what reads like an error page or a check for robots, "
             "not the page itself (“%(line)s”). Nothing was recorded.") % {"host": host, "line": quoted}


# The reasons a check fails that a person can understand, by kind (the stored message is English, for logs).
PLAIN_WORDS = {
    "empty": gettext_lazy(
        "optout could not read this page: it holds no text (it may be built by JavaScript, or its layout changed so "
        "that optout's reading finds nothing). Nothing was recorded."),
    "too-large": gettext_lazy("%(host)s sent a page larger than optout reads."),
    "redirects": gettext_lazy("%(host)s sent optout on from address to address too many times."),
    "content-type": gettext_lazy("%(host)s did not send a text page (perhaps a file to download or a picture)."),
    "encoding": gettext_lazy(
        "%(host)s sent a page whose characters optout cannot read (a damaged or unusual encoding)."),
    "protocol": gettext_lazy("%(host)s sent a malformed answer."),
    "incomplete": gettext_lazy("%(host)s sent only part of the page: the answer ended before the page did."),
    "too-deep": gettext_lazy(
        "optout could not read this page: it nests its elements too deeply for optout to read all of it (a broken "
        "or hostile page). Nothing was recorded."),
}


@dataclass
class WatchState:
    documents: int
    checked: int
    changes: int
    next_check: dt.datetime | None  # when the next document is due and a tick will run (None: no worker runs)
    worker_running: bool  # a task worker said within the last few minutes that it runs (ops' `Worker`)
    offline: str  # the plain-words reason when the latest checks could not reach the internet
    checking_now: bool = False  # a tick holds the clock's lease: pages are being checked
    late: bool = False  # a worker runs, but the booked tick was due a while ago and has not started
    unreadable: int = 0  # pages whose last check failed
    imported: int = 0  # pages with a history imported with `optout watch import`
    imported_unchecked: int = 0  # of those, pages optout has not checked itself yet

    @property
    def checks_again(self) -> bool:
        """Whether a check will run without anyone's help: one runs now, or a worker runs and is not overdue."""
        return self.checking_now or (self.worker_running and not self.late)

    @property
    def checks_later(self) -> bool:
        """Whether a check will run by itself at all: a worker runs, even one late for its tick. A change held for
        a second check is told the tick that will check it, or, once that is overdue, that it has not run."""
        return self.checking_now or self.worker_running

    @property
    def next_check_in_words(self) -> str:
        """When pages are checked next, in a sentence a person can act on: the watch page's, and a platform page's
        after "Not checked yet." (the same words, so the pages never disagree; with a late tick the worker runs:
        it is restarted, not started)."""
        if self.checking_now:
            return _("optout is checking the pages now; changes appear here as it finds them.")
        if self.late:
            return _("A check was due at %(when)s but has not run yet: the background worker is running but has not "
                     "started it (it may be busy with a long task). If this lasts, restart optout (“optout serve”), "
                     "or check now with “optout watch run”.") % {"when": format_datetime(self.next_check)}
        if self.next_check:
            return _("The next check runs at %(when)s; after that each page is checked about once a day.") % {
                "when": format_datetime(self.next_check)}
        if self.worker_running:
            return _("The background worker is running; it books the next check within a minute.")
        return _("No check runs by itself: optout’s background worker is not running. Start optout with “optout "
                 "serve” (without --no-worker) or, if optout already runs, only its worker with “optout worker”; it "
                 "checks each page about once a day. Or check now with “optout watch run”.")

    @property
    def not_checked_in_words(self) -> str:
        """What a page optout watches but has not checked yet says: when it will be (as the watch page says)."""
        return " ".join([_("Not checked yet."), self.next_check_in_words])


LATE_AFTER = dt.timedelta(minutes=10)  # a due check this much in the past: the running worker does not take it


def _checking_now(now: dt.datetime) -> bool:
    """Whether a tick runs at this moment: it holds the clock's lease (ops' `Clock`, read by name, not imported)."""
    from django.apps import apps

    clock = apps.get_model("ops", "Clock").objects.filter(pk=1).values_list("lease_until", flat=True).first()
    return bool(clock and clock > now)


def _worker_running(now: dt.datetime) -> bool:
    """Whether a task worker runs: one renewed its heartbeat lately (ops' `Worker`, read by name). A booked
    tick cannot say it: it stays booked after the last worker stopped, and nothing runs it."""
    from django.apps import apps

    return apps.get_model("ops", "Worker").objects.filter(alive_until__gt=now).exists()


def _ticks(status: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TICK_PATH, status=status)


def _next_tick() -> dt.datetime | None:
    return _ticks("READY").order_by("run_after").values_list("run_after", flat=True).first()


def first_check_at(due: dt.datetime, tick: dt.datetime) -> dt.datetime:
    """When a page due at `due` is checked: pages are checked only when a tick runs, so at the booked tick
    `tick` or the first of those that follow it (one every TICK_EVERY) at or after `due`."""
    if due <= tick:
        return tick
    return tick + -((tick - due) // TICK_EVERY) * TICK_EVERY  # whole intervals, rounded up


def watch_state(now: dt.datetime | None = None) -> WatchState:
    now = now or timezone.now()
    active = WatchedDocument.objects.filter(active=True)
    due = active.aggregate(first=Min("next_check_at"))["first"]
    running = _worker_running(now)
    tick = _next_tick() if running else None  # a tick no worker will take is no next check
    next_check = first_check_at(due, tick) if due and tick else tick  # rows not made yet: the first tick makes them
    latest = list(FetchLog.objects.order_by("-at", "-id").values("outcome", "error_kind", "message", "document__url")[:20])
    from .declarations import declarations

    declared = sum(len(declaration.documents) for declaration in declarations().values())
    # A worker books the next tick before the one it runs ends, and only after claiming the one it starts: with
    # none booked, the tick row it runs says it checks (for the moments before it takes the lease or after it).
    checking = _checking_now(now) or (running and tick is None and _ticks("RUNNING").exists())
    late = bool(tick and not checking and tick < now - LATE_AFTER)  # the booked tick long overdue
    state = WatchState(
        # "checked" counts pages optout has read: a page whose every check failed is not one it can vouch for
        # Imported versions were read by an archive, not checked by optout.
        documents=max(active.count(), declared),
        checked=active.filter(versions__source__in=("fetch", "reextract")).distinct().count(),
        imported=active.filter(versions__source="import").distinct().count(),
        imported_unchecked=active.filter(versions__source="import", last_checked_at__isnull=True).distinct().count(),
        unreadable=_last_check_failed().count(),
        changes=Version.objects.filter(changed_from__isnull=False).count(), next_check=tick if late else next_check,
        worker_running=running, offline="", checking_now=checking, late=late,
    )
    if latest and all(row["outcome"] == "error" and _unreachable(row) for row in latest):
        state.offline = _offline(latest, again=state.checks_again)
    return state


def _offline(latest: list[dict], *, again: bool) -> str:
    """The notice when the latest checks all found no way out: the sites they tried, not just the last one."""
    hosts = list(dict.fromkeys(urlsplit(row["document__url"]).hostname or row["document__url"] for row in latest))
    if len(hosts) == 1:
        return explain("network", latest[0]["message"], latest[0]["document__url"], again=again)
    shown = ", ".join(hosts[:3]) + (", …" if len(hosts) > 3 else "")
    reason = _("optout could not reach the internet: none of the %(count)s sites it tried last could be found or "
               "reached (%(hosts)s). Check that this computer is online.") % {"count": len(hosts), "hosts": shown}
    return _tries_again(reason, again)


def _unreachable(log: dict) -> bool:
    """A check that found no way out to the internet: no name resolved, or every name resolved inside this network
    (a Wi-Fi sign-in page answers for every site until one signs in)."""
    return log["error_kind"] == "network" or log["error_kind"] == "ssrf" and "internal address" in log["message"]


NOT_THE_PAGE_FOR = dt.timedelta(days=1)  # confirm.MAX_WAIT (read here, not imported; a test holds them equal)


def refused_since(document: WatchedDocument, kind: str = "moved") -> dt.datetime | None:
    """When a check first refused the page read for a reason of this kind since optout last read the page (a check
    that was neither an error nor a change held): "moved", it may not be this page; "error-page", it reads like an
    error page or a wall. None when none did. Such a page is recorded once it has been found so for
    `confirm.MAX_WAIT` (`services.runs`); other failures before it (the site down, the home page) do not count."""
    logs = FetchLog.objects.filter(document=document)
    read = logs.exclude(outcome__in=("error", "unconfirmed")).order_by("-at", "-id").values_list("at", flat=True).first()
    refused = logs.filter(outcome="error", error_kind=kind)
    if read is not None:
        refused = refused.filter(at__gt=read)
    return refused.order_by("at", "id").values_list("at", flat=True).first()


def failing_in_words(document: WatchedDocument) -> str:
    """One sentence when more than one check in a row failed: since when optout has not read the page, so
    a person does not take its silence for "no change"; "" otherwise."""
    since, last = document.failing_since, document.last_checked_at
    if not document.last_error or since is None or last is None or since >= last:
        return ""
    return _("Every check since %(date)s has failed, so optout cannot tell whether this page changed after that: "
             "open it yourself if this platform matters to you.") % {"date": format_datetime(since)}


FAILING_LISTED = 10  # pages named on the watch page that optout has failed to read more than once in a row


def _last_check_failed():
    return WatchedDocument.objects.filter(active=True).exclude(last_error="")


def _mine_first(pages, mine, order) -> tuple[list[WatchedDocument], int]:
    """Every one of `pages` on the platforms in `mine` (a person's: a notice may have sent them here), then the
    others, in `order`, up to `FAILING_LISTED` in all; and how many there are in all."""
    theirs = list(pages.filter(platform__in=mine).order_by(*order)) if mine else []
    others = list(pages.exclude(platform__in=mine).order_by(*order)[:max(0, FAILING_LISTED - len(theirs))])
    return theirs + others, pages.count()


def failing_documents(mine=()) -> tuple[list[WatchedDocument], int]:
    """The watched pages whose last two checks or more failed, the longest-failing first (`_mine_first`)."""
    return _mine_first(_last_check_failed().filter(failing_since__lt=F("last_checked_at")), mine,
                       ("failing_since", "platform", "doc_id"))


def unreadable_documents(mine=()) -> tuple[list[WatchedDocument], int]:
    """The watched pages whose last check was the first to fail, the latest first (`_mine_first`): with
    `failing_documents` they make up `WatchState.unreadable`, and the watch page names each page in one list only."""
    first_failure = Q(failing_since__isnull=True) | Q(failing_since__gte=F("last_checked_at"))
    return _mine_first(_last_check_failed().filter(first_failure), mine, ("-failing_since", "platform", "doc_id"))


def last_errors(documents, *, again: bool = True) -> dict[int, str]:
    """The plain-words reason of each document's last failed check, by document id (with since when checks
    fail, when more than one did); `again` as for `explain` (never for a page optout no longer watches)."""
    out = {}
    for document in documents:
        if document.last_error:
            log = document.fetches.filter(outcome="error").order_by("-at", "-id").first()
            kind = log.error_kind if log else ""
            since = refused_since(document) if kind == "moved" else None
            words = explain(kind, document.last_error, document.url, again=again and document.active,
                            until=since + NOT_THE_PAGE_FOR if since else None)
            out[document.id] = " ".join(filter(None, [words, failing_in_words(document)]))
    return out


def pending_in_words(document: WatchedDocument, *, again: bool = True) -> str:
    """One sentence saying that a drastic change waits for a second check, when and why; "" when none waits.
    Without `again` (no check runs by itself), or once the second check is overdue, it promises no check;
    without `again` it says how to run one.

    Dates in the person's time zone (the request's or, in the CLI, the computer's); the next check's day
    is named only when it is not the day the page was found.
    """
    if not document.pending_hash or document.pending_since is None:
        return ""
    will_run, found, again = again, document.pending_since, document.next_check_at
    if will_run and (tick := _next_tick()) is not None:
        again = first_check_at(again, tick)  # the tick that will check it, not the time it falls due
    same_day = timezone.localtime(found).date() == timezone.localtime(again).date()
    values = {"date": format_date(found), "time": format_time(found),
              "again": format_time(again) if same_day else _at_on(again), "address": document.pending_url}
    back = bool(document.pending_url) and same_address(document.url, document.pending_url)  # read back home
    reason = BACK if back and document.pending_reason == MOVED else document.pending_reason
    said = _pending_in_words(reason, values, again, will_run)
    if document.pending_url and reason not in (MOVED, BACK) and not back:  # a drastic change, read at another address
        said = " ".join([said, opens_at_in_words(document.pending_url)])
    return said


def _at_on(moment: dt.datetime) -> str:
    """A moment on another day, to follow the sentences' "at": "at 10:48 on 6 December 2026", not "at 6 December …"."""
    return _("%(time)s on %(date)s") % {"time": format_time(moment), "date": format_date(moment)}


MOVED = "moved"  # confirm.MOVED: a change read at another address than the latest version, held (read here, not imported)
BACK = "back"  # such a change read at the watched address itself, the latest version read elsewhere (only worded)


def opens_at_in_words(address: str) -> str:
    """One sentence saying that a page now opens at another address than the one its latest version was read at."""
    return _("It now opens at another address: %(address)s.") % {"address": address}


def _pending_in_words(reason: str, values: dict, again: dt.datetime, will_run: bool) -> str:
    if not will_run:  # no promise of a check that will not come, and no due time still ahead worded as overdue
        return " ".join([found_in_words(reason, values), unattended_in_words(again, values["again"])])
    if reason in (MOVED, BACK):
        if again < timezone.now() - LATE_AFTER:
            return " ".join([found_in_words(reason, values), _(
                "The second check, due at %(again)s, has not run yet; the change is recorded only if it finds that "
                "page again.") % values])
        return " ".join([found_in_words(reason, values),
                         _("It checks again at %(again)s before recording the change.") % values])
    if again < timezone.now() - LATE_AFTER:  # a worker runs but has not taken the check: no promise either
        if reason == "error":
            return _("On %(date)s at %(time)s optout found a page with a part that reads like an error message (a part "
                     "that may not have loaded). The second check, due at %(again)s, has not run yet; the change is "
                     "recorded only if it finds that page again.") % values
        if reason == "different":
            return _("On %(date)s at %(time)s optout found a page that shares little of its text with the last one "
                     "(possibly an error page, a sign-in wall or another region's version). The second check, due "
                     "at %(again)s, has not run yet; the change is recorded only if it finds that page again.") % values
        return _("On %(date)s at %(time)s optout found a page much shorter than the last one (possibly an error "
                 "page). The second check, due at %(again)s, has not run yet; the change is recorded only if it "
                 "finds that page again.") % values
    if reason == "error":
        return _("On %(date)s at %(time)s optout found a page with a part that reads like an error message (a part "
                 "that may not have loaded); it checks again at %(again)s before recording it.") % values
    if reason == "different":
        return _("On %(date)s at %(time)s optout found a page that shares little of its text with the last one "
                 "(possibly an error page, a sign-in wall or another region's version); it checks again at "
                 "%(again)s before recording it.") % values
    return _("On %(date)s at %(time)s optout found a page much shorter than the last one (possibly an error "
             "page); it checks again at %(again)s before recording it.") % values


def found_in_words(reason: str, values: dict) -> str:
    """The sentence saying what drastic change was found (the `reason` a check held it for), on its own."""
    if reason == BACK:
        return _("On %(date)s at %(time)s optout found this page changed, back at its own address (%(address)s): its "
                 "last version was read where this address led before, which may have been another region’s or "
                 "another variant’s page.") % values
    if reason == MOVED:
        return _("On %(date)s at %(time)s optout found this page changed at another address: it now opens at "
                 "%(address)s (the policy may have moved, or this may be another region’s or another variant’s "
                 "page).") % values
    if reason == "error":
        return _("On %(date)s at %(time)s optout found a page with a part that reads like an error message (a part "
                 "that may not have loaded).") % values
    if reason == "different":
        return _("On %(date)s at %(time)s optout found a page that shares little of its text with the last one "
                 "(possibly an error page, a sign-in wall or another region's version).") % values
    return _("On %(date)s at %(time)s optout found a page much shorter than the last one (possibly an error "
             "page).") % values


def unattended_in_words(due: dt.datetime, when: str, now: dt.datetime | None = None) -> str:
    """What becomes of a change held for a second check (due at `due`, written `when`) while no worker runs:
    nothing, until someone runs a check. One run by hand before `due` keeps the change held (runs.py), so
    until then the sentence says to run it after `due`; after, it says the check was due, not that it runs."""
    if due > (now or timezone.now()):
        return _("The change is recorded only if a second check finds that page again, and no check runs by itself "
                 "now: optout’s background worker is not running. Start optout with “optout serve” (without "
                 "--no-worker) or, if optout already runs, only its worker with “optout worker”; or run “optout watch "
                 "run” again after %(again)s.") % {"again": when}
    return _("The change is recorded only if a second check finds that page again. That check was due at %(again)s, "
             "but no check runs by itself now: optout’s background worker is not running. Start optout with "
             "“optout serve” (without --no-worker) or, if optout already runs, only its worker with “optout worker”; "
             "or check now with “optout watch run”.") % {"again": when}


# Languages that write the name of a language in small letters inside a sentence ("en français").


def language_switch_in_words(languages: tuple[str, str]) -> str:
    """One sentence saying that the page came back in another language, or is in one optout cannot judge
    (both the same, not English), so optout did not judge the change."""
    before, after = (language_name(code) for code in languages)
    if not switched_language(languages):
        return _("This page is in %(language)s. optout judges changes about AI only in English text, so it did not "
                 "judge this one: read what changed if this platform matters to you.") % {"language": after}
    return _("The page changed language (%(before)s → %(after)s). optout compares texts only within one language, so "
             "it did not judge whether this change is about AI: read both versions if this platform matters to "
             "you.") % {"before": before, "after": after}


def not_judged_in_words(languages: tuple[str, ...]) -> str:
    """A few words marking a change optout did not judge because of its language (the lists' badge, the feed
    entry's title), "" for one it judged. `languages` as recorded with the version (`Version.languages`)."""
    if not languages:
        return ""
    if not switched_language(languages):  # a page in a language optout does not judge
        return _("Change not judged (%(language)s)") % {"language": language_name(languages[0])}
    return _("Change in another language, not judged")
