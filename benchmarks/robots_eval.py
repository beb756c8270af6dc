"""robots.txt evaluation speed: optout against Protego and Google's C++ library, same files, same checks, one run.

Three files like real sites publish: small (~300 B, a personal site), medium (~3 KB, a shop with a few dozen
rules) and large (~30 KB, a news site: hundreds of rules in its * group and a hundred crawler groups). Each
is made by a seeded generator from path shapes seen on such sites (articles, tags, search, feeds, APIs,
tracking parameters, wildcards and `$`), not from the cases the evaluator was tuned on.

Two lines per file:
  parse+check  parse the file, then answer 200 (agent, URL) checks — what an audit of one site does
  pre-parsed   the same 200 checks on a file parsed beforehand — what the log report does
Google's library (jwm.robotstxt) parses the file on every call, so it has only the parse+check line and its
figure is per check. Prints checks per second, optout's ratio to Protego (target >= 2x on every line),
the core count and the sizes. Run: .venv/bin/python benchmarks/robots_eval.py [--quick]
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from protego import Protego  # noqa: E402

from optout.site.robots import RobotsTxt  # noqa: E402

try:
    from jwm.robotstxt import googlebot  # noqa: E402
except ImportError:  # pragma: no cover - the test extras install it
    googlebot = None

AI_AGENTS = ["GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "Applebot-Extended", "Bytespider", "PerplexityBot",
             "Amazonbot", "Meta-ExternalAgent", "anthropic-ai", "cohere-ai", "Diffbot", "omgili", "Timpibot",
             "ImagesiftBot", "YouBot", "ChatGPT-User", "OAI-SearchBot", "FacebookBot", "img2dataset"]
OTHER_AGENTS = ["Googlebot", "Bingbot", "DuckDuckBot", "Applebot", "YandexBot", "Baiduspider", "Twitterbot",
                "facebookexternalhit", "AhrefsBot", "SemrushBot", "MJ12bot", "Mozilla", "curl", "SomeBrowser"]
SECTIONS = ["news", "world", "politics", "business", "sport", "culture", "opinion", "tech", "science", "travel",
            "food", "style", "video", "podcasts", "live", "weather", "local", "obituaries", "puzzles", "lifestyle"]
WORDS = ["election", "market", "storm", "review", "final", "budget", "recipe", "guide", "interview", "report",
         "analysis", "photos", "results", "update", "explained", "letters", "column", "preview", "recap", "trial"]
CHECKS = 200


def _words(rng: random.Random, count: int) -> str:
    return "-".join(rng.choice(WORDS) for _ in range(count))


def small_file() -> str:
    return ("# Personal site\nUser-agent: *\nDisallow: /admin/\nDisallow: /drafts/\nAllow: /admin/public/\n"
            "Disallow: /*.pdf$\nDisallow: /private/\nDisallow: /tmp/\n\nUser-agent: GPTBot\nDisallow: /\n\nUser-agent: CCBot\nDisallow: /\n\n"
            "User-agent: Google-Extended\nDisallow: /\n\nSitemap: https://example.org/sitemap.xml\n")


def medium_file(rng: random.Random) -> str:
    lines = ["# Shop", "User-agent: *"]
    for path in ("/cart", "/checkout/", "/account/", "/wishlist", "/search", "/*?sort=", "/*?filter=", "/*&page=",
                 "/*.json$", "/api/", "/admin/", "/wp-admin/", "/wp-login.php", "/tmp/", "/cgi-bin/", "/*?sessionid=",
                 "/compare/", "/print/", "/*/reviews?page=", "/static/private/"):
        lines.append(f"Disallow: {path}")
    lines += ["Allow: /wp-admin/admin-ajax.php", "Allow: /api/public/", "Crawl-delay: 5", ""]
    for agent in AI_AGENTS:
        lines += [f"User-agent: {agent}", "Disallow: /", ""]
    lines += ["User-agent: *"]
    for section in SECTIONS:
        lines.append(f"Disallow: /{section}/{_words(rng, 2)}/")
    for param in ("utm_source", "utm_medium", "utm_campaign", "gclid", "fbclid", "ref", "color", "size", "price", "brand"):
        lines.append(f"Disallow: /*?{param}=")
    for section in SECTIONS[:10]:
        lines.append(f"Allow: /{section}/")
    for section in SECTIONS:
        lines.append(f"Disallow: /{section}/print/")
    lines += ["", "User-agent: Googlebot", "Disallow: /search", "Allow: /", "", "Sitemap: https://shop.example/sitemap.xml"]
    return "\n".join(lines) + "\n"


def large_file(rng: random.Random) -> str:
    lines = ["# News site robots.txt", "User-agent: *"]
    while sum(len(line) + 1 for line in lines) < 24_000:
        section = rng.choice(SECTIONS)
        shape = rng.random()
        if shape < 0.45:
            lines.append(f"Disallow: /{section}/{_words(rng, rng.randint(1, 3))}/")
        elif shape < 0.6:
            lines.append(f"Disallow: /{section}/*?{rng.choice(['utm_source', 'share', 'ref', 'amp', 'output'])}=")
        elif shape < 0.7:
            lines.append(f"Disallow: /{section}/*/{rng.choice(['feed', 'comments', 'print', 'embed'])}$")
        elif shape < 0.8:
            lines.append(f"Allow: /{section}/{_words(rng, 1)}")
        elif shape < 0.9:
            lines.append(f"Disallow: /api/v{rng.randint(1, 3)}/{section}/{_words(rng, 1)}")
        else:
            lines.append(f"Disallow: /*{rng.choice(['.json', '.xml', '.rss', '?format=', '/amp/'])}{rng.randint(1, 99)}")
    lines.append("")
    for index, agent in enumerate(AI_AGENTS * 5):
        name = agent if index < len(AI_AGENTS) else f"{agent}{index}"
        lines += [f"User-agent: {name}", "Disallow: /", ""]
    lines += ["User-agent: Googlebot-News", f"Disallow: /{SECTIONS[0]}/archive/", "", "Sitemap: https://news.example/sitemap.xml"]
    return "\n".join(lines) + "\n"


def checks(rng: random.Random) -> list[tuple[str, str]]:
    agents = AI_AGENTS + OTHER_AGENTS
    out = []
    for _ in range(CHECKS):
        section = rng.choice(SECTIONS)
        path = rng.choice([
            f"/{section}/{_words(rng, rng.randint(1, 3))}/",
            f"/{section}/2026/11/{rng.randint(1, 30):02d}/{_words(rng, 4)}",
            f"/{section}/{_words(rng, 3)}?utm_source=x",
            f"/api/v{rng.randint(1, 3)}/{section}/{_words(rng, 1)}",
            f"/{section}/{_words(rng, 2)}/feed",
            "/", "/search?q=art", "/doc.pdf", "/admin/public/x", "/cart",
        ])
        out.append((rng.choice(agents), "https://example.org" + path))
    return out


def _ours(data: bytes, cases, parse: bool):
    parsed = RobotsTxt.parse(data)

    def run():
        robots = RobotsTxt.parse(data) if parse else parsed
        for agent, url in cases:
            robots.allowed_by_rules(agent, url)
    return run


def _protego(body: str, cases, parse: bool):
    parsed = Protego.parse(body)

    def run():
        robots = Protego.parse(body) if parse else parsed
        for agent, url in cases:
            robots.can_fetch(url, agent)
    return run


def _google(data: bytes, cases):
    matcher = googlebot.RobotsMatcher()

    def run():
        for agent, url in cases:
            matcher.OneAgentAllowedByRobots(data, agent, url)
    return run


def measure(body: str, cases: list[tuple[str, str]], repeats: int) -> dict[str, float]:
    """Checks per second for each line, each function timed best-of-`repeats`, the functions interleaved."""
    data = body.encode()
    functions = {
        "optout parse+check": _ours(data, cases, True), "protego parse+check": _protego(body, cases, True),
        "optout pre-parsed": _ours(data, cases, False), "protego pre-parsed": _protego(body, cases, False),
    }
    if googlebot is not None:
        functions["google parse+check"] = _google(data, cases)
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeats):  # interleaved, so that other load on the machine hits every side alike
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: len(cases) / seconds for name, seconds in best.items()}


def main() -> None:
    quick = "--quick" in sys.argv
    rng = random.Random(7)
    files = {"small": small_file(), "medium": medium_file(rng), "large": large_file(rng)}
    cases = checks(random.Random(11))
    repeats = 3 if quick else 15
    print(f"robots.txt evaluation — {os.cpu_count()} cores, {len(cases)} (agent, URL) checks per file, best of {repeats}")
    print(f"{'file':8} {'size':>8} {'rules':>6}  {'line':12} {'optout/s':>11} {'protego/s':>11} {'ratio':>7} {'google/s':>11}")
    worst = float("inf")
    for name, body in files.items():
        rules = sum(1 for line in body.splitlines() if line.lower().startswith(("allow", "disallow")))
        figures = measure(body, cases, repeats)
        for line in ("parse+check", "pre-parsed"):
            ours, theirs = figures[f"optout {line}"], figures[f"protego {line}"]
            worst = min(worst, ours / theirs)
            google = figures.get(f"google {line}")
            google_text = f"{google:11,.0f}" if google else f"{'n/a':>11}"
            print(f"{name:8} {len(body.encode()):>7,}B {rules:>6}  {line:12} {ours:11,.0f} {theirs:11,.0f} "
                  f"{ours / theirs:6.2f}x {google_text}")
    print(f"worst ratio to Protego: {worst:.2f}x (target >= 2.0x on every line); "
          "Google's library is the reference for the answers (tests/test_robots_differential.py)")


if __name__ == "__main__":
    main()
