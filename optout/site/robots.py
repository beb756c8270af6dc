"""A robots.txt evaluator that gives the answers of Google's open-source robots.txt library (RFC 9309), byte for byte.

    from optout.site.robots import RobotsTxt
    RobotsTxt.parse(body).is_allowed("GPTBot", "https://example.org/art/")

The rules, as Google's library applies them: the longest matching pattern wins (its length counts `*`
and `$`), and allow wins a tie; `*` matches any run of characters and a final `$` anchors the end. A
group is a run of `user-agent` lines followed by rules; lines that are not rules (sitemap, unknown keys)
do not end it; groups naming the same agent merge; an agent named anywhere ignores the `*` groups.
Agents are compared whole and without regard to ASCII case (the file's value is cut at the first
character that is not a letter, `-` or `_`), so a `Googlebot` group never covers `Google-Extended`.
Google's library answers only for such names. For a name outside them (AI2Bot, panscient.com), whose
operator tells sites to write it as it is, `is_allowed(..., as_written=True)` also takes a group whose
value is that name, whole: the reading its operator asks for, and the one ai.robots.txt's lists rely on.

The file is read as bytes, like the C++ library: only ASCII space, tab, VT, FF, CR and LF are whitespace
(not NBSP or U+001C…U+001F); a NUL byte ends its line; lines end at LF, CR or CRLF; a line keeps its first
16,663 bytes; a UTF-8 byte-order mark (or its first bytes) is skipped; rule values have their %-escapes
upper-cased and their non-ASCII bytes %-encoded. `allowed_by_rules` is the library's answer;
`is_allowed` adds the crawler's side of RFC 9309 (`/robots.txt` itself is always allowed), and
`from_fetch` its status-code and 500 KiB rules.

Speed: each agent's rules are sorted once, longest first, and bucketed by the first bytes of their
literal prefix, so a check looks at a handful of rules and stops at the first that matches.
Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import itemgetter

MAX_BYTES = 512_000  # RFC 9309 §2.5: crawlers must read at least 500 KiB; Google reads exactly that much
MAX_LINE = 2083 * 8 - 1  # Google's line buffer keeps this many bytes of a line
BOM = b"\xef\xbb\xbf"
WHITESPACE = " \t\n\v\f\r"  # C's isspace in the "C" locale
_HEX = frozenset("0123456789abcdefABCDEF")
_TOKEN_CHARS = re.compile(r"[A-Za-z_-]*")
_NEEDS_ESCAPING = re.compile(r"[\x80-\xff]|%[0-9a-fA-F]{2}")
_LINE_ENDS = re.compile(r"\r\n|\r|\n")
DISALLOW_TYPOS = ("dissallow", "dissalow", "disalow", "diasllow", "disallaw")
PREFIX = 4  # rules are bucketed by this many leading bytes of their literal prefix


def _escape_match(match: re.Match) -> str:
    text = match.group(0)
    return text.upper() if text[0] == "%" else f"%{ord(text):02X}"


def _escape(value: str) -> str:
    """Google's MaybeEscapePattern on a latin-1 view of the bytes: ASCII without % is returned as it is."""
    if value.isascii() and "%" not in value:
        return value
    return _NEEDS_ESCAPING.sub(_escape_match, value)


def escape_pattern(pattern: str) -> str:
    """Upper-case existing %-escapes and %-encode non-ASCII bytes, as Google does with rule values."""
    return _escape(pattern.encode("utf-8", "surrogateescape").decode("latin-1"))


_PATH_START = re.compile(r"[/?;]")
# The common shape, scheme://host/path#fragment, with no "/?;#" before the path: the same answer in one step.
_SIMPLE_URL = re.compile(r"[^/?;#]*://[^/?;#]*(/[^#]*)")


def path_of(url: str) -> str:
    """Path, params and query of a URL (no fragment), like Google's GetPathParamsQuery."""
    simple = _SIMPLE_URL.match(url)  # never matches a URL starting with "//"
    if simple is not None:
        return simple.group(1)
    start = 2 if url.startswith("//") else 0
    protocol_end = url.find("://", start)
    if protocol_end == -1:
        protocol_end = start
    else:
        early = _PATH_START.search(url, start)
        protocol_end = start if early is not None and early.start() < protocol_end else protocol_end + 3
    found = _PATH_START.search(url, protocol_end)
    if found is None:
        return "/"
    path_start = found.start()
    hash_pos = url.find("#", start)
    if hash_pos == -1:
        path = url[path_start:]
    elif hash_pos < path_start:
        return "/"
    else:
        path = url[path_start:hash_pos]
    return path if path[0] == "/" else "/" + path


