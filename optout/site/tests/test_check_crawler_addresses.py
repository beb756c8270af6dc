"""Checking that requests naming an AI crawler came from the addresses its operator publishes (`optout site logs`).

The published list is served by a real loopback server; the registry entry's address is pointed at it for the test.
"""

import ipaddress
import json
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from optout.cli import build_app
from optout.site.crawler_addresses import MAX_LIST_BYTES, BadAddressList, client_address, parse_ranges
from optout.site.crawlers import crawlers

GPTBOT = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)"
SEARCHBOT = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; OAI-SearchBot/1.3; +https://openai.com/searchbot"
BYTESPIDER = "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)"
RANGES = {"creationTime": "2026-11-30T10:00:00.000000",
          "prefixes": [{"ipv4Prefix": "20.171.206.0/24"}, {"ipv4Prefix": "52.230.152.0/24"},
                       {"ipv6Prefix": "2a03:b0c0:3::/48"}]}
ROBOTS = "User-agent: GPTBot\nDisallow: /art/\n\nUser-agent: *\nDisallow: /private/\n"
OPENAI = "20.171.206.7"  # in the list
FORGER = "198.51.100.23"  # not in it


def log_line(address, agent, path="/art/1.jpg", when="25/Nov/2026:06:00:00 +0000"):
    return f'{address} - - [{when}] "GET {path} HTTP/1.1" 200 512 "-" "{agent}"\n'


def run(*args):
    return CliRunner().invoke(build_app(), ["site", "logs", *map(str, args)], env={"COLUMNS": "200"})


@pytest.fixture
def log(tmp_path):
    def write(*lines, name="access.log"):
        path = tmp_path / name
        path.write_text("".join(lines))
        return path

    return write


@pytest.fixture
def robots(tmp_path):
    path = tmp_path / "robots.txt"
    path.write_text(ROBOTS)
    return path


@pytest.fixture
def openai_list(web_fixture, monkeypatch):
    """GPTBot's published list served from loopback, and the registry entry pointed at it."""
    route = web_fixture.route("/gptbot.json", json.dumps(RANGES).encode(), headers={"Content-Type": "application/json"})
    point_gptbot_at(monkeypatch, web_fixture.url("/gptbot.json"))
    return route


def point_gptbot_at(monkeypatch, url):
    monkeypatch.setitem(crawlers(), "gptbot", crawlers()["gptbot"].model_copy(update={"ip_ranges_url": url}))


