"""The evaluator against cases written from Google's robotstxt tests (robots_test.cc) and RFC 9309."""

import pytest

from optout.site.robots import RobotsTxt, escape_pattern, path_of


def allowed(body, agent, url):
    return RobotsTxt.parse(body).is_allowed(agent, url)


URL = "http://foo.bar/x/y"


def test_line_syntax():
    assert not allowed("user-agent: FooBot\ndisallow: /\n", "FooBot", URL)
    assert allowed("foo: FooBot\nbar: /\n", "FooBot", URL)
    assert not allowed("user-agent FooBot\ndisallow /\n", "FooBot", URL)  # missing colons are accepted


def test_groups():
    body = ("allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\ndisallow: /\n"
            "allow: /y/\n\n\nallow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\nallow: /z/\ndisallow: /\n")
    url_w, url_x, url_y, url_z, url_foo = (f"http://foo.bar/{p}/a" for p in ("w", "x", "y", "z", "foo/bar"))
    assert allowed(body, "FooBot", url_x) and allowed(body, "FooBot", url_z) and not allowed(body, "FooBot", url_y)
    assert allowed(body, "BarBot", url_y) and allowed(body, "BarBot", url_w) and not allowed(body, "BarBot", url_z)
    assert allowed(body, "BazBot", url_z)
    assert not allowed(body, "FooBot", url_foo) and not allowed(body, "BarBot", url_foo)
    assert not allowed(body, "BazBot", url_foo)


def test_groups_other_rules_do_not_end_the_user_agent_list():
    body = "User-agent: BarBot\nSitemap: https://foo.bar/sitemap\nUser-agent: *\nDisallow: /\n"
    assert not allowed(body, "FooBot", URL) and not allowed(body, "BarBot", URL)
    body = "User-agent: FooBot\nInvalid-Unknown-Line: unknown\nUser-agent: *\nDisallow: /\n"
    assert not allowed(body, "FooBot", URL) and not allowed(body, "BarBot", URL)


def test_key_names_are_case_insensitive_and_typos_are_accepted():
    for body in ("USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n", "user-agent: FooBot\nallow: /x/\ndisallow: /\n",
                 "uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n", "useragent: FooBot\nallow: /x/\ndissallow: /\n",
                 "user agent: FooBot\nallow: /x/\ndisalow: /\n"):
        assert allowed(body, "FooBot", "http://foo.bar/x/y")
        assert not allowed(body, "FooBot", "http://foo.bar/a/b")


def test_agent_values_are_case_insensitive_and_cut_at_the_token():
    for agent_line in ("User-Agent: FOO BAR", "User-Agent: foo bar", "User-Agent: FoO bAr", "User-Agent: foo/1.2"):
        body = f"{agent_line}\nAllow: /x/\nDisallow: /\n"
        assert allowed(body, "Foo", "http://foo.bar/x/y") and not allowed(body, "foo", "http://foo.bar/a/b")


def test_no_prefix_matching_of_agents_and_full_headers_get_the_star_group():
    body = "User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nAllow: /\nDisallow: /private\n"
    assert allowed(body, "Google-Extended", "http://foo.bar/") and not allowed(body, "Googlebot", "http://foo.bar/")
    body = "User-agent: GPTBot\nDisallow: /\n"
    assert not allowed(body, "GPTBot", URL) and not allowed(body, "gptbot", URL)
    assert allowed(body, "GPTBot/1.1", URL)
    assert allowed(body, "Mozilla/5.0 (compatible; GPTBot/1.1; +https://openai.com/gptbot)", URL)


def test_global_groups_apply_only_without_a_specific_group():
    empty, global_ = "", "user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n"
    assert allowed(empty, "FooBot", URL)
    assert not allowed(global_, "FooBot", URL) and allowed(global_, "BarBot", URL)
    only_specific = "user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\nuser-agent: BazBot\ndisallow: /\n"
    assert allowed(only_specific, "QuxBot", URL)


def test_a_specific_group_without_rules_allows_everything():
    body = "User-agent: *\nDisallow: /\nUser-agent: FooBot\nDisallow:\n"
    assert allowed(body, "FooBot", URL) and not allowed(body, "BarBot", URL)


def test_values_are_case_sensitive():
    assert allowed("user-agent: FooBot\ndisallow: /X/\n", "FooBot", "http://foo.bar/x/y")
    assert not allowed("user-agent: FooBot\ndisallow: /x/\n", "FooBot", "http://foo.bar/x/y")


@pytest.mark.parametrize(
    ("body", "url", "expected"),
    [
        ("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n", "http://foo.bar/x/page.html", True),
        ("user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n", "http://foo.bar/x/page.html", True),
        ("user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n", "http://foo.bar/x/", False),
        ("user-agent: FooBot\ndisallow: \nallow: \n", "http://foo.bar/x/page.html", True),
        ("user-agent: FooBot\ndisallow: /\nallow: /\n", "http://foo.bar/x/page.html", True),
        ("user-agent: FooBot\ndisallow: /x\nallow: /x/\n", "http://foo.bar/x", False),
        ("user-agent: FooBot\ndisallow: /x\nallow: /x/\n", "http://foo.bar/x/", True),
        ("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n", "http://foo.bar/x/page.html", True),
        ("user-agent: FooBot\nallow: /page\ndisallow: /*.html\n", "http://foo.bar/page.html", False),
        ("user-agent: FooBot\nallow: /page\ndisallow: /*.html\n", "http://foo.bar/page", True),
        ("user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n", "http://foo.bar/x/page.html", True),
        ("user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n", "http://foo.bar/x/y.html", False),
        ("User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n", "http://foo.bar/x/page", True),
        ("User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n", "http://foo.bar/y/page", False),
    ],
)
def test_longest_match_wins_and_allow_wins_ties(body, url, expected):
    assert allowed(body, "FooBot", url) is expected


