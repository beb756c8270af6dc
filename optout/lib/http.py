"""The only door out: every server-side HTTP request goes through `Fetcher`.

It refuses private, loopback, link-local and other internal addresses (unless told the
caller is a test), follows at most a few redirects and checks each hop, stops a body at a
size cap *after* decompression (so a gzip bomb cannot grow past it), keeps a wall-clock
deadline across the whole request, redirects, headers and body included (so a server dripping
one byte a second cannot hold a worker), downloads a page that may have been cut once more to
tell, sends conditional requests, and waits politely between requests to one host.

Pure: no Django. Callers pass `allow_private` from settings.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import ipaddress
import re
import socket
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import webencodings

from .addresses import same_address
from .i18n import gettext_noop

USER_AGENT = "optout-watch/0.1 (+https://github.com/optout; free software that checks platforms' AI policies)"
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")


# What a name that does not resolve means to a person (translated where it is shown): an offline computer gets the same
# answer as one asking for a name that does not exist, so both are said.
NAME_NOT_FOUND = gettext_noop("optout could not find the name %(host)s: either it does not exist (check the spelling) "
                              "or this computer is offline.")


class FetchError(Exception):
    """A request that failed; `kind` is a short code, the message says what happened in plain words."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    total_timeout: float = 45.0


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""
    not_modified: bool = False
    content_type: str = ""
    charset: str | None = None
    elapsed: float = 0.0
    repeated: bool = False  # read only because a second download ended where this one did (`Fetcher._once_more`)

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")


def _forbidden(ip: ipaddress._BaseAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 addresses that carry an IPv4 address reach it (mapped; 6to4 and Teredo through a relay): check that too.
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip.is_site_local or any(inner is not None and _forbidden(inner) for inner in embedded):
            return True  # fec0::/10, deprecated site-local addresses: a private network's, yet not private to Python
        if ip.ipv4_mapped:
            return False
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified or not ip.is_global)


@dataclass(frozen=True)
class _Policy:
    allow_private: bool
    trusted: frozenset[str]
    follow_redirects: bool


class BlockedAddress(ConnectionRefusedError):
    """Raised inside a connect() to an internal address: libraries report it as a failed connection."""


def _blocked(exc: BaseException) -> bool:
    """Whether a failed request failed at the guard: the `BlockedAddress` it raised somewhere in the chain of
    exceptions httpx and httpcore wrap it in (not only the next one, and not found by the words of a message)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, BlockedAddress):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


_policy: contextvars.ContextVar[_Policy | None] = contextvars.ContextVar("optout_outbound_policy", default=None)
_installed = threading.Lock()
_hook_ready = False


def _connect_hook(event: str, args: tuple) -> None:
    if event != "socket.connect":
        return
    policy = _policy.get()
    if policy is None or policy.allow_private:
        return
    sock, address = args
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = str(address[0]).split("%")[0]
    if host in policy.trusted:
        return
    ip = ipaddress.ip_address(host)
    if _forbidden(ip):
        raise BlockedAddress(f"optout does not connect to internal addresses ({ip})")


def _no_redirects(original):
    def get_redirect_target(self, response):
        policy = _policy.get()
        if policy is not None and not policy.follow_redirects:
            return None  # the response is returned as it is: a redirect counts as a failed delivery
        return original(self, response)

    return get_redirect_target


def _install() -> None:
    """Once per process: the audit hook that sees every connect(), and requests' redirect switch."""
    global _hook_ready
    with _installed:
        if _hook_ready:
            return
        sys.addaudithook(_connect_hook)
        with contextlib.suppress(ImportError):  # Apprise talks HTTP through requests
            import requests.sessions

            session = requests.sessions.SessionRedirectMixin
            session.get_redirect_target = _no_redirects(session.get_redirect_target)
        _hook_ready = True


@contextlib.contextmanager
def guarded(*, allow_private: bool = False, trusted_hosts: frozenset[str] = frozenset(), follow_redirects: bool = True):
    """Within this block, in this thread (and tasks it starts with its context), every socket that
    connects to an internal address fails at connect time — after DNS, so a name that resolved to a
    public address when checked and to loopback when connecting (DNS rebinding) is still refused.
    With `follow_redirects=False`, requests-based libraries (Apprise) follow no redirect at all."""
    _install()
    token = _policy.set(_Policy(allow_private, frozenset(trusted_hosts), follow_redirects))
    try:
        yield
    finally:
        _policy.reset(token)