def test_requests_from_openais_addresses_are_confirmed_and_the_others_only_claim_the_name(openai_list, log, robots):
    access = log(log_line(OPENAI, GPTBOT), log_line(OPENAI, GPTBOT, "/"), log_line(FORGER, GPTBOT),
                 log_line(FORGER, BYTESPIDER, "/private/x"))
    older = log(log_line("2a03:b0c0:3:0:1::9", GPTBOT, when="24/Nov/2026:23:00:00 +0000"), name="access.log.1")
    result = run(access, older, "--robots", robots, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    gptbot = data["agents"]["GPTBot"]
    assert (gptbot["requests"], gptbot["confirmed"], gptbot["elsewhere"], gptbot["unchecked"]) == (4, 3, 1, 0)
    assert gptbot["operator"] == "OpenAI" and gptbot["address_list"]["source"].endswith("/gptbot.json")
    assert gptbot["address_list"]["created"] == RANGES["creationTime"]
    assert data["agents"]["Bytespider"]["unchecked_reasons"] == {"ByteDance publishes no list of its addresses": 1}
    assert {"agent": "GPTBot", "path": "/art/1.jpg", "requests": 3, "confirmed": 2, "elsewhere": 1, "unchecked": 0} \
        in data["ignored_rules"]
    assert {"agent": "Bytespider", "path": "/private/x", "requests": 1, "confirmed": 0, "elsewhere": 0,
            "unchecked": 1} in data["ignored_rules"]
    assert openai_list.hits == 1  # once per run, for both files

    text = run(access, older, "--robots", robots).stdout
    assert "GPTBot: 1 request did not come from the addresses OpenAI publishes: someone else using the name, " \
           "or OpenAI has changed its list since." in text
    assert "Bytespider" in text and "ByteDance publishes no list of its addresses" in text
    assert _row(text, "GPTBot", "/art/1.jpg") == ["2", "1", "0"]
    assert "Only “confirmed” requests show that a crawler ignored your robots.txt" in text


def _row(text, agent, path):
    """The confirmed, elsewhere and not-checked columns of the robots.txt table's row for `agent` and `path`."""
    for line in text.splitlines():
        words = line.split()
        if words[:1] == [agent] and words[-1:] == [path]:
            return words[1:4]
    raise AssertionError(f"no row for {agent} {path} in:\n{text}")


def test_ipv6_and_ipv4_written_as_ipv6_are_checked(openai_list, log):
    access = log(log_line("2a03:b0c0:3::1", GPTBOT), log_line("[2a03:b0c0:3:ffff::2]", GPTBOT),
                 log_line("2001:db8:1::5", GPTBOT), log_line(f"::ffff:{OPENAI}", GPTBOT))
    gptbot = json.loads(run(access, "--json").stdout)["agents"]["GPTBot"]
    assert (gptbot["confirmed"], gptbot["elsewhere"], gptbot["unchecked"]) == (3, 1, 0)


@pytest.mark.parametrize(("address", "reason"), [
    ("-", "the log line gives no IP address for the visitor ('-')"),
    ("crawler.example.org", "the log line gives no IP address for the visitor ('crawler.example.org')"),
    ("20.171.206.999", "the log line gives no IP address for the visitor ('20.171.206.999')"),
    ("2a03:b0c0:3::1::2", "the log line gives no IP address for the visitor ('2a03:b0c0:3::1::2')"),
    ("127.0.0.1", "the log shows an address of your own network (127.0.0.1), such as a proxy's, not the visitor's"),
    ("10.1.2.3", "the log shows an address of your own network (10.1.2.3), such as a proxy's, not the visitor's"),
    ("fd00::1", "the log shows an address of your own network (fd00::1), such as a proxy's, not the visitor's"),
])
def test_a_request_whose_address_cannot_be_read_is_not_checked_and_says_why(openai_list, log, robots, address, reason):
    data = json.loads(run(log(log_line(address, GPTBOT)), "--robots", robots, "--json").stdout)
    assert data["agents"]["GPTBot"]["unchecked_reasons"] == {reason: 1}
    assert data["ignored_rules"][0]["confirmed"] == 0 and data["ignored_rules"][0]["unchecked"] == 1


def test_saved_lists_are_read_instead_of_fetching(tmp_path, log, robots, monkeypatch):
    point_gptbot_at(monkeypatch, "http://127.0.0.1:9/gptbot.json")  # nothing answers there: fetching would show
    saved = tmp_path / "gptbot.json"
    saved.write_text(json.dumps(RANGES))
    access = log(log_line(OPENAI, GPTBOT), log_line(FORGER, GPTBOT), log_line(OPENAI, SEARCHBOT))
    for given_as in (str(saved), f"GPTBot={saved}", f"gptbot={saved}"):
        result = run(access, "--addresses", given_as, "--json")
        assert result.exit_code == 0, result.output
        agents = json.loads(result.stdout)["agents"]
        assert (agents["GPTBot"]["confirmed"], agents["GPTBot"]["elsewhere"]) == (1, 1)
        assert agents["GPTBot"]["address_list"]["source"] == str(saved)
        assert agents["OAI-SearchBot"]["unchecked_reasons"] == {
            "no saved list of its addresses was given (--addresses; its operator publishes "
            "https://openai.com/searchbot.json)": 1}
    renamed = tmp_path / "openai-crawler.json"
    renamed.write_text(json.dumps(RANGES))
    result = run(access, "--addresses", f"OAI-SearchBot={renamed}", "--json")
    assert json.loads(result.stdout)["agents"]["OAI-SearchBot"]["confirmed"] == 1


def test_no_check_fetches_nothing_and_confirms_nothing(openai_list, log, robots):
    result = run(log(log_line(OPENAI, GPTBOT)), "--robots", robots, "--no-check")
    assert result.exit_code == 0 and openai_list.hits == 0
    assert "you chose not to check addresses (--no-check)" in result.stdout
    assert _row(result.stdout, "GPTBot", "/art/1.jpg") == ["0", "0", "1"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("answer", "reason"), [
    ({"body": b"<!DOCTYPE html><html><body>Amazonbot's addresses: 1.2.3.4</body></html>"},
     "could not be read: it is a web page (HTML), not a JSON list of address ranges"),
    ({"body": b'{"prefixes": [{"ipv4Prefix": "20.171.206.0/24"}'}, "could not be read: it is not JSON ("),
    ({"body": b'{"prefixes": []}'}, "could not be read: it lists no address ranges"),
    ({"body": b"", "status": 503}, "answered HTTP 503 for http://127.0.0.1:"),
    ({"body": b'{"prefixes": [' + b" " * MAX_LIST_BYTES + b"]}"}, "/gptbot.json: The document is larger than 2 MB"),
])
def test_a_list_that_cannot_be_had_leaves_requests_unchecked_with_the_reason(web_fixture, monkeypatch, log, robots,
                                                                               answer, reason):
    web_fixture.route("/gptbot.json", **answer)
    point_gptbot_at(monkeypatch, web_fixture.url("/gptbot.json"))
    _unchecked_with(reason, log, robots)


def test_a_server_that_is_down_leaves_requests_unchecked(web_fixture, monkeypatch, log, robots):
    point_gptbot_at(monkeypatch, f"http://127.0.0.1:{_closed_port()}/gptbot.json")
    _unchecked_with("could not reach 127.0.0.1: ", log, robots)


def _unchecked_with(reason, log, robots):
    access = log(log_line(OPENAI, GPTBOT), log_line(FORGER, GPTBOT))
    result = run(access, "--robots", robots, "--json")
    assert result.exit_code == 0, result.output
    gptbot = json.loads(result.stdout)["agents"]["GPTBot"]
    assert (gptbot["confirmed"], gptbot["elsewhere"], gptbot["unchecked"]) == (0, 0, 2)
    assert [why for why in gptbot["unchecked_reasons"] if reason in why], gptbot
    text = run(access, "--robots", robots)
    assert text.exit_code == 0 and reason in text.stdout
    assert _row(text.stdout, "GPTBot", "/art/1.jpg") == ["0", "0", "2"] and "did not come from" not in text.stdout


NESTED = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(("content", "problem"), [
    (b"not json at all", "it is not JSON (Expecting value: line 1 column 1 (char 0))"),
    (b"\xff\xfe\x00junk", "it is not text (UTF-8)"),
    (NESTED.encode(), "nested too deeply"),
    (b'["20.171.206.0/24"]', 'it should be a JSON object with "prefixes"'),
    (b'{"prefixes": {"ipv4Prefix": "20.171.206.0/24"}}', 'it should be a JSON object with "prefixes"'),
    (b'{"prefixes": [{"ipv4Prefix": "20.171.206.0/24"}, {"cidr": "1.2.3.0/24"}]}',
     'entry 2 of "prefixes" has no "ipv4Prefix" or "ipv6Prefix"'),
    (b'{"prefixes": [{"ipv4Prefix": "20.171.206.300/24"}]}', "'20.171.206.300/24' is not an IPv4 range"),
    (b'{"prefixes": [{"ipv4Prefix": "20.171.206.7/24"}]}', "has host bits set"),
    (b'{"prefixes": [{"ipv4Prefix": "2a03:b0c0:3::/48"}]}', "'2a03:b0c0:3::/48' is not an IPv4 range"),
    (b'{"prefixes": [{"ipv6Prefix": 42}]}', "42 is not an IPv6 range"),
    (b'{"prefixes": [{"ipv4Prefix": "0.0.0.0/0"}]}', "covers a large part of the internet"),
    (b'{"prefixes": [{"ipv6Prefix": "::/0"}]}', "covers a large part of the internet"),
    (b'{"prefixes": []}', "it lists no address ranges"),
    (b'{"prefixes": [{"ipv4Prefix": "1.2.3.0/24"}]}' + b" " * MAX_LIST_BYTES, "it is larger than 2 MB"),
])
def test_a_hostile_saved_list_stops_the_command_naming_the_file_and_the_problem(tmp_path, log, content, problem):
    saved = tmp_path / "gptbot.json"
    saved.write_bytes(content)
    result = run(log(log_line(OPENAI, GPTBOT)), "--addresses", saved)
    assert result.exit_code == 1
    assert f"{saved} cannot be used as GPTBot's list of addresses: " in result.stderr and problem in result.stderr
    assert not result.stdout


@pytest.mark.parametrize(("argument", "problem"), [
    ("{folder}/mine.json", "optout cannot tell which crawler's addresses it lists. Keep the name its operator gives it "
                           "(chatgpt-user.json, gptbot.json, perplexity-user.json, perplexitybot.json, searchbot.json) "
                           "or write TOKEN=FILE"),
    ("NoSuchBot={folder}/mine.json", "'NoSuchBot' is not a crawler in optout's registry"),
    ("{folder}/missing/gptbot.json", "cannot be read (No such file or directory)"),
])
def test_a_saved_list_optout_cannot_place_stops_the_command(tmp_path, log, argument, problem):
    (tmp_path / "mine.json").write_text(json.dumps(RANGES))
    result = run(log(log_line(OPENAI, GPTBOT)), "--addresses", argument.format(folder=tmp_path))
    assert result.exit_code == 1 and problem in result.stderr, result.stderr


def test_two_lists_for_one_crawler_and_no_check_with_lists_are_refused(tmp_path, log):
    saved = tmp_path / "gptbot.json"
    saved.write_text(json.dumps(RANGES))
    access = log(log_line(OPENAI, GPTBOT))
    result = run(access, "--addresses", saved, "--addresses", f"GPTBot={saved}")
    assert result.exit_code == 1 and "are both lists of GPTBot's addresses; give one" in result.stderr
    result = run(access, "--addresses", saved, "--no-check")
    assert result.exit_code == 1 and "--addresses and --no-check contradict each other" in result.stderr


def test_help_explains_the_new_options():
    help_text = " ".join(run("--help").stdout.split())
    assert "--addresses" in help_text and "TOKEN=FILE" in help_text and "gptbot.json" in help_text
    assert "--no-check" in help_text and "Do not check where requests came from" in help_text


# The list itself: what is inside it and what is not.

networks = st.one_of(
    st.builds(lambda a, n: ipaddress.IPv4Network((a, n), strict=False), st.integers(0, 2**32 - 1), st.integers(8, 32)),
    st.builds(lambda a, n: ipaddress.IPv6Network((a, n), strict=False), st.integers(0, 2**128 - 1), st.integers(16, 128)),
)
addresses = st.one_of(st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address),
                      st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address))


