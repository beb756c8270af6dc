"""A page that arrived cut short, or an answer that is not the whole page, is an error that says so: never a
shorter version, and never an alert that the policy lost what the cut took away."""

import datetime as dt
import gzip
import secrets
import time
import zlib

import pytest
from django.core import mail

from conftest import make_plan
from optout.lib.http import Fetcher, Limits, cut_after_whole, end_tag
from optout.watch.models import FetchLog, WatchedDocument
from optout.watch.pipeline import fetch_stage, prepare_stage
from optout.watch.tests.documents import only_linkedin_privacy, recorded_for
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


HTTP_1_0 = b"HTTP/1.0 200 OK"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def in_turn(*handlers):
    """Each request answered by the next of `handlers`, the last again and again; the times they were asked in
    `in_turn.times`."""
    def handler(request):
        handler.times.append(time.monotonic())
        handlers[min(len(handler.times), len(handlers)) - 1](request)
    handler.times = []
    return handler


def compressed(body: bytes, encoding: str = "gzip") -> dict:
    return {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding, "Content-Length": str(len(body))}


def cut_before_ai(body: bytes) -> bytes:
    return body[: body.index(b"<p>We may use")]


def cut_before_last(body: bytes) -> bytes:
    """The page up to its last paragraph but one: a cut, like `cut_before_ai`, just after a tag, at another byte."""
    return cut_before_ai(body)[: cut_before_ai(body).rindex(b"<p>")]


UNTERMINATED = POLICY.replace(b"</body>", b"").replace(b"</html>", b"")  # HTML lets a page leave both out


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
    return recorded_for(alice, web_fixture, POLICY, T0 - dt.timedelta(days=1))


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


def test_an_html_page_whose_connection_closed_before_its_end_at_one_byte_then_another_is_an_error(web_fixture):
    """Downloaded again, a page that looked cut ended elsewhere: the connection was cut, once at least."""
    route = web_fixture.route("/x", in_turn(answer(HTML, cut_before_ai(POLICY)), answer(HTML, cut_before_last(POLICY))))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "incomplete")
    assert result.message == (f"The connection closed before the page ended (an HTML page without its </body> or "
                              f"</html>): downloaded twice, it ended at byte {len(cut_before_ai(POLICY)):,} and then "
                              f"at byte {len(cut_before_last(POLICY)):,}.")
    assert route.hits == 2


@pytest.mark.parametrize("status_line", [b"HTTP/1.1 200 OK", HTTP_1_0])
def test_a_page_without_its_end_tags_that_ends_where_the_connection_closes_twice_at_the_same_byte_is_read(web_fixture,
                                                                                                         status_line):
    """A connection cut twice at the same byte is not plausible: the page is whole, its author left out its optional
    end tags. Only the page that looks cut is downloaded twice."""
    route = web_fixture.route("/x", answer(HTML, UNTERMINATED, status_line))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.body) == ("body", UNTERMINATED.decode()), result.message
    assert route.hits == 2


def fresh_token(body: bytes):
    """`body` answered close-delimited, with a new token of the same length in its head at each request (a
    CSRF token, a nonce: most dynamic sites carry one)."""
    def handler(request):
        token = secrets.token_hex(16).encode()
        answer(HTML, body.replace(b"<head>", b"<head><meta name='csrf-token' content='" + token + b"'>"), HTTP_1_0)(request)
    return handler


def test_a_page_without_its_end_tags_that_carries_a_fresh_token_each_time_is_read(web_fixture):
    """Both downloads are whole and differ only in their token: the same length and the same last bytes say the
    connection closed at the same place in the page both times."""
    route = web_fixture.route("/x", fresh_token(UNTERMINATED))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert result.outcome == "body", result.message
    assert result.repeated and route.hits == 2


def test_a_page_that_ends_at_the_same_byte_twice_but_not_with_the_same_bytes_is_an_error_that_says_so(web_fixture):
    """As long both times, yet differing in its last bytes: where the page stopped each time cannot be told."""
    last = UNTERMINATED.rindex(b"</p>")
    first, second = UNTERMINATED, UNTERMINATED[:last] + b"</P>" + UNTERMINATED[last + 4:]
    web_fixture.route("/x", in_turn(answer(HTML, first, HTTP_1_0), answer(HTML, second, HTTP_1_0)))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "incomplete")
    assert result.message == ("The connection closed before the page ended (an HTML page without its </body> or "
                              f"</html>): downloaded twice, it ended at byte {len(first):,} both times, but not with "
                              "the same bytes.")


