"""Checking documents: fetch and extract in worker threads, record in short transactions."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import random
import sys
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils import timezone

from optout.lib.bulkinsert import PreparedUpdate
from optout.lib.http import Fetcher, cut_after_whole, shown
from optout.lib.outbound import make_fetcher

from .. import confirm
from ..extract import UnreadablePage
from ..models import FetchLog, Snapshot, Version, WatchedDocument
from ..moved import STORED, asks_to_return, home_page, same_address, sign_in, sign_in_page
from ..pipeline import Fetched, extract_stage
from ..status import AGAIN, refused_since
from .alerts import deliver_alerts, tell_failing, tell_read_again, tell_settled
from .documents import FAILING_FIELDS, PENDING_FIELDS, clear_pending, current_key, read_again, sync_documents
from .snapshots import catch_up, forget_snapshot, nothing_alike, store_snapshot
from .versions import record_text

CHECK_EVERY = dt.timedelta(days=1)
JITTER = dt.timedelta(hours=3)
COMMIT_EVERY = 0.25  # seconds of work per transaction: other writers never wait long, and no commit per document
PROCESSES_FROM = 100  # documents in a run from which extraction moves to child processes (starting them costs ~1 s of CPU)
CHECKED_FIELDS = ["last_checked_at", "next_check_at", "last_error"]  # what every check writes; a failed one no more
HELD_FIELDS = [*CHECKED_FIELDS, *FAILING_FIELDS]  # a held page changes no validator (see `process`)
QUIET_FIELDS = [*HELD_FIELDS, "etag", "last_modified", "read_at"]
EMPTY = ("it holds no text (it may be built by JavaScript, or its layout changed so that optout's reading finds "
         f"nothing). Nothing was recorded{AGAIN}")
ERROR_PAGE = "it reads like an error page or a check for robots, not the page itself (“{line}”). Nothing was recorded" + AGAIN
NOT_THE_PAGE = ("it now leads to “{url}”, which may not be this page: what optout read there shares almost nothing "
                "with the last version (perhaps the site's home page or a sign-in page, or the page rewritten). "
                "Nothing was recorded yet (a page still read there a day later is recorded, never as sure)" + AGAIN)
HOME_PAGE = "it leads to “{url}”, the site's home page, not this page. Nothing was recorded" + AGAIN
SIGN_IN = "it leads to “{url}”, which looks like a sign-in page, not this page. Nothing was recorded" + AGAIN

logger = logging.getLogger("optout.watch")


def _log_row(document, now, outcome, fetched) -> FetchLog:
    return FetchLog(document=document, at=now, outcome=outcome, status=fetched.status, error_kind=fetched.error_kind,
                    message=fetched.message, seconds=fetched.seconds)


def _log(document, now, outcome, fetched):
    _log_row(document, now, outcome, fetched).save(force_insert=True)


class _Gathered(threading.local):
    """The writes of unchanged pages' checks (the document's check times and validators, the check's log), gathered
    over a batch of `_record_batch` and made at its end in one statement each: an unchanged run is mostly these
    writes, and one ORM save and insert per page cost more CPU than fetching it. Only for checks that need no
    savepoint (`_process_alone`), so nothing gathered is ever rolled back alone."""

    def __init__(self):
        self.on = False
        self.documents: dict[tuple[str, ...], list[WatchedDocument]] = defaultdict(list)
        self.logs: list[FetchLog] = []

    def __enter__(self):
        self.on = True
        return self

    def __exit__(self, *exc):
        self.on = False
        self.documents.clear()
        self.logs.clear()

    def save(self, document: WatchedDocument, fields: list[str], log: FetchLog) -> None:
        if not self.on:
            document.save(update_fields=fields)
            log.save(force_insert=True)
            return
        self.documents[tuple(fields)].append(document)
        self.logs.append(log)

    def write(self) -> None:
        for names, documents in self.documents.items():
            PreparedUpdate(WatchedDocument, documents, names).execute()
        FetchLog.objects.bulk_create(self.logs)
        self.documents.clear()
        self.logs.clear()


_gathered = _Gathered()


def _prepare(document: WatchedDocument, fetched: Fetched) -> None:
    """The page's text and compressed copy, unless a worker thread or process already made them."""
    if not fetched.text_hash:
        fetched.text, fetched.text_hash, fetched.compressed, fetched.whole = extract_stage(
            fetched.body, fetched.content_type, document.select, document.remove, document.url)


