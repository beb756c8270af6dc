"""Server rules checked by the real servers: nginx, Apache and Caddy, started on free loopback ports.

Every User-Agent in user_agents.tsv (browsers, search engines, link previews, monitoring, editors, HTTP
libraries, SEO tools and AI crawlers, 400+ headers) is sent to each server: exactly the crawlers the person
chose to refuse get 403, every other agent 200, and /robots.txt stays readable by all.
"""

import http.client
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import require_tool
from optout.site.crawlers import crawlers, identify_crawler
from optout.site.generators import OUTPUTS, Choices, user_agent_regex

CORPUS = Path(__file__).with_name("user_agents.tsv")
READABLE = ("/robots.txt", "/ai.txt", "/.well-known/tdmrep.json")
CHOICES = {
    "default": Choices(),
    "everything": Choices(block_ai_search=True, block_user_triggered=True, block_search=True, block_research=True,
                          block_link_preview=True),
}


def corpus() -> list[tuple[str, str, str]]:
    rows = [line.split("\t") for line in CORPUS.read_text().splitlines() if line and not line.startswith("#")]
    return [(kind, token, agent) for kind, token, agent in rows]


def expected(token: str, choices: Choices) -> int:
    if token == "-":
        return 200
    by_token = {c.token: c for c in crawlers().values()}
    return 403 if choices.blocks(by_token[token]) else 200


def test_the_corpus_is_large_and_varied_and_the_registry_reads_it_right():
    rows = corpus()
    assert len(rows) >= 300
    kinds = {kind for kind, _, _ in rows}
    assert {"browser", "search", "link-preview", "monitoring", "editor", "library", "seo", "ai"} <= kinds
    by_slug = {c.token: c for c in crawlers().values()}
    for kind, token, agent in rows:
        found = identify_crawler(agent)
        assert (found.token if found else "-") == token, (kind, agent)
        if token != "-":
            assert token in by_slug
    for choices in (*CHOICES.values(), Choices(block_assistants=False, block_unknown=False)):
        pattern = user_agent_regex(choices)
        for _, token, agent in rows:
            refused = bool(pattern.search(agent))
            assert refused is (expected(token, choices) == 403), agent


def test_search_engines_link_previews_and_research_are_let_in_by_default():
    default = Choices()
    for token in ("Applebot", "PetalBot", "facebookexternalhit", "GoogleOther", "OAI-SearchBot", "meta-webindexer"):
        assert expected(token, default) == 200, token
    for token in ("GPTBot", "ClaudeBot", "CCBot", "Meta-ExternalAgent", "Bytespider"):
        assert expected(token, default) == 403, token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, process) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(f"the server stopped (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the server did not start")


def _statuses(port: int, requests: list[tuple[str, str]]) -> list[int]:
    """GET each (path, User-Agent) on one kept-alive connection (reconnecting when the server closes it)."""
    out, connection = [], None
    for path, agent in requests:
        for attempt in range(2):
            connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                connection.request("GET", path, headers={"User-Agent": agent})
                response = connection.getresponse()
                response.read()
                out.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
                break
            except (http.client.HTTPException, OSError):
                connection.close()
                connection = None
                if attempt:
                    raise
    if connection:
        connection.close()
    return out


def _check(port: int, choices: Choices) -> None:
    rows = corpus()
    statuses = _statuses(port, [("/index.html", agent) for _, _, agent in rows])
    wrong = [(s, expected(t, choices), a) for (_, t, a), s in zip(rows, statuses, strict=True) if s != expected(t, choices)]
    assert not wrong, wrong[:10]
    refused = [agent for _, token, agent in rows if expected(token, choices) == 403]
    # the files that tell crawlers they are refused stay readable to them
    assert refused and set(_statuses(port, [(path, agent) for agent in refused for path in READABLE])) == {200}


