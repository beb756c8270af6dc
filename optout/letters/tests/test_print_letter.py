"""Printing a letter: the closing and signature never stand alone on a page, in any language, with a long name
and address; a script no installed font covers is refused with the package to install, never empty boxes."""

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap

import pytest

from optout.letters.compose import LetterInput, Party, compose
from optout.letters.outputs import OUTPUTS
from optout.letters.regimes import regimes
from optout.letters.texts import LANGUAGES

LONG_NAME = "Maria-Magdalena Konstanze Wilhelmine von Hohenzollern-Sigmaringen-Ostermann"
LONG_ADDRESS = ("Appartement 14, Escalier C, 3e étage\nRésidence des Grands Boulevards Ouest\n"
                "127 Avenue du Général-Leclerc-de-Hauteclocque\nBâtiment Les Tilleuls\n75014 Paris\nFrance")


def regime_in(language: str) -> str:
    return next(r for r in ("gdpr", "lgpd", "fadp") if language in regimes()[r].languages)


def letter(language: str, lines: int):
    own_words = "\n".join(f"Zeile {i}: mein Werk." for i in range(lines))
    return compose(LetterInput(
        kind="erasure", regime=regime_in(language), language=language,
        sender=Party(LONG_NAME, LONG_ADDRESS, "maria.magdalena@example.org"),
        recipient=Party("Meta Platforms Ireland Limited", "Merrion Road\nDublin 4, D04 X2K5\nIreland", "privacy@meta.example"),
        platform="Instagram", controller="Meta Platforms Ireland Limited", account="@maria.magdalena.draws",
        reference="OPT-2026-001001", date=dt.date(2026, 11, 25), deadline=dt.date(2027, 1, 4),
        own_words=own_words, creator="photographer",
    ))


def pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "l.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def squeeze(text: str) -> str:
    """Text without spaces and hyphens: pdftotext drops a hyphen where a long name wraps."""
    return re.sub(r"[\s\-‐]", "", text)


def only_the_closing(page: str, composed) -> bool:
    rest = squeeze(re.sub(r"\b\d+ ?/ ?\d+\b", "", page))
    for part in (composed.closing, composed.sender.name):
        rest = rest.replace(squeeze(part), "")
    return len(rest) < 3


@pytest.mark.slow  # some 150 PDFs: every language, around each page break
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_closing_and_signature_never_stand_alone_on_a_page(language, tmp_path, pdftotext):
    def count(lines):
        return len(pages(OUTPUTS["pdf"].render(letter(language, lines)), tmp_path))

    low, high = 0, 120  # find where the letter first needs one more page
    base = count(low)
    assert count(high) > base
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if count(middle) == base else (low, middle)
    # Around that point the last lines of a page are the letter's end: the closing must travel with text.
    for lines in range(max(0, high - 2), high + 5):
        composed = letter(language, lines)
        found = pages(OUTPUTS["pdf"].render(composed), tmp_path)
        assert not any(only_the_closing(page, composed) for page in found[1:]), (language, lines, found[-1][:200])
        assert squeeze(LONG_NAME) in squeeze(found[-1])  # the signature is printed


FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{cache}</cachedir></fontconfig>
"""

SCRIPT = textwrap.dedent("""
    import datetime as dt, sys
    from optout.letters.compose import LetterInput, Party, compose
    from optout.letters.outputs import pdf
    def make(name):
        return compose(LetterInput(kind="objection", regime="gdpr", language="en", sender=Party(name, "1 Main St", "a@example.org"),
            recipient=Party("Meta Platforms Ireland Limited", "Dublin"), platform="Instagram", controller="Meta",
            date=dt.date(2026, 11, 25), deadline=dt.date(2027, 1, 4), own_words="My drawings are my income."))
    open(sys.argv[1], "wb").write(pdf.render(make("Alice Example")))
    try:
        pdf.render(make("王小明 さくら 김민준"))
    except pdf.FontsMissing as exc:
        print("REFUSED:", exc)
    else:
        print("RENDERED")
""")


def test_without_cjk_fonts_the_pdf_is_refused_with_the_package_to_install(tmp_path, pdftotext):
    """fontconfig is pointed at a folder holding only DejaVu, as on a machine without CJK fonts."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTS_CONF.format(cache=tmp_path / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, env=env, check=True).stdout
    assert not listed.strip(), "the test's font folder must hold no CJK font"
    latin = tmp_path / "latin.pdf"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(latin)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "REFUSED:" in done.stdout and "fonts-noto-cjk" in done.stdout and "Chinese" in done.stdout
    fonts = subprocess.run(["pdffonts", str(latin)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" in fonts and "CJK" not in fonts


def test_with_cjk_fonts_the_names_are_printed_in_a_cjk_font(tmp_path, pdftotext):
    composed = compose(LetterInput(kind="objection", regime="gdpr", language="en", sender=Party("王小明 さくら 김민준", "1 Main St", "a@example.org"),
                                   recipient=Party("Meta Platforms Ireland Limited", "Dublin"), platform="Instagram",
                                   controller="Meta", date=dt.date(2026, 11, 25), deadline=dt.date(2027, 1, 4),
                                   own_words="My drawings are my income."))
    path = tmp_path / "cjk.pdf"
    path.write_bytes(OUTPUTS["pdf"].render(composed))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts, f"no CJK font embedded (install fonts-noto-cjk):\n{fonts}"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "王小明" in text and "さくら" in text and "김민준" in text


def test_the_web_page_names_the_font_package_and_refuses_the_pdf(alice_client, alice, monkeypatch):
    """The font lookup is the edge: here it answers as fontconfig does on a machine without CJK fonts."""
    from django.urls import reverse

    from conftest import make_plan
    from optout.letters import services
    from optout.letters.outputs import pdf

    monkeypatch.setattr(pdf, "_installed_scripts", lambda: frozenset({"ar", "he", "el", "ru"}))
    make_plan(alice, "EU", ["instagram"])
    letter = services.draft_request(alice, platform="instagram", kind="objection", own_words="My drawings are my income.", language="en", name="王小明",
                                    email="alice@example.org")
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "fonts-noto-cjk" in page and "Chinese" in page
    response = alice_client.get(reverse("letters:download", args=[letter.number, "pdf"]), follow=True)
    assert response.redirect_chain and "application/pdf" not in response["Content-Type"]
    assert "sudo apt install fonts-noto-cjk" in response.content.decode()
    assert alice_client.get(reverse("letters:download", args=[letter.number, "txt"])).status_code == 200


@pytest.mark.parametrize("language", ["de", "en", "fr", "pl"])
def test_a_citation_is_never_broken_between_its_abbreviation_and_its_number(language):
    """A printed German letter broke "(Art." from "12 Abs. 3)" and "Abs. 1" from "lit. f" at a line's end."""
    from optout.letters.outputs.pdf import to_html

    html = to_html(letter(language, 1))
    cited = re.findall(r"(?<![\w.])(Art\.|Abs\.|lit\.|Article|article|art\.|ust\.)([ \u00a0])(?=[\w(])", html)
    assert cited, "the letter cites nothing to check"
    assert all(space == "\u00a0" for _word, space in cited), cited
