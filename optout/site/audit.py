"""Auditing a website's AI opt-out signals: what each crawler may do, what is present, what is wrong.

`gather(url, fetcher)` does the (SSRF-safe, bounded) fetching; `audit(...)` is pure reasoning. A site
that could not be reached gets no grade: `unreachable(...)` says why, in words a person understands.
`pasted(robots, head)` checks what a person pasted instead of fetching it. Messages are English
templates marked with `_` (translated by the caller with `Finding.translated`); pure: no Django.
"""

from __future__ import annotations

import difflib
import errno
import json
import re
import socket
import ssl
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from optout.lib.http import NAME_NOT_FOUND

from .crawlers import Crawler, crawlers
from .robots import MAX_BYTES, RobotsTxt, extract_agent, lines_of


def _(text: str) -> str:
    """Marks a message for translation without importing Django; the web page translates it when shown."""
    return text


PURPOSE_LABELS = {
    "training": _("AI training"), "ai-search": _("AI search and answers"),
    "user-triggered": _("Fetches a person asked for"), "assistant": _("AI assistants and agents"),
    "search": _("Search engines"), "research": _("Research crawls"), "link-preview": _("Link previews"),
    "unknown": _("Unclear purpose"),
}
TIMEOUT = 10.0


@dataclass
class Fetched:
    status: int | None
    body: str = ""
    headers: dict = field(default_factory=dict)
    error: str = ""
    kind: str = ""  # why there is no answer: internal, dns, timeout, tls, refused, …
    why: tuple[str, dict] = ("", {})  # the same as a message template and its values, for translation
    checked: bool = True  # False when the person pasted the files and this one was not given


@dataclass
class Site:
    url: str
    robots: Fetched
    home: Fetched
    ai_txt: Fetched
    tdmrep: Fetched
    pasted: bool = False


@dataclass
class Finding:
    level: str  # error, warning, info
    text: str  # English template with %(name)s placeholders
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.text % self.params if self.params else self.text

    def translated(self, gettext) -> str:
        return gettext(self.text) % self.params if self.params else gettext(self.text)


@dataclass
class Report:
    url: str
    grade: str | None  # None: optout could not check the site, see `reason`
    summary: str
    by_purpose: dict[str, dict]
    crawlers: list[dict]
    signals: dict[str, bool | None]  # None: not checked
    findings: list[Finding]
    reason: str = ""  # why there is no grade: malformed, internal, dns, timeout, tls, refused, …
    explanation_text: str = ""
    explanation_params: dict = field(default_factory=dict)
    summary_params: dict = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        return self.explanation_text % self.explanation_params if self.explanation_params else self.explanation_text

    @property
    def summary_text(self) -> str:
        return self.summary % self.summary_params if self.summary_params else self.summary

    @property
    def reachable(self) -> bool:
        return self.grade is not None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["findings"] = [{"level": f.level, "message": f.message} for f in self.findings]
        data["reachable"] = self.reachable
        data["summary"] = self.summary_text
        data["explanation"] = self.explanation
        for name in ("summary_params", "explanation_text", "explanation_params"):
            data.pop(name)
        return data

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


def check_address(text: str) -> tuple[str | None, str]:
    """A normalised http(s) address, or None and why it is not one."""
    value = (text or "").strip()
    if not value:
        return None, _("Enter your site's address, for example https://example.org.")
    if not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        value = "https://" + value
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        return None, _("The port in this address is not a number.")
    if parts.scheme.lower() not in ("http", "https"):
        return None, _("Only http:// and https:// addresses can be checked.")
    host = parts.hostname or ""
    if not host or re.search(r"[\s<>\"{}|\\^`]", value) or not re.fullmatch(r"[\w.-]+|[0-9a-f:.]+", host, re.I):
        return None, _("This is not a web address. Enter something like https://example.org.")
    if "." not in host and host != "localhost" and ":" not in host:
        return None, _("This is not a web address: the name has no dot. Enter something like https://example.org.")
    return value, ""


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


