"""Opt-out signals for a person's own website, from one set of choices. Pure: no Django.

Each output is a small function in OUTPUTS (one registry line per kind). robots.txt rules are
merged into the site's existing file between marker comments, so the person's own rules stay as
they were and running the generator again replaces only optout's part.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .audit import Finding, _, typos
from .crawlers import Crawler, crawlers, name_pattern
from .robots import RobotsTxt, is_valid_token

BEGIN = "# BEGIN optout: AI crawlers (generated; edit your choices in optout, not here)"
END = "# END optout"


@dataclass(frozen=True)
class Choices:
    """What the person allows. Training is always refused; the rest is theirs to decide.

    Search engines, research crawls and link previews (Facebook, X, LinkedIn, Slack, Discord, iMessage, WhatsApp,
    Telegram) are let in unless the person chooses otherwise; so are agents of unclear purpose when they say so.
    """

    block_ai_search: bool = False
    block_user_triggered: bool = False
    block_assistants: bool = True
    block_unknown: bool = True
    block_search: bool = False
    block_research: bool = False
    block_link_preview: bool = False
    images_only: bool = False  # ai.txt: refuse only media files
    policy_url: str = ""  # TDMRep: where the licensing terms are

    def blocks(self, crawler: Crawler) -> bool:
        return {
            "training": True, "ai-search": self.block_ai_search, "user-triggered": self.block_user_triggered,
            "assistant": self.block_assistants, "unknown": self.block_unknown, "search": self.block_search,
            "research": self.block_research, "link-preview": self.block_link_preview,
        }[crawler.purpose]


def blocked(choices: Choices, registry: dict[str, Crawler] | None = None) -> list[Crawler]:
    registry = registry if registry is not None else crawlers()
    return sorted((c for c in registry.values() if choices.blocks(c)), key=lambda c: c.token.lower())


def _without_our_block(text: str) -> str:
    pattern = re.compile(rf"\n*{re.escape(BEGIN)}.*?{re.escape(END)}[^\n]*\n?", re.S)
    return pattern.sub("\n", text).strip("\n")


# The Content Signals Policy (https://contentsignals.org/, published by Cloudflare under CC0): the reservation of
# rights that the Content-Signal line refers to, as the policy asks sites to publish it, unchanged.
CONTENT_SIGNALS_POLICY = """\
# As a condition of accessing this website, you agree to abide by
# the following content signals:
#
# (a)  If a content-signal = yes, you may collect content for the
# corresponding use.
# (b)  If a content-signal = no, you may not collect content for
# the corresponding use.
# (c)  If the website operator does not include a content signal
# for a corresponding use, the website operator neither grants nor
# restricts permission via content signal with respect to the
# corresponding use.
#
# The content signals and their meanings are:
#
# search: building a search index and providing search results
# (e.g., returning hyperlinks and short excerpts from your
# website's contents).  Search does not include providing
# AI-generated search summaries.
# ai-input: inputting content into one or more AI models (e.g.,
# retrieval augmented generation, grounding, or other real-time
# taking of content for generative AI search answers).
# ai-train: training or fine-tuning AI models.
#
# ANY RESTRICTIONS EXPRESSED VIA CONTENT SIGNALS ARE EXPRESS
# RESERVATIONS OF RIGHTS UNDER ARTICLE 4 OF THE EUROPEAN UNION
# DIRECTIVE 2019/790 ON COPYRIGHT AND RELATED RIGHTS IN THE
# DIGITAL SINGLE MARKET."""
CONTENT_USAGE = "train-ai=n"  # IETF aipref: draft-ietf-aipref-attach (robots.txt rule and HTTP field), vocabulary draft


def robots_txt(existing: str, choices: Choices, registry: dict[str, Crawler] | None = None) -> tuple[str, list[Finding]]:
    """The merged robots.txt and notes for the person (agents left alone and why, typos in their own lines)."""
    base = _without_our_block(existing.replace("\r\n", "\n").replace("\r", "\n"))
    notes: list[Finding] = [Finding("warning", f.text, f.params) for f in typos(base, registry)]
    tokens, unnameable = [], []
    theirs = RobotsTxt.parse(base)
    for crawler in blocked(choices, registry):
        if not crawler.valid_token:
            # Not an RFC 9309 product token, but the name its operator tells sites to write (AI2Bot): written as it is
            unnameable.append(crawler.token)
        if theirs.names(crawler.token):
            notes.append(Finding("info", _("%(token)s already has its own group in your robots.txt; optout left it as "
                                           "you wrote it."), {"token": crawler.token}))
            continue
        tokens.append(crawler.token)
    tokens = sorted(dict.fromkeys(tokens), key=str.lower)
    if unnameable:
        notes.append(Finding("info", _("%(count)s of the crawlers you refuse have names outside the robots.txt standard "
                                       "(for example %(examples)s): robots.txt names them as their operators write "
                                       "them, which a crawler reading the standard strictly may not match, and the "
                                       "server rules below refuse them by name too."),
                             {"count": len(unnameable), "examples": ", ".join(sorted(unnameable, key=str.lower)[:3])}))
    lines = [BEGIN, *(f"User-agent: {token}" for token in tokens), "Disallow: /", END] if tokens else []
    merged = base + ("\n\n" if base else "") + "\n".join(lines) if lines else base
    if "content-signal" not in base.lower() and lines:
        ai_input = "no" if choices.block_ai_search else "yes"
        signals = [
            "",
            "# Content signals: Cloudflare's Content Signals Policy (contentsignals.org, CC0) and the IETF",
            "# AI-preferences drafts (Content-Usage). Both are drafts that crawlers may ignore; the refusals above",
            "# are what robots.txt-following crawlers obey. The policy text, as published:",
            CONTENT_SIGNALS_POLICY, "User-agent: *", f"Content-Signal: search=yes, ai-input={ai_input}, ai-train=no",
            f"Content-Usage: {CONTENT_USAGE}", "Allow: /",
        ]
        if "*" in theirs.agents():
            notes.append(Finding("info", _("Your robots.txt already has a * group, so optout added no content signals; "
                                           "add “Content-Signal: ai-train=no” and “Content-Usage: train-ai=n” to it "
                                           "yourself.")))
        else:
            merged = merged.replace(END, "\n".join([*signals, END]))
    return merged.rstrip("\n") + "\n", notes