def _site(folder: Path) -> Path:
    """A document root every server user can read (the test's own tmp folder may be private to its user)."""
    root = Path(tempfile.mkdtemp(prefix="optout-site-", dir=folder))
    root.chmod(0o755)
    (root / ".well-known").mkdir(mode=0o755)
    for name, body in (("index.html", "hello"), ("robots.txt", "User-agent: GPTBot\nDisallow: /\n"),
                       ("ai.txt", "User-Agent: *\nDisallow: /\n"), (".well-known/tdmrep.json", "[]")):
        (root / name).write_text(body)
        (root / name).chmod(0o644)
    return root


@pytest.fixture
def public_dir():
    folder = Path(tempfile.mkdtemp(prefix="optout-test-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def _serve_and_check(command: list[str], port: int, choices, env=None, quiet: bool = False) -> None:
    """Run a server in the foreground, send it the whole user-agent corpus, stop it whatever happened."""
    output = subprocess.DEVNULL if quiet else None
    server = subprocess.Popen(command, env=env, stdout=output, stderr=output)
    try:
        _wait(port, server)
        _check(port, choices)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("name", CHOICES)
def test_nginx(name, tmp_path, public_dir):
    nginx = require_tool("nginx", "apt-get install nginx-light")
    port, root = _free_port(), _site(public_dir)
    generated = OUTPUTS["nginx.conf"](CHOICES[name])
    # the server block's line, taken as the file's step 2 tells a person to: without its leading "# "
    server_line = next(line for line in generated.splitlines() if line.startswith("# if ")).removeprefix("# ")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy; fastcgi_temp_path {tmp_path}/fcgi;
  uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
  {generated}
  server {{
    listen 127.0.0.1:{port};
    root {root};
    {server_line}
  }}
}}
""")
    check = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    _serve_and_check([nginx, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"], port, CHOICES[name])


def _apache_config(tmp_path: Path, root: Path, port: int, modules: list[str], in_directory: str) -> tuple[Path, dict]:
    """A minimal Apache configuration serving `root`, with the given modules and lines for the site's folder."""
    require_tool("apache2", "apt-get install apache2")
    folder = Path("/usr/lib/apache2/modules")
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    loads = "".join(f"LoadModule {name}_module {folder}/mod_{name}.so\n" for name in modules)
    conf = tmp_path / "httpd.conf"
    conf.write_text(f"""
ServerRoot {tmp_path}
ServerName 127.0.0.1
PidFile {tmp_path}/httpd.pid
Listen 127.0.0.1:{port}
{user}
LoadModule mpm_event_module {folder}/mod_mpm_event.so
LoadModule authz_core_module {folder}/mod_authz_core.so
{loads}
ErrorLog {tmp_path}/error.log
DocumentRoot {root}
<Directory {root}>
    Require all granted
{in_directory}
</Directory>
""")
    env = {"APACHE_RUN_DIR": str(tmp_path), "APACHE_LOCK_DIR": str(tmp_path), "PATH": "/usr/sbin:/usr/bin:/bin"}
    return conf, env


@pytest.mark.parametrize("name", CHOICES)
def test_apache(name, tmp_path, public_dir):
    port, root = _free_port(), _site(public_dir)
    conf, env = _apache_config(tmp_path, root, port, ["rewrite"], OUTPUTS["htaccess"](CHOICES[name]))
    check = subprocess.run(["apache2", "-t", "-f", str(conf)], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stderr
    _serve_and_check(["apache2", "-f", str(conf), "-DFOREGROUND"], port, CHOICES[name], env=env)


@pytest.mark.parametrize("name", CHOICES)
def test_caddy(name, tmp_path, public_dir):
    caddy = require_tool("caddy", "apt-get install caddy")
    port, root = _free_port(), _site(public_dir)
    config = tmp_path / "Caddyfile"
    config.write_text(f"{{\n  admin off\n  auto_https off\n}}\nhttp://127.0.0.1:{port} {{\n"
                      f"root * {root}\n{OUTPUTS['Caddyfile'](CHOICES[name])}\nfile_server\n}}\n")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    check = subprocess.run([caddy, "validate", "--config", str(config), "--adapter", "caddyfile"], capture_output=True,
                           text=True, env=env)
    assert check.returncode == 0, check.stderr + check.stdout
    _serve_and_check([caddy, "run", "--config", str(config), "--adapter", "caddyfile"], port, CHOICES[name], env=env,
                     quiet=True)


GPTBOT = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)"
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def _run(command, port, env=None, quiet=True):
    output = subprocess.DEVNULL if quiet else None
    server = subprocess.Popen(command, env=env, stdout=output, stderr=output)
    _wait(port, server)
    return server