def nonce_at_the_end(body: bytes):
    """`body` answered close-delimited, without its end tags, its last element a script with a nonce made for each
    request (a content security policy's; the same length each time)."""
    def handler(request):
        nonce = secrets.token_urlsafe(16).encode()
        answer(HTML, body.rstrip() + b'\n<script nonce="' + nonce + b'" data-id=\'' + nonce[:8] + b'\'>'
               b"window.dataLayer=[];</script>\n", HTTP_1_0)(request)
    return handler


def test_a_page_without_its_end_tags_whose_last_script_carries_a_fresh_nonce_is_read(web_fixture):
    """Both downloads end at the same byte, at the same </script>, and differ only in the values of its attributes:
    the page ended at the same place both times."""
    route = web_fixture.route("/x", nonce_at_the_end(UNTERMINATED))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert result.outcome == "body", result.message
    assert result.repeated and route.hits == 2


def test_a_page_that_ends_at_the_same_byte_twice_with_other_words_in_its_last_bytes_is_an_error(web_fixture):
    """Only attribute values may differ at the end: other words, as long, are another end."""
    first = UNTERMINATED
    second = UNTERMINATED.replace(b"within 90 days after.</p><p>We may use", b"within 30 days after.</p><p>We may use")
    assert len(second) == len(first) and second != first
    web_fixture.route("/x", in_turn(answer(HTML, first, HTTP_1_0), answer(HTML, second, HTTP_1_0)))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "incomplete")
    assert result.message.endswith("both times, but not with the same bytes.")


def test_a_page_whose_last_tags_differ_at_the_same_byte_is_an_error(web_fixture):
    """A nonce's worth of bytes that moved from an attribute's value into another tag is no attribute value."""
    first = UNTERMINATED.rstrip() + b'<script nonce="abcdefgh">x</script>'
    second = UNTERMINATED.rstrip() + b'<script nonce="abcde"><a>x</script>'
    assert len(second) == len(first)
    web_fixture.route("/x", in_turn(answer(HTML, first, HTTP_1_0), answer(HTML, second, HTTP_1_0)))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).error_kind == "incomplete"


def test_only_a_page_read_for_ending_at_the_same_byte_twice_is_marked_so(web_fixture):
    web_fixture.route("/x", answer(HTML, UNTERMINATED, HTTP_1_0))
    web_fixture.route("/whole", answer(HTML, POLICY, HTTP_1_0))
    web_fixture.route("/later", in_turn(answer(HTML, cut_before_ai(POLICY)), answer(HTML, POLICY)))
    assert fetch_stage(fetcher(), web_fixture.url("/x")).repeated
    assert not fetch_stage(fetcher(), web_fixture.url("/whole")).repeated
    assert not fetch_stage(fetcher(), web_fixture.url("/later")).repeated  # the second answer is whole by itself


def test_a_page_that_stops_inside_its_text_where_the_connection_closes_is_an_error_at_once(web_fixture):
    """A page whose author left out its end tags ends at the end of a tag (of its footer, its last script); one that
    stops inside a tag or its text was cut, if at the same byte each time, by something that cuts at a size (a proxy,
    a buffer): not downloaded again."""
    for cut in (POLICY[: POLICY.index(b"We may use") + 6], POLICY[: POLICY.index(b"<p>We may use") + 2]):
        route = web_fixture.route("/x", answer(HTML, cut, HTTP_1_0))
        result = fetch_stage(fetcher(), web_fixture.url("/x"))
        assert (result.outcome, result.error_kind) == ("error", "incomplete")
        assert result.message == ("The connection closed before the page ended (an HTML page without its </body> or "
                                  "</html>, which stops inside a tag or its text).")
        assert route.hits == 1


def test_a_page_cut_where_the_connection_closed_and_whole_when_downloaded_again_is_read(web_fixture):
    route = web_fixture.route("/x", in_turn(answer(HTML, cut_before_ai(POLICY)), answer(HTML, POLICY)))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.body) == ("body", POLICY.decode())
    assert route.hits == 2


@pytest.mark.parametrize(("again", "words"), [
    (answer(HTML, b"", b"HTTP/1.1 500 Internal Server Error"), "the server answered HTTP 500"),
    (answer({"Location": "/elsewhere"}, b"", b"HTTP/1.1 302 Found"), "the server sent it on to http://127.0.0.1:"),
    (answer({"Content-Type": "image/png"}, b"\x89PNG"), "(The server sent image/png, not a text document)."),
], ids=["error", "redirect", "not-text"])
def test_a_page_that_looks_cut_and_cannot_be_downloaded_again_is_an_error_that_says_so(web_fixture, again, words):
    route = web_fixture.route("/x", in_turn(answer(HTML, cut_before_ai(POLICY)), again))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "incomplete")
    assert result.message.startswith("The connection closed before the page ended (an HTML page without its </body> "
                                     "or </html>), and downloading it again to tell whether it was whole failed (")
    assert words in result.message and route.hits == 2