def _read_whole(document: WatchedDocument, fetched: Fetched) -> None:
    """Read the fetched page whole although it has its declared parts: the page it is compared with had not."""
    fetched.text, fetched.text_hash, fetched.compressed, fetched.whole = extract_stage(
        fetched.body, fetched.content_type, document.select, document.remove, document.url, whole=True)


def _quote(line: str, most: int = 160) -> str:
    """A line to quote in a message: whole, or cut at a word with an ellipsis."""
    return line if len(line) <= most else line[:most].rsplit(" ", 1)[0] + " …"


def confirm_after() -> dt.timedelta:
    """How long a drastic change waits before the check that may confirm it (`OPTOUT_WATCH_CONFIRM_MINUTES`)."""
    return dt.timedelta(minutes=getattr(settings, "OPTOUT_WATCH_CONFIRM_MINUTES", 60))


STORED_FIELDS = ["extraction", "snapshot", "raw_hash", "read_at", *PENDING_FIELDS]  # what recording a page reads of the document


def _take(document: WatchedDocument) -> None:
    """Lock the document's row for this transaction and read again what recording depends on. Two runs
    (the tick and `optout watch run`) may check one document at once; on PostgreSQL both would otherwise
    record the same page, twice, and alert twice. The second now waits for the first to commit, then
    finds the page already recorded (same text). SQLite lets one writer in at a time anyway."""
    fresh = WatchedDocument.objects.select_for_update().only(*STORED_FIELDS).get(pk=document.pk)
    for name in STORED_FIELDS:
        name = "snapshot_id" if name == "snapshot" else name
        setattr(document, name, getattr(fresh, name))


def elsewhere(document: WatchedDocument, fetched: Fetched) -> str:
    """The address a fetched page was read at, when the server redirected to another address than the watched one
    (`moved.same_address`); "" when it is the watched one, or not known. Stored cut (`moved.STORED`)."""
    if not fetched.url or same_address(document.url, fetched.url):
        return ""
    return fetched.url[:STORED]


def moved_to(document: WatchedDocument, fetched: Fetched) -> str:
    """The address a fetched page was read at, when it is another than the one the document's latest page was read
    at: the server redirected elsewhere, or the watched address itself now serves the page while the latest was read
    at another (the page is back home, and what was read elsewhere may have been another region's or variant's
    page: a change between the two is no surer than a move). "" when it is the same, or not known. Nor is it known
    where the latest page was read for rows from before optout kept it (`read_at` empty): the first page read there
    learns it, compared as before."""
    if not fetched.url or not document.read_at or same_address(document.read_at, fetched.url):
        return ""
    return fetched.url[:STORED]


