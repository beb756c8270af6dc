"""fetch → extract → normalise → compare → classify, each stage skipping work the one before made needless.

Only `fetch_stage` touches the network; the rest is plain text processing. Pure: no Django.
"""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from dataclasses import dataclass
from http import HTTPStatus
from importlib import metadata
from pathlib import Path

from optout.lib.http import Fetcher, FetchError, decode_text

from .classify import Result, classify
from .confirm import ERROR, RESTORED, drastic, error_line, new_error_line, restored
from .extract import EXTRACTOR, read_page
from .normalise import normalise, text_hash


@dataclass
class Fetched:
    outcome: str  # body, not-modified, same-body, error
    status: int | None = None
    body: str = ""
    content_type: str = ""
    raw_hash: str = ""
    etag: str = ""
    last_modified: str = ""
    error_kind: str = ""
    message: str = ""
    seconds: float = 0.0
    text: str = ""  # filled by `prepare_stage`: the normalised Markdown, its hash, the compressed page, and
    text_hash: str = ""  # whether it was read whole for want of its declared parts (`extract.read_page`)
    compressed: bytes = b""
    whole: bool = False
    url: str = ""  # the address the answer came from, after the server's redirects ("": not known, an error)
    repeated: bool = False  # read whole only because two downloads ended alike (`http.Response.repeated`)


WHOLE_PAGE = (200, 203)  # the answers that carry the whole page asked for (203: as a proxy changed it)


def _phrase(status: int) -> str:
    try:
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""


def fetch_stage(fetcher: Fetcher, url: str, *, etag: str = "", last_modified: str = "", raw_hash: str = "",
                keep_same: bool = False, validators_at: str = "") -> Fetched:
    """Fetch a page; an unchanged one (304, or the same bytes as `raw_hash`) is not decoded, unless
    `keep_same` asks for its body (a page optout must keep a copy of). The validators go only to the address they
    came from (`validators_at`, "": `url`), should the server redirect."""
    try:
        response = fetcher.get(url, etag=etag, last_modified=last_modified, validators_at=validators_at)
        if response.not_modified:
            return Fetched("not-modified", 304, etag=etag, last_modified=last_modified, raw_hash=raw_hash,
                           seconds=response.elapsed, url=response.url)
        if response.status >= 400:
            return Fetched("error", response.status, error_kind="http", message=f"The server answered HTTP {response.status}.",
                           seconds=response.elapsed)
        if response.status not in WHOLE_PAGE:  # 206 a part, 202 a promise, 204/205 nothing, a redirect to nowhere
            return Fetched("error", response.status, error_kind="http", seconds=response.elapsed,
                           message=f"The server answered HTTP {response.status}{_phrase(response.status)}, not the whole page.")
        digest = hashlib.sha256(response.body).hexdigest()
        common = {"status": response.status, "raw_hash": digest, "etag": response.etag,
                  "last_modified": response.last_modified, "seconds": response.elapsed, "url": response.url,
                  "repeated": response.repeated}
        if digest == raw_hash and not keep_same:
            return Fetched("same-body", **common)
        return Fetched("same-body" if digest == raw_hash else "body", body=decode_text(response.body, response.charset),
                       content_type=response.content_type, **common)
    except FetchError as exc:
        return Fetched("error", error_kind=exc.kind, message=str(exc)[:500])


def text_stage(body: str, content_type: str, *, select=(), remove=(), url: str | None = None,
               whole: bool = False) -> tuple[str, str, bool]:
    """The normalised Markdown, its hash, and whether the page was read whole for want of its declared parts
    (with `whole`, it is read whole anyway)."""
    markdown, read_whole = read_page(body, content_type, select=select, remove=remove, url=url, whole=whole)
    text = normalise(markdown)
    return text, text_hash(text), read_whole


READING_CODE = ("extract.py", "normalise.py")  # the modules that turn a page into the stored text
READING_LIBRARIES = ("trafilatura", "lxml")


def _optout_version() -> str:
    try:
        return metadata.version("optout")
    except metadata.PackageNotFoundError:
        return "unknown"


