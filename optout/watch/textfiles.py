"""Reading a version's text from a file as people save it: UTF-8, Windows' "Unicode" (UTF-16 or UTF-32 with
a byte-order mark) or Windows' usual encoding, or UTF-8 with some lines in Windows' encoding. `optout watch
compare` and `optout watch import` read files alike, so a file one of them reads the other reads too."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # far above any policy; a larger file is a mistake, and reading it would only fill memory

_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # UTF-32's mark begins like UTF-16's
          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class UnreadableText(ValueError):
    """A file that cannot be read as text; the message names it, says why and, when the person can do something
    about it, what. `why` is the reason alone ("is not a text file …"), for a message about a version the person
    cannot re-save (a past commit of an archive)."""

    def __init__(self, message: str, why: str = ""):
        super().__init__(message)
        self.why = why


def decode(raw: bytes, name: str) -> str:
    """The text of `raw`, read from the file called `name` (named in the error)."""
    for mark, encoding in _MARKS:
        if raw.startswith(mark):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as exc:
                why = f"starts as {encoding.upper()} but is not valid {encoding.upper()}"
                raise UnreadableText(f"{name} {why}.", why) from exc
    if b"\0" in raw:
        if _utf16_without_mark(raw):
            why = "looks like UTF-16 text saved without the mark that says so"
            raise UnreadableText(f"{name} {why}. Save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8).", why)
        # No text saved as UTF-8 or by Windows holds a zero byte; read as Windows' encoding (which reads any
        # bytes) a PDF or a picture would be taken for a page of gibberish and compared as one.
        why = "is not a text file (a PDF, a word-processor document or a picture?)"
        raise UnreadableText(f"{name} {why}. Save it as text or Markdown.", why)
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Line by line, not the whole file in one encoding: a UTF-8 file with one line pasted or appended from
    # a Windows file ("Copyright \xa9 Caf\xe9") read wholly as Windows' encoding turned every "’" of the
    # rest into "â€™", and every sentence holding one into a change. A line that is not valid UTF-8 is
    # Windows' encoding; one that is valid is UTF-8 (a line of Windows text whose every accented letter
    # also happens to form UTF-8 is next to impossible), so a file wholly in Windows' encoding reads as before.
    return "".join(_line(line) for line in raw.splitlines(keepends=True))


def _line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # cp1252 leaves five bytes undefined


def _utf16_without_mark(raw: bytes) -> bool:
    """Whether `raw` reads as UTF-16 text in Latin letters saved with no byte-order mark: nearly every other
    byte is zero, and it decodes to printable text. (Text in other scripts has few zero bytes and is not
    recognised; nor is a PDF or a picture, whose zero bytes fall anywhere.)"""
    if len(raw) < 4 or len(raw) % 2:
        return False
    for encoding, zeros in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if zeros.count(0) < len(zeros) * 0.9:
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(char.isprintable() or char in "\t\r\n" for char in text):
            return True
    return False


def read(path: Path, max_bytes: int = MAX_BYTES, too_large: str = "") -> str:
    """The text of the file at `path`. Its size is checked before it is read (a larger file is refused, with the
    message `too_large` if one is given), and only files are read: a device such as /dev/zero or a pipe has no end
    to read to."""
    try:
        info = path.stat()
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            raise UnreadableText(f"{path} is a link to {os.readlink(path)}, which does not exist.") from exc
        raise UnreadableText(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableText(f"{path} is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableText(f"{path} is not a file (a device or a pipe?).")
    refused = UnreadableText(too_large or f"{path} is larger than {max_bytes // (1024 * 1024)} MB.")
    if info.st_size > max_bytes:
        raise refused
    try:
        with path.open("rb") as file:
            raw = file.read(max_bytes + 1)  # a file that grew since stat() still fills no memory
    except OSError as exc:
        raise UnreadableText(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if len(raw) > max_bytes:
        raise refused
    return decode(raw, str(path))