def test_the_second_download_waits_its_turn_at_the_host(web_fixture):
    route = web_fixture.route("/x", handler := in_turn(answer(HTML, UNTERMINATED)))
    polite = Fetcher(allow_private=True, limits=LIMITS, per_host_delay=0.6)
    assert fetch_stage(polite, web_fixture.url("/x")).outcome == "body"
    assert route.hits == 2 and handler.times[1] - handler.times[0] >= 0.4  # as the server sees them, a little late


def test_a_second_download_whose_turn_comes_after_the_deadline_is_not_made(web_fixture):
    route = web_fixture.route("/x", answer(HTML, UNTERMINATED))
    polite = Fetcher(allow_private=True, limits=LIMITS, per_host_delay=LIMITS.total_timeout + 5)
    started = time.monotonic()
    result = fetch_stage(polite, web_fixture.url("/x"))
    assert time.monotonic() - started < LIMITS.total_timeout
    assert (result.outcome, result.error_kind) == ("error", "incomplete")
    assert "no time was left to download it again" in result.message and route.hits == 1


@pytest.mark.parametrize("serve", [
    lambda server: server.route("/x", answer(HTML, POLICY, HTTP_1_0)),
    lambda server: server.route("/x", UNTERMINATED),  # with its Content-Length
    lambda server: server.route("/x", answer({**HTML, "Transfer-Encoding": "chunked"},
                                             f"{len(UNTERMINATED):x}\r\n".encode() + UNTERMINATED + b"\r\n0\r\n\r\n")),
    lambda server: server.route("/x", answer({**HTML, "Content-Encoding": "gzip"}, gzip.compress(UNTERMINATED), HTTP_1_0)),
    lambda server: server.route("/x", answer({"Content-Type": "text/plain"}, UNTERMINATED, HTTP_1_0)),
    lambda server: server.route("/x", answer(HTML, b"<p>No html or body tag, plain words.</p>", HTTP_1_0)),
], ids=["whole", "content-length", "chunked", "gzip", "plain-text", "fragment"])
def test_a_page_that_does_not_look_cut_is_downloaded_once(web_fixture, serve):
    route = serve(web_fixture)
    assert fetch_stage(fetcher(), web_fixture.url("/x")).outcome == "body"
    assert route.hits == 1


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_page_without_its_optional_end_tags_that_ends_where_the_connection_closes_is_read(web_fixture,
                                                                                                        encoding):
    """HTML lets a page leave out </body> and </html> (minifiers do); uncompressed and close-delimited, such a page
    cannot be told from one cut short but by downloading it again, while a compressed stream's own end proves it
    whole."""
    body = POLICY.replace(b"</body>", b"").replace(b"</html>", b"")
    packed = gzip.compress(body) if encoding == "gzip" else zlib.compress(body)
    route = web_fixture.route("/x", answer({"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding},
                                           packed, b"HTTP/1.0 200 OK"))
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.body) == ("body", body.decode()), result.message
    assert route.hits == 1


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
    lambda server: server.route("/privacy", in_turn(answer(HTML, cut_before_ai(POLICY)),
                                                    answer(HTML, cut_before_last(POLICY)))),
    lambda server: server.route("/privacy", answer(HTML, POLICY[: POLICY.index(b"We may use") + 6])),
    lambda server: server.route("/privacy", cut_before_ai(POLICY), status=206),
    lambda server: server.route("/privacy", answer(compressed(packed := gzip.compress(cut_before_ai(POLICY))
                                                              + gzip.compress(POLICY[len(cut_before_ai(POLICY)):])), packed)),
], ids=["gzip-cut", "connection-closed-elsewhere-twice", "connection-closed-inside-text", "partial-content",
       "gzip-members"])
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


MESSAGES = "We will also use your private messages to train and improve the generative AI models behind our features."


