"""Auditing a loopback fixture site with known mistakes, through the CLI as a person uses it."""

import json
import socket
import ssl
import subprocess
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from conftest import require_tool
from optout.cli import build_app

ROBOTS = """# A site with mistakes
Disallow: /early/
User-agent: GPT-Bot
Disallow: /
User-agent: ClaudeBot
User-agent: Googlebot
Disallow: /
Crawl-delay: 5
Noai: yes
User-agent: *
Allow: /
"""
HOME = (b"<html><head><meta name='robots' content='noai, noimageai'></head>"
        b"<body><p>Portfolio</p></body></html>")


def run(*args):
    return CliRunner().invoke(build_app(), list(args), env={"COLUMNS": "200"})


def test_audit_reports_mistakes_signals_and_a_grade(web_fixture):
    web_fixture.route("/robots.txt", ROBOTS.encode(), headers={"Content-Type": "text/plain"})
    web_fixture.route("/", HOME, headers={"X-Robots-Tag": "noai"})
    web_fixture.route("/.well-known/tdmrep.json", b'[{"location": "/", "tdm-reservation": 1}]',
                      headers={"Content-Type": "application/json"})
    result = run("site", "audit", web_fixture.base + "/", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    messages = " ".join(f["message"] for f in report["findings"])
    assert "“GPT-Bot” is not a crawler name; did you mean “GPTBot”" in messages
    assert "comes before any User-agent line" in messages
    assert "“Noai” is not a robots.txt rule" in messages and "Crawl-delay" not in messages
    assert "Googlebot group does not cover Google-Extended" in messages
    rows = {row["token"]: row for row in report["crawlers"]}
    assert rows["ClaudeBot"]["refused"] is True and rows["GPTBot"]["refused"] is False
    assert report["signals"]["noai meta tag"] and report["signals"]["X-Robots-Tag noai"] and report["signals"]["tdmrep.json"]
    assert not report["signals"]["ai.txt"]
    assert report["grade"] in ("D", "F")
    text = run("site", "audit", web_fixture.base + "/").output
    assert "grade" in text and "did you mean" in text


def test_robots_txt_with_a_server_error_gets_no_grade_and_is_explained(web_fixture):
    """RFC 9309 reads a 5xx robots.txt as "stay out" for now, and allows crawlers to take everything after a long
    outage: a broken server once gave grade B, "72 of 72 refused"."""
    web_fixture.route("/robots.txt", status=503)
    web_fixture.route("/", HOME)
    result = run("site", "audit", web_fixture.base, "--json")
    report = json.loads(result.output)
    assert report["grade"] is None and not report["reachable"] and report["reason"] == "server-error"
    assert report["explanation"].startswith("robots.txt answers with a server error (HTTP 503).")
    assert "after a long outage many read it as a site without robots.txt" in report["explanation"]


@pytest.mark.parametrize("status", [401, 403, 429])
def test_robots_txt_refused_to_optout_gets_no_grade(web_fixture, status):
    """A bot wall's 403 once read "There is no robots.txt: every crawler may take everything" and graded the site."""
    web_fixture.route("/robots.txt", status=status)
    web_fixture.route("/", HOME)
    report = json.loads(run("site", "audit", web_fixture.base, "--json").output)
    assert report["grade"] is None and report["reason"] == "refused"
    assert f"The server refused optout's request for robots.txt (HTTP {status}), so optout cannot tell" in (
        report["explanation"])
    assert "There is no robots.txt" not in result_text(report)


def test_robots_txt_that_is_not_there_is_said_so_and_graded(web_fixture):
    web_fixture.route("/robots.txt", status=404)
    web_fixture.route("/", HOME)
    report = json.loads(run("site", "audit", web_fixture.base, "--json").output)
    assert report["grade"] in ("D", "F") and report["by_purpose"]["training"]["blocked"] == 0
    assert any("There is no robots.txt (HTTP 404)" in f["message"] for f in report["findings"])


def result_text(report: dict) -> str:
    return " ".join([report["summary"], report["explanation"], *(f["message"] for f in report["findings"])])


def test_a_web_page_served_as_robots_txt_is_pointed_out(web_fixture):
    web_fixture.route("/robots.txt", b"<!DOCTYPE html><html><body>Welcome</body></html>")
    web_fixture.route("/", HOME)
    report = json.loads(run("site", "audit", web_fixture.base, "--json").output)
    assert any("answers with a web page (HTML)" in f["message"] for f in report["findings"])
    assert report["grade"] is not None and not any(row["refused"] for row in report["crawlers"])


def _no_grade(args, reason, *words):
    """The CLI gives no grade, says why in plain words, and exits non-zero; JSON says the same."""
    result = run("site", "audit", *args, "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["grade"] is None and report["reachable"] is False and report["reason"] == reason
    assert report["crawlers"] == [] and report["signals"] == {} and report["by_purpose"] == {}
    for word in words:
        assert word in report["explanation"], report["explanation"]
    text = run("site", "audit", *args)
    assert text.exit_code == 1 and "grade" not in text.stdout.lower()
    assert "no grade" in text.stderr and words[0] in text.stderr
    return report


def test_an_internal_address_gets_no_grade(settings):
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = False
    _no_grade(["http://127.0.0.1:8765/"], "internal", "optout does not check addresses inside your own network",
              "127.0.0.1")


def test_an_address_that_is_not_one_gets_no_grade():
    _no_grade(["not a url"], "malformed", "not a web address")
    _no_grade(["ftp://example.org/"], "malformed", "Only http:// and https://")
    _no_grade(["https://example.org:port/"], "malformed", "port")
    _no_grade(["https://exa mple.org/"], "malformed", "not a web address")
    _no_grade(["localhost_only"], "malformed", "no dot")


def test_addresses_are_completed_and_ip_literals_accepted():
    from optout.site.audit import check_address

    assert check_address("example.org") == ("https://example.org", "")
    assert check_address("  http://[::1]:8000/x ") == ("http://[::1]:8000/x", "")
    assert check_address("https://bücher.example/")[0] == "https://bücher.example/"


def test_a_name_that_does_not_exist_gets_no_grade(settings):
    for allow_private in (False, True):  # refused by optout's own check, or by the HTTP client's lookup
        settings.OPTOUT_ALLOW_PRIVATE_FETCH = allow_private
        report = _no_grade(["https://no-such-site.invalid/"], "dns", "no-such-site.invalid")
        assert ("either it does not exist (check the spelling) or this computer is offline" in report["explanation"]
                or "could not be looked up" in report["explanation"])


def test_a_closed_port_gets_no_grade(web_fixture):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _no_grade([f"http://127.0.0.1:{port}/"], "refused", "refused the connection")


def test_a_server_that_never_answers_gets_no_grade(web_fixture):
    web_fixture.route("/", lambda handler: time.sleep(3))
    _no_grade([web_fixture.base + "/", "--timeout", "0.5"], "timeout", "No answer from 127.0.0.1 after 0.5 s")


def test_robots_txt_that_never_answers_gets_no_grade(web_fixture):
    web_fixture.route("/", HOME)
    web_fixture.route("/robots.txt", lambda handler: time.sleep(3))
    _no_grade([web_fixture.base + "/", "--timeout", "0.5"], "timeout", "No answer")


def test_a_bad_tls_certificate_gets_no_grade(web_fixture, tmp_path):
    openssl = require_tool("openssl", "apt-get install openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=wrong.example"], check=True, capture_output=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _no_grade([f"https://127.0.0.1:{server.server_address[1]}/"], "tls", "TLS certificate problem")
    finally:
        server.shutdown()
        server.server_close()


def test_the_web_page_gives_no_grade_and_the_reason(client, db, settings):  # db: the rate limit counts in the shared cache
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = False
    page = client.get("/site/", {"url": "http://127.0.0.1:8765/"}).content.decode()
    assert "No grade" in page and "optout does not check addresses inside your own network" in page
    assert "Grade B" not in page and "Grade " not in page.replace("No grade", "")
    page = client.get("/site/", {"url": "not a url"}).content.decode()
    assert "No grade" in page and "not a web address" in page


def test_pasted_robots_txt_and_head_are_checked_without_fetching(client):
    response = client.post("/site/", {"action": "paste", "robots": ROBOTS,
                                      "head": "<head><meta name='robots' content='noai'></head>"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "did you mean “GPTBot”" in page and "Grade " in page
    assert "noai meta tag: <span class=\"badge ok\">present" in page
    assert "ai.txt: <span class=\"badge\">not checked" in page
    assert "From &lt;head&gt; to &lt;/head&gt;, to check the meta tags too." in page  # tags shown, not swallowed


def test_pasted_files_on_the_command_line(tmp_path):
    robots = tmp_path / "robots.txt"
    robots.write_text("User-agent: GPT-Bot\nDisallow: /\n\nUser-agent: ClaudeBot\nDisallow: /\n")
    result = run("site", "audit", "--robots", str(robots), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["grade"] in ("C", "D") and report["signals"]["ai.txt"] is None
    assert any("did you mean “GPTBot”" in f["message"] for f in report["findings"])
    assert ("Not checked (not given): content-usage, ai.txt, tdmrep.json, tdm-reservation header or meta, noai meta "
            "tag, X-Robots-Tag noai" in report["summary"] and "paste" not in report["summary"])
    said = run("site", "audit", "--robots", str(robots))
    assert said.output.startswith(f"{robots}: grade ") and "(pasted)" not in said.output


def test_generate_writes_every_file_and_keeps_the_existing_rules(tmp_path):
    existing = tmp_path / "robots.txt"
    existing.write_text("User-agent: *\nDisallow: /drafts/\n")
    out = tmp_path / "out"
    result = run("site", "generate", "--existing", str(existing), "--out", str(out), "--policy-url", "https://ex.org/terms")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"robots.txt", "ai.txt", "tdmrep.json", "meta.html", "headers.txt",
                                               "nginx.conf", "htaccess", "Caddyfile"}
    for file in out.iterdir():
        assert file.stat().st_mode & 0o777 == 0o644, file  # a web server running as another user can read them
    robots = (out / "robots.txt").read_text()
    assert robots.startswith("User-agent: *\nDisallow: /drafts/") and "User-agent: GPTBot" in robots
    existing.write_text("User-agent: GPT-Bot\nDisallow: /\n")
    typo = run("site", "generate", "--existing", str(existing), "--out", str(tmp_path / "typo"))
    assert typo.exit_code == 0 and "did you mean “GPTBot”" in typo.output
    again = run("site", "generate", "--existing", str(out / "robots.txt"), "--out", str(tmp_path / "again"))
    assert again.exit_code == 0 and (tmp_path / "again" / "robots.txt").read_text() == robots

    # A folder that already holds such files (the site's own robots.txt) is not written over unasked
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    refused = run("site", "generate", "--out", str(site))
    assert refused.exit_code == 1 and "already holds robots.txt; optout would replace them." in refused.output
    assert f"add --existing {site / 'robots.txt'}" in refused.output and "Nothing was written." in refused.output
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n" and len(list(site.iterdir())) == 1
    merged = run("site", "generate", "--existing", str(site / "robots.txt"), "--out", str(site), "--force")
    assert merged.exit_code == 0 and (site / "robots.txt").read_text().startswith("User-agent: *\nDisallow: /private/")


def test_search_engines_and_previews_are_not_taken_for_misspelt_ai_crawlers():
    """“Googlebot” was called a misspelt “GoogleOther”, an error telling people to delete a correct rule."""
    from optout.site.audit import typos

    body = "".join(f"User-agent: {name}\nDisallow: /private/\n" for name in
                   ("Googlebot", "Googlebot-Image", "SemrushBot", "Bingbot", "facebookexternalhit"))
    assert typos(body) == []
    spelt_apart, near = typos("User-agent: GPT-Bot\nDisallow: /\nUser-agent: GPTBott\nDisallow: /\n")
    assert spelt_apart.level == "error" and "did you mean “GPTBot”" in spelt_apart.message % spelt_apart.params
    assert near.level == "warning"
    assert "optout knows no crawler called “GPTBott”. If you meant “GPTBot”" in near.message % near.params


def test_a_crawler_name_with_digits_is_not_taken_for_a_typo_of_itself():
    """“AI2Bot” was called “not a crawler name; did you mean “AI2Bot”?”: the name was cut at its first digit."""
    from optout.site.audit import typos
    from optout.site.crawlers import crawlers

    with_digits = [c.token for c in crawlers().values() if any(ch.isdigit() for ch in c.token)]
    assert "AI2Bot" in with_digits
    assert typos("".join(f"User-agent: {name}\nDisallow: /\n" for name in with_digits)) == []
    assert typos("User-agent: AI-2Bot\nDisallow: /\n")  # a real misspelling still is one


def test_applebot_follows_googlebots_group_when_no_group_names_it():
    from optout.site.audit import audit, pasted

    """Apple: "If robots instructions don't mention Applebot but do mention Googlebot, the Apple robot will follow
    Googlebot instructions." The check said Applebot was allowed where Googlebot's group refused it."""
    googlebot_only = "User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    rows = {row["token"]: row for row in audit(pasted(googlebot_only)).crawlers}
    assert rows["Applebot"]["refused"] and not rows["GPTBot"]["refused"]
    assert not rows["Applebot-Extended"]["refused"]  # a name of its own; Apple says nothing of Google-Extended
    named = googlebot_only + "\nUser-agent: Applebot\nAllow: /\n"
    assert not {row["token"]: row for row in audit(pasted(named)).crawlers}["Applebot"]["refused"]
    star_only = "User-agent: *\nDisallow: /\n"
    assert {row["token"]: row for row in audit(pasted(star_only)).crawlers}["Applebot"]["refused"]


def test_a_grade_below_a_points_to_where_the_missing_signals_are_made(client):
    """A pasted "User-agent: *" / "Disallow:" got grade F and nothing that said what to do about it."""
    page = client.post("/site/", {"action": "paste", "robots": "User-agent: *\nDisallow:\n"}).content.decode()
    assert "Grade F" in page and 'id="to-improve"><a href="#generate-h">Make the missing signals below' in page
    assert 'id="generate-h"' in page
