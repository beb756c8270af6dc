"""A watched page read at another address than before (the server redirected): the same address written otherwise,
or another one. Pure: no Django.

A redirect that only changes how an address is written (http → https, the host's letters' case, "www.", the
default port, a trailing slash, a fragment, tracking parameters added to the query) leads to the same page. Any
other leads to another address: the policy moved, or the visitor is sent to the site's home page, a login page,
another region's page or a variant under test, and what is read there is not to be compared with the policy as
if nothing had happened (`services.runs.process`).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

# Query parameters that say where a visitor came from, never which page they see.
TRACKING = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
                      "mc_cid", "mc_eid", "_ga", "_gl", "trk", "trkinfo", "ref", "ref_src", "si", "spm", "cmpid", "s_cid", "_hsenc", "_hsmi", "mkt_tok", "oly_enc_id",
                      "oly_anon_id", "vero_id", "rb_clickid", "at_medium", "at_campaign", "ocid"})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")


def _tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING or name.startswith(TRACKING_PREFIXES)


def address_key(url: str) -> tuple:
    """What names the page an address leads to: its host (lower case, without "www." and the default port),
    its path (decoded, without a trailing slash) and its query parameters other than tracking ones, in order."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port in (80, 443):
        port = None
    path = unquote(parts.path).rstrip("/") or "/"
    query = sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not _tracking(name))
    return host, port, path, tuple(query)


def same_address(before: str, after: str) -> bool:
    """Whether two addresses lead to the same page (see the module's docstring)."""
    return address_key(before) == address_key(after)


def site_root(url: str) -> bool:
    """Whether an address is a site's home page (its path is "/", whatever its query): never a policy."""
    return address_key(url)[2] == "/"
