"""A printable letter as PDF (WeasyPrint): sender and recipient blocks, date, reference, subject, signature line.

Names may be in any script: the font list covers Latin, Greek, Cyrillic, Arabic, Hebrew and CJK
when those fonts are installed (see `missing_fonts`), and every block uses `dir="auto"` so
right-to-left names are laid out correctly.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
from html import escape

from ..compose import Letter

CONTENT_TYPE = "application/pdf"
SUFFIX = ".pdf"

FONTS = '"DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans CJK SC", "Noto Sans CJK JP", sans-serif'

CSS = """
@page { size: A4; margin: 22mm 20mm 24mm 25mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: FONTS; font-size: 10.5pt; line-height: 1.45; color: #111; }
.sender { font-size: 8.5pt; color: #333; margin-bottom: 10mm; }
.recipient { min-height: 32mm; margin-bottom: 8mm; }
.meta { text-align: right; margin-bottom: 8mm; }
.meta p { margin: 0; }
h1 { font-size: 11pt; margin: 0 0 6mm; }
p { margin: 0 0 3.5mm; orphans: 3; widows: 3; }
/* The closing and the signature never stand alone on a page: they travel with the last paragraph. */
.closing-block { break-inside: avoid; page-break-inside: avoid; }
.body p { white-space: pre-line; }
.signature { margin-top: 16mm; border-top: 0.6pt solid #111; width: 65mm; padding-top: 1.5mm; }
.enclosures { margin-top: 8mm; font-size: 9pt; }
.annex, .enclosed { page-break-before: always; }
.annex h2 { font-size: 11pt; }
.annex table { border-collapse: collapse; width: 100%; font-size: 9pt; }
.annex td { border-bottom: 0.4pt solid #999; padding: 1.5mm 2mm; vertical-align: top; }
""".replace("FONTS", FONTS)


# A citation's abbreviation and its number stay on one line ("Art. 12 Abs. 3", "Article 21(1)", "§ 1798.105"): a PDF
# broke "(Art." from "12".
CITATION = re.compile(r"(?<!\w)(Art\.|Artt?\.|Abs\.|lit\.|Buchst\.|Nr\.|No\.|n\.|Article|Articles|Artikel|article|"
                      r"articles|artículo|artigo|articolo|artykuł|art\.|ust\.|§§?) (?=[\w(])")


def _unbroken(text: str) -> str:
    return CITATION.sub("\\1\u00a0", text)


def _lines(lines: list[str]) -> str:
    return "<br>".join(f'<span dir="auto">{escape(line)}</span>' for line in lines)


def to_html(letter: Letter, annex: list[tuple[str, str]] | None = None, annex_title: str = "",
            enclosed: list[Letter] = ()) -> str:
    """The letter's pages; then the letters it encloses (`enclosed`: the request a reminder or complaint follows up,
    which its text says is enclosed), each from a new page as it was sent; then its annex."""
    parts = [f'<!DOCTYPE html><html lang="{escape(letter.language)}"><head><meta charset="utf-8">',
             f"<title>{escape(letter.subject)}</title><style>{CSS}</style></head><body>", *_letter(letter)]
    for copy in enclosed:
        parts += [f'<div class="enclosed" lang="{escape(copy.language)}">', *_letter(copy), "</div>"]
    if annex:
        rows = "".join(f'<tr><td>{escape(when)}</td><td dir="auto">{escape(what)}</td></tr>' for when, what in annex)
        parts.append(f'<div class="annex"><h2>{escape(annex_title)}</h2><table>{rows}</table></div>')
    parts.append("</body></html>")
    return _unbroken("".join(parts))


def _letter(letter: Letter) -> list[str]:
    sender = [letter.sender.name, *letter.sender.address_lines] + ([letter.sender.email] if letter.sender.email else [])
    recipient = [letter.recipient.name, *letter.recipient.address_lines]
    parts = [
        f'<div class="sender">{_lines(sender)}</div>',
        f'<div class="recipient">{_lines(recipient)}</div>',
        '<div class="meta">',
        f"<p>{escape(letter.labels['date'])}{letter.colon} {escape(letter.date_text)}</p>",
    ]
    if letter.reference:
        parts.append(f"<p>{escape(letter.labels['reference'])}{letter.colon} {escape(letter.reference)}</p>")
    parts += ["</div>", f'<h1 dir="auto">{escape(letter.subject)}</h1>', '<div class="body">']
    parts.append(f"<p>{escape(letter.greeting)}</p>")
    *body, last = letter.paragraphs or ("",)
    parts += [f'<p dir="auto">{escape(p)}</p>' for p in body]
    parts.append(f'<div class="closing-block"><p dir="auto">{escape(last)}</p>')
    parts.append(f"<p>{escape(letter.closing)}</p>")
    parts.append(f'<p class="signature" dir="auto">{escape(letter.sender.name)}</p></div></div>')
    if letter.enclosures:
        items = "".join(f"<li>{escape(item)}</li>" for item in letter.enclosures)
        parts.append(f'<div class="enclosures"><p>{escape(letter.labels["enclosures"])}{letter.colon}</p><ul>{items}</ul></div>')
    return parts


class FontsMissing(ValueError):
    """The letter needs glyphs that no installed font has; the message names the package to install."""


# Debian/Ubuntu packages with a font for each script that DejaVu lacks.
FONT_PACKAGES = {"zh": "fonts-noto-cjk", "ja": "fonts-noto-cjk", "ko": "fonts-noto-cjk", "ar": "fonts-noto-core",
                 "he": "fonts-noto-core", "th": "fonts-noto-core", "hi": "fonts-noto-core", "el": "fonts-dejavu-core",
                 "ru": "fonts-dejavu-core"}
SCRIPT_NAMES = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ar": "Arabic", "he": "Hebrew", "th": "Thai",
                "hi": "Devanagari", "el": "Greek", "ru": "Cyrillic"}


def font_advice(missing: list[str]) -> str:
    """What to install, in a sentence: "… Chinese … fonts-noto-cjk …"."""
    scripts = ", ".join(SCRIPT_NAMES[lang] for lang in missing)
    packages = " ".join(sorted({FONT_PACKAGES[lang] for lang in missing}))
    return (f"This letter contains {scripts} characters and no font on this computer can print them, so the PDF would "
            f"show empty boxes. Install the font package {packages} (Debian or Ubuntu: sudo apt install {packages}) and "
            "make the PDF again; the e-mail and text versions work without it.")


def letter_text(letter: Letter, annex: list[tuple[str, str]] | None = None) -> str:
    parts = [letter.sender.name, letter.sender.address, letter.sender.email, letter.recipient.name,
             letter.recipient.address, letter.subject, letter.greeting, *letter.paragraphs, letter.closing,
             *letter.enclosures, *(what for _when, what in annex or ())]
    return "\n".join(parts)


def render(letter: Letter, annex: list[tuple[str, str]] | None = None, annex_title: str = "",
           enclosed: list[Letter] = (), **_options) -> bytes:
    """The PDF; FontsMissing instead of a PDF with empty boxes when a script has no installed font."""
    missing = missing_fonts("\n".join([letter_text(letter, annex), annex_title, *map(letter_text, enclosed)]))
    if missing:
        raise FontsMissing(font_advice(missing))
    from optout.lib.pdfrender import html_to_pdf

    return html_to_pdf(to_html(letter, annex, annex_title, enclosed))


@functools.cache
def _installed_scripts() -> frozenset[str]:
    """Scripts the installed fonts cover (via fontconfig), e.g. {"zh", "ar", "he"}."""
    if not shutil.which("fc-list"):
        return frozenset()
    found = set()
    for lang in ("zh", "ja", "ko", "ar", "he", "el", "ru", "th", "hi"):
        out = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True, text=True, check=False).stdout
        if out.strip():
            found.add(lang)
    return frozenset(found)


SCRIPT_LANG = {"CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "ARABIC": "ar", "HEBREW": "he",
               "GREEK": "el", "CYRILLIC": "ru", "THAI": "th", "DEVANAGARI": "hi"}


def missing_fonts(text: str) -> list[str]:
    """Scripts in `text` that no installed font covers: the PDF would show empty boxes for them."""
    needed = set()
    for char in text:
        if ord(char) < 0x370:
            continue
        name = unicodedata.name(char, "")
        for script, lang in SCRIPT_LANG.items():
            if name.startswith(script) or (script == "CJK" and "IDEOGRAPH" in name):
                needed.add(lang)
    # Most letters need no lookup at all: fontconfig is asked only when a script beyond DejaVu's Latin turns up.
    return sorted(needed - _installed_scripts()) if needed else []