def check_host(host: str, port: int | None = None, *, allow_private: bool = False) -> None:
    """Refuse a host that does not resolve, or that resolves to any internal address."""
    host = host.strip().strip("[]")
    if not host:
        raise FetchError("ssrf", "The address has no host.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError("network", f"{host} could not be found ({exc}).") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if _forbidden(ip):
            raise FetchError("ssrf", f"{host} points to an internal address ({ip}); optout does not connect to those.")


def check_destination(url: str, *, allow_private: bool = False, trusted_hosts: frozenset[str] = frozenset()) -> None:
    """Refuse URLs that are not http(s) or that resolve to an internal address (except `trusted_hosts`)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("ssrf", f"Only http and https addresses can be fetched, not {parts.scheme or 'this'}: {url[:200]}")
    if not parts.hostname:
        raise FetchError("ssrf", f"The address has no host: {url[:200]}")
    if parts.username or parts.password:
        raise FetchError("ssrf", "Addresses with a user name or password are not fetched.")
    if allow_private or parts.hostname in trusted_hosts:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("network", f"{parts.hostname} could not be found ({exc}).") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if _forbidden(ip):
            raise FetchError("ssrf", f"{parts.hostname} points to an internal address ({ip}); optout does not fetch those.")


class _Decoder:
    """gzip/deflate decoding that never produces more than the size cap, and that tells a whole compressed body
    from a cut one: a body that ends before its compressed stream does (the download was cut short, yet the
    bytes match a Content-Length) is an error, not a shorter page."""

    def __init__(self, encoding: str):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._kind = None
        elif encoding in ("gzip", "x-gzip"):
            self._kind = "gzip"
        elif encoding == "deflate":
            self._kind = "deflate"
        else:
            raise FetchError("encoding", f"The server used a compression optout does not accept ({encoding}).")
        self._inflate = None
        self._pending = b""  # the start of a stream, too short yet to tell what follows

    def _start(self, head: bytes):
        """A decompressor for the stream that starts with `head` (two bytes or more)."""
        if self._kind == "gzip":
            if self._inflate is not None and not head.startswith(b"\x1f\x8b"):
                raise FetchError("encoding", "The compressed body is followed by bytes that are not part of it.")
            # RFC 1952 lets gzip members follow one another (a server that flushes as it writes): all are the body.
            return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        if self._inflate is not None:
            raise FetchError("encoding", "The compressed body is followed by bytes that are not part of it.")
        # "deflate" is meant to be a zlib stream, but many servers send raw deflate; browsers read both, and
        # tell them apart by the zlib header (a compression method of 8 and a check sum of the two bytes).
        zlib_header = head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
        return zlib.decompressobj(wbits=zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self._kind is None:
            return chunk[: room + 1]
        data, self._pending = self._pending + chunk, b""
        out = bytearray()
        while data and len(out) <= room:
            if self._kind == "gzip" and self._inflate is not None and self._inflate.eof:
                data = data.lstrip(b"\0")  # zero bytes after a gzip stream: padding, which browsers (and gzip) ignore
                if not data:
                    break
            if self._inflate is None or self._inflate.eof:
                if len(data) < 2:
                    self._pending = data
                    break
                self._inflate = self._start(data[:2])
            try:
                out += self._inflate.decompress(data, room + 1 - len(out))
            except zlib.error as exc:
                raise FetchError("encoding", f"The compressed body is damaged ({exc}).") from exc
            # Left over past the end of a stream: the next member. Left unread for want of room: past the size cap.
            data = self._inflate.unused_data if self._inflate.eof else b""
        return bytes(out)

    def finish(self) -> bool:
        """Raise if the body ended inside its compressed stream; return whether its compressed stream proved it
        whole (it ended where its own end says)."""
        if self._kind is not None and (self._pending or (self._inflate is not None and not self._inflate.eof)):
            raise FetchError("incomplete", "The compressed body ends before its end: the download was cut short.")
        return self._inflate is not None


_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("optout_fetch_deadline", default=None)


def _left(timeout: float | None) -> float | None:
    """A socket operation's timeout, cut to what is left before the request's deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        import httpcore

        raise httpcore.ReadTimeout("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream:
    """A connection of httpcore's (its `NetworkStream` interface), each read and write bounded by `_left`."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, max_bytes, timeout=None):
        return self._stream.read(max_bytes, _left(timeout))

    def write(self, buffer, timeout=None):
        self._stream.write(buffer, _left(timeout))

    def close(self):
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info):
        return self._stream.get_extra_info(info)


class _DeadlineBackend:
    """httpcore's own network backend, with every connect, read and write bounded by the deadline of the
    request under way (`_deadline`). httpx's timeouts bound each socket operation only: a server sending
    its headers one byte every few seconds would pass each of them for hours."""

    def __init__(self):
        import httpcore

        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._backend.connect_tcp(host, port, _left(timeout), local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _DeadlineStream(self._backend.connect_unix_socket(path, _left(timeout), socket_options))

    def sleep(self, seconds):
        self._backend.sleep(seconds)


@dataclass
class Fetcher:
    allow_private: bool = False
    trusted_hosts: frozenset = frozenset()
    limits: Limits = field(default_factory=Limits)
    per_host_delay: float = 1.0
    user_agent: str = USER_AGENT
    _last: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self):
        import httpx

        timeout = httpx.Timeout(connect=self.limits.connect_timeout, read=self.limits.read_timeout,
                                write=self.limits.read_timeout, pool=self.limits.total_timeout)
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=16)
        transport = httpx.HTTPTransport(limits=limits, trust_env=False)
        transport._pool._network_backend = _DeadlineBackend()  # httpx has no setting for it (pinned <0.29)
        self._client = httpx.Client(follow_redirects=False, timeout=timeout, trust_env=False, transport=transport,
                                    headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
                                    limits=limits, event_hooks={"response": [_leads_somewhere]})

    def close(self) -> None:
        self._client.close()

    def _wait_turn(self, host: str, deadline: float | None = None) -> bool:
        """Wait until a request to `host` is polite (`per_host_delay` after the one before it). With a `deadline`,
        a turn that comes at or after it is not taken: False, at once."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._last.get(host, 0.0) + self.per_host_delay) if self.per_host_delay > 0 else now
            if deadline is not None and start >= deadline:
                return False
            if self.per_host_delay > 0:
                self._last[host] = start
        time.sleep(max(0.0, start - now))
        return True

    def get(self, url: str, *, etag: str = "", last_modified: str = "", accept=TEXT_TYPES,
            validators_at: str = "") -> Response:
        """`validators_at`: the address `etag` and `last_modified` came from ("": `url`); only a request to that
        address is conditional (another page's 304 says nothing of this one's)."""
        started = time.monotonic()
        deadline = started + self.limits.total_timeout
        token = _deadline.set(deadline)
        try:
            return self._get(url, etag, last_modified, accept, started, deadline, validators_at or url)
        finally:
            _deadline.reset(token)

    def _get(self, url: str, etag: str, last_modified: str, accept, started: float, deadline: float,
             validators_at: str) -> Response:
        headers = {"Accept": ", ".join((*accept, "*/*;q=0.1"))}
        plain = dict(headers)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(self.limits.max_redirects + 1):
            check_destination(url, allow_private=self.allow_private, trusted_hosts=self.trusted_hosts)
            self._wait_turn(urlsplit(url).netloc)
            conditional = bool(etag or last_modified) and same_address(url, validators_at)
            try:
                answer = self._request(url, headers if conditional else plain, deadline, started, accept,
                                       conditional=conditional)
            except _LooksCut as cut:
                return self._once_more(url, cut.response, plain, deadline, started, accept)
            if isinstance(answer, str):
                url = answer
                continue
            return answer
        raise FetchError("redirects", f"More than {self.limits.max_redirects} redirects; the last pointed to {url[:200]}.")

    def _request(self, url: str, headers: dict, deadline: float, started: float, accept, *,
                 conditional: bool) -> Response | str:
        """One request: its answer, read, or the address a redirect points to."""
        import httpx

        try:
            with guarded(allow_private=self.allow_private, trusted_hosts=self.trusted_hosts), \
                    self._client.stream("GET", url, headers=headers) as response:
                if response.is_redirect and "location" in response.headers:
                    return urljoin(url, response.headers["location"])
                return self._read(url, response, deadline, started, accept, conditional=conditional)
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline:
                raise FetchError("timeout", f"The server took longer than {self.limits.total_timeout:.0f} seconds "
                                            "to answer in full.") from exc
            raise FetchError("timeout", f"The server did not answer in time ({type(exc).__name__}).") from exc
        except (httpx.RemoteProtocolError, httpx.LocalProtocolError) as exc:
            raise FetchError("protocol", f"The server's answer was malformed ({exc}).") from exc
        except httpx.InvalidURL as exc:  # no HTTPError: an address httpx cannot read that `_leads_somewhere` let by
            raise FetchError("protocol", f"The server's answer led to an address that cannot be read ({exc}).") from exc
        except UnicodeError as exc:  # a host that is no name (`_named`): httpx's idna, or the socket's, could not spell it
            raise FetchError("network", f"{shown(urlsplit(url).hostname or url)} could not be found ({exc}).") from exc
        except httpx.HTTPError as exc:
            if _blocked(exc):
                raise FetchError("ssrf", f"{urlsplit(url).hostname} now points to an internal address; "
                                         "optout does not fetch those.") from exc
            raise FetchError("network", f"The request failed ({type(exc).__name__}: {exc}).") from exc

    def _once_more(self, url: str, first: Response, headers: dict, deadline: float, started: float,
                   accept) -> Response:
        """A page that looks cut (`_cut_html`: it ended where the connection closed, without its </body> and
        </html>), downloaded again to tell: a connection cut twice at the same place in the page is not plausible,
        so a second body as long as the first and ending in the same `SAME_END` bytes but for its tags' attribute
        values (`_end`) proves it whole (its author left out its optional end tags; the rest may differ, and so may
        those values: a token, a nonce made for each request, on the last script as well). A second body
        that ends elsewhere means the connection was cut (once at least): an error; a second answer that is whole by
        itself is the page. Only a page that ends at the end of a tag is downloaded again: one that stops inside a
        tag or its text was cut, by something that may cut at the same byte each time (a proxy's or a buffer's
        size). Such a cut may also fall just after a tag: the page read is marked `repeated`, and the watcher does
        not read it when the page it stored last closed its tags. The second download waits its turn at the host
        and must end before the request's deadline; it asks for the whole page (no validators), so that there is a
        body to compare."""
        if not first.body.rstrip().endswith(b">"):
            raise FetchError("incomplete", "The connection closed before the page ended (an HTML page without its "
                                           "</body> or </html>, which stops inside a tag or its text).")
        if not self._wait_turn(urlsplit(url).netloc, deadline):
            raise FetchError("incomplete", f"{CUT}, and no time was left to download it again and tell whether it "
                                           "was whole.")
        try:
            check_destination(url, allow_private=self.allow_private, trusted_hosts=self.trusted_hosts)
            again = self._request(url, headers, deadline, started, accept, conditional=False)
        except _LooksCut as cut:
            second = cut.response
            if second.status != first.status:
                raise FetchError("incomplete", f"{CUT}: downloaded twice, it was answered HTTP {first.status} and "
                                               f"then HTTP {second.status}.") from None
            if len(second.body) != len(first.body):
                raise FetchError("incomplete", f"{CUT}: downloaded twice, it ended at byte {len(first.body):,} and "
                                               f"then at byte {len(second.body):,}.") from None
            if _end(second.body) != _end(first.body):
                raise FetchError("incomplete", f"{CUT}: downloaded twice, it ended at byte {len(first.body):,} both "
                                               "times, but not with the same bytes.") from None
            first.elapsed, first.repeated = time.monotonic() - started, True
            return first
        except FetchError as exc:
            raise FetchError("incomplete", f"{CUT}, and downloading it again to tell whether it was whole failed "
                                           f"({str(exc).rstrip('.')}).") from exc
        if isinstance(again, str) or again.status != first.status:
            answered = f"sent it on to {again[:200]}" if isinstance(again, str) else f"answered HTTP {again.status}"
            raise FetchError("incomplete", f"{CUT}, and downloading it again to tell whether it was whole failed "
                                           f"(the server {answered}).")
        return again

    def _read(self, url: str, response, deadline: float, started: float, accept, *, conditional: bool) -> Response:
        headers = {key.lower(): value for key, value in response.headers.items()}
        result = Response(url=url, status=response.status_code, headers=headers)
        if response.status_code == 304:
            if not conditional:  # "not modified" since no version optout named: no answer at all
                raise FetchError("http", "The server answered HTTP 304 Not Modified to a request for the whole page.")
            result.not_modified = True
            response.read()  # a 304 has no body; reading its end lets the connection serve the next request
            return result
        if response.status_code >= 400:
            result.elapsed = time.monotonic() - started
            return result
        content_type, charset = _content_type(headers.get("content-type", ""))
        if accept and content_type and content_type not in accept:
            raise FetchError("content-type", f"The server sent {content_type}, not a text document.")
        decoder = _Decoder(headers.get("content-encoding", ""))
        parts, size = [], 0
        for chunk in response.iter_raw():
            if time.monotonic() > deadline:
                raise FetchError("timeout", f"The download took longer than {self.limits.total_timeout:.0f} seconds.")
            data = decoder.feed(chunk, self.limits.max_bytes - size)
            size += len(data)
            if size > self.limits.max_bytes:
                raise FetchError("too-large", f"The document is larger than {self.limits.max_bytes // 1024 // 1024} MB.")
            parts.append(data)
        proven = decoder.finish()
        result.body, result.content_type, result.charset = b"".join(parts), content_type, charset
        if _close_delimited(headers) and not proven and _cut_html(result.body, content_type):
            raise _LooksCut(result)
        result.elapsed = time.monotonic() - started
        return result


def _leads_somewhere(response) -> None:
    """httpx's response hook: a redirect to an address no page can be at (`javascript:alert(1)`, `mailto:`,
    `about:blank`, a port out of range, a broken IPv6 address) is an error that names the address. httpx builds the
    request a redirect leads to even when it follows none, and from such an address it cannot: the InvalidURL it
    raised is no httpx.HTTPError, and escaped `Fetcher.get`. Addresses of other schemes with a host (ftp://…) are
    left to `check_destination`, which refuses them at the next hop."""
    if not response.has_redirect_location:
        return
    import httpx

    location = response.headers["location"]
    try:
        address = urljoin(str(response.request.url), location)
        target = urlsplit(address)
        if ((target.scheme in ("http", "https") or target.netloc) and target.port != -1  # .port: ValueError out of range
                and _named(httpx.URL(address).host)):  # IDNAError (a ValueError): an xn-- label that is no Punycode
            return
    except (ValueError, httpx.InvalidURL):
        pass
    raise FetchError("protocol", f"The server sent the page on to {shown(location)}, an address optout cannot follow.")


def _named(host: str) -> bool:
    """Whether a host (as httpx reads it, IDNA checked) has no empty label: "a..b", ".", ".example.com" name nothing,
    and the socket's idna codec raises a UnicodeError for them when connecting. A final dot is the root's, and fine."""
    return "" not in host.removesuffix(".").split(".")


def shown(address: str, most: int = 200) -> str:
    """An address to quote in a message that must fit its field: whole, or cut with an ellipsis."""
    return address if len(address) <= most else address[:most] + "…"


SAME_END = 256  # the bytes two downloads of a page that looked cut must end with alike (`Fetcher._once_more`)
_TAG = re.compile(rb"<[^<>]*>")
_VALUE = re.compile(rb"""(=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""")


def _end(body: bytes) -> bytes:
    """A page's last `SAME_END` bytes, from the start of the tag they begin inside if they do, with the values of the
    attributes of their tags left out: what two downloads of a page that ended at the same place in it end with
    alike. A value may be made for each request (a content security policy's nonce on the last script, a token on
    the last form), and so differ between two downloads that are both whole; the tags, their attributes and the
    text around them may not."""
    start = len(body) - SAME_END
    if start > 0 and body.rfind(b"<", max(0, start - 4 * SAME_END), start) > body.rfind(b">", 0, start):
        start = body.rfind(b"<", 0, start)
    return _TAG.sub(lambda tag: _VALUE.sub(rb'\1""', tag.group()), body[max(0, start):])
CUT = "The connection closed before the page ended (an HTML page without its </body> or </html>)"


class _LooksCut(FetchError):
    """A page that may have been cut short: it ended where the connection closed, without its </body> and </html>
    (see `Fetcher._once_more`)."""

    def __init__(self, response: Response):
        super().__init__("incomplete", f"{CUT}.")
        self.response = response


def _close_delimited(headers: dict[str, str]) -> bool:
    """Whether a body ends only where the server closes the connection (no length, not chunked): the one kind of
    body HTTP cannot tell cut from whole."""
    return "content-length" not in headers and "chunked" not in headers.get("transfer-encoding", "").lower()


def _cut_html(body: bytes, content_type: str) -> bool:
    """Whether an HTML page opens its <html> or <body> and closes neither. HTML lets a page leave out both closing
    tags, but pages that open them almost always close them, so on a close-delimited body their absence says the
    connection may have closed mid-page: the page is downloaded again to tell (`Fetcher._once_more`). A compressed
    body's own end proves it whole, and is not looked at; nor are pages in UTF-16 (a BOM)."""
    if content_type not in ("text/html", "application/xhtml+xml", "") or body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    opened = re.search(rb"<(html|body)[\s>]", body, re.I)
    return bool(opened) and not re.search(rb"</(html|body)\s*>", body, re.I)


_END_TAG = re.compile(r"</(html|body)\s*>", re.I)


def end_tag(page: str) -> str:
    """The end tag a page closes with ("</html>", else "</body>"), or "" when it closes neither."""
    closed = {tag.lower() for tag in _END_TAG.findall(page)}
    return "" if not closed else "</html>" if "html" in closed else "</body>"


def cut_after_whole(closed: str, page: str, stored_text: str | None, text: str) -> str:
    """Why a page read only because its two downloads ended alike (`Response.repeated`: it closes neither its
    </body> nor its </html>) is taken for cut all the same, when the last page read of the same document closed
    them (`closed`, its `end_tag`): something that cuts at a size (a proxy, a buffer) or a page whose making stops at
    the same point ends at the same byte each time, and a cut that falls just after a tag passes for the end of a
    page that leaves out its end tags.

    It is taken for cut only when its `text` stops where `stored_text`, the text of that last page read the same way,
    went on (`_went_on`): a site that starts leaving out its end tags, with its words unchanged, changed in the
    middle, or with a new end, stays watched. "" when it is not taken for cut. `stored_text` None: the last page
    could not be read again, and where this one stops cannot be told: taken for cut, saying where it stops."""
    if not closed:
        return ""
    said = f"{CUT}: downloaded twice, it ended at the same byte both times, but the last page optout stored ended with {closed}"
    if stored_text is None:
        tail = " ".join(page[-400:].split())
        return f"{said}; this one stops after “{tail if len(tail) <= 80 else '…' + tail[-80:]}”."
    if not (went_on := _went_on(stored_text, text)):
        return ""
    stop, missing = went_on
    stop = stop if len(stop) <= 70 else "…" + stop[-70:].split(" ", 1)[-1]
    missing = missing if len(missing) <= 70 else missing[:70].rsplit(" ", 1)[0] + "…"
    return f"{said} and went on after “{stop}” with “{missing}”."


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _went_on(before: str, after: str) -> tuple[str, str] | None:
    """Where `after`, the text of a page that may have been cut, stops short of `before`, the text of the page read
    before it: (the paragraph it ends with, what `before` went on with there), or None when it does not.

    A cut page's text is the start of the page's: it ends with a paragraph of `before` that `before` followed with
    more, or with the start of one of its paragraphs (a cut after a tag inside it, a link's or a bold word's). So
    `after` stops short when it is the start of `before`, or when its last paragraph is found in `before`, or begins
    one of its paragraphs, before the end (where it is found, the place whose paragraphs before it match `after`'s
    the longest). It does not when it ends with `before`'s last paragraph (changed elsewhere, it kept its end), nor
    when its last paragraph is nowhere in `before` (a new end: a cut just after the one paragraph that changed, the
    day the site dropped its end tags, is not told from it)."""
    old, new = _paragraphs(before), _paragraphs(after)
    if not old or not new or new == old:
        return None
    last, n = new[-1], len(new)
    if n <= len(old) and new[:-1] == old[:n - 1] and old[n - 1].startswith(last) and (n < len(old) or last != old[-1]):
        at = n - 1  # the start of the page read before
    elif last == old[-1]:
        return None
    else:
        found = [i for i, paragraph in enumerate(old)
                 if (paragraph == last and i < len(old) - 1) or (paragraph.startswith(last) and paragraph != last)]
        if not found:
            return None

        def alike(i: int) -> int:
            return next((k for k in range(min(i, n - 1)) if new[-2 - k] != old[i - 1 - k]), min(i, n - 1))

        at = max(found, key=lambda i: (alike(i), i))
    rest = old[at][len(last):].strip() if old[at] != last else old[at + 1]
    return last, rest


def _content_type(value: str) -> tuple[str, str | None]:
    kind, _, params = value.partition(";")
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.I)
    return kind.strip().lower(), (match.group(1).lower() if match else None)


# A byte order mark decides a page's encoding, whatever its server or the page itself says (as browsers decide).
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16le"), (codecs.BOM_UTF16_BE, "utf-16be"))
# Characters that no text holds many of (C0 and C1 controls but tab, line feed, form feed, carriage return): a body
# with many is not text in the encoding it was read in (a file, compressed bytes, another encoding).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
CONTROL_SAMPLE = 50_000  # characters looked at for control characters


def _tolerated(characters: int) -> int:
    """How many broken or control characters a text of this many characters may hold and still be read: a few
    (ten, or one in a hundred of a long text) are a page's slips; more say it is not in the encoding it is read in."""
    return max(10, characters // 100)


def _as_windows_1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """A codecs error handler: bytes that are not valid in the page's encoding read as windows-1252 (the
    five bytes it leaves undefined as the control characters of the same number, as browsers read them).
    Pages in UTF-8 often hold a few windows-1252 bytes (text pasted from an older page or a word processor):
    read so, "don\x92t" says "don’t", as it does when the same bytes are labelled windows-1252."""
    stray = error.object[error.start:error.end]
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in stray), error.end


codecs.register_error("optout-windows-1252", _as_windows_1252)


def _lookup(label: str) -> webencodings.Encoding:
    """The encoding a label names for browsers (the WHATWG Encoding Standard): "iso-8859-1", "latin1" and "ascii"
    name windows-1252, as pages labelled so are read everywhere. A label only Python knows ("latin-1", "utf_8",
    "euc_kr", "cp932") names the encoding Python's name for it names for browsers, else Python's codec."""
    encoding = webencodings.lookup(label)
    if encoding is None:
        try:
            codec = codecs.lookup(label.strip())
        except (LookupError, ValueError) as exc:
            raise FetchError("encoding", f"The page declares an unknown character set ({label}).") from exc
        if not codec._is_text_encoding:  # base64, rot13, zlib: no character set
            raise FetchError("encoding", f"The page declares a character set that cannot be read ({label}).")
        encoding = webencodings.lookup(codec.name.replace("_", "-")) or webencodings.Encoding(codec.name, codec)
    if encoding.name in ("replacement", "x-user-defined"):  # browsers show no text, or private-use characters
        raise FetchError("encoding", f"The page declares a character set that cannot be read ({label}).")
    return encoding


def _encoding(body: bytes, charset: str | None) -> tuple[webencodings.Encoding, bytes]:
    """The encoding to read `body` in, and the body without its byte order mark."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return webencodings.lookup(name), body[len(bom):]
    if charset:
        encoding = _lookup(charset)
        if encoding.codec_info.name in ("utf-16-le", "utf-16-be"):  # "utf-16" and browsers' other labels, "utf_16_be"
            return _utf16_without_bom(body, charset), body
        return encoding, body
    match = (re.match(rb"\s*<\?xml[^>]*?\bencoding=[\"']([\w.:-]+)", body[:200], re.I)
             or re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.I))
    if not match:
        return webencodings.lookup("utf-8"), body
    encoding = _lookup(match.group(1).decode("ascii"))
    if encoding.name in ("utf-16le", "utf-16be"):  # a page that says so in bytes read as ASCII is not in UTF-16
        return webencodings.lookup("utf-8"), body
    return encoding, body


def _utf16_without_bom(body: bytes, label: str) -> webencodings.Encoding:
    """The encoding of a body without a byte order mark whose server says it is in UTF-16. Text in UTF-16 shows it
    in its bytes: every character of ASCII (markup, spaces, line ends, digits) has a zero byte, all at odd places
    (little-endian) or all at even ones (big-endian); read in the byte order they show, whatever the label says
    (browsers read "utf-16" as little-endian and show a big-endian page as CJK-looking characters).

    Zero bytes are asked for in proportion: one for every 200 characters at least (two in a short page), nine in
    ten of them on one side. An HTML page in UTF-16 has one for every character of its markup, a large share; a
    text in Chinese or Japanese has that many in its line ends and spaces; a few stray zero bytes in an 8-bit page
    (padding, a "\\0" in a script) are no sign. Nor is any number of them in a body that opens with ASCII markup (a
    "<" then a byte that is not zero: in UTF-16 the zero byte of "<" is next to it) and is valid UTF-8.

    A body without these signs is not in UTF-16, whatever its server says: read as UTF-16 its bytes pair into
    CJK-looking characters that pass for text, and would be stored as a new version. It is read as the UTF-8 it
    plainly is when it is valid UTF-8 (ASCII included); else which characters its bytes are cannot be told: an
    error."""
    even, odd = body[0::2].count(0), body[1::2].count(0)
    side = max(even, odd)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(body)  # not final: a character cut at the very end is left out
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    start = body.lstrip(b" \t\n\r\f")
    markup = start[:1] == b"<" and start[1:2] not in (b"", b"\0")
    if side >= max(2, len(body) // 400) and side >= 0.9 * (even + odd) and not (markup and utf8):
        return webencodings.lookup("utf-16le" if odd > even else "utf-16be")
    if not utf8:
        raise FetchError("encoding", f"The server says the page is in UTF-16 ({label.strip()}), but it is not (its "
                                     "bytes are not two to a character), nor is it valid UTF-8: which characters its "
                                     "bytes are cannot be told.")
    return webencodings.lookup("utf-8")


def _utf8(body: bytes) -> str:
    """A UTF-8 body as text. A few bytes that are not UTF-8 read as windows-1252 (text pasted from an older page or a
    word processor: "don\x92t" reads "don’t"); more than a few broken characters mean the page is in another encoding
    (a Korean or Chinese page labelled UTF-8, or not labelled at all), and reading their bytes as windows-1252 would
    store them as Latin letters: an error. A character cut at the very end of the body is left out."""
    try:
        return body.decode("utf-8")  # nearly every page: valid, read at C speed
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("utf-8")
    text = decoder("replace").decode(body)  # not final: an incomplete character at the very end stays out
    if (broken := text.count("\ufffd") - body.count("\ufffd".encode())) > _tolerated(len(text)):
        raise FetchError("encoding", f"The page is not valid utf-8 ({broken} broken characters).")
    return decoder("optout-windows-1252").decode(body) if broken else text


def decode_text(body: bytes, charset: str | None) -> str:
    """Text from a body, read as browsers read it: a byte order mark decides, else the declared charset (UTF-16 only
    where the bytes are UTF-16, see `_utf16_without_bom`), else an XML declaration's encoding (XHTML) or a
    <meta charset>, else UTF-8. In windows-1252, the bytes it leaves undefined
    read as their control characters; in UTF-8 a few stray bytes read as windows-1252 (see `_utf8`); in any
    encoding, more than a few broken characters are an error, and so is a body with many control characters (not
    text at all)."""
    encoding, body = _encoding(body, charset)
    try:
        if encoding.name == "utf-8":
            text = _utf8(body)
        else:
            lenient = encoding.name == "windows-1252"
            text, _size = encoding.codec_info.decode(body, "optout-windows-1252" if lenient else "replace")
    except (UnicodeError, ValueError) as exc:
        raise FetchError("encoding", f"The page cannot be read as {encoding.name} ({exc}).") from exc
    if (broken := text.count("\ufffd")) > _tolerated(len(text)) and encoding.name != "utf-8":
        raise FetchError("encoding", f"The page is not valid {encoding.name} ({broken} broken characters).")
    sample = text[:CONTROL_SAMPLE]  # a body that is not text shows it from its start; the whole costs ~3 ns a character
    if (controls := len(_CONTROL.findall(sample))) > _tolerated(len(sample)):
        raise FetchError("encoding", f"The page does not read as text in {encoding.name} ({controls} control characters in its first {len(sample):,}).")
    return text
