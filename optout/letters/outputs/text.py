"""Plain text, for pasting into a web form or a mail program."""

from __future__ import annotations

from ..compose import Letter

CONTENT_TYPE = "text/plain; charset=utf-8"
SUFFIX = ".txt"


def render_text(letter: Letter) -> str:
    lines = [letter.sender.name, *letter.sender.address_lines]
    if letter.sender.email:
        lines.append(letter.sender.email)
    lines += ["", letter.recipient.name, *letter.recipient.address_lines, ""]
    lines.append(f"{letter.labels['date']}{letter.colon} {letter.date_text}")
    if letter.reference:
        lines.append(f"{letter.labels['reference']}{letter.colon} {letter.reference}")
    lines += ["", f"{letter.labels['subject']}{letter.colon} {letter.subject}", "", letter.body_text]
    if letter.enclosures:
        lines += ["", f"{letter.labels['enclosures']}{letter.colon}", *(f"- {item}" for item in letter.enclosures)]
    return "\n".join(lines) + "\n"


def render(letter: Letter, **_options) -> bytes:
    return render_text(letter).encode("utf-8")