def test_a_site_that_leaves_out_its_end_tags_and_closes_the_connection_is_watched(db, web_fixture, alice,
                                                                                  django_capture_on_commit_callbacks):
    """An HTTP/1.0-style server, ending each page by closing the connection, that leaves out </body> and </html>:
    each page is downloaded twice, read when both end at the same byte, and its changes alert as any page's do."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    route = web_fixture.route("/privacy", answer(HTML, UNTERMINATED, HTTP_1_0))
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    changed = page([*PARAGRAPHS, AI, MESSAGES]).replace(b"</body>", b"").replace(b"</html>", b"")
    web_fixture.route("/privacy", answer(HTML, changed, HTTP_1_0))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(WatchedDocument.objects.get(pk=document.pk), T0) == "new-version"
    assert document.versions.count() == 2 and MESSAGES in document.latest.text
    assert route.hits == 2 and web_fixture.routes["/privacy"].hits == 2
    assert [message.to for message in mail.outbox] == [[alice.email]]


def test_a_page_cut_at_another_byte_each_time_is_recorded_nowhere_and_its_page_says_so(watched, web_fixture, client,
                                                                                       django_capture_on_commit_callbacks):
    route = web_fixture.route("/privacy", in_turn(answer(HTML, cut_before_ai(POLICY)), answer(HTML, cut_before_last(POLICY))))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(watched, T0) == "error"
    document = WatchedDocument.objects.get(pk=watched.pk)
    assert "downloaded twice, it ended at byte" in document.last_error and route.hits == 2
    assert document.versions.count() == 1 and not document.pending_hash and not mail.outbox
    assert "sent only part of the page: the answer ended before the page did." in client.get("/watch/linkedin/").content.decode()


def test_a_page_cut_at_the_same_byte_twice_is_not_read_when_the_last_page_closed_its_tags(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """Yesterday's page closed its </body> and </html>; today a proxy or a buffer cuts every answer at one size,
    which falls just after a tag: two downloads end at the same byte, yet the page is cut. Read, the AI paragraph
    the cut took away would be a sure alert that it was removed."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", POLICY)  # whole, with its Content-Length
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    route = web_fixture.route("/privacy", answer(HTML, cut_before_ai(POLICY), HTTP_1_0))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(WatchedDocument.objects.get(pk=document.pk), T0) == "error"
    stored = WatchedDocument.objects.get(pk=document.pk)
    assert route.hits == 2 and document.versions.count() == 1 and not stored.pending_hash and not mail.outbox
    assert stored.last_error == (
        "The connection closed before the page ended (an HTML page without its </body> or </html>): downloaded twice, "
        "it ended at the same byte both times, but the last page optout stored ended with </html> and went on after "
        "“…as long as your account exists, and delete it within 90 days after.” with “We may use your posts, "
        "profile and other personal data to train and…”. Nothing was recorded; optout tries again at the next "
        "check.")
    assert len(stored.last_error) <= 500
    assert stored.failing_since == T0
    assert FetchLog.objects.filter(document=document, outcome="error", error_kind="incomplete").exists()


def without_end_tags(body: bytes) -> bytes:
    return body.replace(b"</body>", b"").replace(b"</html>", b"")


def stored_whole_then(web_fixture, alice, body: bytes) -> WatchedDocument:
    """A page stored yesterday whole, with its </body></html> (and its Content-Length); today `body`, answered
    close-delimited."""
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", POLICY)
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    web_fixture.route("/privacy", answer(HTML, body, HTTP_1_0))
    return WatchedDocument.objects.get(pk=document.pk)


