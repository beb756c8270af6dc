"""A watched page read at another address than before (the server redirected): the same address written otherwise,
or another one, and what the address itself says of the page. Pure: no Django.

Whether two addresses lead to the same page is `optout.lib.addresses.same_address` (the fetcher needs it too). Any
other address is another page: the policy moved, or the visitor is sent to the site's home page, a sign-in page,
another region's page or a variant under test, and what is read there is not to be compared with the policy as if
nothing had happened (`services.runs.process`).

The address tells two of these apart, by how sites name them (see `home_page` and `sign_in`): what is read at
the site's home page is never taken for the page watched. An address that sounds like a sign-in page is one only
when its page agrees (`sign_in_page`: a password field, or a short text): a policy may well live at
/legal/account.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from optout.lib.addresses import STORED, address_key, same_address

from .confirm import KEEP_LENGTH

__all__ = ["STORED", "address_key", "asks_to_return", "home_page", "same_address", "sign_in", "sign_in_page"]

# ISO 639-1 language codes: a home page in the visitor's language is often /en, /de-DE, /fr_FR or /es-419.
LANGUAGES = frozenset("""
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
    en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu
    ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
    nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
    sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())
LOCALE = re.compile(r"(?P<language>[a-z]{2})([-_]([a-z]{2}|[a-z]{4}|\d{3}))?", re.I)
# ISO 3166-1 country codes (and uk, eu): a country's home page in a language is often /gb/en/ or /us/en-us/.
COUNTRIES = frozenset("""
    ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw by bz
    ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu fi fj fk fm fo
    fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm
    jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq
    mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re
    ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt
    tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
""".split())
# The query parameters that pick a page at a site's root: /?page_id=3 or /?p=12 on WordPress, /index.php?title=
# Privacy on a wiki, ?option=com_content&id=5 on Joomla, ?route=information/information&information_id=4 on
# OpenCart, and any other "…_id". With one, the address is no home page; with others only (the visitor's language,
# tracking, where they came from, /?from=/privacy, or a flag a removed page is sent home with, /?notfound=1) it is.
PAGE_PARAMETERS = frozenset({
    "page_id", "pageid", "p", "page", "pagename", "page_name", "title", "id", "s", "q", "query", "search", "article",
    "doc", "document", "post", "slug", "option", "view", "route", "action", "cat", "category", "tag", "topic",
    "section", "node", "nid", "pid", "path", "file", "item", "itemid", "mod", "module", "do", "cmd", "r", "content"})
# What a home page's own file is called: /index.html, /home, /default.aspx, /en/index.php.
FRONT = re.compile(r"(index|home|homepage|default)(\.[a-z]{2,5})?", re.I)
# A sign-in page's path: a part that names signing in, as a word of its own (/login, /uas/login-submit, /signin.php,
# /sign_in, /authwall; not "designing") or is the name of a sign-on service's step (/auth, /sso, /oauth2) …
SIGN_IN_WORDS = re.compile(r"(?<![a-z])(log[-_]?in|log[-_]?on|sign[-_]?in|authwall)(?![a-z])")
SIGN_IN_PARTS = frozenset({"auth", "authenticate", "authorize", "sso", "saml", "saml2", "oauth", "oauth2", "cas",
                           "openid", "idp"})
# … or the last part, an account's or a session's page (/account, /my/accounts, /session/new is a session's too)
SIGN_IN_LAST = frozenset({"account", "accounts", "session", "sessions"})
# A host whose name says it signs people in (login.example.com/?startURL=…, accounts.shopify.com/lookup): a page
# on it is a sign-in page, unless the page watched is on that host too (some policies live on accounts.…).
SIGN_IN_HOSTS = frozenset({"login", "signin", "sso", "auth", "accounts"})
# … or the last two parts, a new session's page (Rails' /session/new)
SIGN_IN_PAIRS = frozenset({("session", "new"), ("sessions", "new"), ("user_session", "new"), ("user_sessions", "new")})
# A page at such an address is a sign-in page when its HTML asks for a password, or its text is short: shorter than
# `KEEP_LENGTH` of the latest version's or, on a first check, than `SIGN_IN_TEXT` characters (a sign-in page's text
# with its footer; policies are longer).
PASSWORD = re.compile(r"""<input\b[^>]*?\btype\s*=\s*["']?password\b""", re.I)
# A site's header and menus may hold a small sign-in box on every page (Archive of Our Own): not looked in.
CHROME = re.compile(r"<(header|nav)\b.*?</\1\s*>", re.I | re.S)
SIGN_IN_TEXT = 2000
# A query parameter that names the page asked for, which the visitor is sent back to once signed in
# (/login?next=/privacy, ?returnUrl=…, ?redirect_uri=https://…, LinkedIn's ?sessionRedirect=…). Not "from": sites
# also tag a moved page's new address with the old one (/legal/privacy?from=/privacy).
RETURN_TO = frozenset({"next", "continue", "return", "returnurl", "return_url", "returnto", "return_to", "redirect",
                       "redirect_uri", "redirect_url", "redirecturl", "redirectto", "redirect_to", "service", "goto",
                       "dest", "destination", "sessionredirect", "session_redirect"})


