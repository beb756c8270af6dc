"""How long other people's writes wait while someone imports a 2,000-step plan (issue 12, finding 4).

Before, the import wrote row by row inside one transaction and held SQLite's write lock for 40–50 s.
A second process plays "another person" (a process, not a thread, so the import's CPU work cannot
delay it through the GIL): it saves a small change every 20 ms and records how long each save took.
Baseline: the same writer, in the same run, with no import going on.

Run: .venv/bin/python benchmarks/import_write_lock.py [--steps 2000]
(SQLite in a temporary folder, or the database in DATABASE_URL.)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _writer(stop, results, owner_id: int) -> None:
    """In its own process: save every 20 ms until told to stop; send back how long each save took."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optout.settings")
    from optout.lib.djangosetup import setup

    setup()
    from django.db import transaction

    from optout.accounts.models import Profile

    waits, flip = [], 0
    results.put("ready")
    while not stop.is_set():
        flip = 1 - flip
        started = time.perf_counter()
        with transaction.atomic():
            Profile.objects.filter(owner_id=owner_id).update(recheck_days=90 + flip)
        waits.append(time.perf_counter() - started)
        time.sleep(0.02)
    results.put(waits)


def _measure(seconds: float | None, work, owner_id: int) -> tuple[list[float], float]:
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    process = context.Process(target=_writer, args=(stop, results, owner_id))
    process.start()
    assert results.get(timeout=120) == "ready"
    time.sleep(0.5)
    started = time.perf_counter()
    if work is None:
        time.sleep(seconds)
    else:
        work()
    elapsed = time.perf_counter() - started
    stop.set()
    waits = results.get(timeout=120)
    process.join()
    return waits, elapsed


def _document(steps: int) -> bytes:
    from conftest import make_plan, make_user
    from optout.plans import services

    source = make_user("source@example.org")
    actions = make_plan(source, "EU", ["instagram", "linkedin"])
    services.set_status(actions[0], "done")
    document, _files = services.export_document(source)
    template = document["actions"][0]
    template["events"] = (template["events"] * 3)[:3]
    document["actions"] = [dict(template, number=n, position=n) for n in range(1, steps + 1)]
    return json.dumps(document).encode()


def _summary(waits: list[float]) -> str:
    ordered = sorted(waits)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return f"{len(waits)} saves, median {statistics.median(waits) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {max(waits) * 1000:.1f} ms"


def main(steps: int) -> None:
    os.environ.setdefault("OPTOUT_DATA_DIR", tempfile.mkdtemp(prefix="optout-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optout.settings")
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from django.db import connection

    from conftest import make_user
    from optout.accounts.services import profile_for
    from optout.plans import services

    neighbour = make_user("neighbour@example.org")
    profile_for(neighbour)
    importer = make_user("importer@example.org")
    raw = _document(steps)
    print(f"cores: {os.cpu_count()}; database: {connection.vendor}; import: {steps} steps, {3 * steps} events, "
          f"{len(raw) / 1024 / 1024:.1f} MB of JSON")
    baseline, _ = _measure(3.0, None, neighbour.id)
    print(f"baseline (no import):  {_summary(baseline)}")
    during, elapsed = _measure(None, lambda: services.import_plan(importer, raw), neighbour.id)
    print(f"during the import:     {_summary(during)}")
    print(f"import took {elapsed:.1f} s; the longest wait for another person's save was "
          f"{max(during) * 1000:.0f} ms ({max(during) / max(baseline):.1f}× the baseline's longest)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    main(parser.parse_args().steps)
