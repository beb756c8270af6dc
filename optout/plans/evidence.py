"""Checking proof before it is stored: screenshots must be real images, e-mails real messages.

Pure: takes bytes, returns facts or raises `EvidenceError` with a message for the person.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _
from optout.lib.mailheaders import MailError, MailLimits, read_headers

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 8000×5000 screenshot is plenty; more is a decompression bomb
MAX_EMAIL_BYTES = 5 * 1024 * 1024

IMAGE_TYPES = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "WEBP": ("image/webp", ".webp"), "GIF": ("image/gif", ".gif")}
EMAIL_TYPE = "message/rfc822"
# The content types of the files optout stores as evidence (files are served with no other), and of every row ("": a
# note without a file).
FILE_TYPES = (*(content_type for content_type, _suffix in IMAGE_TYPES.values()), EMAIL_TYPE)
CONTENT_TYPES = ("", *FILE_TYPES)


class EvidenceError(ValueError):
    """Evidence that cannot be accepted; the message says why, in plain words. `template` is marked for
    translation and filled with `params`: a page shows `said` in the reader's language
    (`optout.lib.choices.in_words`), the command line as it is."""

    def __init__(self, template: str, **params):
        self.said = Said(template, **params)
        super().__init__(self.said)


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    suffix: str
    width: int
    height: int
    sha256: str


@dataclass(frozen=True)
class CheckedEmail:
    sender: str
    date: str
    subject: str
    sha256: str


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_image(data: bytes, name: str = "the file") -> CheckedImage:
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise EvidenceError(_("%(name)s is empty."), name=name)
    if len(data) > MAX_IMAGE_BYTES:
        raise EvidenceError(_("%(name)s is %(size)s; screenshots can be at most %(limit)s."), name=name,
                            size=_megabytes(len(data)), limit=_megabytes(MAX_IMAGE_BYTES))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind not in IMAGE_TYPES:
                    raise EvidenceError(_("%(name)s is a %(kind)s image; use PNG, JPEG, WebP or GIF."), name=name, kind=kind)
                if width * height > MAX_IMAGE_PIXELS:
                    raise EvidenceError(_("%(name)s is %(width)s×%(height)s pixels, too large for a screenshot."), name=name,
                                        width=width, height=height)
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # verify() misses truncated pixel data; decoding catches it
    except EvidenceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow refuses it before its size can be read back: say so in words, without the library's message
        raise EvidenceError(_("%(name)s is too large for a screenshot: far more than %(millions)s million pixels. It was "
                              "not opened."), name=name, millions=MAX_IMAGE_PIXELS // 1_000_000) from exc
    except UnidentifiedImageError as exc:
        raise EvidenceError(_("%(name)s is not an image optout can read; use PNG, JPEG, WebP or GIF."), name=name) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise EvidenceError(_("%(name)s looks like an image but is damaged (%(reason)s)."), name=name, reason=str(exc)) from exc
    content_type, suffix = IMAGE_TYPES[kind]
    return CheckedImage(content_type, suffix, width, height, hashlib.sha256(data).hexdigest())


def check_email(data: bytes, name: str = "the e-mail") -> CheckedEmail:
    """Read sender, date and subject from a saved (.eml) or pasted e-mail, headers included."""
    if not data.strip():
        raise EvidenceError(_("%(name)s is empty."), name=name)
    if len(data) > MAX_EMAIL_BYTES:
        raise EvidenceError(_("%(name)s is %(size)s; e-mails can be at most %(limit)s."), name=name,
                            size=_megabytes(len(data)), limit=_megabytes(MAX_EMAIL_BYTES))
    digest = hashlib.sha256(data).hexdigest()
    try:
        # Bounded: limits are checked on the raw bytes before the standard library sees them, and only
        # the header block is parsed (see lib/mailheaders.py for the inputs that used to take a server down).
        headers = read_headers(data, ("From", "Date", "Subject"), MailLimits(max_bytes=MAX_EMAIL_BYTES))
    except MailError as exc:
        raise EvidenceError(_("%(name)s cannot be read safely: %(reason)s."), name=name, reason=str(exc)) from exc
    sender, date, subject = headers["From"], headers["Date"], headers["Subject"]
    if not sender or not (date or subject):
        raise EvidenceError(_(
            "%(name)s does not look like an e-mail: it needs at least a From: line and a Date: or Subject: line. "
            "In your mail program, use “Save as” or “Show original” and upload or paste all of it."), name=name)
    return CheckedEmail(sender, date, subject, digest)
