"""Hostile servers are bounded in time and memory, recorded as errors, and never stop a run."""

import time
import tracemalloc

import pytest

from optout.lib.http import Fetcher, FetchError, Limits, check_destination
from optout.watch.pipeline import fetch_stage
from tests.fixtures import httpserver as hostile

LIMITS = Limits(max_bytes=1024 * 1024, max_redirects=3, connect_timeout=2, read_timeout=2, total_timeout=3)


def fetcher():
    return Fetcher(allow_private=True, limits=LIMITS, per_host_delay=0)


@pytest.mark.parametrize(
    ("make_route", "kind"),
    [
        (lambda s: s.route("/x", hostile.gzip_bomb), "too-large"),
        (lambda s: s.route("/x", hostile.endless_body), "too-large"),
        (lambda s: s.route("/x", hostile.slow_drip), "timeout"),
        (lambda s: s.route("/x", hostile.slow_headers), "timeout"),
        (lambda s: s.route("/x", status=302, headers={"Location": "/x"}), "redirects"),
        (lambda s: s.route("/x", hostile.huge_headers), "protocol"),
        (lambda s: s.route("/x", b"", status=204), "http"),
        (lambda s: s.route("/x", b"<p>moved</p>", status=302), "http"),  # a redirect that says not where to
        (lambda s: s.route("/x", b"\x89PNG....", headers={"Content-Type": "image/png"}), "content-type"),
        (lambda s: s.route("/x", bytes(range(256)) * 20, headers={"Content-Type": "text/html; charset=utf-8"}), "encoding"),
        (lambda s: s.route("/x", b"<p>hi</p>", headers={"Content-Type": "text/html; charset=klingon"}), "encoding"),
        *[(lambda s, c=codec: s.route("/x", "<p>caf\xe9</p>".encode("latin-1"),
                                     headers={"Content-Type": f"text/html; charset={c}"}), "encoding")
          for codec in ("idna", "punycode", "undefined")],
        (lambda s: s.route("/x", "<meta charset=undefined><p>caf\xe9</p>".encode("latin-1"),
                           headers={"Content-Type": "text/html"}), "encoding"),
    ],
    ids=["gzip-bomb", "endless-body", "slow-drip", "slow-headers", "redirect-loop", "huge-headers", "no-content", "redirect-nowhere", "wrong-type", "not-text",
         "unknown-charset", "idna-charset", "punycode-charset", "undefined-charset", "undefined-meta-charset"],
)
def test_each_hostile_answer_is_an_error_bounded_in_time_and_memory(web_fixture, make_route, kind):
    make_route(web_fixture)
    tracemalloc.start()
    started = time.monotonic()
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (result.outcome, result.error_kind) == ("error", kind), result.message
    assert result.message
    assert elapsed < LIMITS.total_timeout + 2
    assert peak < 40 * 1024 * 1024


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://localhost:8000/", "http://10.0.0.5/", "http://169.254.169.254/latest/meta-data/",
     "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "file:///etc/passwd", "ftp://example.org/",
     "http://user:pw@example.org/",
     "http://[2002:7f00:1::1]/", "http://[2002:a00:5::1]/",  # 6to4 around 127.0.0.1 and 10.0.0.5
     "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo around 127.0.0.1
     "http://[fec0::1]/"],  # site-local: a private network's
)
def test_internal_addresses_and_other_schemes_are_refused(url):
    with pytest.raises(FetchError) as error:
        check_destination(url)
    assert error.value.kind in ("ssrf", "network")


def test_a_public_address_inside_6to4_is_not_refused():
    check_destination("http://[2002:808:808::1]/")  # 8.8.8.8


def test_every_redirect_hop_is_checked(web_fixture):
    web_fixture.route("/out", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    guarded = Fetcher(trusted_hosts=frozenset({"127.0.0.1"}), limits=LIMITS, per_host_delay=0)
    result = fetch_stage(guarded, web_fixture.url("/out"))
    assert result.error_kind == "ssrf" and "169.254.169.254" in result.message


@pytest.mark.parametrize("location", ["javascript:alert(1)", "mailto:privacy@example.org", "about:blank",
                                      "javascript:" + "x" * 5000, "http://127.0.0.1:99999/privacy", "http://[::1/",
                                      "https://xn--/", "https://xn--zz/", "https://xn--a.com/", "https://xn--ls8h/privacy",
                                      "http://a..b/", "https://./", "http://.example.com/"],
                         ids=["javascript", "mailto", "about", "long", "port-out-of-range", "broken-ipv6",
                              "empty-idn-label", "broken-punycode", "idn-control", "idn-emoji",
                              "empty-label", "only-a-dot", "leading-dot"])
def test_a_redirect_to_an_address_no_page_can_be_at_is_an_error_that_names_it(web_fixture, location):
    """httpx builds the request a redirect leads to even when it follows none; from such an address it cannot,
    and raised an error of its own that ended the check with a traceback (an international host whose xn-- label is
    no Punycode raised idna's IDNAError; one with an empty label, a UnicodeError when connecting)."""
    web_fixture.route("/x", status=302, headers={"Location": location})
    result = fetch_stage(fetcher(), web_fixture.url("/x"))
    assert (result.outcome, result.error_kind) == ("error", "protocol"), result.message
    assert f"The server sent the page on to {location[:200]}" in result.message and len(result.message) < 400


@pytest.mark.parametrize("url", ["https://xn--/", "https://xn--zz/privacy", "http://a..b/", "https://./"])
def test_an_address_whose_host_cannot_be_read_is_an_error_not_an_exception(url):
    """Not from a redirect (a data file's address, a page's own): the request says so, whether optout checks where the
    host points (in use) or not (in tests)."""
    for allow_private in (True, False):
        with pytest.raises(FetchError) as error:
            Fetcher(allow_private=allow_private, limits=LIMITS, per_host_delay=0).get(url)
        assert error.value.kind == "network", error.value
        assert "could not be found" in str(error.value)
