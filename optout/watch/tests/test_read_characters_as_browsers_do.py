"""A page's characters are read as a browser reads them, so the same page reads the same whatever its server
calls its encoding: a relabelled page is no change, and a misread one is never recorded."""

import codecs
import datetime as dt

import pytest
from django.core import mail
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_plan
from optout.lib.http import FetchError, decode_text
from optout.watch.models import WatchedDocument
from optout.watch.tests.documents import only_linkedin_privacy, recorded_for
from optout.watch.tests.test_check_documents import PARAGRAPHS, check, page

NO_AI = "We don\u2019t use your posts, profile or other personal data to train generative AI models."
POLICY = page([*PARAGRAPHS, NO_AI])
T0 = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)
QUOTE_1252 = "<p>We don\x92t train AI on your posts.</p>".encode("latin-1")


@pytest.mark.parametrize("label", ["windows-1252", "iso-8859-1", "latin1", "us-ascii", "ascii", "ISO_8859-1", " cp1252 "])
def test_the_labels_browsers_read_as_windows_1252_are_read_so(label):
    assert decode_text(QUOTE_1252, label) == "<p>We don\u2019t train AI on your posts.</p>"


@pytest.mark.parametrize("label", ["utf-8", None])
def test_windows_1252_bytes_in_a_utf8_page_read_as_windows_1252(label):
    body = ("<p>Caf\u00e9 \u2014 " + "Lorem ipsum dolor sit amet. " * 30 + "</p>").encode() + QUOTE_1252 + b"<p>We won\x92t.</p>"
    text = decode_text(body, label)
    assert "Caf\u00e9 \u2014 Lorem" in text and "We don\u2019t train" in text and "We won\u2019t." in text
    assert "\ufffd" not in text


KOREAN = "<html><body><p>" + "개인 데이터를 AI 학습에 사용하지 않습니다. " * 40 + "</p></body></html>"
CHINESE = "<html><body><p>" + "我们不会使用您的数据训练人工智能模型。" * 40 + "</p></body></html>"


@pytest.mark.parametrize(("text", "codec"), [(KOREAN, "euc-kr"), (CHINESE, "gbk")], ids=["korean", "chinese"])
@pytest.mark.parametrize("label", ["utf-8", None])
def test_a_page_in_another_encoding_read_as_utf8_is_an_error_not_latin_letters(text, codec, label):
    """Its bytes are no stray windows-1252 bytes: read so, they would pass for text and be stored as mojibake."""
    with pytest.raises(FetchError) as error:
        decode_text(text.encode(codec), label)
    assert error.value.kind == "encoding" and "not valid utf-8" in str(error.value)


def test_a_few_stray_bytes_in_a_utf8_page_are_read_a_few_more_are_an_error():
    words = ("Lorem ipsum dolor sit amet. " * 40).encode()
    assert decode_text(words + b"We don\x92t." * 5, "utf-8").endswith("We don\u2019t." * 5)
    with pytest.raises(FetchError) as error:
        decode_text(words + b"We don\x92t." * 30, "utf-8")
    assert "not valid utf-8 (30 broken characters)" in str(error.value)


@pytest.mark.parametrize("cut", [1, 2])
@pytest.mark.parametrize("label", ["utf-8", None])
def test_a_utf8_body_cut_inside_its_last_character_leaves_that_character_out(cut, label):
    assert decode_text("<p>学習".encode()[:-cut], label) == "<p>学"


def test_the_five_bytes_windows_1252_leaves_undefined_read_as_their_control_characters():
    assert decode_text(b"a\x81b\x9dc", "windows-1252") == "a\x81b\x9dc"


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE], ids=["le", "be"])
@pytest.mark.parametrize("charset", [None, "windows-1252", "utf-8"])
def test_a_byte_order_mark_decides_the_encoding(bom, charset):
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    assert decode_text(bom + "<p>caf\u00e9</p>".encode(codec), charset) == "<p>caf\u00e9</p>"


