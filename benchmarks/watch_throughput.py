"""Watcher throughput on real-sized pages from a loopback server: a first run and an unchanged run.

Each page is 100–300 KB of HTML built from real policy paragraphs (the AI-relevance corpus) with
the usual weight around them (inline scripts and styles, menus, a cookie banner). Nine documents
in ten declare selectors that find their text (read with lxml); one in ten declares a selector
that finds nothing, so trafilatura reads it, as happens when a platform changes its layout.
The pages are served by ten loopback servers (ten sites: the watcher asks one site one thing at
a time) running in a separate process, so the servers do not compete with the watcher for the
interpreter lock. The baseline, run in the same process against the same servers, is the same
requests with no processing at all (eight threads, the watcher's pool size): what the servers and
the HTTP client alone allow. The first run is measured twice from an empty database, in the same
run: the way it was before (pages read in the fetching threads, so on one core) and as the watcher
now runs (pages read in child processes, one per core). CPU figures add up the watcher's process
and its extraction processes, not the servers. Targets: first run >= 3,000 documents a minute,
unchanged run >= 20,000.
Run: .venv/bin/python benchmarks/watch_throughput.py [--documents 600] [--rounds 1] [--processes N]
(rounds: the two first runs taking turns that many times; --processes: the second first run with N
extraction processes whatever the load, instead of the watcher's own choice)
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent


def setup() -> None:
    """Django on a fresh SQLite database, loopback fetches allowed. Done in `main`, not on import: the
    watcher's extraction processes start from a server process that imports this script, and must not
    pay for a Django of their own."""
    global call_command, connection, make_fetcher, services, FetchLog, Snapshot, Version, WatchedDocument, FixtureServer
    os.environ["OPTOUT_DATA_DIR"] = tempfile.mkdtemp(prefix="optout-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["OPTOUT_ALLOW_PRIVATE_FETCH"] = "1"
    os.environ["OPTOUT_WATCH_HOST_DELAY"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "optout.settings"
    sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from optout.lib.outbound import make_fetcher
    from optout.watch import services
    from optout.watch.models import FetchLog, Snapshot, Version, WatchedDocument
    from tests.fixtures.httpserver import FixtureServer


CORPUS = HERE / "corpus" / "ai_relevance" / "cases.jsonl"
SCRIPT = "<script>window.__state = " + json.dumps({"k": ["x" * 60] * 150}) + ";</script>"
STYLE = "<style>" + "".join(f".c{n} {{ margin: {n}px; color: #{n:06x}; }}\n" for n in range(300)) + "</style>"
MENU = "<nav><ul>" + "".join(f"<li><a href='/help/{n}'>Help topic {n}</a></li>" for n in range(120)) + "</ul></nav>"


def paragraphs() -> list[str]:
    seen: dict[str, None] = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        for text in (case["old"], case["new"]):
            for paragraph in text.split("\n\n"):
                if len(paragraph) > 80 and not paragraph.startswith(("#", "|", "-", "*")):
                    seen.setdefault(paragraph.replace("<", "&lt;"))
    return list(seen)


def page(index: int, source: list[str], size: int) -> bytes:
    rng = random.Random(index)
    parts, total = [], 0
    while total < size:
        chosen = rng.sample(source, 6)
        section = (f"<h2>Section {len(parts) + 1}</h2>" + "".join(f"<p>{p}</p>" for p in chosen[:4])
                   + "<ul>" + "".join(f"<li>{p}</li>" for p in chosen[4:]) + "</ul>")
        parts.append(section)
        total += len(section) + 400
    return (f"<!doctype html><html><head><title>Privacy Policy {index}</title>{STYLE}{SCRIPT}</head><body>{MENU}"
            f"<main id='policy'><div class='cookie-banner'><p>We use cookies. <button>Accept</button></p></div>"
            f"<h1>Privacy Policy of service {index}</h1>{''.join(parts)}</main>"
            f"<footer>{MENU}<p>© 2026 Service {index}</p></footer></body></html>").encode()


SITES = 10


def serve(documents: int, ready, stop) -> None:
    """In a child process: ten servers, each with its share of the pages; sends back their base URLs."""
    source = paragraphs()
    servers = [FixtureServer() for _ in range(SITES)]
    for index in range(documents):
        servers[index % SITES].route(f"/doc/{index}", page(index, source, size_of(index)), etag=f'"v{index}"')
    ready.send([server.base for server in servers])
    stop.recv()
    for server in servers:
        server.close()


def size_of(index: int) -> int:
    return 100_000 + (index * 7919) % 200_000


def baseline(urls: list[str], etags: dict[str, str] | None = None) -> float:
    """Seconds for the same requests with no processing: the server's and client's own ceiling."""
    fetcher = make_fetcher()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda url: fetcher.get(url, etag=(etags or {}).get(url, "")), urls))
    fetcher.close()
    return time.perf_counter() - started


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def cpu(exclude: int | None = None) -> tuple[float, float]:
    """CPU seconds used so far by this process, and by the processes it started (extraction processes
    and their forkserver, including children they have reaped) except `exclude` (the servers' process)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in _descendants(os.getpid()):
        if pid == exclude:
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # exited meanwhile
            continue
        children += sum(int(value) for value in fields[11:15]) / tick  # utime, stime, cutime, cstime
    return own.ru_utime + own.ru_stime, children


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the servers' process (the harness's share, printed next to ours)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:13]) / os.sysconf("SC_CLK_TCK")


