"""How fast does `optout --help` start, next to bare Python? Target: ≤ 0.25 s and ≤ 3× `python -c pass`.

Runs both side by side, alternating, and prints the medians and the ratio. It measures; it never fails.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 30
OPTOUT = str(Path(sys.executable).parent / "optout")
CASES = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "optout --help": [OPTOUT, "--help"],
    "optout catalog --help": [OPTOUT, "catalog", "--help"],
}


def once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    timings: dict[str, list[float]] = {name: [] for name in CASES}
    for command in CASES.values():  # warm the file cache
        once(command)
    for _ in range(RUNS):
        for name, command in CASES.items():
            timings[name].append(once(command))
    baseline = statistics.median(timings["python -c pass (baseline)"])
    print(f"{os.cpu_count()} cores, {RUNS} interleaved runs per command")
    print(f"{'command':<28} {'median':>9} {'min':>9} {'× baseline':>11}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<28} {median * 1000:>7.1f}ms {min(values) * 1000:>7.1f}ms {median / baseline:>10.2f}×")
    help_median = statistics.median(timings["optout --help"])
    verdict = "meets" if help_median <= 0.25 and help_median <= 3 * baseline else "MISSES"
    print(f"\n`optout --help` {verdict} the target (≤ 250 ms and ≤ 3× bare Python): "
          f"{help_median * 1000:.1f} ms, {help_median / baseline:.2f}×")


if __name__ == "__main__":
    main()