def _record_page(document: WatchedDocument, fetched: Fetched, now: dt.datetime,
                 validators: tuple[str, str]) -> tuple[Version | None, str]:
    """Record a fetched page's text, or hold it when it is a drastic change not seen before, or a change read at
    another address (see `process`). Returns the version recorded (None if none) and the outcome. `process` has
    read the page already."""
    # No savepoint of its own: a run records each page in one already (`_process_alone`), and on its own it is the
    # transaction itself. Two statements fewer per page in a first run.
    with transaction.atomic(savepoint=False):
        _take(document)
        moved = moved_to(document, fetched)
        waiting = bool(document.pending_hash)
        latest, technical, whole = catch_up(document, now, fetched.whole)
        if whole and not fetched.whole:
            _read_whole(document, fetched)
        key = current_key(document, fetched.whole)
        if technical:  # optout cannot tell its own change from the platform's: a technical version, never held
            outcome, reason = confirm.NEW, ""
        else:
            waited_long = bool(waiting and document.pending_since and now - document.pending_since >= confirm.MAX_WAIT)
            outcome, reason = confirm.verdict(latest.text if latest else None, latest.text_hash if latest else "",
                                              fetched.text, fetched.text_hash, document.pending_hash, waited_long)
            if moved and latest is not None and outcome == confirm.NEW:  # another address: no change is sure at once
                outcome, reason = (confirm.CONFIRMED, "") if waiting and waited_long else (confirm.HOLD, confirm.MOVED)
        # A check run by hand before the second check is due (`optout watch run` again) finds the held text
        # still there: that says nothing yet of whether it stays, and people were told when it is checked again.
        early = bool(outcome == confirm.CONFIRMED and waiting and document.pending_since and not waited_long
                     and now < document.pending_since + confirm_after())
        if early:
            outcome, reason = confirm.HOLD, document.pending_reason
        if outcome == confirm.HOLD:
            # Nothing of this page is kept yet: the document's validators, raw hash and page stay those of
            # the latest version's page, so the next check can tell which of the two the server sends.
            since = document.pending_since if waiting and document.pending_since else now  # since the first drastic text
            document.pending_hash, document.pending_since, document.pending_reason = fetched.text_hash, since, reason
            document.pending_url = moved
            document.next_check_at = (document.pending_since if early else now) + confirm_after()
            document.save(update_fields=[*HELD_FIELDS, "extraction", *PENDING_FIELDS])
            _log(document, now, confirm.HOLD, fetched)
            return None, confirm.HOLD
        snapshot = store_snapshot(fetched.raw_hash, fetched.body, fetched.content_type, fetched.compressed)
        version = record_text(document, fetched.text, fetched.text_hash, now, technical=technical,
                              extraction=key, snapshot=snapshot, latest=latest, moved_to=moved if latest else "")
        replaced = document.snapshot_id if document.snapshot_id != snapshot.id else None
        document.etag, document.last_modified = validators
        document.read_at = fetched.url[:STORED] or document.read_at
        document.extraction, document.raw_hash, document.snapshot = key, fetched.raw_hash, snapshot
        clear_pending(document)
        document.save(update_fields=[*QUIET_FIELDS, "extraction", "raw_hash", "snapshot",
                                     *(PENDING_FIELDS if waiting else [])])
        if replaced:
            forget_snapshot(replaced)
        if outcome not in (confirm.FLAP, confirm.CONFIRMED):
            outcome = "new-version" if version else "same-text"
        _log(document, now, outcome, fetched)
    return version, outcome


def needs_page(document: WatchedDocument) -> bool:
    """A document fetched before, with no copy of its page kept (checked before optout kept pages): its
    next check downloads the page in full even if unchanged, so there is one to read again when optout's
    reading changes (without one, optout cannot tell its own change from the platform's)."""
    return document.snapshot_id is None and bool(document.raw_hash)


def _keep_page(document: WatchedDocument, fetched: Fetched, now: dt.datetime, outcome: str, fields=()) -> None:
    """The unchanged page behind the latest version, fetched again: keep it, and if optout reads it
    differently since that version (an upgrade), record optout's own change now, as a technical
    version, so the platform's next change is compared like with like and alerts as it should."""
    from .versions import IMPORTED

    _prepare(document, fetched)
    key = current_key(document, fetched.whole)
    with transaction.atomic():
        snapshot = store_snapshot(fetched.raw_hash, fetched.body, fetched.content_type, fetched.compressed)
        latest = document.latest
        if document.extraction != key and latest is not None and latest.extraction != IMPORTED:
            record_text(document, fetched.text, fetched.text_hash, now, "reextract", technical=True, extraction=key,
                        snapshot=snapshot, latest=latest)
            document.extraction = key
        document.snapshot = snapshot
        document.save(update_fields=[*QUIET_FIELDS, "extraction", "snapshot", *fields])
        _log(document, now, outcome, fetched)