def test_a_utf8_byte_order_mark_wins_over_a_header_saying_windows_1252():
    assert decode_text(codecs.BOM_UTF8 + "<p>caf\u00e9</p>".encode(), "windows-1252") == "<p>caf\u00e9</p>"


@pytest.mark.parametrize("declaration", [b"<meta charset='utf-16'>", b'<meta charset="UTF-16LE">',
                                         b'<meta http-equiv="Content-Type" content="text/html; charset=utf-16be">',
                                         b'<?xml version="1.0" encoding="utf-16"?>'])
def test_a_page_declaring_utf16_without_a_byte_order_mark_reads_as_utf8(declaration):
    body = declaration + "<p>caf\u00e9</p>".encode()
    assert decode_text(body, None).endswith("<p>caf\u00e9</p>")


def test_a_meta_charset_is_read_as_browsers_read_its_label():
    assert decode_text(b"<meta charset=latin1>" + QUOTE_1252, None).endswith("We don\u2019t train AI on your posts.</p>")


@pytest.mark.parametrize(("label", "text"), [("latin-1", "We don\u2019t"), ("utf_8", "Caf\u00e9"), ("cp932", "\u5b66\u7fd2"),
                                             ("cp949", "\ud559\uc2b5"), ("euc_kr", "\ud559\uc2b5"),
                                             ("iso8859_15", "\u20ac 5")])
def test_a_label_python_knows_and_browsers_do_not_is_read_in_its_encoding(label, text):
    """Python's names ("latin-1", "utf_8", "euc_kr"): read as the encoding browsers know by Python's canonical name for
    it (latin-1 as windows-1252, as browsers read ISO-8859-1), else in Python's codec (cp932, cp949)."""
    body = f"<p>{text} and AI training</p>".encode("cp1252" if label == "latin-1" else label)
    assert decode_text(body, label) == f"<p>{text} and AI training</p>"
    assert decode_text(b"<meta charset='" + label.encode() + b"'>" + body, None).endswith(f"<p>{text} and AI training</p>")


@pytest.mark.parametrize("label", ["base64", "rot13", "zlib"])
def test_a_label_naming_a_codec_that_is_no_character_set_is_an_error(label):
    with pytest.raises(FetchError) as error:
        decode_text(b"<p>hi</p>", label)
    assert f"cannot be read ({label})" in str(error.value)


@pytest.mark.parametrize(("label", "words"), [("klingon", "unknown character set (klingon)"),
                                              ("iso-2022-kr", "cannot be read (iso-2022-kr)"),
                                              ("x-user-defined", "cannot be read (x-user-defined)")])
def test_a_label_browsers_do_not_read_as_text_is_an_error(label, words):
    with pytest.raises(FetchError) as error:
        decode_text(b"<p>hi</p>", label)
    assert error.value.kind == "encoding" and words in str(error.value)


@pytest.mark.parametrize(("label", "words"), [("utf-8", "not valid utf-8"), ("windows-1252", "control characters"),
                                              (None, "not valid utf-8")])
def test_a_body_that_is_not_text_is_an_error(label, words):
    with pytest.raises(FetchError) as error:
        decode_text(bytes(range(256)) * 20, label)
    assert error.value.kind == "encoding" and words in str(error.value)


def test_many_broken_characters_in_another_encoding_are_an_error():
    with pytest.raises(FetchError) as error:
        decode_text(b"<p>\x81 </p>" * 200, "shift_jis")
    assert "not valid shift_jis" in str(error.value)


@pytest.fixture
def watched(db, web_fixture, alice):
    return recorded_for(alice, web_fixture, POLICY, T0 - dt.timedelta(days=1))


@pytest.mark.parametrize("second", ["utf-8", "iso-8859-1", "us-ascii"])
def test_a_windows_1252_page_labelled_anew_alerts_nobody(db, web_fixture, alice, second, django_capture_on_commit_callbacks):
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    body = POLICY.decode().encode("cp1252")
    web_fixture.route("/privacy", body, headers={"Content-Type": "text/html; charset=windows-1252"})
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    web_fixture.route("/privacy", body + b" ", headers={"Content-Type": f"text/html; charset={second}"})
    with django_capture_on_commit_callbacks(execute=True):
        assert check(WatchedDocument.objects.get(pk=document.pk), T0) == "same-text"
    assert not mail.outbox


