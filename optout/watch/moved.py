"""A watched page read at another address than before (the server redirected): the same address written otherwise,
or another one, and what the address itself says of the page. Pure: no Django.

Whether two addresses lead to the same page is `optout.lib.addresses.same_address` (the fetcher needs it too). Any
other address is another page: the policy moved, or the visitor is sent to the site's home page, a sign-in page,
another region's page or a variant under test, and what is read there is not to be compared with the policy as if
nothing had happened (`services.runs.process`).

The address alone tells two of these apart, by how sites name them (a guess, though a safe one: see
`home_page` and `sign_in`): what is read there is never taken for the page watched.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from optout.lib.addresses import STORED, address_key, same_address

__all__ = ["STORED", "address_key", "home_page", "same_address", "sign_in"]

# ISO 639-1 language codes: a home page in the visitor's language is often /en, /de-DE, /fr_FR or /es-419.
LANGUAGES = frozenset("""
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
    en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu
    ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
    nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
    sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())
LOCALE = re.compile(r"(?P<language>[a-z]{2})([-_]([a-z]{2}|[a-z]{4}|\d{3}))?", re.I)
# The query parameters a home page may carry: the visitor's language. Any other picks a page (/?page_id=3 on a
# WordPress site, /index.php?title=Privacy on a wiki): not the home page.
LANGUAGE_PARAMETERS = frozenset({"hl", "lang", "language", "locale", "lng", "ln", "setlang", "l"})
# What a home page's own file is called: /index.html, /home, /default.aspx, /en/index.php.
FRONT = re.compile(r"(index|home|homepage|default)(\.[a-z]{2,5})?", re.I)
# A sign-in page's path: a part that names signing in, as a word of its own (/login, /uas/login-submit, /signin.php,
# /sign_in, /authwall; not "designing") or is the name of a sign-on service's step (/auth, /sso, /oauth2) …
SIGN_IN_WORDS = re.compile(r"(?<![a-z])(log[-_]?in|log[-_]?on|sign[-_]?in|authwall)(?![a-z])")
SIGN_IN_PARTS = frozenset({"auth", "authenticate", "authorize", "sso", "saml", "saml2", "oauth", "oauth2", "cas",
                           "openid", "idp"})
# … or the last part, an account's or a session's page (/account, /my/accounts, /session/new is a session's too)
SIGN_IN_LAST = frozenset({"account", "accounts", "session", "sessions"})
# A query parameter that names the page asked for, which the visitor is sent back to once signed in
# (/login?next=/privacy, ?returnUrl=…, ?redirect_uri=https://…, LinkedIn's ?sessionRedirect=…). Not "from": sites
# also tag a moved page's new address with the old one (/legal/privacy?from=/privacy).
RETURN_TO = frozenset({"next", "continue", "return", "returnurl", "return_url", "returnto", "return_to", "redirect",
                       "redirect_uri", "redirect_url", "redirecturl", "redirectto", "redirect_to", "service", "goto",
                       "dest", "destination", "sessionredirect"})


def home_page(url: str, watched: str) -> bool:
    """Whether an address is the home page of the site of the `watched` address: its path is "/" (with no query but
    a language's, tracking or session parameters), maybe after one part naming a language or a locale (/en, /en-us, /de-DE, /fr_FR, /es-419), maybe
    followed by the home page's own file (/index.html, /home, /default.aspx, /en/index.php); and its host is the
    watched one's, a domain it belongs to (linkedin.com for www.linkedin.com), or one of these in a language
    (de.linkedin.com). Never a policy. A site's own host for its policies (privacy.example.com) is not its home."""
    host, _port, path, query = address_key(url)
    if not _same_site(host, address_key(watched)[0]) or any(name.lower() not in LANGUAGE_PARAMETERS
                                                             for name, _value in query):
        return False
    parts = [part for part in path.split("/") if part]
    if parts and (locale := LOCALE.fullmatch(parts[0])) and locale["language"].lower() in LANGUAGES:
        parts = parts[1:]
    return not parts or (len(parts) == 1 and bool(FRONT.fullmatch(parts[0])))


def _same_site(host: str, watched: str) -> bool:
    if host == watched or watched.endswith("." + host):
        return True
    first, _, rest = host.partition(".")
    return first in LANGUAGES and bool(rest) and (rest == watched or watched.endswith("." + rest))


def sign_in(url: str) -> bool:
    """Whether an address is a sign-in page: a part of its path names signing in (login, signin, sign-in, sign_in,
    logon, authwall) or a sign-on service's step (auth, sso, oauth, saml…), or its last part is an account's or a
    session's page, or a query parameter names where to go back to once signed in (next, continue, returnUrl,
    redirect_uri, service…) with an address or a path ("?next=2" is no sign-in)."""
    parts = urlsplit(url.strip())
    path = [part.lower() for part in unquote(parts.path).split("/") if part]
    if any(SIGN_IN_WORDS.search(part) or part.split(".")[0] in SIGN_IN_PARTS for part in path):
        return True
    if path and path[-1].split(".")[0] in SIGN_IN_LAST:
        return True
    return any(name.lower() in RETURN_TO and value.strip().startswith(("/", "http:", "https:"))
               for name, value in parse_qsl(parts.query, keep_blank_values=True))
