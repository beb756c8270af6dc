"""`optout serve` starts the web app and the worker together, and Ctrl-C stops both."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds}s")


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@pytest.mark.skipif(sys.platform != "linux", reason="uses ps --ppid")
def test_serve_runs_web_and_worker_and_stops_both_on_ctrl_c(tmp_path):
    port = free_port()
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("OPTOUT_SMTP_HOST", None)
    env.pop("OPTOUT_SITE_URL", None)
    optout = Path(sys.executable).parent / "optout"
    process = subprocess.Popen([str(optout), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/catalog/") == 200
        children = children_of(process.pid)
        assert len(children) == 2  # the web server and the task worker
        for pid in children:  # links in e-mails and pages name the port served, not the default 8000
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert f"OPTOUT_SITE_URL=http://127.0.0.1:{port}".encode() in environ
        assert (tmp_path / "optout.sqlite3").exists()  # migrated into the chosen data folder
        # and the address served is kept there, for commands run in another terminal
        assert (tmp_path / "served-at").read_text() == f"http://127.0.0.1:{port}\n"
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "Stopping" in output
    assert "E-mails are not sent: they are printed in this window" in output  # the banner says where e-mails go
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


@pytest.mark.skipif(sys.platform != "linux", reason="uses ps --ppid")
def test_serve_restarts_a_killed_worker_and_says_why(tmp_path):
    port = free_port()
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    optout = Path(sys.executable).parent / "optout"
    process = subprocess.Popen([str(optout), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/catalog/") == 200
        before = children_of(process.pid)
        # by its last argument: the checkout's path (in every child's python) may well hold "worker" too
        worker = next(pid for pid in before if Path(f"/proc/{pid}/cmdline").read_text().split("\0")[-2:] == ["worker", ""])
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (set(children_of(process.pid)) - set(before)):
            time.sleep(0.2)
        after = children_of(process.pid)
        assert len(after) == 2 and worker not in after  # a new worker, and the web server kept running
        assert wait_for(f"http://127.0.0.1:{port}/catalog/") == 200
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert "The worker process stopped (killed by SIGKILL" in output
    assert "restarting it in 1 s" in output and "Restarting the worker process" in output
    assert process.returncode == 0, output


def _site_url(data_dir: Path, **extra) -> str:
    """settings.SITE_URL, which e-mail links start with, as a command run in another terminal reads it."""
    env = {**os.environ, "OPTOUT_DATA_DIR": str(data_dir), **extra}
    for name in ("DJANGO_SETTINGS_MODULE", "OPTOUT_SITE_URL"):
        if name not in extra:
            env.pop(name, None)
    optout = Path(sys.executable).parent / "optout"
    result = subprocess.run([str(optout), "manage", "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_commands_run_outside_serve_link_to_the_port_it_serves(tmp_path):
    from optout.ops.serve import local_site_url, record_site_url

    assert _site_url(tmp_path) == "http://127.0.0.1:8000"  # serve never ran here: the default
    port = free_port()
    record_site_url(tmp_path, local_site_url("0.0.0.0", port))  # what `optout serve --host 0.0.0.0 --port N` does
    # `optout watch run` in another terminal, or the same after serve stopped: links name the port served
    assert _site_url(tmp_path) == f"http://127.0.0.1:{port}"
    assert _site_url(tmp_path, OPTOUT_SITE_URL="https://optout.example.org/") == "https://optout.example.org"
    for written in (b"javascript:alert(1)", b"http://127.0.0.1:9/../evil", b"\xff\xfe", b""):  # never a crash
        (tmp_path / "served-at").write_bytes(written)
        assert _site_url(tmp_path) == "http://127.0.0.1:8000", written