def ai_txt(choices: Choices) -> str:
    """ai.txt (Spawning's format): robots.txt-style rules about using files for AI training."""
    lines = ["# ai.txt: this site's content may not be used to train AI models.", "User-Agent: *"]
    if choices.images_only:
        lines += [f"Disallow: *.{ext}" for ext in ("jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "tif", "tiff")]
    else:
        lines.append("Disallow: /")
    return "\n".join(lines) + "\n"


def tdmrep_json(choices: Choices) -> str:
    """/.well-known/tdmrep.json (W3C TDMRep): text and data mining rights reserved for the whole site."""
    entry = {"location": "/", "tdm-reservation": 1}
    if choices.policy_url:
        entry["tdm-policy"] = choices.policy_url
    return json.dumps([entry], indent=2) + "\n"


def html_meta(choices: Choices) -> str:
    tags = ['<meta name="tdm-reservation" content="1">', '<meta name="robots" content="noai, noimageai">']
    if choices.policy_url:
        tags.insert(1, f'<meta name="tdm-policy" content="{choices.policy_url}">')
    return "\n".join(tags) + "\n"


def http_headers(choices: Choices) -> str:
    """The headers to send with every page, and how to send them from nginx, Apache and Caddy."""
    headers = [("X-Robots-Tag", "noai, noimageai"), ("tdm-reservation", "1"), ("Content-Usage", CONTENT_USAGE)]
    if choices.policy_url:
        headers.append(("tdm-policy", choices.policy_url))
    lines = [f"{name}: {value}" for name, value in headers]
    lines += ["", "# nginx (server block):"] + [f'# add_header {name} "{value}" always;' for name, value in headers]
    lines += ["# Apache (needs mod_headers):"] + [f'# Header always set {name} "{value}"' for name, value in headers]
    lines += ["# Caddy (site block):"] + [f'# header {name} "{value}"' for name, value in headers]
    return "\n".join(lines) + "\n"


def _alternatives(choices: Choices, registry=None) -> str:
    """The refused agents' User-Agent names as one whole-token regex, shared by every server format.

    Agents that send no User-Agent of their own (robots.txt names such as Google-Extended) or whose name is a
    generic word are left out: server rules could only refuse them by refusing other software too.
    """
    return name_pattern(c.match for c in blocked(choices, registry) if c.identifiable)


def nginx_conf(choices: Choices, registry=None) -> str:
    """Two http-level maps and a server-level check; /robots.txt stays readable by everyone."""
    alternatives = _alternatives(choices, registry).replace(chr(34), chr(92) + chr(34))
    return (
        "# optout: refuse AI crawlers, in two steps. On its own this file refuses nothing.\n"
        "# Step 1: put the two maps below in the http { } block of your nginx configuration.\n"
        "map $http_user_agent $optout_ai_crawler {\n"
        "    default 0;\n"
        f'    "~*{alternatives}" 1;\n'
        "}\n"
        "# /robots.txt stays readable by every agent, so crawlers can read that they are refused.\n"
        "map \"$optout_ai_crawler:$uri\" $optout_refuse {\n"
        "    default 0;\n"
        '    "1:/robots.txt" 0;\n'
        '    "~^1:" 1;\n'
        "}\n"
        "# Step 2: copy the next line, without its leading '# ', into each server { } block of your site.\n"
        "# (It is written as a comment because nginx refuses it in the http block, where the maps go.)\n"
        "# if ($optout_refuse) { return 403; }\n"
    )


def apache_htaccess(choices: Choices, registry=None) -> str:
    alternatives = _alternatives(choices, registry)
    return (
        "# optout: refuse AI crawlers (needs mod_rewrite). /robots.txt stays readable by every agent.\n"
        "<IfModule mod_rewrite.c>\n"
        "    RewriteEngine On\n"
        '    RewriteCond "%{REQUEST_URI}" "!=/robots.txt"\n'
        f'    RewriteCond "%{{HTTP_USER_AGENT}}" "{alternatives}" [NC]\n'
        "    RewriteRule .* - [F,L]\n"
        "</IfModule>\n"
    )


def caddyfile(choices: Choices, registry=None) -> str:
    alternatives = _alternatives(choices, registry)
    return (
        "# optout: refuse AI crawlers. Paste inside your site block. /robots.txt stays readable by every agent.\n"
        "@optout_ai_crawlers {\n"
        f"    header_regexp User-Agent `(?i){alternatives}`\n"
        "    not path /robots.txt\n"
        "}\n"
        "respond @optout_ai_crawlers 403\n"
    )


def user_agent_regex(choices: Choices, registry=None) -> re.Pattern:
    """The same pattern as the server rules, as a Python regex (for tests and the log report)."""
    return re.compile(_alternatives(choices, registry), re.I)


OUTPUTS = {
    "ai.txt": ai_txt,
    "tdmrep.json": tdmrep_json,
    "meta.html": html_meta,
    "headers.txt": http_headers,
    "nginx.conf": nginx_conf,
    "htaccess": apache_htaccess,
    "Caddyfile": caddyfile,
}

__all__ = ["OUTPUTS", "Choices", "blocked", "is_valid_token", "robots_txt"]