def _wildcard(path: str, parts: list[str], anchored: bool) -> bool:
    """`parts` is a pattern split at `*`: each part in order, the first at the start (and the last at the end)."""
    first = parts[0]
    if not path.startswith(first):
        return False
    position = len(first)
    last = len(parts) - 1
    for part in parts[1:last]:
        if part:
            position = path.find(part, position)
            if position < 0:
                return False
            position += len(part)
    tail = parts[last]
    if anchored:
        return len(path) - len(tail) >= position and path.endswith(tail)
    return not tail or path.find(tail, position) >= 0


def matches(path: str, pattern: str) -> bool:
    """Google's matcher: `*` is any run of characters, a final `$` anchors the end, anything else is literal."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    if "*" not in body:
        return path == body if anchored else path.startswith(body)
    return _wildcard(path, body.split("*"), anchored)


def extract_agent(value: str) -> str:
    """The product token at the start of a user-agent value (letters, '-' and '_')."""
    return _TOKEN_CHARS.match(value).group(0)


def is_valid_token(token: str) -> bool:
    """RFC 9309: a product token is letters, '_' and '-' only."""
    return bool(token) and _TOKEN_CHARS.fullmatch(token) is not None


def _is_global(value: str) -> bool:
    return value[:1] == "*" and (len(value) == 1 or value[1] in WHITESPACE)


def _compile(allow: bool, pattern: str) -> tuple:
    """A rule as the matcher uses it: (-priority, not allow, kind, literal, parts, anchored, priority, allow).

    Sorted as tuples of their first two items, the longest rule comes first and allow before disallow. kind 0:
    the path starts with `literal`; 1: the path is `literal` (a final `$`); 2: wildcards (`parts`).
    """
    anchored = pattern[-1:] == "$"
    body = pattern[:-1] if anchored else pattern
    size = len(pattern)
    if "*" in body:
        parts = body.split("*")
        return (-size, not allow, 2, parts[0], parts, anchored, size, allow)
    return (-size, not allow, 1 if anchored else 0, body, None, anchored, size, allow)


def _compiled(rules) -> list[tuple]:
    """Compiled rules, plus Google's twin for allow rules naming an index.htm(l) page: the directory itself, exactly."""
    out = [_compile(allow, pattern) for allow, pattern, _line in rules]
    for allow, pattern, _line in rules:
        if allow and "/index.htm" in pattern:
            slash = pattern.rfind("/")
            if pattern.startswith("/index.htm", slash):
                out.append(_compile(True, pattern[: slash + 1] + "$"))
    return out


def _first(rules, path: str):
    """The first rule (in priority order) that matches `path`, or None."""
    for rule in rules:
        kind = rule[2]
        if kind == 0:
            if path.startswith(rule[3]):
                return rule
        elif kind == 1:
            if path == rule[3]:
                return rule
        elif path.startswith(rule[3]) and rule[4][1] in path and _wildcard(path, rule[4], rule[5]):
            return rule
    return None


_ORDER = itemgetter(0, 1)


class _Matcher:
    """One agent's rules, longest first (allow before disallow at equal length), filed by literal prefix.

    A rule can only match a path that starts with its literal prefix (the pattern up to its first `*`).
    Up to SMALL rules: one list per first two bytes of a literal, each holding, in priority order, the rules
    filed there and those whose literal is shorter; a check tries one list and stops at the first match.
    More rules: a rule is filed under the first L bytes of its literal, for the largest L in LEVELS that
    fits; a check looks up one bucket per level and stops in each at the first match.
    """

    LEVELS = (2, 4, 8, 16, 32)
    SMALL = 32
    __slots__ = ("by_start", "levels", "short", "starts")

    def __init__(self, rules: list[tuple]):
        ordered = sorted(_compiled(rules), key=_ORDER)
        self.short: list[tuple] = [rule for rule in ordered if len(rule[3]) < 2]
        self.levels: list[tuple[int, dict[str, list[tuple]]]] | None = None
        if len(ordered) <= self.SMALL:
            starts = {rule[3][:2] for rule in ordered if len(rule[3]) >= 2}
            self.by_start = {key: [rule for rule in ordered if len(rule[3]) < 2 or rule[3][:2] == key] for key in starts}
            return
        self.levels = [(size, {}) for size in self.LEVELS]
        for rule in ordered:
            size = len(rule[3])
            if size < 2:
                continue
            for level, buckets in reversed(self.levels):
                if size >= level:
                    buckets.setdefault(rule[3][:level], []).append(rule)
                    break
        self.levels = [(size, buckets) for size, buckets in self.levels if buckets]
        self.starts = {key[:2] for _size, buckets in self.levels for key in buckets}

    def decide(self, path: str) -> bool | None:  # noqa: C901 — the hot path of every check, kept in one frame
        """True/False when a rule longer than zero decides, None when none does."""
        if self.levels is None:
            for rule in self.by_start.get(path[:2], self.short):
                kind = rule[2]
                if (path.startswith(rule[3]) if kind == 0 else path == rule[3] if kind == 1 else
                        path.startswith(rule[3]) and rule[4][1] in path and _wildcard(path, rule[4], rule[5])):
                    return None if rule[6] == 0 else rule[7]
            return None
        best = _first(self.short, path) if self.short else None
        size = len(path) if path[:2] in self.starts else 0  # no bucketed rule starts like this path: skip them
        for level, buckets in self.levels:
            if size < level:
                break
            bucket = buckets.get(path[:level])
            if bucket:
                found = _first(bucket, path)
                if found is not None and (best is None or (found[0], found[1]) < (best[0], best[1])):
                    best = found
        if best is None or best[6] == 0:
            return None
        return best[7]