def test_caddy_refuses_crawlers_on_a_site_built_of_handle_blocks(tmp_path, public_dir):
    """Caddy runs a bare `respond` after every `handle`: on such a site the crawler was served every page."""
    caddy = require_tool("caddy", "apt-get install caddy")
    port, root = _free_port(), _site(public_dir)
    config = tmp_path / "Caddyfile"
    config.write_text(f"{{\n  admin off\n  auto_https off\n}}\nhttp://127.0.0.1:{port} {{\n"
                      f"{OUTPUTS['Caddyfile'](Choices())}\n"
                      f"handle /api/* {{\n  respond \"api\" 200\n}}\nhandle {{\n  root * {root}\n  file_server\n}}\n}}\n")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    server = _run([caddy, "run", "--config", str(config), "--adapter", "caddyfile"], port, env=env)
    try:
        assert _statuses(port, [("/index.html", GPTBOT), ("/api/x", GPTBOT)]) == [403, 403]
        assert _statuses(port, [("/index.html", CHROME), ("/api/x", CHROME)]) == [200, 200]
        assert _statuses(port, [(path, GPTBOT) for path in READABLE]) == [200] * len(READABLE)
    finally:
        server.terminate()
        server.wait(timeout=10)


WORDPRESS = """# BEGIN WordPress
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteBase /
RewriteRule ^index\\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress
"""


def _apache(tmp_path, root, port, modules):
    """Apache serving `root` with .htaccess files allowed, as a site that uses them is set up."""
    conf, env = _apache_config(tmp_path, root, port, modules, "    AllowOverride All")
    return _run(["apache2", "-f", str(conf), "-DFOREGROUND"], port, env=env)


def _htaccess(root: Path, text: str) -> None:
    (root / ".htaccess").write_text(text)
    (root / ".htaccess").chmod(0o644)


def test_apache_refuses_every_wordpress_page_when_placed_as_the_file_says(tmp_path, public_dir):
    """Appended after WordPress's block, the rules refused the home page but served every post: the file now says
    to put them at the top, and this is what they do there."""
    port, root = _free_port(), _site(public_dir)
    (root / "index.php").write_text("wordpress")
    (root / "index.php").chmod(0o644)
    generated = OUTPUTS["htaccess"](Choices())
    assert "at the TOP of the .htaccess file" in generated and "above \"# BEGIN WordPress\"" in generated
    _htaccess(root, generated + "\n" + WORDPRESS)
    server = _apache(tmp_path, root, port, ["rewrite"])
    try:
        assert _statuses(port, [("/", GPTBOT), ("/blog/my-post/", GPTBOT)]) == [403, 403]
        assert _statuses(port, [("/blog/my-post/", CHROME)]) == [200]
        assert _statuses(port, [(path, GPTBOT) for path in READABLE]) == [200] * len(READABLE)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_apache_header_lines_never_break_the_site(tmp_path, public_dir):
    """Pasted without mod_headers, bare `Header` lines answered 500 on every page; with it, they are sent."""
    headers = OUTPUTS["headers.txt"](Choices(policy_url="https://example.org/licence"))
    apache_lines = headers[headers.index("# <IfModule mod_headers.c>"):headers.index("# </IfModule>")] + "# </IfModule>"
    pasted = "\n".join(line.removeprefix("# ") for line in apache_lines.splitlines()) + "\n"
    for modules in ([], ["headers"]):
        port, root = _free_port(), _site(public_dir)
        _htaccess(root, pasted)
        server = _apache(tmp_path, root, port, modules)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/index.html", headers={"User-Agent": CHROME})
            response = connection.getresponse()
            assert response.status == 200, modules
            sent = response.getheader("tdm-reservation"), response.getheader("tdm-policy")
            assert sent == (("1", "https://example.org/licence") if modules else (None, None))
            connection.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
