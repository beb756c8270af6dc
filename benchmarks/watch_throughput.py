"""Watcher throughput: 1,000 documents served from loopback, first run and an unchanged second run.

Prints documents per minute for each run (target: ≥ 1,000/min on the first run on a 2-core
machine) and how many extractions the second run did (target: none, thanks to conditional GET).
Run: .venv/bin/python benchmarks/watch_throughput.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ["OPTOUT_DATA_DIR"] = tempfile.mkdtemp(prefix="optout-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["OPTOUT_ALLOW_PRIVATE_FETCH"] = "1"
os.environ["OPTOUT_WATCH_HOST_DELAY"] = "0"
os.environ["DJANGO_SETTINGS_MODULE"] = "optout.settings"
sys.path.insert(0, str(HERE.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from optout.watch import extract, services  # noqa: E402
from optout.watch.models import WatchedDocument  # noqa: E402
from tests.fixtures.httpserver import FixtureServer  # noqa: E402

DOCUMENTS = 1000
PARAGRAPH = ("We collect information about how you use our services, such as the content you post, the people you "
             "follow and the features you use, and we use it to provide, personalise and improve those services. ")


def page(index: int) -> bytes:
    sections = "".join(f"<h2>Section {s}</h2>" + f"<p>{PARAGRAPH * 3} Document {index}, section {s}.</p>" * 4
                       for s in range(8))
    return (f"<html><head><title>Policy {index}</title><script>var x={index};</script></head><body><nav>"
            f"<a href='/'>Home</a></nav><main><h1>Privacy Policy {index}</h1>{sections}</main>"
            f"<footer>© 2026</footer></body></html>").encode()


def main() -> None:
    call_command("migrate", verbosity=0)
    server = FixtureServer()
    WatchedDocument.objects.bulk_create(
        WatchedDocument(platform=f"bench{index % 50}", doc_id=f"doc-{index}", title=f"Bench: Doc {index}",
                        type="privacy-policy", url=server.url(f"/doc/{index}"))
        for index in range(DOCUMENTS)
    )
    for index in range(DOCUMENTS):
        server.route(f"/doc/{index}", page(index), etag=f'"v{index}"')
    size = len(page(0))
    calls = {"n": 0}
    original = extract.html_to_markdown

    def counting(*args, **kwargs):
        calls["n"] += 1
        return original(*args, **kwargs)

    services.text_stage.__globals__["to_markdown"].__globals__["html_to_markdown"] = counting
    for label in ("first run", "second run (unchanged)"):
        calls["n"] = 0
        started = time.perf_counter()
        counts = services.run(sync=False)
        seconds = time.perf_counter() - started
        print(f"{label:24} {DOCUMENTS / seconds * 60:8.0f} docs/min  ({seconds:.1f} s, {calls['n']} extractions, {counts})")
    print(f"document size {size / 1024:.0f} KB; target: first run >= 1000 docs/min, second run 0 extractions")
    server.close()


if __name__ == "__main__":
    main()
