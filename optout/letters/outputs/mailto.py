"""A mailto: link, when the letter is short enough for mail programs to accept it."""

from __future__ import annotations

from urllib.parse import quote

from ..compose import Letter

# Browsers and mail programs truncate or refuse longer mailto: links (some stop near 2,000).
MAX_LENGTH = 2000


def link(letter: Letter) -> str | None:
    """The link, or None when there is no e-mail address or the link would be too long."""
    if not letter.recipient.email:
        return None
    body = letter.body_text + (f"\n\n{letter.labels['reference']}{letter.colon} {letter.reference}" if letter.reference else "")
    url = f"mailto:{quote(letter.recipient.email, safe='@')}?subject={quote(letter.subject, safe='')}&body={quote(body, safe='')}"
    return url if len(url) <= MAX_LENGTH else None