def _cut_short(document: WatchedDocument, fetched: Fetched) -> tuple[str, str] | None:
    """A page read only because its two downloads ended alike, without its end tags (`Fetched.repeated`), while the
    document's stored page closed them, and whose text stops where the stored page's went on: cut, as
    `http.cut_after_whole` says why. The stored page is read again as this one is read (whole when it was, or when
    the stored page must be: like for like), not taken from the latest version, which may have been read otherwise.
    Only such a page costs a query, and one whose stored page closed its tags a reading of that page."""
    from optout.lib.http import end_tag

    from ..pipeline import text_stage

    if not fetched.repeated or document.snapshot_id is None:
        return None
    stored = Snapshot.objects.filter(pk=document.snapshot_id).only("data", "content_type").first()
    if stored is None or not (closed := end_tag(body := stored.body)):
        return None
    reading = {"select": document.select, "remove": document.remove, "url": document.url}
    try:
        stored_text, _digest, whole = text_stage(body, stored.content_type, whole=fetched.whole, **reading)
        text = (text_stage(fetched.body, fetched.content_type, whole=True, **reading)[0] if whole and not fetched.whole
                else fetched.text)
    except UnreadablePage:
        stored_text, text = None, fetched.text
    if why := cut_after_whole(closed, fetched.body, stored_text, text):
        return "incomplete", f"{why} Nothing was recorded{AGAIN}"
    return None


def _refusal(document: WatchedDocument, fetched: Fetched, now: dt.datetime) -> tuple[str, str] | None:
    """Why a page read is not this document's text to compare (the kind of error and its message), or None."""
    if cut := _cut_short(document, fetched):
        return cut
    if not fetched.text.strip():  # a page that needs JavaScript, a frameset, a blank answer: nothing to compare
        return "empty", EMPTY
    # A first text is the one all later ones are compared with: an error page or a wall must not become it. Nor
    # may it be recorded as the technical version of a page with nothing alike to compare (a moved page). Not
    # forever, though: a page that has read so for `confirm.MAX_WAIT` (counted from the first time it did, not from
    # the first failure of any kind) is what there is to watch (a short page whose first line only looks like an
    # error, "Rate limits apply …"), as a drastic text is recorded then.
    if ((line := confirm.error_page_line(fetched.text)) and nothing_alike(document, fetched.whole)
            and not _waited(refused_since(document, "error-page"), now)):
        return "error-page", ERROR_PAGE.format(line=_quote(line))
    # The watched address now redirects elsewhere, to a page that is not this one: compared with the policy, it
    # would read as the policy removed. The site's home page, by its address (`moved.home_page`), or a sign-in page,
    # by its address and its page (`moved.sign_in`, `moved.sign_in_page`: a password field, or a short text), is an
    # error for as long as it lasts, unless its text shares a fifth of the policy's sentences (a policy site's front
    # page). Another page that shares almost nothing with the latest version and is much shorter, or reads like a
    # wall, or whose address only sounds like a sign-in page, may be the policy rewritten at a new address as well as
    # another page: an error for `confirm.MAX_WAIT` from the first time it was found so since the page was last read
    # (`status.refused_since`), then it is recorded (held for a second check first, never sure). A text held
    # already was let through.
    if address := elsewhere(document, fetched):
        latest = document.latest
        previous = latest.text if latest else None
        sounds = sign_in(address, document.url)
        kind = ("home-page" if home_page(address, document.url)
                else "sign-in" if sounds and (asks_to_return(address, document.url)
                                              or sign_in_page(fetched.body, fetched.text, previous)) else "")
        if kind and (latest is None or confirm.not_the_page(latest.text, fetched.text, always=True)):
            return kind, (HOME_PAGE if kind == "home-page" else SIGN_IN).format(url=shown(address, 250))
        held = bool(document.pending_hash) and document.pending_hash == fetched.text_hash
        if (latest is not None and not held and moved_to(document, fetched)
                and confirm.not_the_page(latest.text, fetched.text, always=sounds and not kind)
                and not _waited(refused_since(document), now)):
            return "moved", NOT_THE_PAGE.format(url=shown(address, 250))
    return None


def _waited(since: dt.datetime | None, now: dt.datetime) -> bool:
    return since is not None and now - since >= confirm.MAX_WAIT