class _Always:
    """The matcher of a file that allows or refuses everything (RFC 9309's 4xx and 5xx answers)."""

    __slots__ = ("verdict",)

    def __init__(self, verdict: bool):
        self.verdict = verdict

    def decide(self, path: str) -> bool:
        return self.verdict


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)  # lower-case tokens; "*" for the global group
    names: list[str] = field(default_factory=list)  # the user-agent values whole, lower-case ("ai2bot", not "ai")
    rules: list[tuple[bool, str, int]] = field(default_factory=list)  # (allow, escaped pattern, line number)
    line: int = 0


@dataclass
class Line:
    number: int
    key: str  # user-agent, allow, disallow, sitemap, unknown
    raw_key: str
    value: str


_KINDS: dict[str, str] = {}


def _kind(key: str) -> str:
    kind = _KINDS.get(key)
    if kind is None:
        kind = _classify(key)
        if len(_KINDS) < 4096:
            _KINDS[key] = kind
    return kind


def _classify(key: str) -> str:
    key = key[:10].lower()
    if key.startswith(("user-agent", "useragent", "user agent")):
        return "user-agent"
    if key.startswith("allow"):
        return "allow"
    if key.startswith("disallow") or key.startswith(DISALLOW_TYPOS):
        return "disallow"
    if key.startswith(("sitemap", "site-map")):
        return "sitemap"
    return "unknown"


def _text(body: bytes | str) -> str:
    """The body as a latin-1 string (one character per byte), without its byte-order mark."""
    data = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else bytes(body)
    for size in (3, 2, 1):
        if data[:size] == BOM[:size]:
            data = data[size:]
            break
    return data.decode("latin-1")


def _split(raw: str) -> tuple[str, str] | None:
    """Key and value of one line (its comment and surrounding whitespace gone), or None when it has none."""
    if len(raw) > MAX_LINE:
        raw = raw[:MAX_LINE]
    if "\0" in raw:
        raw = raw[: raw.index("\0")]
    if "#" in raw:
        raw = raw[: raw.index("#")]
    raw = raw.strip(WHITESPACE)
    if not raw:
        return None
    colon = raw.find(":")
    if colon >= 0:
        return raw[:colon].rstrip(WHITESPACE), raw[colon + 1:].lstrip(WHITESPACE)
    # Google accepts a missing colon when the line is exactly two words separated by spaces or tabs.
    space = min((p for p in (raw.find(" "), raw.find("\t")) if p >= 0), default=-1)
    if space < 0:
        return None
    rest = raw[space:].lstrip(" \t")
    if " " in rest or "\t" in rest:
        return None
    return raw[:space].rstrip(WHITESPACE), raw[space + 1:].strip(WHITESPACE)


def _directives(body: bytes | str):
    """(line number, key, value) for every line with a key, exactly as Google's parser reads them."""
    text = _text(body)
    lines = text.split("\n") if "\r" not in text else _LINE_ENDS.split(text)
    for number, raw in enumerate(lines, start=1):
        if raw:
            parsed = _split(raw)
            if parsed is not None and parsed[0]:
                yield number, parsed[0], parsed[1]


def lines_of(body: bytes | str) -> list[Line]:
    """The lines with a key, for people: values decoded as UTF-8 (broken bytes shown as �)."""
    def readable(text: str) -> str:
        return text if text.isascii() else text.encode("latin-1").decode("utf-8", "replace")

    return [Line(number, _kind(key), readable(key), readable(value)) for number, key, value in _directives(body)]


