"""A robots.txt evaluator that behaves like Google's open-source robots.txt library (RFC 9309).

    from optout.site.robots import RobotsTxt
    RobotsTxt.parse(body).is_allowed("GPTBot", "https://example.org/art/")

The rules, as Google's library applies them: the longest matching pattern wins (its length
counts `*` and `$`), and allow wins a tie; `*` matches any run of characters and a final `$`
anchors the end. A group is a run of `user-agent` lines followed by rules; lines that are not
rules (sitemap, unknown keys) do not end it; groups naming the same agent merge; a group that
names the agent replaces the `*` group entirely. Agents are compared whole and without regard to
case (the file's value is cut at the first character that is not a letter, `-` or `_`), so a
`Googlebot` group never covers `Google-Extended`. Only the first 512,000 bytes count and
`/robots.txt` itself is always allowed (RFC 9309). Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_BYTES = 512_000
MAX_LINE = 2083 * 8
BOM = b"\xef\xbb\xbf"
_HEX = "0123456789abcdefABCDEF"
_TOKEN_CHARS = re.compile(r"[A-Za-z_-]*")
DISALLOW_TYPOS = ("dissallow", "dissalow", "disalow", "diasllow", "disallaw")


def escape_pattern(pattern: str) -> str:
    """Upper-case existing %-escapes and %-encode non-ASCII bytes, as Google does with rule values."""
    raw = pattern.encode("utf-8", "surrogateescape")
    out = []
    index = 0
    while index < len(raw):
        byte = raw[index]
        if byte == 0x25 and index + 2 < len(raw) + 0 and chr(raw[index + 1]) in _HEX and chr(raw[index + 2]) in _HEX:
            out.append("%" + chr(raw[index + 1]).upper() + chr(raw[index + 2]).upper())
            index += 3
            continue
        out.append(f"%{byte:02X}" if byte >= 0x80 else chr(byte))
        index += 1
    return "".join(out)


def path_of(url: str) -> str:
    """Path, params and query of a URL (no fragment), like Google's GetPathParamsQuery."""
    start = 2 if url.startswith("//") else 0
    early_path = _find_first_of(url, "/?;", start)
    protocol_end = url.find("://", start)
    if protocol_end == -1 or (early_path != -1 and early_path < protocol_end):
        protocol_end = start
    else:
        protocol_end += 3
    path_start = _find_first_of(url, "/?;", protocol_end)
    if path_start == -1:
        return "/"
    hash_pos = url.find("#", start)
    if hash_pos != -1 and hash_pos < path_start:
        return "/"
    path_end = len(url) if hash_pos == -1 else hash_pos
    path = url[path_start:path_end]
    return path if path.startswith("/") else "/" + path


def _find_first_of(text: str, chars: str, start: int) -> int:
    positions = [p for p in (text.find(c, start) for c in chars) if p != -1]
    return min(positions) if positions else -1


def matches(path: str, pattern: str) -> bool:
    """Google's matcher: a set of positions in `path` advanced character by character of `pattern`."""
    if "*" not in pattern:
        if pattern.endswith("$") and "$" not in pattern[:-1]:
            return path == pattern[:-1]
        if "$" not in pattern:
            return path.startswith(pattern)
    length = len(path)
    positions = [0]
    last = len(pattern) - 1
    for index, char in enumerate(pattern):
        if char == "$" and index == last:
            return positions[-1] == length
        if char == "*":
            positions = list(range(positions[0], length + 1))
            continue
        positions = [p + 1 for p in positions if p < length and path[p] == char]
        if not positions:
            return False
    return True


def extract_agent(value: str) -> str:
    """The product token at the start of a user-agent value (letters, '-' and '_')."""
    return _TOKEN_CHARS.match(value).group(0)


def is_valid_token(token: str) -> bool:
    """RFC 9309: a product token is letters, '_' and '-' only."""
    return bool(token) and _TOKEN_CHARS.fullmatch(token) is not None


@dataclass
class Rule:
    allow: bool
    pattern: str  # escaped
    line: int
    patterns: tuple[str, ...] = ()  # what is matched: the pattern, plus Google's index.html-means-directory twin

    def __post_init__(self):
        extra = ()
        if self.allow:
            slash = self.pattern.rfind("/")
            if slash != -1 and self.pattern[slash:].startswith("/index.htm"):
                extra = (self.pattern[: slash + 1] + "$",)
        self.patterns = (self.pattern, *extra)


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)  # lower-case tokens; "*" for the global group
    rules: list[Rule] = field(default_factory=list)
    line: int = 0


