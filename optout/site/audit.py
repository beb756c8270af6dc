"""Auditing a website's AI opt-out signals: what each crawler may do, what is present, what is wrong.

`gather(url, fetcher)` does the (SSRF-safe, bounded) fetching; `audit(...)` is pure reasoning.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin

from .crawlers import Crawler, crawlers
from .robots import RobotsTxt, lines_of

PURPOSE_LABELS = {
    "training": "AI training", "ai-search": "AI search and answers", "user-triggered": "fetches a person asked for",
    "assistant": "AI assistants and agents", "unknown": "unclear purpose",
}


@dataclass
class Fetched:
    status: int | None
    body: str = ""
    headers: dict = field(default_factory=dict)
    error: str = ""


@dataclass
class Site:
    url: str
    robots: Fetched
    home: Fetched
    ai_txt: Fetched
    tdmrep: Fetched


@dataclass
class Finding:
    level: str  # error, warning, info
    message: str


@dataclass
class Report:
    url: str
    grade: str
    summary: str
    by_purpose: dict[str, dict]
    crawlers: list[dict]
    signals: dict[str, bool]
    findings: list[Finding]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["findings"] = [asdict(f) for f in self.findings]
        return data

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


def gather(url: str, fetcher) -> Site:
    from optout.lib.http import FetchError, decode_text

    def get(target: str, accept=("text/plain", "text/html", "application/json", "application/xhtml+xml")) -> Fetched:
        try:
            response = fetcher.get(target, accept=accept)
        except FetchError as exc:
            return Fetched(None, error=str(exc))
        body = ""
        if response.status < 400 and response.body:
            try:
                body = decode_text(response.body, response.charset)
            except FetchError as exc:
                return Fetched(response.status, headers=response.headers, error=str(exc))
        return Fetched(response.status, body, response.headers)

    base = url if url.endswith("/") else url + "/"
    return Site(
        url=url, robots=get(urljoin(base, "/robots.txt")), home=get(url), ai_txt=get(urljoin(base, "/ai.txt")),
        tdmrep=get(urljoin(base, "/.well-known/tdmrep.json")),
    )


def _robots(site: Site, findings: list[Finding]) -> RobotsTxt:
    status = site.robots.status
    if status is None or status >= 500:
        findings.append(Finding("error", "robots.txt could not be fetched (server error or no answer). Crawlers that follow "
                                "RFC 9309 then treat the whole site as off-limits — which also hides it from search engines."))
    elif status >= 400:
        findings.append(Finding("warning", f"There is no robots.txt (HTTP {status}): every crawler may take everything."))
    return RobotsTxt.from_fetch(status, site.robots.body)


def _mistakes(body: str, registry: dict[str, Crawler], findings: list[Finding]) -> None:
    known = {c.token.lower(): c.token for c in registry.values()}
    seen_agent = False
    agents_seen = set()
    for line in lines_of(body):
        if line.key == "user-agent":
            seen_agent = True
            value = line.value.strip()
            token = re.match(r"[A-Za-z_-]*", value).group(0).lower()
            agents_seen.add(token)
            if value == "*" or token in known:
                continue
            close = difflib.get_close_matches(value.lower(), list(known), n=1, cutoff=0.8)
            if close:
                findings.append(Finding("error", f"Line {line.number}: “{value}” is not a crawler name; did you mean "
                                        f"“{known[close[0]]}”? Crawlers match names exactly, so this group applies to nobody."))
            elif re.search(r"[\s/.]", value):
                findings.append(Finding("warning", f"Line {line.number}: “{value}” is not a valid robots.txt name (RFC 9309); "
                                        f"only “{token}” counts."))
        elif line.key in ("allow", "disallow") and not seen_agent:
            findings.append(Finding("error", f"Line {line.number}: “{line.raw_key}: {line.value}” comes before any "
                                    "User-agent line, so no crawler reads it."))
        elif line.key == "unknown" and line.raw_key.lower() not in ("content-signal", "content-usage", "crawl-delay", "host",
                                                                     "clean-param", "request-rate", "noindex"):
            findings.append(Finding("warning", f"Line {line.number}: “{line.raw_key}” is not a robots.txt rule and is ignored."))
    if "googlebot" in agents_seen and "google-extended" not in agents_seen:
        findings.append(Finding("info", "A Googlebot group does not cover Google-Extended (Gemini training); name it in its "
                                "own group if you want to refuse it."))


def _signals(site: Site, body: str) -> dict[str, bool]:
    html = site.home.body.lower()
    robots_tag = " ".join(v.lower() for k, v in site.home.headers.items() if k.lower() == "x-robots-tag")
    tdm_header = any(k.lower() == "tdm-reservation" and v.strip() == "1" for k, v in site.home.headers.items())
    try:
        tdm_json = site.tdmrep.status == 200 and any(e.get("tdm-reservation") == 1 for e in json.loads(site.tdmrep.body or "[]"))
    except (ValueError, AttributeError):
        tdm_json = False
    return {
        "robots.txt": site.robots.status is not None and site.robots.status < 400,
        "content-signal": "content-signal:" in body.lower(),
        "content-usage": "content-usage:" in body.lower(),
        "ai.txt": site.ai_txt.status == 200 and "user-agent" in site.ai_txt.body.lower(),
        "tdmrep.json": tdm_json,
        "tdm-reservation header or meta": tdm_header or bool(re.search(r'<meta[^>]+name=["\']tdm-reservation["\'][^>]+content=["\']1', html)),
        "noai meta tag": bool(re.search(r'<meta[^>]+name=["\']robots["\'][^>]+content=["\'][^"\']*noai', html)),
        "X-Robots-Tag noai": "noai" in robots_tag,
    }


def _grade(by_purpose: dict[str, dict], signals: dict[str, bool]) -> tuple[str, str]:
    training = by_purpose.get("training", {"blocked": 0, "total": 0})
    share = training["blocked"] / training["total"] if training["total"] else 0
    extras = sum(signals[k] for k in ("tdmrep.json", "noai meta tag", "X-Robots-Tag noai", "content-signal", "ai.txt"))
    if share >= 0.9:
        grade = "A" if extras >= 2 else "B"
    elif share >= 0.5:
        grade = "C"
    elif share > 0 or extras:
        grade = "D"
    else:
        grade = "F"
    summary = (f"{training['blocked']} of {training['total']} known AI-training crawlers are refused for the pages checked, "
               f"and {extras} other no-AI signals are present.")
    return grade, summary


def audit(site: Site, paths: list[str] | None = None, registry: dict[str, Crawler] | None = None) -> Report:
    registry = registry if registry is not None else crawlers()
    paths = paths or ["/"]
    findings: list[Finding] = []
    robots = _robots(site, findings)
    body = site.robots.body if site.robots.status and site.robots.status < 400 else ""
    _mistakes(body, registry, findings)
    rows, by_purpose = [], {}
    for crawler in sorted(registry.values(), key=lambda c: c.token.lower()):
        allowed = {path: robots.is_allowed(crawler.token if crawler.valid_token else crawler.match, urljoin(site.url, path))
                   for path in paths}
        refused = not any(allowed.values())
        rows.append({"token": crawler.token, "purpose": crawler.purpose, "allowed": allowed, "refused": refused,
                     "honours_robots": crawler.honours_robots})
        bucket = by_purpose.setdefault(crawler.purpose, {"label": PURPOSE_LABELS[crawler.purpose], "blocked": 0, "total": 0})
        bucket["total"] += 1
        bucket["blocked"] += refused
    signals = _signals(site, body)
    grade, summary = _grade(by_purpose, signals)
    ignoring = [r["token"] for r in rows if r["honours_robots"] == "no" and not r["refused"]]
    if ignoring:
        findings.append(Finding("info", f"{len(ignoring)} crawlers are known not to follow robots.txt (for example "
                                f"{', '.join(ignoring[:3])}); only server rules stop them."))
    return Report(site.url, grade, summary, by_purpose, rows, signals, findings)