def reset() -> None:
    """Back to a database where no document was ever fetched."""
    WatchedDocument.objects.update(etag="", last_modified="", raw_hash="", snapshot=None, extraction="")
    Version.objects.all().delete()
    Snapshot.objects.all().delete()  # after the links to them (PROTECT)
    FetchLog.objects.all().delete()


def main() -> None:
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        print("A short check while developing: --documents 60")
        return
    setup()
    documents = int(sys.argv[sys.argv.index("--documents") + 1]) if "--documents" in sys.argv else 600
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 1
    forced = int(sys.argv[sys.argv.index("--processes") + 1]) if "--processes" in sys.argv else None
    call_command("migrate", verbosity=0)
    ready, ready_child = multiprocessing.Pipe()
    stop, stop_child = multiprocessing.Pipe()
    child = multiprocessing.get_context("fork").Process(target=serve, args=(documents, ready_child, stop_child))
    child.start()
    try:  # the servers' process stops however the measuring ends
        bases = ready.recv()
        source = paragraphs()
        sizes = [len(page(index, source, size_of(index))) for index in range(documents)]
        urls = [f"{bases[index % SITES]}/doc/{index}" for index in range(documents)]
        WatchedDocument.objects.bulk_create(
            WatchedDocument(platform=f"bench{index % 50}", doc_id=f"doc-{index}", title=f"Bench: Doc {index}",
                            type="privacy-policy", url=urls[index],
                            select=["#terms-body"] if index % 10 == 9 else ["#policy"], remove=[".cookie-banner"])
            for index in range(documents)
        )
        print(f"cores {os.cpu_count()}; {documents} documents on {SITES} loopback sites, {min(sizes) // 1024}–"
              f"{max(sizes) // 1024} KB (mean {sum(sizes) // len(sizes) // 1024} KB); database {connection.vendor}; "
              f"load average at the start {os.getloadavg()[0]:.1f}")
        base_full = baseline(urls)
        print(f"{'baseline: plain GET, 200':72} {documents / base_full * 60:8.0f} docs/min  ({base_full:.1f} s)")

        def watch(label: str, **options) -> None:
            from optout.watch.services.runs import _processes

            chosen = _processes(documents, options.get("processes"))  # the run's own choice, made the same way now
            label = f"{label} ({chosen} extraction processes at load {os.getloadavg()[0]:.1f})"
            started, (own, extra), served = time.perf_counter(), cpu(child.pid), server_cpu(child.pid)
            counts = services.run(sync=False, **options)
            took, served = time.perf_counter() - started, server_cpu(child.pid) - served
            now_own, now_extra = cpu(child.pid)
            own, extra = now_own - own, now_extra - extra
            print(f"{label:72} {documents / took * 60:8.0f} docs/min  ({took:.1f} s, {counts}; CPU per document "
                  f"{(own + extra) * 1000 / documents:.1f} ms: {own * 1000 / documents:.1f} in the watcher's process, "
                  f"{extra * 1000 / documents:.1f} in its extraction processes; the servers {served * 1000 / documents:.1f} ms)")

        for round_ in range(rounds):  # taking turns, so a change in the machine's load hits both alike
            if round_:
                reset()
            watch("before: first run, threads only", processes=0)
            reset()
            watch("watcher, first run", processes=forced)
        etags = {urls[index]: f'"v{index}"' for index in range(documents)}
        base_304 = baseline(urls, etags)
        print(f"{'baseline: conditional GET, 304':72} {documents / base_304 * 60:8.0f} docs/min  ({base_304:.1f} s)")
        watch("watcher, unchanged run")
        stored = sum(len(bytes(s.data)) for s in Snapshot.objects.all())
        print(f"stored: {Version.objects.count()} versions, {Snapshot.objects.count()} snapshots, "
              f"{stored / 1024 / 1024:.1f} MB compressed of {sum(sizes) / 1024 / 1024:.1f} MB fetched")
        print(f"trafilatura read the {documents // 10} documents whose declared selector finds nothing; lxml the rest; "
              f"load average at the end {os.getloadavg()[0]:.1f}, this benchmark's own work included (other work on the "
              f"machine slows every figure)")
        print("targets: first run >= 3,000 docs/min; unchanged run >= 20,000 docs/min")
    finally:
        stop.send(True)
        child.join()


if __name__ == "__main__":
    main()
