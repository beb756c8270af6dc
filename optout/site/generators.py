"""Opt-out signals for a person's own website, from one set of choices. Pure: no Django.

Each output is a small function in OUTPUTS (one registry line per kind). robots.txt rules are
merged into the site's existing file between marker comments, so the person's own rules stay as
they were and running the generator again replaces only optout's part.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass

from optout.lib.i18n import Said

from .audit import Finding, _, typos
from .crawlers import SEARCH_ENGINE_NAMES, Crawler, crawlers, name_pattern
from .robots import RobotsTxt, is_valid_token, lines_of

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


def ignoring_robots(choices: Choices) -> list[str]:
    """The refused crawlers known not to follow robots.txt: only the server rules stop them."""
    return [c.token for c in blocked(choices) if c.respects_robots == "no"]


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


# Agents and pages whose answers optout's block must leave as the person's file gave them (besides every crawler of
# the registry it does not refuse).
OTHER_AGENTS = (*SEARCH_ENGINE_NAMES, "Mozilla", "SomeOtherBot")
SAMPLE_PATHS = ("/", "/index.html", "/blog/post/", "/images/photo.jpg", "/robots.txt")
CLOSING_LINE = "Disallow:"  # allows everything: a rule that only closes the person's last group


class RobotsMergeError(ValueError):
    """optout's block would change what the person's robots.txt tells crawlers it does not mean to refuse."""


def _closed(base: str) -> str:
    """The person's file, its last group closed if it has no rule yet: comments, Sitemap and unknown lines (Crawl-delay)
    do not end a group (RFC 9309, 2.1 and 2.2.4), so optout's User-agent lines would join it and its Disallow: /
    would refuse the whole site to that group's agents (a `User-agent: *` followed by `Crawl-delay: 10`: everyone)."""
    groups = RobotsTxt.parse(base).groups
    if not groups or groups[-1].rules:
        return base
    return base + f"\n# (optout: this line ends the group above and allows what it allowed)\n{CLOSING_LINE}"


def changed_answers(before: str, after: str, refused: set[str], registry: dict[str, Crawler] | None = None) -> list[str]:
    """Agents other than the refused ones that the merged file answers otherwise than the person's own did."""
    registry = registry if registry is not None else crawlers()
    theirs, merged = RobotsTxt.parse(before), RobotsTxt.parse(after)
    paths = [*SAMPLE_PATHS, *(f"/{line.value.strip('/*$')}/" for line in lines_of(before)
                              if line.key in ("allow", "disallow") and line.value.strip("/*$"))][:60]
    refused_names = {name.lower() for name in refused}
    changed = [agent for agent in OTHER_AGENTS  # search engines first: what a person would miss most
               if agent.lower() not in refused_names  # the person refuses search engines too (Applebot, PetalBot)
               and any(theirs.is_allowed(agent, path) != merged.is_allowed(agent, path) for path in paths)]
    for crawler in registry.values():
        if crawler.token not in refused and any(crawler.allowed_in(theirs, path) != crawler.allowed_in(merged, path)
                                                for path in paths):
            changed.append(crawler.token)
    return changed


def _named_in_our_block(theirs: RobotsTxt, choices: Choices, registry: dict[str, Crawler] | None,
                        notes: list[Finding]) -> list[str]:
    """The names optout's group refuses: every crawler the person refuses, but those their own file names, those a
    loose reader would take for a search engine and those whose group would refuse a crawler they let in; each left
    out with a note (added to `notes`)."""
    tokens, unnameable, loose, shared = [], [], [], []
    for crawler in blocked(choices, registry):
        if not crawler.valid_token:
            # Not an RFC 9309 product token, but the name its operator tells sites to write (AI2Bot): written as it is
            unnameable.append(crawler.token)
        if theirs.names(crawler.token):
            notes.append(_own_group_note(crawler, theirs))
            continue
        if crawler.read_as_a_search_engine:
            loose.append(crawler.token)
            continue
        if caught := _also_refused(crawler.token, choices, registry):
            shared.append((crawler.token, caught))
            continue
        tokens.append(crawler.token)
    tokens = sorted(dict.fromkeys(tokens), key=str.lower)
    if unnameable:
        notes.append(Finding("info", _("%(count)s of the crawlers you refuse have names outside the robots.txt standard "
                                       "(for example %(examples)s): robots.txt names them as their operators write "
                                       "them, which a crawler reading the standard strictly may not match, and the "
                                       "server rules below refuse them by name too."),
                             {"count": len(unnameable), "examples": ", ".join(sorted(unnameable, key=str.lower)[:3])}))
    if loose:
        notes.append(Finding("info", _("Left out of robots.txt: %(tokens)s. Some robots.txt readers match names "
                                       "loosely and would take such a word for a search engine (Spider for "
                                       "Baiduspider), refusing it your whole site."), {"tokens": ", ".join(loose)}))
    for token, caught in shared:
        notes.append(Finding("info", _("Left out of robots.txt: %(token)s. robots.txt readers read a name only up to a "
                                       "“/” or a space, so a group for it would refuse %(others)s too, which you let "
                                       "in. The server rules below refuse it by the name it sends."),
                             {"token": token, "others": ", ".join(caught)}))
    return tokens