def process(document: WatchedDocument, fetched: Fetched, now: dt.datetime, alert: bool = True) -> str:
    """Everything after the fetch: extract, compare, record, alert. Returns the outcome.

    A drastic change (a text keeping less than half of the latest version's length or a fifth of its
    sentences, see `confirm.drastic`: an error page, a wall, a stub, another region's page?) is not
    recorded at once: its text's hash waits on the document (`pending_hash`, outcome `unconfirmed`) and
    the document is checked again `confirm_after()` later. While it waits, the document's validators
    (ETag, Last-Modified), raw hash and stored page stay those of the latest version's page, so at the
    next check:

    - an unchanged answer (304, or the same bytes) means the latest version's page is back: `flap`,
      the waiting text is forgotten and nothing is recorded; so does a new page with the latest text;
    - a page whose text has the waiting hash confirms it: recorded as usual at this check's time
      (judged, alerting), outcome `confirmed`;
    - any other text is judged against the latest version afresh: drastic, it waits in turn (the wait
      still counted from the first drastic text); not, it is recorded at once;
    - drastic texts that keep changing for `confirm.MAX_WAIT` (a wall with a new reference number each
      time) are recorded then: the latest version's text is not coming back.

    Re-reading stored pages (`catch_up`, `reextract`) is optout's own change and never waits.
    """
    document.last_checked_at = now
    document.next_check_at = now + CHECK_EVERY + dt.timedelta(seconds=random.uniform(0, JITTER.total_seconds()))  # noqa: S311
    if fetched.outcome == "error":
        document.last_error = fetched.message
        document.save(update_fields=CHECKED_FIELDS)
        # Set in the database only where no run of failures has begun: another run (the tick and `optout watch
        # run`) may have begun it since this one read the document, and the earliest failure is the one to keep.
        WatchedDocument.objects.filter(pk=document.pk, failing_since__isnull=True).update(failing_since=now)
        document.failing_since = document.failing_since or now
        _log(document, now, "error", fetched)
        return "error"
    if fetched.outcome == "body":
        _prepare(document, fetched)
        if refused := _refusal(document, fetched, now):
            return process(document, Fetched("error", fetched.status, error_kind=refused[0], seconds=fetched.seconds,
                                             message=refused[1]), now, alert)
    failing_since = document.failing_since
    read_again(document)
    if failing_since is not None:
        tell_read_again(document, failing_since)  # to those told it could not be read (`tell_failing`), if any
    validators = fetched.etag[:300], fetched.last_modified[:100]
    if fetched.outcome != "body":
        document.etag, document.last_modified = validators
        # the latest version's page, at this address now: the same bytes, or "not modified" from the address the
        # validators came from (the fetcher sends them nowhere else: another page's 304 says nothing of this one)
        document.read_at = fetched.url[:STORED] or document.read_at
        flap = bool(document.pending_hash)  # the latest version's page, unchanged, while a drastic change waited
        outcome = confirm.FLAP if flap else fetched.outcome
        if flap:
            clear_pending(document)
        if fetched.outcome == "same-body" and fetched.body and document.snapshot_id is None:
            _keep_page(document, fetched, now, outcome, PENDING_FIELDS if flap else [])
            return outcome
        _gathered.save(document, [*QUIET_FIELDS, *(PENDING_FIELDS if flap else [])],
                       _log_row(document, now, outcome, fetched))
        return outcome
    version, outcome = _record_page(document, fetched, now, validators)
    if version is not None and version.ai_relevant and alert:
        transaction.on_commit(lambda: deliver_alerts(version))
    return outcome


def _record_batch(results: _InOrder, now: dt.datetime, progress) -> tuple[list[str], bool]:
    """Record fetched pages in one transaction of at most about `COMMIT_EVERY` seconds. Returns their outcomes
    and whether the run's pages are all done.

    The transaction holds the database's write lock (on SQLite, the whole database's), so it never waits for
    the network: the first page is waited for before it begins, and it takes more only while they are in
    already. A run offline (each name failing after seconds) otherwise kept people's sign-ups and saves waiting."""
    item = results.next()
    if item is None:
        return [], True
    started = time.monotonic()
    batch: list[tuple[WatchedDocument, Fetched]] = []
    done = False
    try:
        with transaction.atomic(), _gathered:
            outcomes = []
            while True:
                batch.append(item)
                outcomes.append(counted(item[0], _process_alone(*item, now)))
                if progress:
                    progress(item[0])
                if time.monotonic() - started >= COMMIT_EVERY or not results.ready():
                    break
                item = results.next()
                if item is None:
                    done = True
                    break
            _gathered.write()
    except (IntegrityError, OperationalError) as error:
        return _record_again(batch, now, error), False
    return outcomes, done


MOVED_HOLD = "unconfirmed-moved"  # what a run counts a change held because it was read at another address as