@dataclass
class Line:
    number: int
    key: str  # user-agent, allow, disallow, sitemap, unknown
    raw_key: str
    value: str


def _key(raw: str) -> str:
    key = raw.lower()
    if key.startswith("user-agent") or key.startswith("useragent") or key.startswith("user agent"):
        return "user-agent"
    if key.startswith("allow"):
        return "allow"
    if key.startswith("disallow") or key.startswith(DISALLOW_TYPOS):
        return "disallow"
    if key.startswith("sitemap") or key.startswith("site-map"):
        return "sitemap"
    return "unknown"


def _split(line: str) -> tuple[str, str] | None:
    line = line.split("#", 1)[0].strip()
    if not line:
        return None
    if ":" in line:
        key, value = line.split(":", 1)
        key, value = key.strip(), value.strip()
    else:
        # Google accepts a missing colon when the line is exactly two whitespace-separated words.
        parts = line.split()
        if len(parts) != 2:
            return None
        key, value = parts
    return (key, value) if key else None


def lines_of(body: bytes | str) -> list[Line]:
    data = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else bytes(body)
    data = data[:MAX_BYTES]
    for size in (3, 2, 1):
        if data[:size] == BOM[:size]:
            data = data[size:]
            break
    text = data.decode("utf-8", "surrogateescape")
    out = []
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        parsed = _split(raw[:MAX_LINE])
        if parsed:
            out.append(Line(number, _key(parsed[0]), parsed[0], parsed[1]))
    return out


class RobotsTxt:
    """A parsed robots.txt. Build it with `parse`, `allow_all` or `disallow_all`."""

    def __init__(self, groups: list[Group], lines: list[Line], *, everything: bool | None = None):
        self.groups, self.lines, self._everything = groups, lines, everything
        self._global = [g for g in groups if "*" in g.agents]
        self._by_agent: dict[str, list[Group]] = {}
        for group in groups:
            for agent in group.agents:
                if agent != "*":
                    self._by_agent.setdefault(agent, []).append(group)

    @classmethod
    def parse(cls, body: bytes | str) -> RobotsTxt:
        lines = lines_of(body)
        groups: list[Group] = []
        current: Group | None = None
        in_rules = False
        for line in lines:
            if line.key == "user-agent":
                if current is None or in_rules:
                    current = Group(line=line.number)
                    groups.append(current)
                    in_rules = False
                value = line.value
                agent = "*" if value.startswith("*") and (len(value) == 1 or value[1].isspace()) else extract_agent(value).lower()
                current.agents.append(agent)
            elif line.key in ("allow", "disallow"):
                if current is None:
                    continue  # rules before any user-agent line are ignored
                in_rules = True
                current.rules.append(Rule(line.key == "allow", escape_pattern(line.value), line.number))
        return cls(groups, lines)

    @classmethod
    def allow_all(cls) -> RobotsTxt:
        return cls([], [], everything=True)

    @classmethod
    def disallow_all(cls) -> RobotsTxt:
        return cls([], [], everything=False)

    @classmethod
    def from_fetch(cls, status: int | None, body: bytes | str = b"") -> RobotsTxt:
        """RFC 9309 §2.3.1: 2xx is parsed, 4xx means allow everything, 5xx or no answer disallow everything."""
        if status is None or status >= 500:
            return cls.disallow_all()
        if status >= 400:
            return cls.allow_all()
        return cls.parse(body)

    @staticmethod
    def _best(groups: list[Group], path: str) -> tuple[int, int]:
        """Longest matching allow and disallow pattern lengths across `groups` (-1: none)."""
        allow = disallow = -1
        for group in groups:
            for rule in group.rules:
                for pattern in rule.patterns:
                    size = len(pattern)
                    if size <= (allow if rule.allow else disallow) or not matches(path, pattern):
                        continue
                    if rule.allow:
                        allow = size
                    else:
                        disallow = size
        return allow, disallow

    def is_allowed(self, user_agent: str, url: str) -> bool:
        if self._everything is not None:
            return self._everything
        path = path_of(url)
        if path == "/robots.txt":
            return True
        specific = self._by_agent.get(user_agent.lower())
        if specific:
            # A group naming the agent replaces the * groups; its rules alone decide.
            allow_s, disallow_s = self._best(specific, path)
            return not disallow_s > allow_s if (allow_s > 0 or disallow_s > 0) else True
        allow_g, disallow_g = self._best(self._global, path)
        if allow_g > 0 or disallow_g > 0:
            return not disallow_g > allow_g
        return True

    def agents(self) -> set[str]:
        return {agent for group in self.groups for agent in group.agents}