def robots_txt(existing: str, choices: Choices, registry: dict[str, Crawler] | None = None) -> tuple[str, list[Finding]]:
    """The merged robots.txt and notes for the person (agents left alone and why, typos in their own lines).

    Raises RobotsMergeError rather than hand out a file that answers any agent the person does not refuse
    otherwise than their own file did."""
    base = _without_our_block(existing.replace("\r\n", "\n").replace("\r", "\n"))
    notes: list[Finding] = [Finding("warning", f.text, f.params) for f in typos(base, registry)]
    theirs = RobotsTxt.parse(base)
    tokens = _named_in_our_block(theirs, choices, registry, notes)
    lines = [BEGIN, *(f"User-agent: {token}" for token in tokens), "Disallow: /", END] if tokens else []
    closed = _closed(base) if lines else base
    merged = closed + ("\n\n" if closed else "") + "\n".join(lines) if lines else base
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
    if changed := changed_answers(base, merged, set(tokens), registry):
        raise RobotsMergeError(Said(_("optout could not add its rules without changing what your robots.txt tells "
                                      "%(agents)s, so it wrote nothing. Please report this, with your robots.txt."),
                                    agents=", ".join(changed[:5])))
    return merged.rstrip("\n") + "\n", notes


def _caught_by(token: str, registry: dict[str, Crawler]) -> list[Crawler]:
    """The crawlers a group naming `token` alone refuses, itself among them (iaskspider/2.0's catches iaskspider)."""
    refusal = RobotsTxt.parse(f"User-agent: {token}\nDisallow: /\n")
    return [crawler for crawler in registry.values() if not crawler.allowed_in(refusal, "/")]


@functools.cache
def _caught_in_the_registry(token: str) -> tuple[Crawler, ...]:
    # Every page that writes robots.txt asks this of every name it refuses: for the shipped registry, once a process
    return tuple(_caught_by(token, crawlers()))


def _also_refused(token: str, choices: Choices, registry: dict[str, Crawler] | None) -> list[str]:
    """The crawlers the person lets in that a group naming `token` alone would refuse as well (iaskspider/2.0 is read
    as iaskspider), as the guard in `robots_txt` would find them."""
    caught = _caught_in_the_registry(token) if registry is None else _caught_by(token, registry)
    return [crawler.token for crawler in caught if not choices.blocks(crawler)]


def _own_group_note(crawler: Crawler, theirs: RobotsTxt) -> Finding:
    """A crawler the person's file names obeys only that group: optout leaves it, and says if it lets the crawler in."""
    if crawler.allowed_in(theirs, "/"):
        return Finding("warning", _("%(token)s has its own group in your robots.txt, and that group lets it crawl "
                                    "your home page: a crawler obeys only the group that names it, so optout's "
                                    "refusal cannot reach it. Change that group to “Disallow: /”, or delete it."),
                       {"token": crawler.token})
    return Finding("info", _("%(token)s already has its own group in your robots.txt; optout left it as you wrote it."),
                   {"token": crawler.token})


IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "tif", "tiff")


def ai_txt(choices: Choices) -> str:
    """ai.txt (Spawning's format): robots.txt-style rules about using files for AI training."""
    if choices.images_only:
        lines = ["# ai.txt: this site's images may not be used to train AI models.", "User-Agent: *"]
        lines += [f"Disallow: *.{ext}" for ext in IMAGE_EXTENSIONS]
    else:
        lines = ["# ai.txt: this site's content may not be used to train AI models.", "User-Agent: *", "Disallow: /"]
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
        tags.insert(1, f'<meta name="tdm-policy" content="{html.escape(choices.policy_url)}">')
    return "\n".join(tags) + "\n"


# Characters a policy address may not hold: each server's configuration reads them as its own syntax ($ is an nginx
# variable, % an Apache format, quotes and braces end the value), and a space or control character ends the header.
UNSAFE_IN_POLICY_URL = re.compile(r'[\s"$%{}\\`<>]')


WHOLE_ADDRESS = re.compile(r"https?://[^/?#\s]+\.[^/?#\s]+", re.IGNORECASE)