def test_a_site_that_starts_leaving_out_its_end_tags_is_still_watched_when_its_text_is_the_same(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """Yesterday the page closed </body></html>; today the site's minifier leaves out these optional tags and its
    server closes the connection at the end: both downloads end at the same byte, and not one word is missing. It
    is the page, read the same, and the next checks read the page without end tags as they read any."""
    document = stored_whole_then(web_fixture, alice, UNTERMINATED)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [check(WatchedDocument.objects.get(pk=document.pk), T0 + n * dt.timedelta(days=1)) for n in range(3)]
    stored = WatchedDocument.objects.get(pk=document.pk)
    assert outcomes == ["same-text", "same-body", "same-body"], stored.last_error
    assert not stored.last_error and stored.failing_since is None
    assert document.versions.count() == 1 and not mail.outbox


def test_a_page_that_changed_in_its_middle_and_kept_its_end_is_recorded_when_it_starts_leaving_out_its_end_tags(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """Its text ends as the stored page's did: nothing was cut from its end, whatever changed before it."""
    changed = PARAGRAPHS[2].replace("correct and delete", "correct, download and delete")
    body = without_end_tags(POLICY.replace(PARAGRAPHS[2].encode(), changed.encode(), 1))
    document = stored_whole_then(web_fixture, alice, body)
    with django_capture_on_commit_callbacks(execute=True):
        assert check(document, T0) == "new-version", WatchedDocument.objects.get(pk=document.pk).last_error
    assert document.versions.count() == 2 and changed in document.latest.text and AI in document.latest.text


def test_a_page_with_a_new_end_is_recorded_when_it_starts_leaving_out_its_end_tags(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """Its last paragraph is new: no cut of the stored page ends with it."""
    document = stored_whole_then(web_fixture, alice, without_end_tags(page([*PARAGRAPHS, AI, MESSAGES])))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(document, T0) == "new-version", WatchedDocument.objects.get(pk=document.pk).last_error
    assert MESSAGES in document.latest.text
    assert [message.to for message in mail.outbox] == [[alice.email]]


def test_a_page_changed_in_its_middle_and_cut_at_the_same_byte_twice_before_its_end_is_not_read(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """It stops after a paragraph that the stored page went on after: cut, whatever else changed."""
    changed = POLICY.replace(PARAGRAPHS[2].encode(), PARAGRAPHS[2].replace("correct and", "correct, download and").encode(), 1)
    document = stored_whole_then(web_fixture, alice, cut_before_ai(changed))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(document, T0) == "error"
    stored = WatchedDocument.objects.get(pk=document.pk)
    assert "went on after “…as long as your account exists, and delete it within 90 days after.” with “We may use" in (
        stored.last_error)
    assert document.versions.count() == 1 and not mail.outbox


def test_a_page_cut_at_the_same_byte_twice_inside_its_last_paragraph_just_after_a_tag_is_not_read(
        db, web_fixture, alice, django_capture_on_commit_callbacks):
    """A cut after a bold word of the last paragraph: the text ends with the start of the stored page's last one."""
    bold = POLICY.replace(b"We may use your posts,", b"We may use <b>your posts</b>,")
    make_plan(alice, "EU", ["linkedin"])
    document = only_linkedin_privacy(web_fixture.url("/privacy"))
    web_fixture.route("/privacy", bold)
    assert check(document, T0 - dt.timedelta(days=1)) == "new-version"
    web_fixture.route("/privacy", answer(HTML, bold[: bold.index(b"</b>") + 4], HTTP_1_0))
    with django_capture_on_commit_callbacks(execute=True):
        assert check(WatchedDocument.objects.get(pk=document.pk), T0) == "error"
    stored = WatchedDocument.objects.get(pk=document.pk)
    assert "went on after “We may use **your posts**” with “, profile and other personal data" in stored.last_error, (
        stored.last_error)
    assert document.versions.count() == 1 and not mail.outbox


@pytest.mark.parametrize(("stored", "now", "went_on"), [
    ("A\n\nB\n\nC", "A\n\nB\n\nC\n", None),  # the same words
    ("A\n\nB\n\nC", "A\n\nB2\n\nC", None),  # changed in its middle, kept its end
    ("A\n\nB\n\nC", "A\n\nB\n\nC\n\nD", None),  # a new end
    ("A\n\nB\n\nC", "A\n\nB\n\nD", None),  # its last paragraph rewritten
    ("A\n\nB\n\nA\n\nB\n\nC", "A\n\nB", ("B", "A")),  # the start of the stored text, though B is found later too
    ("A\n\nB\n\nA\n\nB\n\nC", "A2\n\nB\n\nA\n\nB", ("B", "C")),  # where the most paragraphs match
    ("A\n\nB\n\nC is long", "A\n\nB\n\nC is", ("C is", "long")),  # the start of a paragraph, also of the last one
], ids=["same", "middle", "new-end", "end-rewritten", "start", "aligned", "inside-last"])
def test_a_page_is_taken_for_cut_only_when_its_text_stops_where_the_stored_text_went_on(stored, now, went_on):
    why = cut_after_whole("</html>", "<p>…</p>", stored, now)
    if went_on is None:
        assert why == ""
    else:
        assert why.endswith(f"ended with </html> and went on after “{went_on[0]}” with “{went_on[1]}”.")


def test_a_page_is_taken_for_cut_when_the_stored_page_closed_its_tags_and_cannot_be_read_again():
    assert cut_after_whole("", "<p>A</p>", None, "A") == ""
    assert cut_after_whole("</body>", "<p>A</p>", None, "A").endswith(
        "ended with </body>; this one stops after “<p>A</p>”.")
    assert (end_tag("<html><body>x</BODY></html>"), end_tag("<body>x</body>"), end_tag("<p>x")) == ("</html>", "</body>", "")
