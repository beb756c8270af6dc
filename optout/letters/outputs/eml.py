"""An .eml file a mail program opens as a ready-to-send message (RFC 5322, UTF-8)."""

from __future__ import annotations

import email.policy
import email.utils
from email.headerregistry import Address
from email.message import EmailMessage

from ..compose import Letter

CONTENT_TYPE = "message/rfc822"
# Python's header folding inserts stray spaces before encoded words when it wraps long non-ASCII
# subjects; RFC 5322 allows lines up to 998 characters, so headers are not wrapped at all.
POLICY = email.policy.SMTP.clone(max_line_length=998)
SUFFIX = ".eml"


def _address(name: str, addr: str) -> Address | str:
    if not addr:
        return ""
    user, _, domain = addr.rpartition("@")
    return Address(display_name=name, username=user, domain=domain)


def build(letter: Letter, attachments: list[tuple[str, str, bytes]] = ()) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["Subject"] = letter.subject
    sender = _address(letter.sender.name, letter.sender.email)
    if sender:
        message["From"] = sender
    recipient = _address(letter.recipient.name, letter.recipient.email)
    if recipient:
        message["To"] = recipient
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(domain="optout.invalid")
    # Mail programs open a message with this header as an unsent draft.
    message["X-Unsent"] = "1"
    body = letter.body_text
    if letter.reference:
        body += f"\n\n{letter.labels['reference']}{letter.colon} {letter.reference}"
    message.set_content(body + "\n", charset="utf-8")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def render(letter: Letter, attachments: list[tuple[str, str, bytes]] = (), **_options) -> bytes:
    return build(letter, attachments).as_bytes()