REASONS = {
    "internal": _("optout does not check addresses inside your own network (%(host)s is one). Paste your robots.txt "
                  "below instead."),
    "malformed": _("This address cannot be checked: %(detail)s"),
    "dns": NAME_NOT_FOUND,
    "dns-lookup": _("The name %(host)s could not be looked up (no answer from DNS — is this computer offline?)."),
    "tls": _("TLS certificate problem: %(host)s did not show a valid certificate for its name, so the connection is not "
             "safe. (%(detail)s)"),
    "refused": _("%(host)s refused the connection: no web server answers at this address."),
    "timeout": _("No answer from %(host)s after %(seconds)s s."),
    "unreadable": _("%(host)s answered, but not with a page optout can read: %(detail)s"),
    "network": _("%(host)s could not be reached: %(detail)s"),
}


def _cause_code(cause: BaseException) -> str:
    if isinstance(cause, socket.gaierror):
        return "dns" if cause.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)) else "dns-lookup"
    if isinstance(cause, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(cause):
        return "tls"
    if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
        return "refused"
    return ""


def _text_code(kind: str, text: str) -> str:
    if kind == "ssrf":
        return "internal" if "internal address" in text else "malformed"
    if kind == "timeout":
        return "timeout"
    if "could not be found" in text or "Name or service not known" in text:
        return "dns"
    if "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text:
        return "tls"
    if "Connection refused" in text:
        return "refused"
    return "unreadable" if kind in ("protocol", "redirects", "too-large", "encoding", "content-type") else "network"


def explain(exc, host: str, timeout: float = TIMEOUT) -> tuple[str, str, dict]:
    """Why a fetch failed, as (code, message template, params) a person understands."""
    params = {"host": host, "seconds": f"{timeout:g}", "detail": str(exc)[:300]}
    kind = getattr(exc, "kind", "")
    code = "" if kind in ("ssrf", "timeout") else next(filter(None, map(_cause_code, _chain(exc))), "")
    code = code or _text_code(kind, str(exc))
    return code.removesuffix("-lookup"), REASONS[code], params


def limits(timeout: float = TIMEOUT):
    """Fetch limits for an audit: `timeout` seconds to connect and between bytes, three times that in all."""
    from optout.lib.http import Limits

    return Limits(connect_timeout=timeout, read_timeout=timeout, total_timeout=timeout * 3)


def gather(url: str, fetcher, timeout: float = TIMEOUT) -> Site:
    """Fetch the page first; only when the site answers, fetch robots.txt, ai.txt and tdmrep.json."""
    from optout.lib.http import FetchError, decode_text

    host = urlsplit(url).hostname or url

    def get(target: str, accept=("text/plain", "text/html", "application/json", "application/xhtml+xml")) -> Fetched:
        try:
            response = fetcher.get(target, accept=accept)
        except FetchError as exc:
            code, text, params = explain(exc, host, timeout)
            return Fetched(None, error=text % params, kind=code, why=(text, params))
        body = ""
        if response.status < 400 and response.body and accept == ():
            body = response.body[:MAX_BYTES].decode("utf-8", "surrogateescape")  # robots.txt: bytes as they are
        elif response.status < 400 and response.body:
            try:
                body = decode_text(response.body, response.charset)
            except FetchError as exc:
                return Fetched(response.status, headers=response.headers, error=str(exc), kind="encoding")
        return Fetched(response.status, body, response.headers)

    home = get(url)
    if home.status is None:
        missing = Fetched(None, error=home.error, kind=home.kind, why=home.why, checked=False)
        return Site(url=url, robots=missing, home=home, ai_txt=missing, tdmrep=missing)
    base = url if url.endswith("/") else url + "/"
    # Crawlers read robots.txt whatever its Content-Type, and only its first 500 KiB (RFC 9309 §2.5).
    return Site(
        url=url, robots=get(urljoin(base, "/robots.txt"), accept=()), home=home, ai_txt=get(urljoin(base, "/ai.txt")),
        tdmrep=get(urljoin(base, "/.well-known/tdmrep.json")),
    )


def pasted(robots: str, head: str = "", url: str = "") -> Site:
    """A site made of what a person pasted: robots.txt and, optionally, the page's HTML head."""
    not_given = Fetched(None, checked=False)
    return Site(url=url or _("(pasted)"), robots=Fetched(200, robots or ""),
                home=Fetched(200, head or "", checked=bool(head)), ai_txt=not_given, tdmrep=not_given, pasted=True)


def unreachable(url: str, reason: str, text: str, params: dict | None = None) -> Report:
    """The report for a site optout could not check: no grade, no counts, and why (a template and its values)."""
    return Report(url=url, grade=None, summary=_("No grade: optout could not check this site."), by_purpose={},
                  crawlers=[], signals={}, findings=[], reason=reason, explanation_text=text,
                  explanation_params=params or {})


def _robots(site: Site, findings: list[Finding]) -> RobotsTxt:
    status = site.robots.status
    if status is None:
        findings.append(Finding("error", _("robots.txt could not be fetched: %(reason)s Crawlers that follow RFC 9309 "
                                           "then treat the whole site as off-limits."), {"reason": site.robots.error}))
    elif status >= 400:
        findings.append(Finding("warning", _("There is no robots.txt (HTTP %(status)s): every crawler may take "
                                             "everything."), {"status": status}))
    elif re.match(r"\s*<(?:!doctype|html|head|body)", site.robots.body[:512], re.I):
        findings.append(Finding("error", _("/robots.txt answers with a web page (HTML), not a robots.txt file: crawlers "
                                           "find no rules in it. Ask your host to serve a plain-text robots.txt.")))
    return RobotsTxt.from_fetch(status, site.robots.body)


def _printable(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# Crawlers of search engines, SEO tools and link previews, which optout's registry (AI crawlers) does not list: a
# group for one of them is no typo of an AI crawler's name ("Googlebot" is not a misspelt "GoogleOther").
OTHER_CRAWLERS = frozenset(name.lower() for name in (
    "Googlebot", "Googlebot-Image", "Googlebot-News", "Googlebot-Video", "Storebot-Google", "AdsBot-Google",
    "AdsBot-Google-Mobile", "Mediapartners-Google", "Google-InspectionTool", "GoogleProducer", "Bingbot", "BingPreview",
    "AdIdxBot", "MSNBot", "Slurp", "DuckDuckBot", "Baiduspider", "YandexBot", "YandexImages", "Yeti", "Sogou",
    "Exabot", "Qwantbot", "SeznamBot", "Mojeekbot", "SemrushBot", "AhrefsBot", "MJ12bot", "DotBot", "rogerbot",
    "BLEXBot", "Screaming Frog SEO Spider", "facebookexternalhit", "Twitterbot", "LinkedInBot", "Pinterestbot",
    "Slackbot", "Discordbot", "TelegramBot", "WhatsApp", "Embedly", "ia_archiver", "archive.org_bot",
))


def typos(body: str, registry: dict[str, Crawler] | None = None) -> list[Finding]:
    """User-agent lines that name nobody because of a typo (GPT-Bot for GPTBot), and other mistakes."""
    registry = registry if registry is not None else crawlers()
    known = {c.token.lower(): c.token for c in registry.values()}
    findings = []
    for line in lines_of(body):
        if line.key != "user-agent":
            continue
        value = _printable(line.value)
        token = extract_agent(value).lower()
        named = [known[name] for name in re.split(r"[\s,;]+", value.lower()) if name in known]
        if len(named) > 1:
            findings.append(Finding("error", _("Line %(line)s: a User-agent line names one crawler, so “%(value)s” counts "
                                               "only as “%(token)s”; %(others)s are not refused here. Give each crawler "
                                               "its own User-agent line."),
                                    {"line": line.number, "value": value, "token": extract_agent(value),
                                     "others": ", ".join(named[1:])}))
            continue
        if (value == "*" or value.startswith("* ") or token in known or token in OTHER_CRAWLERS
                or value.lower() in known):  # a name published with digits (AI2Bot) is no typo of itself
            continue
        squashed = re.sub(r"[\s_-]", "", value.lower())
        spelt_apart = [name for name in known if re.sub(r"[_-]", "", name) == squashed]
        if spelt_apart:
            findings.append(Finding("error", _("Line %(line)s: “%(value)s” is not a crawler name; did you mean "
                                               "“%(name)s”? Crawlers match names exactly, so this group applies to nobody."),
                                    {"line": line.number, "value": value, "name": known[spelt_apart[0]]}))
            continue
        # A near spelling may be a crawler optout does not know: ask, do not call it a mistake.
        close = difflib.get_close_matches(value.lower(), list(known), n=1, cutoff=0.8)
        if close:
            findings.append(Finding("warning", _("Line %(line)s: optout knows no crawler called “%(value)s”. If you "
                                                 "meant “%(name)s”, write it exactly so: crawlers match names exactly."),
                                    {"line": line.number, "value": value, "name": known[close[0]]}))
        elif re.search(r"[\s/.]", value):
            findings.append(Finding("warning", _("Line %(line)s: “%(value)s” is not a valid robots.txt name (RFC 9309); "
                                                 "only “%(token)s” counts."),
                                    {"line": line.number, "value": value, "token": extract_agent(value)}))
    return findings


def _mistakes(body: str, registry: dict[str, Crawler], findings: list[Finding]) -> None:
    findings.extend(typos(body, registry))
    seen_agent = False
    agents_seen = set()
    for line in lines_of(body):
        if line.key == "user-agent":
            seen_agent = True
            agents_seen.add(extract_agent(line.value).lower())
        elif line.key in ("allow", "disallow") and not seen_agent:
            findings.append(Finding("error", _("Line %(line)s: “%(key)s: %(value)s” comes before any User-agent line, "
                                               "so no crawler reads it."),
                                    {"line": line.number, "key": _printable(line.raw_key), "value": _printable(line.value)}))
        elif line.key in ("allow", "disallow") and line.value and not line.value.startswith(("/", "*")):
            # RFC 9309 §2.2.2: a path starts with "/"; crawlers compare it with the page's path, which always does
            findings.append(Finding("error", _("Line %(line)s: “%(key)s: %(value)s” matches no page, because a path "
                                               "starts with “/”. Write “%(key)s: /%(value)s”."),
                                    {"line": line.number, "key": _printable(line.raw_key), "value": _printable(line.value)}))
        elif line.key == "unknown" and line.raw_key.lower() not in ("content-signal", "content-usage", "crawl-delay", "host",
                                                                     "clean-param", "request-rate", "noindex"):
            findings.append(Finding("warning", _("Line %(line)s: “%(key)s” is not a robots.txt rule and is ignored."),
                                    {"line": line.number, "key": _printable(line.raw_key)}))
    if "googlebot" in agents_seen and "google-extended" not in agents_seen:
        findings.append(Finding("info", _("A Googlebot group does not cover Google-Extended (Gemini training); name it "
                                          "in its own group if you want to refuse it.")))


def _header(headers: dict, name: str) -> str:
    return " ".join(v for k, v in headers.items() if k.lower() == name).lower()


class _MetaTags(HTMLParser):
    """The name → content of each <meta> tag, its attributes in any order and quoting (HTML allows all)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            values = {key: value or "" for key, value in attrs}
            if "name" in values:
                self.found.setdefault(values["name"].strip().lower(), []).append(values.get("content", "").lower())


def _meta_tags(html: str) -> dict[str, list[str]]:
    parser = _MetaTags()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # a broken tag ends the reading, keeping what came before it
        pass
    return parser.found


def _pairs(value: str) -> dict[str, str]:
    """"search=yes, ai-train=no" as {"search": "yes", "ai-train": "no"}."""
    pairs = {}
    for part in value.split(","):
        key, equals, setting = part.partition("=")
        if equals:
            pairs[key.strip().lower()] = setting.strip().strip('"').lower()
    return pairs


def _directive(body: str, name: str) -> list[dict[str, str]]:
    """The settings of each robots.txt line called `name` (comments gone, as crawlers read them)."""
    return [_pairs(line.value) for line in lines_of(body) if line.key == "unknown" and line.raw_key.lower() == name]


def _refuses_training(settings: list[dict[str, str]], keys: tuple[str, ...], no: str) -> bool:
    return any(setting.get(key) == no for setting in settings for key in keys)


# Content-Usage (IETF aipref drafts): "train-ai=n", or its narrower "train-genai=n" of earlier drafts.
USAGE_KEYS = ("train-ai", "train-genai")


def _signals(site: Site, body: str) -> dict[str, bool | None]:
    """Each no-AI signal: present (True), absent (False) or not checked (None). A signal that says yes to AI training
    ("ai-train=yes", an ai.txt that allows everything) is no refusal, and a comment is no signal."""
    home_checked, headers_checked = site.home.checked, site.home.checked and not site.pasted
    meta = _meta_tags(site.home.body) if home_checked else {}
    robots_tag = _header(site.home.headers, "x-robots-tag")
    tdm_header = _header(site.home.headers, "tdm-reservation").strip() == "1"
    usage_header = _pairs(_header(site.home.headers, "content-usage"))
    try:
        tdm_json = site.tdmrep.status == 200 and any(e.get("tdm-reservation") == 1 for e in json.loads(site.tdmrep.body or "[]"))
    except (ValueError, AttributeError):
        tdm_json = False
    meta_tdm = any(content.strip() == "1" for content in meta.get("tdm-reservation", []))
    meta_noai = any(re.search(r"\bnoai\b", content) for content in meta.get("robots", []))
    ai_txt_refuses = site.ai_txt.status == 200 and any(line.key == "disallow" and line.value.strip()
                                                       for line in lines_of(site.ai_txt.body))

    def checked(flag: bool, *sources: bool) -> bool | None:
        return True if flag else (False if all(sources) else None)

    return {
        "robots.txt": site.robots.status is not None and site.robots.status < 400,
        "content-signal": _refuses_training(_directive(body, "content-signal"), ("ai-train",), "no"),
        "content-usage": checked(_refuses_training([*_directive(body, "content-usage"), usage_header], USAGE_KEYS, "n"),
                                 headers_checked),
        "ai.txt": checked(ai_txt_refuses, site.ai_txt.checked),
        "tdmrep.json": checked(tdm_json, site.tdmrep.checked),
        "tdm-reservation header or meta": checked(tdm_header or meta_tdm, home_checked, headers_checked),
        "noai meta tag": checked(meta_noai, home_checked),
        "X-Robots-Tag noai": checked(bool(re.search(r"\bnoai\b", robots_tag)), headers_checked),
    }


# Every signal but robots.txt counts towards the grade: optout's own generator writes each of them.
EXTRAS = ("content-signal", "content-usage", "ai.txt", "tdmrep.json", "tdm-reservation header or meta", "noai meta tag",
          "X-Robots-Tag noai")
# The signals' names as pages show them (the keys stay as they are in JSON output); file and header names are not
# translated.
SIGNAL_LABELS = {"tdm-reservation header or meta": _("tdm-reservation header or meta tag"),
                 "noai meta tag": _("noai meta tag")}


def _grade(by_purpose: dict[str, dict], signals: dict[str, bool | None], pages: list[str]) -> tuple[str, str, dict]:
    training = by_purpose.get("training", {"blocked": 0, "total": 0})
    share = training["blocked"] / training["total"] if training["total"] else 0
    extras = sum(bool(signals[k]) for k in EXTRAS)
    if share >= 0.9:
        grade = "A" if extras >= 2 else "B"
    elif share >= 0.5:
        grade = "C"
    elif share > 0 or extras:
        grade = "D"
    else:
        grade = "F"
    # "1 other no-AI signals are present" read wrong in every language: a count after a colon needs no plural
    params = {"blocked": training["blocked"], "total": training["total"], "extras": extras, "extras_total": len(EXTRAS),
              "pages": ", ".join(pages)}
    unchecked = [k for k in EXTRAS if signals[k] is None]
    if unchecked:
        params["unchecked"] = ", ".join(unchecked)
        params["unchecked_keys"] = unchecked  # for pages to name them in their language (SIGNAL_LABELS)
        return grade, _("%(blocked)s of %(total)s known AI-training crawlers are refused on the pages checked "
                        "(%(pages)s). Other no-AI signals present: %(extras)s of %(extras_total)s. Not checked (not given): "
                        "%(unchecked)s — the grade counts them as missing."), params
    return grade, _("%(blocked)s of %(total)s known AI-training crawlers are refused on the pages checked "
                    "(%(pages)s). Other no-AI signals present: %(extras)s of %(extras_total)s."), params


# A server that refuses robots.txt to optout (bot protection, a login, a rate limit) may serve it to crawlers: what
# they get is unknown. 429 is a server's "not now", which Google reads as a server error.
REFUSED_STATUSES = (401, 403, 429)
UNSURE_ROBOTS = {
    "server-error": _("robots.txt answers with a server error (HTTP %(status)s). For now, crawlers that follow RFC 9309 "
                      "take nothing from the site — search engines included — but after a long outage many read it as "
                      "a site without robots.txt and take everything. Have the server give robots.txt again, then check "
                      "again; or paste your robots.txt below."),
    "refused": _("The server refused optout's request for robots.txt (HTTP %(status)s), so optout cannot tell what "
                 "crawlers get: the same refusal, after which they may take everything, or the file itself. Paste your "
                 "robots.txt below to check it."),
}
PATH_SAFE = "/%?;:@&=+$,!~*'()[]"  # what a crawler leaves as it is in a page's address; the rest is %-encoded


def pages_checked(site_url: str, paths: list[str] | None) -> list[str]:
    """The home page, the path of the address given, then the pages asked for: each once, %-encoded as crawlers ask
    for them (RFC 9309 §2.2.2 compares encoded paths, so "/café/" is asked for as "/caf%C3%A9/")."""
    given = urlsplit(site_url).path if site_url.startswith(("http://", "https://")) else ""
    pages = []
    for path in ["/", given, *(paths or [])]:
        path = (path or "").strip()
        if not path:
            continue
        path = quote(path if path.startswith("/") else "/" + path, safe=PATH_SAFE)
        if path not in pages:
            pages.append(path)
    return pages


def audit(site: Site, paths: list[str] | None = None, registry: dict[str, Crawler] | None = None) -> Report:
    registry = registry if registry is not None else crawlers()
    paths = pages_checked(site.url, paths)
    if site.home.status is None and site.home.checked:
        return unreachable(site.url, site.home.kind, *site.home.why)
    if site.robots.status is None and not site.pasted:
        # The page answered but robots.txt did not: what crawlers see is unknown, so no grade.
        return unreachable(site.url, site.robots.kind, *site.robots.why)
    status = site.robots.status
    if not site.pasted and status is not None and (status >= 500 or status in REFUSED_STATUSES):
        kind = "server-error" if status >= 500 else "refused"
        return unreachable(site.url, kind, UNSURE_ROBOTS[kind], {"status": status})
    findings: list[Finding] = []
    robots = _robots(site, findings)
    body = site.robots.body if site.robots.status and site.robots.status < 400 else ""
    _mistakes(body, registry, findings)
    rows, by_purpose = [], {}
    base = site.url if site.url.startswith(("http://", "https://")) else "https://example.org/"
    for crawler in sorted(registry.values(), key=lambda c: c.token.lower()):
        allowed = {path: crawler.allowed_in(robots, urljoin(base, path)) for path in paths}
        refused = not any(allowed.values())
        rows.append({"token": crawler.token, "purpose": crawler.purpose, "allowed": allowed, "refused": refused,
                     "respects_robots": crawler.respects_robots})
        if crawler.read_as_a_search_engine:
            # optout itself advises against naming it (it could refuse a search engine): neither held against a site
            # nor counted for it, so the number of crawlers stays the same whatever the file says
            continue
        bucket = by_purpose.setdefault(crawler.purpose, {"label": PURPOSE_LABELS[crawler.purpose], "blocked": 0, "total": 0})
        bucket["total"] += 1
        bucket["blocked"] += refused
    if not any(robots.is_allowed(engine, urljoin(base, path)) for engine in ("Googlebot", "Bingbot") for path in paths):
        findings.append(Finding("warning", _("This robots.txt refuses search engines too (Googlebot and Bingbot may not "
                                             "crawl the pages checked): the site disappears from Google and Bing "
                                             "search. To refuse only AI crawlers, name them in their own groups.")))
    signals = _signals(site, body)
    grade, summary, params = _grade(by_purpose, signals, paths)
    # Refused or not, these take what they want: the ones this file refuses are named first, as the ones the person
    # means to stop and robots.txt will not.
    ignoring = sorted((r for r in rows if r["respects_robots"] == "no"), key=lambda r: not r["refused"])
    if ignoring:
        findings.append(Finding("info", _("Crawlers known not to follow robots.txt: %(count)s (for example %(examples)s). "
                                          "Whatever robots.txt says, only rules on the server stop them."),
                                {"count": len(ignoring), "examples": ", ".join(r["token"] for r in ignoring[:3])}))
    return Report(site.url, grade, summary, by_purpose, rows, signals, findings, summary_params=params)