def counted(document: WatchedDocument, outcome: str) -> str:
    """What a run counts a check's outcome as: a change held because it was read at another address is no drastic
    change (it may be one new sentence), and is counted apart."""
    return MOVED_HOLD if outcome == confirm.HOLD and document.pending_reason == confirm.MOVED else outcome


def _failed(what: str, error: Exception) -> str:
    return f"{what} failed ({type(error).__name__}: {error}){AGAIN}"[:500]


def _process_alone(document: WatchedDocument, fetched: Fetched, now: dt.datetime) -> str:
    """`process`, in a savepoint: when recording one page fails (a bug optout has, on a page it has never
    seen), that document's check is an error and the rest of the batch and of the run goes on. Errors of
    the database itself are the batch's (see `_record_batch`). An unchanged or failed fetch only updates the
    document, and needs no savepoint."""
    if fetched.outcome != "body" and not fetched.body:
        return process(document, fetched, now)
    try:
        with transaction.atomic():
            on, _gathered.on = _gathered.on, False  # what a savepoint holds is written in it
            try:
                return process(document, fetched, now)
            finally:
                _gathered.on = on
    except DatabaseError:
        raise
    except Exception as error:
        logger.exception("watch: recording %s failed", document.url)
        stored = WatchedDocument.objects.get(pk=document.pk)
        failed = Fetched("error", fetched.status, error_kind="fault", message=_failed("comparing or recording the page", error),
                         seconds=fetched.seconds)
        return process(stored, failed, now)


def _record_again(batch: list[tuple[WatchedDocument, Fetched]], now: dt.datetime, error: Exception) -> list[str]:
    """Record a batch the database refused, once more, from the documents as they are stored.

    Nothing of a refused batch was kept. The cause is another writer that changed what the batch relied
    on before it committed: on PostgreSQL a prune (or another run forgetting a page it replaced) can
    delete a stored page that this batch reused, as it cannot see the batch's uncommitted versions (the
    foreign key then fails at commit); or a deadlock. By now that writer has committed, so the pages
    are looked up (and stored) afresh. A second refusal is not a race: it stops the run."""
    logger.warning("watch: the database refused a batch of %d checks (%s); recording them again", len(batch), error)
    outcomes = []
    with transaction.atomic():
        for document, fetched in batch:
            stored = WatchedDocument.objects.filter(pk=document.pk).first()
            if stored is not None:  # a document deleted meanwhile has nothing left to record
                outcomes.append(counted(stored, _process_alone(stored, fetched, now)))
    return outcomes


class _InOrder:
    """Like pool.map, in order, with at most `window` items in flight (bounded memory for large runs); `ready`
    says whether the next result is in without waiting for it."""

    def __init__(self, pool: ThreadPoolExecutor, function, items, window: int):
        self.pool, self.function, self.items, self.window = pool, function, iter(items), window
        self.pending: deque = deque()
        self._fill()

    def _fill(self) -> None:
        while len(self.pending) < self.window and (item := next(self.items, None)) is not None:
            self.pending.append((item, self.pool.submit(self.function, item)))

    def ready(self) -> bool:
        """Whether `next` returns at once (the end of the items too)."""
        return not self.pending or self.pending[0][1].done()

    def next(self):
        """(item, result) of the next item, waiting for it; None after the last."""
        if not self.pending:
            return None
        item, future = self.pending.popleft()
        result = future.result()
        self._fill()
        return item, result


