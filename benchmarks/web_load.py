"""Pages under load: the catalog, a platform page and a signed-in dashboard, next to a bare Django view.

Each page is served by waitress exactly as `optout serve` serves it (same WSGI app, same middleware, 8
threads), and `wrk` (Debian's package: a C load generator, so the client costs little CPU) sends requests at
concurrency 1 and 16 for a few seconds. The baseline is a view that returns "ok" through the same Django
stack in the same server, measured in the same run. Targets (issue 17) at 16 clients: catalog and platform
p95 ≤ 2× the bare view, dashboard p95 ≤ 4×. The pages take turns for several rounds (a busy neighbour on
the machine then slows them alike), each round's ratio is against that round's bare view, and the median
ratio is judged; every round's ratio and the load average are printed. Runs on SQLite, and on PostgreSQL too when
OPTOUT_BENCH_PG_URL is set (postgres://user:password@127.0.0.1:5432/db; the database is emptied).

Usage: python benchmarks/web_load.py [--seconds 5] [--rounds 3]
It prints figures; it never fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ["instagram", "facebook", "threads", "linkedin", "x", "reddit", "tumblr", "deviantart", "pinterest",
             "flickr", "youtube", "tiktok"]

BENCH_URLS = '''
from django.http import HttpResponse
from django.urls import path

from optout.urls import urlpatterns as optout_urls


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *optout_urls]
'''

BENCH_SETTINGS = '''
from optout.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
'''

SETUP = '''
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from conftest import make_plan
from optout.plans import services
from optout.plans.models import Status

user = get_user_model().objects.create_user("bench", "bench@example.org", "a long benchmark password")
steps = make_plan(user, "EU", {platforms!r})
for step in steps[::3]:
    services.set_status(step, Status.DONE)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(settings.SESSION_COOKIE_NAME + "=" + session.session_key)
print(len(steps))
'''

# wrk reports p50/p90/p99 by default; this script prints the percentiles we need, in microseconds.
WRK_REPORT = '''
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests, summary.duration, summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server on port {port} did not start")


def wrk(url: str, clients: int, seconds: int, cookie: str, script: Path) -> dict:
    command = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
               "-H", f"Cookie: {cookie}", "-H", "Host: 127.0.0.1", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    p50, p95, p99, count, duration_us, errors = map(int, re.search(r"RESULT (.*)", out).group(1).split())
    return {"p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000, "rps": count / (duration_us / 1e6), "errors": errors}


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(label: str, env: dict, work: Path, seconds: int, rounds: int) -> None:
    python = sys.executable
    subprocess.run([python, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    cookie, steps = subprocess.run([python, "-c", SETUP.format(platforms=PLATFORMS)], env=env, check=True, cwd=ROOT,
                                   capture_output=True, text=True).stdout.split()
    port = free_port()
    server = subprocess.Popen([python, "-m", "waitress", f"--listen=127.0.0.1:{port}", "--threads=8",
                               "optout.wsgi:application"], env=env, cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        pages = {"bare Django view (baseline)": "/bench/bare/", "catalog": "/catalog/?region=EU",
                 "platform page": "/catalog/instagram/?region=EU", "dashboard (signed in)": "/plan/"}
        script = work / "report.lua"
        script.write_text(WRK_REPORT)
        for url in pages.values():  # warm up: imports, caches, connections
            wrk(base + url, 2, 1, cookie, script)
        print(f"\n{label}: waitress with 8 threads, {os.cpu_count()} cores, dashboard plan of {steps} steps "
              f"on {len(PLATFORMS)} platforms, {seconds} s per measurement, {rounds} round(s) of every page in turn, "
              f"load average before: {load_average()}")
        print(f"{'page':<30} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'p95 ×bare':>10}"
              f"  p95 ×bare in each round")
        for clients in (1, 16):
            # Pages take turns within a round, so a neighbour's load on the machine falls on all of them alike;
            # each ratio compares a page with the bare view of the same round.
            rounds_run = [{name: wrk(base + url, clients, seconds, cookie, script) for name, url in pages.items()}
                          for _ in range(rounds)]
            bare_name = "bare Django view (baseline)"
            for name in pages:
                mid = {key: statistics.median(r[name][key] for r in rounds_run) for key in ("p50", "p95", "p99", "rps")}
                ratios = [r[name]["p95"] / r[bare_name]["p95"] for r in rounds_run]
                errors = sum(r[name]["errors"] for r in rounds_run)
                note = f" ({errors} errors)" if errors else ""
                print(f"{name:<30} {clients:>7} {mid['p50']:>8.1f} {mid['p95']:>8.1f} {mid['p99']:>8.1f} "
                      f"{mid['rps']:>8.0f} {statistics.median(ratios):>9.2f}×  "
                      f"{' '.join(f'{x:.2f}' for x in ratios)}{note}")
            if clients == 16:
                for name, limit in (("catalog", 2), ("platform page", 2), ("dashboard (signed in)", 4)):
                    ratios = [r[name]["p95"] / r[bare_name]["p95"] for r in rounds_run]
                    ratio = statistics.median(ratios)
                    print(f"  {'meets' if ratio <= limit else 'MISSES'} target p95 ≤ {limit}× bare at 16 clients: "
                          f"{name} {ratio:.2f}× (median of {len(ratios)}; min {min(ratios):.2f}×, max {max(ratios):.2f}×)")
        print(f"load average after: {load_average()}")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every page in turn; the median ratio is judged")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("This benchmark needs wrk: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="optout-bench-web-"))
    (work / "bench_urls.py").write_text(BENCH_URLS)
    (work / "bench_settings.py").write_text(BENCH_SETTINGS)
    env = {**os.environ, "PYTHONPATH": f"{work}{os.pathsep}{ROOT}", "DJANGO_SETTINGS_MODULE": "bench_settings",
           "OPTOUT_DATA_DIR": str(work / "data"), "OPTOUT_CACHE_DIR": str(work / "cache"),
           "OPTOUT_SECRET_KEY": "benchmark-only-secret-key-that-is-long-enough-to-pass-checks"}
    env.pop("DATABASE_URL", None)
    run("SQLite", env, work, args.seconds, args.rounds)
    if pg := os.environ.get("OPTOUT_BENCH_PG_URL"):
        subprocess.run([sys.executable, "-m", "django", "flush", "--no-input"], env={**env, "DATABASE_URL": pg},
                       check=False, cwd=ROOT, capture_output=True)
        run("PostgreSQL", {**env, "DATABASE_URL": pg}, work, args.seconds, args.rounds)


if __name__ == "__main__":
    main()
