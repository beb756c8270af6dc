"""Every generated signal, checked by reading it back: robots.txt with our evaluator, server rules by the servers."""

import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import require_tool
from optout.site.crawlers import crawlers
from optout.site.generators import OUTPUTS, Choices, blocked, robots_txt, user_agent_regex
from optout.site.robots import RobotsTxt

BROWSERS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "browser_user_agents.txt"
EXISTING = "# my site\nUser-agent: *\nDisallow: /drafts/\n\nUser-agent: Bytespider\nDisallow: /private/\n\nSitemap: https://example.org/sitemap.xml\n"


@pytest.mark.parametrize("choices", [Choices(), Choices(block_ai_search=True, block_user_triggered=True),
                                     Choices(block_assistants=False, block_unknown=False)])
def test_robots_txt_gives_each_registry_agent_the_intended_answer(choices):
    text, notes = robots_txt(EXISTING, choices)
    robots = RobotsTxt.parse(text)
    for crawler in crawlers().values():
        if not crawler.valid_token or crawler.token == "Bytespider":
            continue
        expected = not choices.blocks(crawler)
        assert robots.is_allowed(crawler.token, "https://example.org/art/piece.jpg") is expected, crawler.token
    assert not robots.is_allowed("Bytespider", "https://example.org/private/x")  # their own group, kept as written
    assert robots.is_allowed("Bytespider", "https://example.org/art/") and any("Bytespider" in n for n in notes)
    assert not robots.is_allowed("Mozilla", "https://example.org/drafts/a") and robots.is_allowed("Googlebot", "https://example.org/")
    assert text.startswith("# my site\nUser-agent: *\nDisallow: /drafts/")
    assert "Sitemap: https://example.org/sitemap.xml" in text


def test_robots_txt_is_idempotent_and_has_no_duplicate_groups():
    once, _ = robots_txt(EXISTING, Choices())
    twice, _ = robots_txt(once, Choices())
    assert once == twice
    agents = [line.split(":", 1)[1].strip().lower() for line in once.splitlines() if line.lower().startswith("user-agent:")]
    named = [agent for agent in agents if agent != "*"]
    assert len(named) == len(set(named)) and agents.count("*") == 1  # theirs; optout adds none when one exists
    assert once.count("# BEGIN optout") == 1
    fewer, _ = robots_txt(once, Choices(block_assistants=False))
    assert fewer.count("# BEGIN optout") == 1 and len(fewer) < len(once)


def test_tdmrep_ai_txt_meta_and_headers():
    choices = Choices(policy_url="https://example.org/licence")
    tdm = json.loads(OUTPUTS["tdmrep.json"](choices))
    assert tdm == [{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://example.org/licence"}]
    ai = RobotsTxt.parse(OUTPUTS["ai.txt"](Choices()))
    assert not ai.is_allowed("AnyBot", "https://example.org/image.png")
    assert "Disallow: *.jpg" in OUTPUTS["ai.txt"](Choices(images_only=True))
    assert '<meta name="robots" content="noai, noimageai">' in OUTPUTS["meta.html"](choices)
    assert "X-Robots-Tag: noai, noimageai" in OUTPUTS["headers.txt"](choices)


def test_server_rules_block_every_listed_agent_and_no_browser():
    pattern = user_agent_regex(Choices())
    for crawler in blocked(Choices()):
        assert pattern.search(f"Mozilla/5.0 (compatible; {crawler.match}/1.0; +https://example.org)"), crawler.match
    for line in BROWSERS.read_text().splitlines():
        assert not pattern.search(line), line


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url, agent):
    request = urllib.request.Request(url, headers={"User-Agent": agent})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 — loopback test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_nginx_accepts_the_rules_and_refuses_crawlers_but_not_browsers(tmp_path):
    nginx = require_tool("nginx", "apt-get install nginx-light")
    port = _free_port()
    rules = OUTPUTS["nginx.conf"](Choices())
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy; fastcgi_temp_path {tmp_path}/fcgi;
  uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
  {rules}
  server {{
    listen 127.0.0.1:{port};
    if ($optout_ai_crawler) {{ return 403; }}
    location / {{ return 200 "hello"; }}
  }}
}}
""")
    check = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    server = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"])
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/index.html"
        assert _status(url, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)") == 403
        assert _status(url, "Mozilla/5.0 (compatible; ClaudeBot/1.0; +claudebot@anthropic.com)") == 403
        for line in BROWSERS.read_text().splitlines()[:8]:
            assert _status(url, line) == 200, line
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_apache_accepts_the_rules(tmp_path):
    apache = require_tool("apache2", "apt-get install apache2")
    modules = Path("/usr/lib/apache2/modules")
    htaccess = OUTPUTS["htaccess"](Choices())
    conf = tmp_path / "httpd.conf"
    conf.write_text(f"""
ServerRoot {tmp_path}
PidFile {tmp_path}/httpd.pid
Listen 127.0.0.1:{_free_port()}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule rewrite_module {modules}/mod_rewrite.so
ErrorLog {tmp_path}/error.log
DocumentRoot {tmp_path}
<Directory {tmp_path}>
{htaccess}
</Directory>
""")
    result = subprocess.run([apache, "-t", "-f", str(conf)], capture_output=True, text=True,
                            env={"APACHE_RUN_DIR": str(tmp_path), "PATH": "/usr/sbin:/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr


def test_caddy_accepts_the_rules(tmp_path):
    caddy = require_tool("caddy", "apt-get install caddy")
    config = tmp_path / "Caddyfile"
    config.write_text(f"http://127.0.0.1:{_free_port()} {{\n{OUTPUTS['Caddyfile'](Choices())}\nrespond \"hello\"\n}}\n")
    result = subprocess.run([caddy, "validate", "--config", str(config), "--adapter", "caddyfile"], capture_output=True,
                            text=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr + result.stdout
    assert re.search(r"(?i)valid", result.stdout + result.stderr)