def policy_url_problem(url: str) -> str:
    """Why this licensing-terms address cannot go into the generated files, or "" when it can."""
    if UNSAFE_IN_POLICY_URL.search(url):
        return _("This address holds a space, a quotation mark, a percent sign, a dollar sign, a brace, a backslash, a "
                 "backtick or an angle bracket, which the server files would read as their own code. Give the address "
                 "of a page without them.")
    if url and not WHOLE_ADDRESS.match(url):
        # TDMRep's tdm-policy is a URL that machines follow: "terms.html" or "example.org/terms" leads nowhere.
        return _("Give the whole address of your licensing terms, beginning with https:// (for example "
                 "https://example.org/ai-licence).")
    return ""


def http_headers(choices: Choices) -> str:
    """The headers to send with every page, and how to send them from nginx, Apache and Caddy."""
    headers = [("X-Robots-Tag", "noai, noimageai"), ("tdm-reservation", "1"), ("Content-Usage", CONTENT_USAGE)]
    if choices.policy_url:
        headers.append(("tdm-policy", choices.policy_url))
    lines = [f"{name}: {value}" for name, value in headers]
    lines += ["", "# How to send them. Copy the lines for your server without their leading '# '."]
    lines += ["# nginx (server block). nginx drops these in any location { } that has an add_header of its own",
              "# (images often do, for caching): repeat them there too."]
    lines += [f'# add_header {name} "{value}" always;' for name, value in headers]
    lines += ["# Apache (.htaccess or the site's configuration; needs mod_headers: a2enmod headers):",
              "# <IfModule mod_headers.c>"]
    lines += [f'#     Header always set {name} "{value}"' for name, value in headers]
    lines += ["# </IfModule>"]
    lines += ["# Caddy (site block):"] + [f'# header {name} "{value}"' for name, value in headers]
    return "\n".join(lines) + "\n"


# Files that tell crawlers what they may do: a refused crawler must still be able to read that it is refused.
READABLE_BY_ALL = ("/robots.txt", "/ai.txt", "/.well-known/tdmrep.json")


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
        "# /robots.txt, /ai.txt and /.well-known/tdmrep.json stay readable by every agent, so crawlers can read\n"
        "# that they are refused.\n"
        "map \"$optout_ai_crawler:$uri\" $optout_refuse {\n"
        "    default 0;\n"
        + "".join(f'    "1:{path}" 0;\n' for path in READABLE_BY_ALL) +
        '    "~^1:" 1;\n'
        "}\n"
        "# Step 2: copy the next line, without its leading '# ', into each server { } block of your site.\n"
        "# (It is written as a comment because nginx refuses it in the http block, where the maps go.)\n"
        "# if ($optout_refuse) { return 403; }\n"
    )


def apache_htaccess(choices: Choices, registry=None) -> str:
    alternatives = _alternatives(choices, registry)
    kept = "".join(f'    RewriteCond "%{{REQUEST_URI}}" "!={path}"\n' for path in READABLE_BY_ALL)
    return (
        "# optout: refuse AI crawlers. /robots.txt, /ai.txt and /.well-known/tdmrep.json stay readable by every agent.\n"
        "# Put these lines at the TOP of the .htaccess file in your site's main folder (the file's name begins with a\n"
        "# dot), above \"# BEGIN WordPress\" or any other rewrite rules: after them, pages such as blog posts are\n"
        "# served before these lines are read. Keep the rest of the file as it is.\n"
        "# They need mod_rewrite (a2enmod rewrite) and \"AllowOverride FileInfo\" (or All) for that folder; without\n"
        "# either, Apache skips them without a word. Check that they work:\n"
        "#     curl -I -A GPTBot https://your-site.example/a-page/   should answer 403\n"
        "<IfModule mod_rewrite.c>\n"
        "    RewriteEngine On\n"
        f"{kept}"
        f'    RewriteCond "%{{HTTP_USER_AGENT}}" "{alternatives}" [NC]\n'
        "    RewriteRule .* - [F,L]\n"
        "</IfModule>\n"
    )


def caddyfile(choices: Choices, registry=None) -> str:
    alternatives = _alternatives(choices, registry)
    return (
        "# optout: refuse AI crawlers. Paste inside your site block, at its top. /robots.txt, /ai.txt and\n"
        "# /.well-known/tdmrep.json stay readable by every agent.\n"
        "@optout_ai_crawlers {\n"
        f"    header_regexp User-Agent `(?i){alternatives}`\n"
        f"    not path {' '.join(READABLE_BY_ALL)}\n"
        "}\n"
        # a handle block, not a bare respond: Caddy runs `respond` after every `handle` of the site, so a site built
        # of handle blocks would serve the crawler before the refusal is reached
        "handle @optout_ai_crawlers {\n"
        "    respond 403\n"
        "}\n"
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
