"""A request larger than any page accepts is refused as soon as its headers arrive, not after 1 GB is taken in."""

import shlex
import socket
import threading

from waitress.adjustments import Adjustments
from waitress.server import create_server

from optout.media.forms import MAX_TOTAL_BYTES
from optout.ops.serve import MAX_REQUEST_BYTES, WAITRESS_OPTIONS, _commands
from optout.plans.transfer import MAX_FILE_BYTES

from .test_deploy_files import DEPLOY


def _options(argv: list[str]) -> dict:
    options, _rest = Adjustments.parse_args([arg for arg in argv if arg.startswith("--")
                                             and not arg.startswith("--listen")])  # systemd's %i is no port
    return {key: value for key, value in options.items() if key not in ("help", "call")}


def test_every_way_of_running_the_web_app_sets_the_limit():
    systemd = next(line for line in (DEPLOY / "systemd" / "optout-web@.service").read_text().splitlines()
                   if line.startswith("ExecStart="))
    container = next(line for line in (DEPLOY / "Containerfile").read_text().splitlines() if line.startswith("CMD"))
    for argv in (_commands("127.0.0.1", 8000, worker=False)["web"], shlex.split(systemd),
                 [part.strip(' "[],') for part in container.split(",")]):
        assert Adjustments(**_options(argv)).max_request_body_size == MAX_REQUEST_BYTES, argv
    assert _options(WAITRESS_OPTIONS)["max_request_body_size"] == str(MAX_REQUEST_BYTES)
    assert "client_max_body_size 310m;" in (DEPLOY.parent / "deploy.md").read_text()


def test_the_largest_uploads_pages_accept_still_fit():
    assert MAX_REQUEST_BYTES >= MAX_TOTAL_BYTES + 8 * 1024 * 1024 and MAX_REQUEST_BYTES > MAX_FILE_BYTES


def test_a_body_over_the_limit_is_refused_before_it_is_sent():
    reached = []

    def app(environ, start_response):
        reached.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"read"]

    server = create_server(app, host="127.0.0.1", port=0, **_options(WAITRESS_OPTIONS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as conn:
            conn.sendall(b"POST /media/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                         b"Content-Length: %d\r\n\r\n" % (MAX_REQUEST_BYTES + 1))
            answer = conn.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413") and reached == []
    finally:
        server.close()