def home_page(url: str, watched: str) -> bool:
    """Whether an address is the home page of the site of the `watched` address: its path is "/" (with no query
    parameter that picks a page, `PAGE_PARAMETERS`), maybe after a part naming a language or a locale (/en, /en-us,
    /de-DE, /fr_FR, /es-419), or a country and then a language (/gb/en, /us/en-us), maybe followed by the home
    page's own file (/index.html, /home, /default.aspx, /en/index.php); and its host is the watched one's, a domain
    it belongs to (linkedin.com for www.linkedin.com), or one of these in a language (de.linkedin.com). Never a
    policy. A site's own host for its policies (privacy.example.com) is not its home; nor is a root on the watched
    host when the watched address is such a root itself (https://privacy.patreon.com/ sends visitors on to
    /en-us/: the policy, in their language)."""
    host = address_key(url)[0]
    if _home(url, watched) and _home(watched, watched) and host == address_key(watched)[0]:
        return False
    return _home(url, watched)


def _home(url: str, watched: str) -> bool:
    host, _port, path, query = address_key(url)
    if not _same_site(host, address_key(watched)[0]) or any(_picks_page(name) for name, _value in query):
        return False
    parts = [part.lower() for part in path.split("/") if part]
    if len(parts) >= 2 and parts[0] in COUNTRIES and _locale(parts[1]):
        parts = parts[2:]
    elif parts and (_locale(parts[0]) or _country_of(parts[0], watched)):
        parts = parts[1:]
    return not parts or (len(parts) == 1 and bool(FRONT.fullmatch(parts[0])))


def _locale(part: str) -> bool:
    """A part naming a language or a locale (en, en-us, de_DE, es-419), or a country and a language (in-en, us-en)."""
    if (locale := LOCALE.fullmatch(part)) and locale["language"].lower() in LANGUAGES:
        return True
    country, dash, language = part.partition("-")
    return bool(dash) and country in COUNTRIES and language in LANGUAGES


def _country_of(part: str, watched: str) -> bool:
    """Whether a part is a country code that the watched address's own path starts with (/us/ for a policy at
    /us/legal/privacy-policy/: that country's home page). Not any two letters: /ai is a page, not Anguilla's home."""
    first = next((p.lower() for p in address_key(watched)[2].split("/") if p), "")
    return part in COUNTRIES and part == first


def _picks_page(name: str) -> bool:
    name = name.lower()
    return name in PAGE_PARAMETERS or name.endswith("_id")


def _same_site(host: str, watched: str) -> bool:
    if host == watched or watched.endswith("." + host):
        return True
    first, _, rest = host.partition(".")
    return first in LANGUAGES and bool(rest) and (rest == watched or watched.endswith("." + rest))


def sign_in(url: str, watched: str = "") -> bool:
    """Whether an address sounds like a sign-in page: a part of its path names signing in (login, signin, sign-in,
    sign_in, logon, authwall) or a sign-on service's step (auth, sso, oauth, saml…), or its last part is an account's
    or a session's page (or its last two, /session/new), or its host's first label names signing in (login., sso.,
    accounts.…) and the `watched` address is on another host, or a query parameter names where to go back to once
    signed in (next, continue, returnUrl, redirect_uri, service…) with an address or a path ("?next=2" is no
    sign-in). Whether it is one is for its page to say too (`sign_in_page`)."""
    parts = urlsplit(url.strip())
    path = [part.lower() for part in unquote(parts.path).split("/") if part]
    if any(SIGN_IN_WORDS.search(part) or part.split(".")[0] in SIGN_IN_PARTS for part in path):
        return True
    if path and path[-1].split(".")[0] in SIGN_IN_LAST or tuple(path[-2:]) in SIGN_IN_PAIRS:
        return True
    host = address_key(url)[0]
    if host.partition(".")[0] in SIGN_IN_HOSTS and (not watched or host != address_key(watched)[0]):
        return True
    return any(name.lower() in RETURN_TO and value.strip().startswith(("/", "http:", "https:"))
               for name, value in parse_qsl(parts.query, keep_blank_values=True))


def asks_to_return(url: str, watched: str) -> bool:
    """Whether an address names the `watched` page as where to go back to once signed in (/login?next=/privacy,
    ?session_redirect=https://…/privacy): a sign-in page in front of it, whatever that page holds (a sign-in page
    that asks for the e-mail first has no password field; a long footer makes it long). A policy that moved to
    /legal/account is never sent there with a return to its old address."""
    wanted = address_key(watched)
    for name, value in parse_qsl(urlsplit(url.strip()).query, keep_blank_values=True):
        value = value.strip()
        if name.lower() not in RETURN_TO or not value.startswith(("/", "http:", "https:")):
            continue
        back = address_key(value)
        if back == wanted or (value.startswith("/") and back[2:] == wanted[2:]):
            return True
    return False


def sign_in_page(body: str, text: str, latest: str | None) -> bool:
    """Whether a page read at an address that sounds like a sign-in page (`sign_in`) is one by what it holds: its
    HTML (`body`) has a password field outside its header and menus, or its text is short, shorter than
    `KEEP_LENGTH` of the `latest` version's text or, with none (a first check), than `SIGN_IN_TEXT` characters. A
    long page without a password field there may be the policy (/legal/account, /auth/privacy): the address alone
    does not say it is not."""
    if PASSWORD.search(CHROME.sub("", body)):
        return True
    return len(text) < (KEEP_LENGTH * len(latest) if latest else SIGN_IN_TEXT)