@pytest.mark.parametrize("body", [
    codecs.BOM_UTF16_LE + POLICY.decode().encode("utf-16-le"),
    POLICY.replace(b"<head>", b"<head><meta charset='utf-16'>"),
    codecs.BOM_UTF8 + POLICY,
], ids=["utf16-with-bom", "meta-utf16-in-utf8", "utf8-bom"])
def test_the_same_page_in_another_form_is_the_same_text(watched, web_fixture, body):
    web_fixture.route("/privacy", body, headers={"Content-Type": "text/html"})
    assert check(watched, T0) == "same-text"
    assert watched.versions.count() == 1


UTF8_PAGE = "<!DOCTYPE html><html><body><p>Caf\u00e9: we don\u2019t train AI on your posts.</p></body></html>"


@pytest.mark.parametrize("label", ["utf-16", "UTF-16", "utf-16le", "utf-16be", "unicode", "utf-16-le", "utf_16_be"])
@pytest.mark.parametrize("tail", [b"", b"\0", b"\n" + b"\0" * 3], ids=["", "a-stray-nul", "three-nuls"])
def test_an_8_bit_page_its_server_calls_utf16_reads_as_the_utf8_it_plainly_is(label, tail):
    """Browsers trust the header and show CJK-looking mojibake; stored, it would be a new version of garbage."""
    assert decode_text(UTF8_PAGE.encode() + tail, label).rstrip("\0\n") == UTF8_PAGE


STRAY = ("<!DOCTYPE html><html><body>" + "<p>We don\u2019t train AI on your posts. Caf\u00e9.</p>" * 20
         + "</body></html>").encode() + b"\0\n\0"  # two zero bytes an even distance apart: both on one side


@pytest.mark.parametrize("label", ["utf-16", "utf-16be"])
def test_an_8_bit_page_with_two_stray_zero_bytes_its_server_calls_utf16_reads_as_the_utf8_it_is(label):
    """Stray zero bytes (padding, a "\\0" in a script) land on one side as often as not; a page whose every byte but
    those is plainly ASCII markup and UTF-8 is no UTF-16 for two of them."""
    assert decode_text(STRAY, label).startswith("<!DOCTYPE html><html><body><p>We don\u2019t train AI")


@pytest.mark.parametrize("label", ["utf-16", "utf-16le"])
def test_a_text_with_a_few_stray_zero_bytes_its_server_calls_utf16_reads_as_the_utf8_it_is(label):
    """Not opening with markup (plain text), its zero bytes alone tell: a few in a long text are no UTF-16, which has
    one for every character of ASCII."""
    text = ("Privacy policy. We don\u2019t train AI on your posts. Caf\u00e9.\n" * 80).encode() + b"\0\n\0\n\0\n\0"
    assert decode_text(text, label).startswith("Privacy policy. We don\u2019t train AI")


