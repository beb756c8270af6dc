"""Reading an e-mail's headers from untrusted bytes without letting the standard library run away.

CPython's e-mail parser can use memory that grows with the square of a header's encoded words
(a 2.8 MB From: of 200,000 `=?utf-8?q?…?=` words took a process to 23 GB), a long folded header
costs minutes of CPU, and deeply nested multipart bodies recurse until they fail. So the limits
are checked here first, on the raw bytes, and only the header block — never the body — is then
handed to the standard library, one wanted header at a time.

Pure: no Django.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class MailLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_header_block: int = 256 * 1024  # all headers together; real messages with long Received chains stay far below
    max_header_fields: int = 500
    max_header_value: int = 16 * 1024  # one header, unfolded
    max_encoded_words: int = 64  # RFC 2047 words in one header; a long Subject uses a handful
    max_nesting: int = 20  # ( comments ) and < angle brackets > inside one another; the parser recurses on them
    max_multipart_depth: int = 30  # nested multipart parts; mail programs nest 3 or 4


class MailError(ValueError):
    """Bytes that are not safe or not possible to read as an e-mail; the message says why in plain words."""


ENCODED_WORD = re.compile(rb"=\?[^?\s]{1,40}\?[bBqQ]\?")
HEADER_END = re.compile(rb"\r?\n\r?\n")
FIELD_NAME = re.compile(rb"^([!-9;-~]{1,100}):")
MAX_PARSED = 2000
BOUNDARY = re.compile(rb"boundary\s*=", re.IGNORECASE)


def _size(value: int) -> str:
    return f"{value / 1024 / 1024:.1f} MB" if value >= 1024 * 1024 else f"{value // 1024} KB"


def header_block(data: bytes, limits: MailLimits = MailLimits()) -> bytes:
    """The headers of `data` (up to the first empty line), after every limit has been checked."""
    if len(data) > limits.max_bytes:
        raise MailError(f"it is {_size(len(data))}; e-mails can be at most {_size(limits.max_bytes)}")
    data = data.lstrip()
    end = HEADER_END.search(data, 0, limits.max_header_block + 4)
    if end is None and len(data) > limits.max_header_block:
        raise MailError(f"its headers are longer than {_size(limits.max_header_block)}, far more than any real e-mail has")
    block = data[: end.start()] if end else data
    body = data[end.end():] if end else b""
    fields = 0
    for name, value in _fields(block):
        fields += 1
        if fields > limits.max_header_fields:
            raise MailError(f"it has more than {limits.max_header_fields} header lines")
        if len(value) > limits.max_header_value:
            raise MailError(f"its {name} header is {_size(len(value))} long; optout reads headers up to "
                            f"{_size(limits.max_header_value)}")
        if _nesting(value) > limits.max_nesting:
            raise MailError(f"its {name} header nests brackets more than {limits.max_nesting} levels deep")
        words = len(ENCODED_WORD.findall(value))
        if words > limits.max_encoded_words:
            raise MailError(f"its {name} header holds {words} encoded words; optout reads at most "
                            f"{limits.max_encoded_words}")
    # Each nested multipart part declares its own boundary: counting them bounds the nesting depth
    # without parsing the body at all.
    if len(BOUNDARY.findall(body)) + len(BOUNDARY.findall(block)) > limits.max_multipart_depth:
        raise MailError(f"it has more than {limits.max_multipart_depth} nested or separate multipart sections")
    return block


def _nesting(value: bytes) -> int:
    if b"(" not in value and b"<" not in value:
        return 0
    depth = deepest = 0
    for byte in value:
        if byte in (40, 60):  # ( <
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (41, 62) and depth:  # ) >
            depth -= 1
    return deepest


def _fields(block: bytes):
    """(name, unfolded value) for each header field, in order; continuation lines join their field."""
    name, parts = None, []
    for line in block.splitlines():
        if line[:1] in (b" ", b"\t") and name is not None:
            parts.append(line)
            continue
        if name is not None:
            yield name, b"".join(parts)
        match = FIELD_NAME.match(line)
        if match:
            name, parts = match.group(1).decode("ascii"), [line[match.end():]]
        else:
            name, parts = None, []  # not a header line (e.g. an mbox "From " line): skipped
    if name is not None:
        yield name, b"".join(parts)


def read_headers(data: bytes, wanted: tuple[str, ...], limits: MailLimits = MailLimits()) -> dict[str, str]:
    """The `wanted` headers of an e-mail as readable text (empty when missing or undecodable)."""
    block = header_block(data, limits)
    message = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(block.replace(b"\r\n", b"\n") + b"\n\n")
    raw = {}
    for key, value in message.raw_items():
        raw.setdefault(key.lower(), value)
    out = {}
    for key in wanted:
        # The structured parsers slow down with the square of the length; what optout shows is at most
        # 500 characters, so longer values are cut before parsing rather than parsed in full.
        value = raw.get(key.lower(), "")[:MAX_PARSED]
        try:
            value = str(email.policy.default.header_factory(key, value)) if value else ""
        except (ValueError, IndexError, TypeError, AttributeError, RecursionError):  # malformed: keep the raw text
            pass
        out[key] = " ".join(value.split())[:500]
    return out
