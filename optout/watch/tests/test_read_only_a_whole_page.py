"""A page that arrived cut short, or an answer that is not the whole page, is an error that says so: never a
shorter version, and never an alert that the policy lost what the cut took away."""

import datetime as dt
import gzip
import zlib

import pytest
from django.core import mail

from conftest import make_plan
from optout.lib.http import Fetcher, Limits
from optout.watch.models import WatchedDocument
from optout.watch.pipeline import fetch_stage, prepare_stage
from optout.watch.tests.documents import only_linkedin_privacy
from optout.watch.tests.test_check_documents import PARAGRAPHS, check, page

LIMITS = Limits(max_bytes=1024 * 1024, max_redirects=3, connect_timeout=2, read_timeout=2, total_timeout=3)
AI = "We may use your posts, profile and other personal data to train and develop the generative AI models that power our features."
POLICY = page([*PARAGRAPHS, AI])
T0 = dt.datetime(2026, 12, 1, 14, 2, tzinfo=dt.UTC)


def fetcher():
    return Fetcher(allow_private=True, limits=LIMITS, per_host_delay=0)


def answer(headers: dict, body: bytes, status_line: bytes = b"HTTP/1.1 200 OK"):
    """An answer written byte for byte, with only the headers given (no Content-Length unless given), then the
    connection closed."""
    def handler(request):
        try:
            request.wfile.write(status_line + b"\r\n")
            for name, value in headers.items():
                request.wfile.write(f"{name}: {value}\r\n".encode())
            request.wfile.write(b"\r\n" + body)
            request.wfile.flush()
            request.close_connection = True
        except OSError:
            pass
    return handler


def compressed(body: bytes, encoding: str = "gzip") -> dict:
    return {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding, "Content-Length": str(len(body))}


def cut_before_ai(body: bytes) -> bytes:
    return body[: body.index(b"<p>We may use")]


def gzip_cut_before_ai() -> bytes:
    """As many gzip bytes as hold everything before the AI paragraph: a stream without its end and its check sum."""
    packed = gzip.compress(POLICY)
    for size in range(len(packed) // 2, len(packed)):
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(packed[:size])
        if len(out) >= len(cut_before_ai(POLICY)) and b"We may use" not in out:
            return packed[:size]
    raise AssertionError("no cut found")


@pytest.fixture
def watched(db, web_fixture, alice):
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", POLICY)
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    return WatchedDocument.objects.get(pk=document.pk)


def test_a_gzip_body_cut_short_is_an_error_even_when_its_length_matches(web_fixture):
    cut = gzip.compress(POLICY)[:-200]
    web_fixture.route("/x", answer(compressed(cut), cut))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "incomplete")
    assert "cut short" in result.message


def test_a_gzip_body_without_its_last_eight_bytes_is_an_error(web_fixture):
    cut = gzip.compress(POLICY)[:-8]  # all the text, without the check sum and the length that say it is all
    web_fixture.route("/x", answer(compressed(cut), cut))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).error_kind == "incomplete"


def test_gzip_members_one_after_another_are_read_as_one_page(web_fixture):
    half = len(POLICY) // 2
    packed = gzip.compress(POLICY[:half]) + gzip.compress(POLICY[half:])
    web_fixture.route("/x", answer(compressed(packed), packed))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.body) == ("body", POLICY.decode())


def test_bytes_after_the_gzip_body_are_an_error(web_fixture):
    packed = gzip.compress(POLICY) + b"GARBAGE" * 10
    web_fixture.route("/x", answer(compressed(packed), packed))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "encoding")
    assert "not part of it" in result.message


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "close-delimited"])
@pytest.mark.parametrize("padding", [b"\0", b"\0" * 16, b"\0" * 5000])
def test_zero_bytes_after_the_gzip_body_are_padding_and_the_page_is_read(web_fixture, padding, length):
    """Some servers pad a gzip body with zero bytes; browsers (and gzip itself) ignore them."""
    packed = gzip.compress(POLICY) + padding
    headers = compressed(packed) if length else {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    web_fixture.route("/x", answer(headers, packed))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.body) == ("body", POLICY.decode()), result.message


def test_zero_bytes_then_other_bytes_after_the_gzip_body_are_an_error(web_fixture):
    packed = gzip.compress(POLICY) + b"\0" * 16 + b"GARBAGE"
    web_fixture.route("/x", answer(compressed(packed), packed))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).error_kind == "encoding"


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_is_read_with_or_without_its_zlib_header(web_fixture, wbits):
    packer = zlib.compressobj(wbits=wbits)
    packed = packer.compress(POLICY) + packer.flush()
    web_fixture.route("/x", answer(compressed(packed, "deflate"), packed))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.body) == ("body", POLICY.decode())


def test_a_raw_deflate_body_cut_short_is_an_error(web_fixture):
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    cut = (packer.compress(POLICY) + packer.flush())[:-40]
    web_fixture.route("/x", answer(compressed(cut, "deflate"), cut))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).error_kind == "incomplete"


def test_a_body_shorter_than_its_content_length_is_an_error(web_fixture):
    web_fixture.route("/x", answer({"Content-Type": "text/html", "Content-Length": str(len(POLICY) + 5000)}, POLICY))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).outcome == "error"


def test_a_chunked_body_without_its_last_chunk_is_an_error(web_fixture):
    body = f"{len(POLICY):x}\r\n".encode() + POLICY + b"\r\n"
    web_fixture.route("/x", answer({"Content-Type": "text/html", "Transfer-Encoding": "chunked"}, body))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).outcome == "error"