@pytest.mark.parametrize(
    ("rule", "url", "expected"),
    [
        ("/foo/bar?qux=taz&baz=http://foo.bar?tar&par", "http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par", False),
        ("/foo/bar/ツ", "http://foo.bar/foo/bar/%E3%83%84", False),
        ("/foo/bar/ツ", "http://foo.bar/foo/bar/ツ", True),  # the URL is used as given, not re-encoded
        ("/foo/bar/%E3%83%84", "http://foo.bar/foo/bar/%E3%83%84", False),
        ("/foo/bar/%e3%83%84", "http://foo.bar/foo/bar/%E3%83%84", False),  # escapes in rules are upper-cased
        ("/foo/bar/%62%61%7A", "http://foo.bar/foo/bar/baz", True),  # no decoding of rules
        ("/foo/bar/%62%61%7A", "http://foo.bar/foo/bar/%62%61%7A", False),
    ],
)
def test_encoding(rule, url, expected):
    assert allowed(f"User-agent: FooBot\nDisallow: {rule}\n", "FooBot", url) is expected


@pytest.mark.parametrize(
    ("body", "url", "expected"),
    [
        ("User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n", "http://foo.bar/foo/bar/quz", False),
        ("User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n", "http://foo.bar/foo/quz", True),
        ("User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n", "http://foo.bar/foo//quz", True),
        ("User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n", "http://foo.bar/foo/bax/quz", True),
        ("User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n", "http://foo.bar/foo/bar", False),
        ("User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n", "http://foo.bar/foo/bar/qux", True),
        ("User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n", "http://foo.bar/foo/bar/", True),
        ("User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n", "http://foo.bar/foo/bar/baz", True),
        ("User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n", "http://foo.bar/foo/bar", True),
        ("User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n", "http://foo.bar/foo/quz", False),
    ],
)
def test_special_characters(body, url, expected):
    assert allowed(body, "FooBot", url) is expected


def test_index_html_is_its_directory():
    body = "User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n"
    assert allowed(body, "foobot", "http://foo.com/allowed-slash/")
    assert not allowed(body, "foobot", "http://foo.com/allowed-slash/index.htm")
    assert allowed(body, "foobot", "http://foo.com/allowed-slash/index.html")
    assert not allowed(body, "foobot", "http://foo.com/anyother-url")


def test_byte_order_mark_is_skipped_and_line_ends():
    assert not allowed(b"\xef\xbb\xbfUser-Agent: foo\nDisallow: /AnyValue\n", "foo", "http://foo.bar/AnyValue")
    assert allowed(b"\xef\xbb\xbfUser-Agent: foo\nDisallow: /AnyValue\n", "foo", "http://foo.bar/x")
    assert not allowed(b"\xef\xbbUser-Agent: foo\nDisallow: /\n", "foo", URL)
    for end in ("\n", "\r", "\r\n"):
        assert not allowed(end.join(["User-Agent: foo", "Disallow: /x"]), "foo", "http://foo.bar/x")


def test_rfc9309_caller_rules():
    assert allowed("User-agent: *\nDisallow: /\n", "FooBot", "http://foo.bar/robots.txt")
    assert RobotsTxt.from_fetch(404).is_allowed("GPTBot", URL)
    assert not RobotsTxt.from_fetch(503).is_allowed("GPTBot", URL)
    assert not RobotsTxt.from_fetch(None).is_allowed("GPTBot", URL)
    padding = "# " + "x" * 511_990 + "\n"
    # A crawler reads only the first 500 KiB of what it fetched; the library itself reads everything.
    assert RobotsTxt.from_fetch(200, padding + "User-agent: *\nDisallow: /\n").is_allowed("FooBot", URL)
    assert not RobotsTxt.from_fetch(200, "User-agent: *\nDisallow: /\n" + padding).is_allowed("FooBot", URL)
    assert not allowed(padding + "User-agent: *\nDisallow: /\n", "FooBot", URL)
    assert not RobotsTxt.parse("User-agent: *\nDisallow: /\n").allowed_by_rules("FooBot", "http://foo.bar/robots.txt")


def test_url_paths_like_google():
    assert path_of("http://www.example.com") == "/"
    assert path_of("http://www.example.com/a/b?c=d#e") == "/a/b?c=d"
    assert path_of("http://www.example.com/a;b?c") == "/a;b?c"
    assert path_of("http://www.example.com?a") == "/?a"
    assert path_of("http://www.example.com#a/b") == "/"
    assert path_of("//a/b/c") == "/b/c"
    assert path_of("a") == "/"
    assert path_of("a/b") == "/b"
    assert escape_pattern("/a/ツ%aa") == "/a/%E3%83%84%AA"