class _Extractors:
    """Extraction in child processes, one per core: reading a page is pure Python under the interpreter
    lock, so threads alone keep a run on one core. The worker threads still fetch; each hands its
    page to a child and waits. The children start with the first page to read (a run of unchanged
    pages starts none); until they have started (about a second of imports, longer on a busy machine),
    and should they die (out of memory), pages are read in the thread instead.
    """

    def __init__(self, processes: int):
        self.processes = processes
        self.pool: ProcessPoolExecutor | None = None
        self.warming: list = []
        self.lock = threading.Lock()

    def _start(self) -> None:
        with self.lock:
            if self.pool is None:
                # forkserver, not fork: the run's own threads (fetching, a progress bar) may hold locks a fork would copy.
                self.pool = ProcessPoolExecutor(max_workers=self.processes,
                                                mp_context=multiprocessing.get_context("forkserver"))
                self.warming = [self.pool.submit(extract_stage, "<p>warm</p>", "text/html") for _ in range(self.processes)]

    def __call__(self, body, content_type, select, remove, url):
        if self.pool is None:
            self._start()
        if self.warming and not all(future.done() for future in self.warming):
            return extract_stage(body, content_type, select, remove, url)
        self.warming = []
        try:
            return self.pool.submit(extract_stage, body, content_type, select, remove, url).result()
        except BrokenProcessPool:
            return extract_stage(body, content_type, select, remove, url)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _processes(documents: int, processes: int | None) -> int:
    """How many extraction processes a run starts: one per core for a run of `PROCESSES_FROM` documents
    or more, unless the machine is busy already (a 1-minute load average of one and a half times the number of
    cores or more). Measured on this project's 2-core machine: a first run of 600 pages at 3,600 a minute with two
    processes against 2,770 in threads when the load was 1.3-2.4 (which the run just before makes, on its own); on a
    machine busy with other work (load 4-7) they mostly made it slower (up to 40 %), so threads read there."""
    if processes is not None:
        return processes
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    idle = os.getloadavg()[0] < 1.5 * cores if hasattr(os, "getloadavg") else True
    return cores if cores > 1 and documents >= PROCESSES_FROM and idle else 0


def documents_to_check(platform: str | None = None, *, due_only: bool = False, now: dt.datetime | None = None):
    """The documents a run checks; the CLI sizes its progress bar with the same selection."""
    documents = WatchedDocument.objects.filter(active=True)
    if platform:
        documents = documents.filter(platform=platform)
    if due_only:
        documents = documents.filter(next_check_at__lte=now or timezone.now())
    return documents


def run(platform: str | None = None, *, due_only: bool = False, fetcher: Fetcher | None = None, workers: int = 8,
        progress=None, now: dt.datetime | None = None, sync: bool = True, processes: int | None = None) -> dict[str, int]:
    """Check documents: fetch and extract in parallel (one request at a time per host), record in order.

    Pages are read in `processes` child processes (by default one per core for runs of at least
    `PROCESSES_FROM` documents on a machine with idle cores, see `_processes`; 0: in the fetching threads). Results are written in transactions of
    about a quarter of a second, so an unchanged run does not pay a commit per document. Alerts left
    pending by an earlier crash are delivered first; people are told of pages that have failed for days last,
    and of pages that stopped switching between two texts (`tell_settled`).
    """
    from ..pipeline import prepare_stage

    if sync:
        sync_documents()
    deliver_alerts()
    now = now or timezone.now()
    documents = list(documents_to_check(platform, due_only=due_only, now=now))
    own_fetcher = fetcher is None
    fetcher = fetcher or make_fetcher()
    host_locks: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(1))
    count = _processes(len(documents), processes)
    extractors = _Extractors(count) if count else None

    def prepare(document):
        try:
            return prepare_stage(fetcher, document.url, etag=document.etag, last_modified=document.last_modified,
                                 raw_hash=document.raw_hash, select=document.select, remove=document.remove,
                                 lock=host_locks[urlsplit(document.url).netloc], extract=extractors or extract_stage,
                                 keep_same=needs_page(document), validators_at=document.read_at)
        except UnreadablePage as error:
            return Fetched("error", error_kind="too-deep", message=f"{error}{AGAIN}")
        except Exception as error:  # a page optout cannot read is that document's error, not the end of the run
            logger.exception("watch: reading %s failed", document.url)
            return Fetched("error", error_kind="fault", message=_failed("reading the page", error))

    counts: dict[str, int] = defaultdict(int)
    # The recording thread waits on the database often; with the default 5 ms switch interval it then
    # queues behind the extracting threads each time. A shorter interval keeps it moving.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            results = _InOrder(pool, prepare, documents, window=4 * max(1, workers))
            done = False
            while not done:
                outcomes, done = _record_batch(results, now, progress)
                for outcome in outcomes:
                    counts[outcome] += 1
    finally:
        sys.setswitchinterval(switch)
        if extractors is not None:
            extractors.close()
        if own_fetcher:
            fetcher.close()
    tell_failing(now)
    tell_settled(now)
    return dict(counts)