def test_an_html_page_whose_connection_closed_before_its_end_is_an_error(web_fixture):
    web_fixture.route("/x", answer({"Content-Type": "text/html; charset=utf-8"}, cut_before_ai(POLICY)))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "incomplete")
    assert "closed before the page ended" in result.message


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_page_without_its_optional_end_tags_that_ends_where_the_connection_closes_is_read(web_fixture,
                                                                                                        encoding):
    """HTML lets a page leave out </body> and </html> (minifiers do); uncompressed and close-delimited, such a page
    cannot be told from one cut short, but a compressed stream's own end proves it whole."""
    body = POLICY.replace(b"</body>", b"").replace(b"</html>", b"")
    packed = gzip.compress(body) if encoding == "gzip" else zlib.compress(body)
    web_fixture.route("/x", answer({"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding}, packed,
                                   b"HTTP/1.0 200 OK"))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.body) == ("body", body.decode()), result.message
    web_fixture.route("/x", answer({"Content-Type": "text/html; charset=utf-8"}, body, b"HTTP/1.0 200 OK"))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).error_kind == "incomplete"


def test_a_compressed_page_cut_where_the_connection_closed_is_an_error(web_fixture):
    cut = gzip_cut_before_ai()
    web_fixture.route("/x", answer({"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, cut))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).error_kind == "incomplete"


@pytest.mark.parametrize("body", [POLICY, POLICY.replace(b"</html>", b""), b"<p>No html or body tag, plain words.</p>",
                                  POLICY.upper()], ids=["whole", "without-html-end", "fragment", "upper-case"])
def test_a_whole_page_that_ends_where_the_connection_closes_is_read(web_fixture, body):
    web_fixture.route("/x", answer({"Content-Type": "text/html; charset=utf-8"}, body))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).outcome == "body"


def test_text_that_ends_where_the_connection_closes_is_read(web_fixture):
    web_fixture.route("/x", answer({"Content-Type": "text/plain"}, b"<html><body>Not HTML, whatever it starts with"))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).outcome == "body"


@pytest.mark.parametrize(("status", "words"), [(206, "HTTP 206 Partial Content, not the whole page"),
                                               (202, "HTTP 202 Accepted, not the whole page"),
                                               (299, "HTTP 299, not the whole page")])
def test_an_answer_other_than_the_whole_page_is_an_error_naming_its_status(web_fixture, status, words):
    cut = cut_before_ai(POLICY)
    web_fixture.route("/x", cut, status=status, headers={"Content-Range": f"bytes 0-{len(cut) - 1}/{len(POLICY)}"})
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.status, result.error_kind) == ("error", status, "http")
    assert words in result.message


def test_a_page_a_proxy_changed_is_read(web_fixture):
    web_fixture.route("/x", POLICY, status=203)
    assert fetch_stage(fetcher(), web_fixture.url("/x")).outcome == "body"


def test_a_304_to_a_request_for_the_whole_page_is_an_error(web_fixture):
    web_fixture.route("/x", b"", status=304)
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "http")
    assert result.message == "The server answered HTTP 304 Not Modified to a request for the whole page."


def test_a_304_when_optout_asked_for_the_whole_page_again_is_an_error(web_fixture):
    web_fixture.route("/x", b"", status=304)
    result = prepare_stage(fetcher(), web_fixture.url("/x"), etag='"v1"', raw_hash="abc", keep_same=True)
    assert result.outcome == "error"
    assert "If-None-Match" not in web_fixture.requests[-1][1]


def test_a_304_to_a_conditional_request_is_not_modified(web_fixture):
    web_fixture.route("/x", b"", status=304)
    assert fetch_stage(fetcher(), web_fixture.url("/x"), etag='"v1"').outcome == "not-modified"


@pytest.mark.parametrize("serve", [
    lambda server: server.route("/privacy", answer(compressed(cut := gzip_cut_before_ai()), cut)),
    lambda server: server.route("/privacy", answer({"Content-Type": "text/html; charset=utf-8"}, cut_before_ai(POLICY))),
    lambda server: server.route("/privacy", cut_before_ai(POLICY), status=206),
    lambda server: server.route("/privacy", answer(compressed(packed := gzip.compress(cut_before_ai(POLICY))
                                                              + gzip.compress(POLICY[len(cut_before_ai(POLICY)):])), packed)),
], ids=["gzip-cut", "connection-closed", "partial-content", "gzip-members"])
def test_a_page_cut_before_its_ai_sentence_alerts_nobody(watched, web_fixture, serve, django_capture_on_commit_callbacks):
    serve(web_fixture)
    with django_capture_on_commit_callbacks(execute=True):
        check(watched, T0)
    assert watched.versions.count() == 1 and not mail.outbox


def test_a_304_to_a_request_without_validators_tells_that_optout_could_not_check(db, web_fixture):
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", b"", status=304)
    assert check(document, T0) == "error"
    stored = WatchedDocument.objects.get(pk=document.pk)
    assert stored.last_error and stored.failing_since == T0 and not document.versions.exists()


def test_a_304_to_a_request_without_validators_does_not_end_a_run_of_failures(watched, web_fixture):
    web_fixture.route("/privacy", status=500)
    check(watched, T0)
    document = WatchedDocument.objects.get(pk=watched.pk)
    document.etag = document.last_modified = ""
    document.save()
    web_fixture.route("/privacy", b"", status=304)
    assert check(document, T0 + dt.timedelta(days=1)) == "error"
    assert WatchedDocument.objects.get(pk=watched.pk).failing_since == T0
