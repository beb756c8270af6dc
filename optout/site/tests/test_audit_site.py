"""Auditing a loopback fixture site with known mistakes, through the CLI as a person uses it."""

import json

from typer.testing import CliRunner

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


def test_unreachable_robots_txt_is_explained(web_fixture):
    web_fixture.route("/robots.txt", status=503)
    web_fixture.route("/", HOME)
    report = json.loads(run("site", "audit", web_fixture.base, "--json").output)
    assert any("could not be fetched" in f["message"] for f in report["findings"])
    assert all(row["refused"] for row in report["crawlers"])


def test_audit_refuses_internal_addresses(settings):
    settings.OPTOUT_ALLOW_PRIVATE_FETCH = False
    report = json.loads(run("site", "audit", "http://127.0.0.1:9/", "--json").output)
    assert any("could not be fetched" in f["message"] for f in report["findings"])


def test_generate_writes_every_file_and_keeps_the_existing_rules(tmp_path):
    existing = tmp_path / "robots.txt"
    existing.write_text("User-agent: *\nDisallow: /drafts/\n")
    out = tmp_path / "out"
    result = run("site", "generate", "--existing", str(existing), "--out", str(out), "--policy-url", "https://ex.org/terms")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"robots.txt", "ai.txt", "tdmrep.json", "meta.html", "headers.txt",
                                               "nginx.conf", "htaccess", "Caddyfile"}
    robots = (out / "robots.txt").read_text()
    assert robots.startswith("User-agent: *\nDisallow: /drafts/") and "User-agent: GPTBot" in robots
    again = run("site", "generate", "--existing", str(out / "robots.txt"), "--out", str(tmp_path / "again"))
    assert again.exit_code == 0 and (tmp_path / "again" / "robots.txt").read_text() == robots
