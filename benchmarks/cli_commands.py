"""How fast do the CLI's data commands answer, next to bare Python and to WeasyPrint alone?

Targets (issue 17), as ratios of medians measured in this run, commands interleaved:
  optout catalog list --json, optout catalog show instagram --json   ≤ 4× `python -c pass`
  optout catalog --help                                                ≤ 3× `python -c pass`
  optout letter new … --out x.pdf                                      ≤ 1.3× WeasyPrint alone on the same HTML
It also runs a trivial two-command Typer app: no optout command can be faster than that floor.
The commands run against a fresh data folder (OPTOUT_DATA_DIR), with optout's modules compiled to bytecode as
an installation has them (PYTHONDONTWRITEBYTECODE is dropped for the runs), and a warm cache: the compiled data
and the answers kept by the output cache, as on the second and later runs on a person's machine. The first
run after an update, with no kept answer, is measured too (its answers removed before every run).
It prints figures; it never fails.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
BIN = Path(sys.executable).parent
OPTOUT = str(BIN / "optout")
LETTER_ARGS = ["letter", "new", "--platform", "instagram", "--type", "objection", "--lang", "de",
               "--name", "Ana Beispiel", "--address", "Musterstraße 1;10115 Berlin", "--email", "ana@example.org",
               "--reason", "Meine Illustrationen sind mein Einkommen."]

WEASYPRINT_ALONE = """
import sys
from weasyprint import HTML
HTML(string=open(sys.argv[1], encoding="utf-8").read()).write_pdf(sys.argv[2])
"""

# The floor of any Typer command: Typer 0.29 builds its parameter parsing with pydantic at run time.
TRIVIAL_TYPER = """
import typer
app = typer.Typer()
@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json")):
    print("[]")
@app.command()
def other():
    pass
app()
"""

LETTER_HTML = """
import sys
from optout.lib.djangosetup import setup
setup()
from optout.letters import services
from optout.letters.models import LetterRequest
from optout.letters.outputs import pdf
letter = LetterRequest.objects.order_by("-id").first()
open(sys.argv[1], "w", encoding="utf-8").write(pdf.to_html(services.letter_for(letter)))
"""


def once(command: list[str], env: dict, forget: Path | None = None) -> float:
    if forget is not None:
        for kept in forget.glob("out-*.txt"):
            kept.unlink()
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="optout-bench-cli-"))
    env = {**os.environ, "OPTOUT_DATA_DIR": str(work / "data"), "OPTOUT_CACHE_DIR": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parent.parent / "optout")],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([OPTOUT, "manage", "migrate", "-v0"], env=env, check=True)
    subprocess.run([OPTOUT, "manage", "shell", "-c",
                    "from optout.accounts.services import profile_for; from django.contrib.auth.models import User;"
                    "u = User.objects.create_user('ana'); p = profile_for(u); p.region = 'EU'; p.country = 'DE'; p.save()"],
                   env=env, check=True)
    pdf_out = work / "letter.pdf"
    subprocess.run([OPTOUT, *LETTER_ARGS, "--out", str(pdf_out)], env=env, check=True, stdout=subprocess.DEVNULL)
    html = work / "letter.html"
    subprocess.run([sys.executable, "-c", LETTER_HTML, str(html)], env=env, check=True)
    cases = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "trivial Typer app list --json (floor)": [sys.executable, "-c", TRIVIAL_TYPER, "list", "--json"],
        "optout --help": [OPTOUT, "--help"],
        "optout catalog --help": [OPTOUT, "catalog", "--help"],
        "optout catalog list --json": [OPTOUT, "catalog", "list", "--json"],
        "optout catalog show instagram --json": [OPTOUT, "catalog", "show", "instagram", "--json"],
        "catalog list --json, no kept answer": [OPTOUT, "catalog", "list", "--json"],
        "catalog show instagram --json, no kept": [OPTOUT, "catalog", "show", "instagram", "--json"],
        "WeasyPrint alone, same HTML (baseline)": [sys.executable, "-c", WEASYPRINT_ALONE, str(html), str(work / "w.pdf")],
        "optout letter new --out x.pdf": [OPTOUT, *LETTER_ARGS, "--out", str(pdf_out)],
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    # The first runs after an update use a cache folder of their own, whose kept answers are removed before
    # every run (its compiled data stays, as an update that leaves the data alone keeps it).
    first_env = {**env, "OPTOUT_CACHE_DIR": str(work / "cache-first")}
    for name, command in cases.items():  # warm the file cache and the compiled-data cache
        once(command, first_env if "no kept" in name else env)
    for _ in range(RUNS):
        for name, command in cases.items():
            if "no kept" in name:
                timings[name].append(once(command, first_env, work / "cache-first"))
            else:
                timings[name].append(once(command, env))
    python = statistics.median(timings["python -c pass (baseline)"])
    floor = statistics.median(timings["trivial Typer app list --json (floor)"])
    weasy = statistics.median(timings["WeasyPrint alone, same HTML (baseline)"])
    print(f"{os.cpu_count()} cores, {RUNS} interleaved runs per command, HTML letter {html.stat().st_size} bytes, "
          f"PDF {pdf_out.stat().st_size} bytes")
    print(f"{'command':<40} {'median':>9} {'min':>9} {'× python':>9} {'× weasy':>8}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<40} {median * 1000:>7.1f}ms {min(values) * 1000:>7.1f}ms {median / python:>8.2f}× "
              f"{median / weasy:>7.2f}×")
    targets = [("optout catalog list --json", python, 4), ("optout catalog show instagram --json", python, 4),
               ("optout catalog --help", python, 3), ("optout letter new --out x.pdf", weasy, 1.3)]
    print()
    for name, base, limit in targets:
        ratio = statistics.median(timings[name]) / base
        print(f"{'meets' if ratio <= limit else 'MISSES'} target ≤ {limit}×: {name} at {ratio:.2f}×")
    print(f"\nA trivial Typer command costs {floor / python:.2f}× bare Python here; with no kept answer (the first "
          f"run after an update) the catalog commands cost "
          f"{statistics.median(timings['catalog list --json, no kept answer']) / floor:.2f}× and "
          f"{statistics.median(timings['catalog show instagram --json, no kept']) / floor:.2f}× that floor.")


if __name__ == "__main__":
    main()
