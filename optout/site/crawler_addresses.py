"""Whether a request whose User-Agent names an AI crawler came from the addresses the crawler's operator publishes.

Anyone can write "GPTBot" in a User-Agent header; the address a request came from is far harder to fake. Some
operators publish their crawlers' addresses as JSON, in the shape Google uses too:
{"creationTime": "…", "prefixes": [{"ipv4Prefix": "192.0.2.0/24"}, {"ipv6Prefix": "2001:db8::/32"}]}.
Each request then is one of three things: from the operator's published addresses (confirmed), from elsewhere (the
header names the crawler, the address is not the operator's), or not checked, with the reason.

Pure: no Django. Fetching goes through the `Fetcher` (optout.lib.http) the caller passes.
"""

from __future__ import annotations

import ipaddress
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from optout.lib.http import shown

if TYPE_CHECKING:
    from .crawlers import Crawler

CONFIRMED, ELSEWHERE, UNCHECKED = "confirmed", "elsewhere", "unchecked"
MAX_LIST_BYTES = 2 * 1024 * 1024  # the published lists are a few kilobytes
# A prefix shorter than this covers a large part of the internet: no crawler's list holds one, and a file that does
# would "confirm" almost any address.
SHORTEST_PREFIX = {4: 8, 6: 16}
PREFIX_KEYS = {"ipv4Prefix": 4, "ipv6Prefix": 6}
# Addresses of the server's own network: a log that shows one records a proxy or load balancer, not the visitor.
OWN_NETWORK = tuple(ipaddress.ip_network(text) for text in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "::1/128", "fc00::/7", "fe80::/10"))

# Fetch failures (`FetchError.kind`) where the server answered, but with a body that cannot be used.
UNREADABLE = frozenset({"too-large", "encoding", "incomplete"})

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class BadAddressList(ValueError):
    """A file that is not a usable list of address ranges; the message says what is wrong with it."""


class Unavailable(Exception):
    """A published list that could not be had; the message says why, for the person reading the report."""


@dataclass(frozen=True)
class AddressRanges:
    """One operator's published ranges, merged into sorted, non-overlapping integer intervals per IP version."""

    source: str  # the address or file it was read from
    created: str  # the list's own "creationTime", when it gives one
    starts: dict[int, tuple[int, ...]]
    ends: dict[int, tuple[int, ...]]

    def __contains__(self, address: Address) -> bool:
        number = int(address)
        index = bisect_right(self.starts[address.version], number) - 1
        return index >= 0 and number <= self.ends[address.version][index]


def parse_ranges(data: bytes, source: str) -> AddressRanges:
    """Read a published list of address ranges; `BadAddressList` says what is wrong with one that cannot be used."""
    document = _document(data)
    networks = list(_networks(document["prefixes"]))
    if not networks:
        raise BadAddressList("it lists no address ranges")
    created = document.get("creationTime")
    intervals = {version: _merged(n for n in networks if n.version == version) for version in (4, 6)}
    return AddressRanges(source=source, created=created if isinstance(created, str) else "",
                         starts={v: starts for v, (starts, _) in intervals.items()},
                         ends={v: ends for v, (_, ends) in intervals.items()})