def test_a_policy_its_server_calls_utf16_with_two_stray_zero_bytes_is_the_same_text(
        watched, web_fixture, django_capture_on_commit_callbacks):
    web_fixture.route("/privacy", POLICY + b"\0\n\0", headers={"Content-Type": "text/html; charset=utf-16"})
    for later in (T0, T0 + dt.timedelta(hours=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert check(WatchedDocument.objects.get(pk=watched.pk), later) in ("same-text", "same-body")
    assert watched.versions.count() == 1 and not mail.outbox


@pytest.mark.parametrize("label", ["utf-16", "utf-16be"])
def test_an_8_bit_page_its_server_calls_utf16_that_is_not_utf8_either_is_an_error(label):
    """Not UTF-16 and not UTF-8 (here windows-1252): which characters its bytes are cannot be told."""
    with pytest.raises(FetchError) as error:
        decode_text(UTF8_PAGE.encode("cp1252"), label)
    assert error.value.kind == "encoding"
    assert f"The server says the page is in UTF-16 ({label}), but it is not" in str(error.value)


JAPANESE = ("<p>当社は、お客様の投稿を生成AIモデルの学習に使用しません。</p>\n" * 3
            + "個人データを学習に使用しません。" * 30 + "\n")


@pytest.mark.parametrize(("label", "codec"), [("utf-16", "utf-16-le"), ("utf-16le", "utf-16-le"), ("utf-16be", "utf-16-be"),
                                              ("utf-16", "utf-16-be"), ("utf-16le", "utf-16-be"), ("utf_16_le", "utf-16-le")])
@pytest.mark.parametrize("text", [UTF8_PAGE, JAPANESE, "学習データ。\n" * 3], ids=["latin", "japanese", "few-ascii"])
def test_a_utf16_page_without_a_byte_order_mark_is_read_in_the_byte_order_its_bytes_show(label, codec, text):
    assert decode_text(text.encode(codec), label) == text


@pytest.mark.parametrize("label", ["utf-16", "utf-16be"])
def test_a_page_its_server_calls_utf16_one_day_records_nothing_new(watched, web_fixture, label,
                                                                   django_capture_on_commit_callbacks):
    """Today's page, a byte longer, under a header that says UTF-16: read as the UTF-8 it is, it is the same text
    (read as UTF-16 it was a text in CJK-looking characters, held as a drastic change, then recorded)."""
    web_fixture.route("/privacy", POLICY + b"\n", headers={"Content-Type": f"text/html; charset={label}"})
    for later, outcome in ((T0, "same-text"), (T0 + dt.timedelta(hours=2), "same-body")):
        with django_capture_on_commit_callbacks(execute=True):
            assert check(WatchedDocument.objects.get(pk=watched.pk), later) == outcome
    assert [version.text for version in watched.versions.all()] == [watched.latest.text] and not mail.outbox


def test_a_windows_1252_page_its_server_calls_utf16_is_an_error_that_says_so(watched, web_fixture):
    web_fixture.route("/privacy", POLICY.decode().encode("cp1252"), headers={"Content-Type": "text/html; charset=utf-16"})
    assert check(watched, T0) == "error"
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert "says the page is in UTF-16 (utf-16), but it is not" in document.last_error
    assert document.versions.count() == 1 and not document.pending_hash


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_the_same_page_in_utf16_without_a_byte_order_mark_is_the_same_text(watched, web_fixture, codec):
    web_fixture.route("/privacy", POLICY.decode().encode(codec), headers={"Content-Type": "text/html; charset=utf-16"})
    assert check(watched, T0) == "same-text"
    assert watched.versions.count() == 1


PIECES = ["policy", "AI", " ", "  ", "\t", "\u00a0", "\u2002", "\u3000", "\n", "\n\n\n", "\r\n", "\r", "\u200b",
          "\u00ad", "\ufeff", "\x85", "\u2028", "e\u0301", "\u00e9", "?", "&", "=", "#", "http://", "https://x.example/",
          "a?utm_source=news&b=1", "?q=caf\u00e9 au lait&fbclid=9", "?a=%7E&a=b+c", "http://[x?a=1", "(", ")", "'"]


def _normalised_line_by_line(markdown: str) -> str:
    """The definition `normalise` keeps: each line on its own (as it was written before it ran on the whole text)."""
    import unicodedata

    from optout.watch.normalise import BLANKS, SPACES, URL, _clean_url, visible

    text = visible(markdown.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\ufeff", "")
    text = BLANKS.sub("\n\n", "\n".join(SPACES.sub(" ", URL.sub(_clean_url, line)).strip() for line in text.split("\n")))
    return text.strip() + "\n" if text.strip() else ""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_a_text_is_normalised_as_each_of_its_lines_would_be_alone(markdown):
    """Normalising works on the whole text at once for speed: it must give the bytes reading line by line gives, or a
    page read after an upgrade would make a new version with no change."""
    from optout.watch.normalise import normalise

    assert normalise(markdown) == _normalised_line_by_line(markdown)