class RobotsTxt:
    """A parsed robots.txt. Build it with `parse`, `allow_all`, `disallow_all` or `from_fetch`."""

    def __init__(self, groups: list[Group], *, everything: bool | None = None):
        self.groups, self._everything = groups, everything
        self._by_agent: dict[str, list[Group]] = {}
        self._by_name: dict[str, list[Group]] = {}
        global_rules: list[tuple] = []
        for group in groups:
            for name in {name for agent, name in zip(group.agents, group.names, strict=True) if agent != "*"}:
                if not is_valid_token(name):
                    self._by_name.setdefault(name, []).append(group)
            for agent in dict.fromkeys(group.agents):
                if agent == "*":
                    global_rules.extend(group.rules)
                else:
                    self._by_agent.setdefault(agent, []).append(group)
        self._global_rules = global_rules
        self._global: _Matcher | None = None
        self._matchers: dict[str, _Matcher] = {}
        self._for_agent: dict[str, _Matcher] = {}  # by the exact string callers pass

    @classmethod
    def parse(cls, body: bytes | str) -> RobotsTxt:
        groups: list[Group] = []
        current: Group | None = None
        in_rules = False
        for number, key, value in _directives(body):
            kind = _kind(key)
            if kind == "user-agent":
                if current is None or in_rules:
                    current = Group(line=number)
                    groups.append(current)
                    in_rules = False
                current.agents.append("*" if _is_global(value) else extract_agent(value).lower())
                current.names.append(value.lower())
            elif kind == "allow" or kind == "disallow":
                if current is None:
                    continue  # rules before any user-agent line are ignored
                in_rules = True
                current.rules.append((kind == "allow", _escape(value), number))
        return cls(groups)

    @classmethod
    def allow_all(cls) -> RobotsTxt:
        return cls([], everything=True)

    @classmethod
    def disallow_all(cls) -> RobotsTxt:
        return cls([], everything=False)

    @classmethod
    def from_fetch(cls, status: int | None, body: bytes | str = b"") -> RobotsTxt:
        """RFC 9309 §2.3.1: 2xx is parsed (its first 500 KiB), 4xx allows everything, 5xx or no answer nothing."""
        if status is None or status >= 500:
            return cls.disallow_all()
        if status >= 400:
            return cls.allow_all()
        data = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else bytes(body)
        return cls.parse(data[:MAX_BYTES])

    def _resolve(self, user_agent: str) -> _Matcher:
        if self._everything is not None:
            return _Always(self._everything)
        # A group naming the agent replaces the * groups, even one without rules (ASCII case only).
        matcher = self._matcher(user_agent.lower()) if user_agent.isascii() else None
        if matcher is None:
            matcher = self._global
            if matcher is None:
                matcher = self._global = _Matcher(self._global_rules)
        if len(self._for_agent) < 10_000:
            self._for_agent[user_agent] = matcher
        return matcher

    def _matcher(self, key: str) -> _Matcher | None:
        return self._merged(self._by_agent, key, key)

    def _named(self, name: str) -> _Matcher | None:
        return self._merged(self._by_name, name, "\0" + name)  # a key no product token can be

    def _merged(self, index: dict[str, list[Group]], key: str, cache_key: str) -> _Matcher | None:
        """The rules of every group the index lists under `key`, merged into one matcher (kept for the next call)."""
        matcher = self._matchers.get(cache_key)
        if matcher is None:
            groups = index.get(key)
            if not groups:
                return None
            matcher = self._matchers[cache_key] = _Matcher([rule for group in groups for rule in group.rules])
        return matcher

    def names(self, user_agent: str) -> bool:
        """Whether a group names this agent (for a name outside the standard, written whole), so * does not apply."""
        key = user_agent.lower()
        return (user_agent.isascii() and bool(self._by_agent.get(key))) or (
            not is_valid_token(user_agent) and key in self._by_name)

    def allowed_by_rules(self, user_agent: str, url: str) -> bool:
        """Google's library's answer (RobotsMatcher::OneAgentAllowedByRobots) for this agent and URL."""
        matcher = self._for_agent.get(user_agent)
        if matcher is None:
            matcher = self._resolve(user_agent)
        return self._decide(matcher, url)

    def _decide(self, matcher: _Matcher, url: str) -> bool:
        simple = _SIMPLE_URL.match(url)
        path = simple.group(1) if simple is not None else path_of(url)
        if "\0" in path:
            path = path[: path.index("\0")]
        verdict = matcher.decide(path)
        return True if verdict is None else verdict

    def is_allowed(self, user_agent: str, url: str, *, as_written: bool = False) -> bool:
        """As a crawler following RFC 9309 decides: the rules, except that /robots.txt itself is always allowed.

        as_written: a name outside the standard (AI2Bot) is also matched by a group that writes it whole, as its
        operator asks sites to do; Google's library would never match it."""
        if self._everything is None and path_of(url) == "/robots.txt":
            return True
        if as_written and self._everything is None and not is_valid_token(user_agent):
            matcher = self._named(user_agent.lower())
            if matcher is not None:
                return self._decide(matcher, url)
        return self.allowed_by_rules(user_agent, url)

    def agents(self) -> set[str]:
        return {agent for group in self.groups for agent in group.agents}