@functools.cache
def reading_fingerprint() -> str:
    """What this release's reading of a page depends on: the code of `READING_CODE` and the versions of
    the libraries it uses. An upgrade that changes any of them changes every document's key, so the
    next fetch reads the previous page again before comparing (see `services.snapshots.catch_up`),
    even when nobody remembered to rename `EXTRACTOR`."""
    digest = hashlib.sha256()
    for name in READING_CODE:
        try:
            digest.update(Path(__file__).with_name(name).read_bytes())
        except OSError:  # installed without sources: the release's own version names the code instead
            digest.update(f"{name} of optout {_optout_version()}".encode())
    for library in READING_LIBRARIES:
        try:
            digest.update(f"{library} {metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} unknown".encode())
    return digest.hexdigest()


def extraction_key(select=(), remove=(), whole: bool = False) -> str:
    """Names how a text was read: the extractor, the code and libraries behind it, the declaration's
    selectors, and whether the page was read whole although it names its parts. A new key, a new reading."""
    named = [EXTRACTOR, reading_fingerprint(), list(select), list(remove)]
    if select and whole:
        named.append("read whole")
    return hashlib.sha256(json.dumps(named).encode()).hexdigest()


def compress(body: str) -> bytes:
    return zlib.compress(body.encode("utf-8"), 1)  # fast; policy pages still shrink about four times


def extract_stage(body: str, content_type: str, select=(), remove=(), url: str | None = None,
                  whole: bool = False) -> tuple[str, str, bytes, bool]:
    """`text_stage`'s text, hash and reading, with the compressed page."""
    text, digest, read_whole = text_stage(body, content_type, select=select, remove=remove, url=url, whole=whole)
    return text, digest, compress(body), read_whole


def prepare_stage(fetcher: Fetcher, url: str, *, etag: str = "", last_modified: str = "", raw_hash: str = "",
                  select=(), remove=(), lock=None, extract=extract_stage, keep_same: bool = False,
                  validators_at: str = "") -> Fetched:
    """Everything that needs no database, so it can run in a worker thread: fetch (under the host's
    `lock`, to stay polite), then extract, normalise and compress a new page (with `extract`, which
    takes `extract_stage`'s arguments and may run it in another process). With `keep_same`, the page
    is downloaded in full even when unchanged (no conditional request), and read too."""
    if keep_same:
        etag = last_modified = ""
    if lock is None:
        fetched = fetch_stage(fetcher, url, etag=etag, last_modified=last_modified, raw_hash=raw_hash, keep_same=keep_same,
                              validators_at=validators_at)
    else:
        with lock:
            fetched = fetch_stage(fetcher, url, etag=etag, last_modified=last_modified, raw_hash=raw_hash,
                                  keep_same=keep_same, validators_at=validators_at)
    if fetched.outcome == "body" or (fetched.outcome == "same-body" and fetched.body):
        fetched.text, fetched.text_hash, fetched.compressed, fetched.whole = extract(
            fetched.body, fetched.content_type, list(select), list(remove), url)
    return fetched


def compare_stage(previous: str | None, current: str) -> Result | None:
    """Classify the change from the previous version; None for the very first version."""
    if previous is None:
        return None
    return classify(previous, current)


def judge_stage(previous: str | None, current: str, before: str | None = None) -> tuple[Result | None, str, str, bool]:
    """`compare_stage`, and for an AI-relevant change why it is drastic (`confirm.drastic`: "shorter",
    "different", "error"; "restored" when the previous text keeps little of this one, `confirm.restored`; "" when
    none) and, for "error", the line that reads like an error message. A drastic change is never called sure: the new
    text may be an error page, a wall, a cut-down page or the page in another language, so optout cannot tell what the
    platform changed. Nor is a change from a text with an error message that is gone now, or from a text that keeps
    little of this one: what "came back" may never have left the platform's page.

    `before` is the text of the version before `previous` when the caller's history shows that `previous` was itself
    a cut-down, error or other page (`confirm.cut_down`). An AI-relevant change from it is the page back, judged
    against `before` instead: with nothing about AI changed since `before`, it is no AI change at all; else that
    difference, "restored" and never sure. The last value says whether the judgement is against `before`."""
    result = compare_stage(previous, current)
    if not (result and result.ai_relevant):
        return result, "", "", False
    if before is not None:
        again = compare_stage(before, current)
        if not again.ai_relevant:
            return again, "", "", True
        again.sure = False
        return again, RESTORED, error_line(before, current), True
    cut = drastic(previous, current)
    line = new_error_line(previous, current) if cut == ERROR else ""
    if not cut and (line := new_error_line(current, previous)):
        cut = ERROR
    if not cut and restored(previous, current):
        cut = RESTORED
    if cut:
        result.sure = False
    return result, cut, line, False