def _document(data: bytes) -> dict:
    if len(data) > MAX_LIST_BYTES:
        raise BadAddressList(f"it is larger than {MAX_LIST_BYTES // 1024 // 1024} MB; a list of address ranges is far "
                             "smaller")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadAddressList("it is not text (UTF-8)") from exc
    if text.lstrip()[:1] == "<":
        raise BadAddressList("it is a web page (HTML), not a JSON list of address ranges")
    try:
        document = json.loads(text)
    except RecursionError as exc:
        raise BadAddressList("it is not a list of address ranges: its JSON is nested too deeply") from exc
    except ValueError as exc:
        raise BadAddressList(f"it is not JSON ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("prefixes"), list):
        raise BadAddressList('it is not a list of address ranges: it should be a JSON object with "prefixes": '
                             '[{"ipv4Prefix": "…"}, {"ipv6Prefix": "…"}]')
    return document


def _networks(prefixes: list) -> Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    for number, entry in enumerate(prefixes, 1):
        found = [(key, entry[key]) for key in PREFIX_KEYS if isinstance(entry, dict) and key in entry]
        if not found:
            raise BadAddressList(f'entry {number} of "prefixes" has no "ipv4Prefix" or "ipv6Prefix"')
        for key, value in found:
            yield _network(value, PREFIX_KEYS[key], f'entry {number} of "prefixes"')


def _network(value, version: int, where: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    kind, quoted = f"IPv{version} range", shown(repr(value), 60)
    if not isinstance(value, str):
        raise BadAddressList(f"{where}: {quoted} is not an {kind}")
    try:
        network = ipaddress.ip_network(value.strip())
    except ValueError as exc:
        raise BadAddressList(f"{where}: {quoted} is not an {kind} ({exc})") from exc
    if network.version != version:
        raise BadAddressList(f"{where}: {quoted} is not an {kind}")
    if network.prefixlen < SHORTEST_PREFIX[version]:
        raise BadAddressList(f"{where}: {quoted} covers a large part of the internet; no crawler's list does")
    return network


def _merged(networks: Iterable) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted((int(n.network_address), int(n.broadcast_address)) for n in networks):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return tuple(starts), tuple(ends)


def client_address(text: str) -> tuple[Address | None, str]:
    """The visitor's address from a log line's first field, or None and why it cannot be checked."""
    try:
        address = ipaddress.ip_address(text.removeprefix("[").removesuffix("]"))
    except ValueError:
        return None, f"the log line gives no IP address for the visitor ({shown(text, 60)!r})" if text else \
            "the log line gives no address for the visitor"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:192.0.2.1, as a server listening on IPv6 logs an IPv4 visitor
    if any(address in network for network in OWN_NETWORK if network.version == address.version):
        return None, (f"the log shows an address of your own network ({address}), such as a proxy's, not the "
                      "visitor's")
    return address, ""


Lookup = Callable[["Crawler"], "AddressRanges | str"]


def no_list(crawler: Crawler) -> str:
    return f"{crawler.operator or 'its operator'} publishes no list of its addresses"


class IdentityCheck:
    """Sorts each request that names a crawler into confirmed, elsewhere or not checked (with the reason).

    Each crawler's list is looked up once, when its first request is met, so a run fetches only the lists of the
    crawlers that are in the logs. Each client address is read once: logs repeat them."""

    def __init__(self, lookup: Lookup):
        self._lookup = lookup
        self.lists: dict[str, AddressRanges | str] = {}  # token → its list, or why there is none
        self._addresses: dict[str, tuple[Address | None, str]] = {}

    @classmethod
    def skipped(cls, reason: str) -> IdentityCheck:
        return cls(lambda crawler: reason)

    def __call__(self, crawler: Crawler, client: str) -> tuple[str, str]:
        ranges = self.lists.get(crawler.token)
        if ranges is None:
            ranges = self.lists[crawler.token] = self._lookup(crawler)
        if isinstance(ranges, str):
            return UNCHECKED, ranges
        address, problem = self._address(client)
        if address is None:
            return UNCHECKED, problem
        return (CONFIRMED, "") if address in ranges else (ELSEWHERE, "")

    def _address(self, client: str) -> tuple[Address | None, str]:
        found = self._addresses.get(client)
        if found is None:
            found = client_address(client)
            if len(self._addresses) < 500_000:
                self._addresses[client] = found
        return found

    def sources(self) -> dict[str, dict[str, str]]:
        """Where each crawler's list was read, for the report."""
        return {token: {"source": ranges.source, "created": ranges.created}
                for token, ranges in self.lists.items() if isinstance(ranges, AddressRanges)}


def published_urls(registry: dict[str, Crawler]) -> dict[str, str]:
    """Token → the address of its published list, for the crawlers whose operators publish one."""
    return {crawler.token: crawler.ip_ranges_url for crawler in registry.values() if crawler.ip_ranges_url}


def fetched_lists(download: Callable[[str], bytes], urls: dict[str, str]) -> Lookup:
    """Each crawler's list fetched from its operator; one that cannot be had or read is a reason, not an error."""
    def lookup(crawler: Crawler) -> AddressRanges | str:
        url = urls.get(crawler.token)
        if not url:
            return no_list(crawler)
        try:
            return parse_ranges(download(url), url)
        except Unavailable as exc:
            return str(exc)
        except BadAddressList as exc:
            return f"{url} could not be read: {exc}"

    return lookup


def downloader(fetcher) -> Callable[[str], bytes]:
    """`Fetcher.get` as bytes or `Unavailable`, saying which host could not be reached and why."""
    from optout.lib.http import FetchError

    def download(url: str) -> bytes:
        host = urlsplit(url).hostname or url
        try:
            response = fetcher.get(url, accept=())  # no type asked for: some servers label JSON text/plain
        except FetchError as exc:
            failed = f"could not read {url}" if exc.kind in UNREADABLE else f"could not reach {host}"
            raise Unavailable(f"{failed}: {str(exc).rstrip('.')}") from exc
        if not 200 <= response.status < 300:
            raise Unavailable(f"{host} answered HTTP {response.status} for {url}")
        return response.body

    return download


def saved_lists(lists: dict[str, AddressRanges], urls: dict[str, str]) -> Lookup:
    """Lists the person saved (`--addresses`); nothing is fetched."""
    def lookup(crawler: Crawler) -> AddressRanges | str:
        if crawler.token in lists:
            return lists[crawler.token]
        if crawler.token in urls:
            return f"no saved list of its addresses was given (--addresses; its operator publishes {urls[crawler.token]})"
        return no_list(crawler)

    return lookup


def read_saved_lists(arguments: list[str], urls: dict[str, str], tokens: Iterable[str]) -> dict[str, AddressRanges]:
    """`--addresses` values, FILE or TOKEN=FILE, read and checked. A file named as its operator names it
    (gptbot.json) needs no token. Raises `BadAddressList` naming the file and what is wrong."""
    by_token = {token.lower(): token for token in tokens}
    lists: dict[str, AddressRanges] = {}
    for argument in arguments:
        token, path = _owner(argument, urls, by_token)
        if token in lists:
            raise BadAddressList(f"{lists[token].source} and {path} are both lists of {token}'s addresses; give one")
        lists[token] = _read_saved(path, token)
    return lists


def _owner(argument: str, urls: dict[str, str], by_token: dict[str, str]) -> tuple[str, Path]:
    named, _, rest = argument.partition("=")
    if rest and named.strip().lower() in by_token:
        return by_token[named.strip().lower()], Path(rest)
    path = Path(argument)
    if rest and not path.exists():
        raise BadAddressList(f"{argument}: {named.strip()!r} is not a crawler in optout's registry (TOKEN=FILE takes a "
                             "name such as GPTBot or PerplexityBot)")
    owners = [token for token, url in urls.items() if _file_name(url).lower() == path.name.lower()]
    if len(owners) != 1:
        named_files = ", ".join(sorted({_file_name(url) for url in urls.values() if url.endswith(".json")}))
        raise BadAddressList(f"{path}: optout cannot tell which crawler's addresses it lists. Keep the name its "
                             f"operator gives it ({named_files}) or write TOKEN=FILE, e.g. GPTBot={path}")
    return owners[0], path


def _file_name(url: str) -> str:
    """The name an operator gives its published list (gptbot.json), as a saved copy keeps it."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def _read_saved(path: Path, token: str) -> AddressRanges:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        raise BadAddressList(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        return parse_ranges(data, str(path))
    except BadAddressList as exc:
        raise BadAddressList(f"{path} cannot be used as {token}'s list of addresses: {exc}") from exc