def _document(nets) -> bytes:
    return json.dumps({"prefixes": [{f"ipv{n.version}Prefix": str(n)} for n in nets]}).encode()


@given(st.lists(networks, min_size=1, max_size=30), st.lists(addresses, max_size=30))
def test_an_address_is_in_the_list_exactly_when_one_of_its_prefixes_holds_it(nets, extra):
    ranges = parse_ranges(_document(nets), "list.json")
    edges = [address for net in nets for address in (net.network_address, net.broadcast_address)]
    neighbours = [type(a)(int(a) + step) for a in edges for step in (-1, 1) if 0 <= int(a) + step < 2 ** a.max_prefixlen]
    for address in [*extra, *edges, *neighbours]:
        assert (address in ranges) == any(address in net for net in nets if net.version == address.version), address


@given(st.lists(networks, min_size=1, max_size=30))
def test_overlapping_and_repeated_prefixes_read_as_their_union(nets):
    once = parse_ranges(_document(nets), "a.json")
    twice = parse_ranges(_document(nets + list(reversed(nets))), "b.json")
    assert (once.starts, once.ends) == (twice.starts, twice.ends)
    for version in (4, 6):
        assert all(end + 1 < start for end, start in zip(once.ends[version], once.starts[version][1:], strict=False))


@given(st.binary(max_size=200))
def test_any_bytes_are_a_list_or_a_stated_problem(data):
    try:
        parse_ranges(data, "list.json")
    except BadAddressList as exc:
        assert str(exc).startswith("it ") or str(exc).startswith("entry ")


def test_a_published_list_with_only_one_ip_version_checks_the_other_as_elsewhere():
    ranges = parse_ranges(b'{"prefixes": [{"ipv4Prefix": "20.171.206.0/24"}]}', "v4only.json")
    assert ipaddress.ip_address("20.171.206.255") in ranges and ipaddress.ip_address("2a03:b0c0:3::1") not in ranges
    assert client_address("") == (None, "the log line gives no address for the visitor")
