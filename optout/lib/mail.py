"""The console mailer for a local install: prints each e-mail readably where `optout serve` runs.

Django's console backend prints the message as it would go over SMTP, where lines longer than 78
characters are quoted-printable encoded — which splits a long confirmation link with "=" line breaks,
so it cannot be clicked or copied. Here the headers are decoded and the text is printed as written.
"""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

RULE = "=" * 79


class ConsoleBackend(DjangoConsoleBackend):
    def write_message(self, message):
        lines = [
            "", RULE, "E-mail printed here, not sent (set OPTOUT_SMTP_HOST to send e-mails).",
            f"From: {message.from_email}", f"To: {', '.join(message.to)}", f"Subject: {message.subject}", "",
            str(message.body).rstrip(),
        ]
        extra = len(getattr(message, "alternatives", []) or []) + len(message.attachments or [])
        if extra:
            lines += ["", f"({extra} more part(s): HTML version or attachments, not shown)"]
        self.stream.write("\n".join([*lines, RULE, ""]))
