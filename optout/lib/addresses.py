"""Whether two web addresses lead to the same page. Pure: no Django.

A redirect that only changes how an address is written (http → https, the host's letters' case or its
international spelling, "www.", the default port, a trailing slash, a fragment, tracking or session parameters
added to the query) leads to the same page. Used by the fetcher (a conditional request's validators go only to the
address they came from) and the watcher (`optout.watch.moved`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

# Query parameters that say where a visitor came from, never which page they see.
TRACKING = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
                      "mc_cid", "mc_eid", "_ga", "_gl", "trk", "trkinfo", "ref", "ref_src", "si", "spm", "cmpid",
                      "s_cid", "_hsenc", "_hsmi", "mkt_tok", "oly_enc_id", "oly_anon_id", "vero_id", "rb_clickid",
                      "at_medium", "at_campaign", "ocid"})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
# Parameters that carry a visitor's session (a new one on each visit on some Java, PHP and ColdFusion sites), in
# the query or after a ";" in the path (/privacy;jsessionid=…): never which page they see.
SESSION = frozenset({"sid", "sessionid", "session_id", "phpsessid", "jsessionid", "cfid", "cftoken"})
SESSION_PREFIXES = ("aspsessionid",)
PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/;]*", re.I)
STORED = 1000  # characters: addresses are stored cut to this length (WatchedDocument.read_at, pending_url)


def _ignored(name: str) -> bool:
    name = name.lower()
    return (name in TRACKING or name.startswith(TRACKING_PREFIXES) or name in SESSION
            or name.startswith(SESSION_PREFIXES))


def _host(host: str) -> str:
    """The host spelt as DNS knows it: an international name (bücher.example) as its ASCII form
    (xn--bcher-kva.example), which servers often redirect to; a name that is no valid one, as it is."""
    if host.isascii():
        return host
    import idna  # httpx's own dependency: the rules browsers follow (IDNA 2008, UTS 46)

    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return host


def address_key(url: str) -> tuple:
    """What names the page an address leads to: its host (lower case, in its ASCII form, without "www." and the
    default port), its path (decoded, without session parameters or a trailing slash) and its query parameters
    other than tracking and session ones, in order."""
    parts = urlsplit(url.strip())
    host = _host((parts.hostname or "").rstrip(".")).removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port in (80, 443):
        port = None
    path = unquote(PATH_SESSION.sub("", parts.path)).rstrip("/") or "/"
    query = sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not _ignored(name))
    return host, port, path, tuple(query)


def same_address(before: str, after: str) -> bool:
    """Whether two addresses lead to the same page (see the module's docstring). Both are compared cut to the
    length addresses are stored at (`STORED`), so a very long one (a sign-on service's) is the same as its own
    stored copy."""
    return address_key(before[:STORED]) == address_key(after[:STORED])
