"""The test suite's time against a baseline commit, taking turns so that other load on the machine hits both.

Prepare the baseline once, as a detached worktree with its own virtualenv:

    git worktree add --detach /tmp/optout-base bc3fb8a && make -C /tmp/optout-base venv
    .venv/bin/python benchmarks/suite_time.py --baseline /tmp/optout-base [--rounds 2] [-- PYTEST ARGS]

Each round runs the whole suite (or the given pytest arguments) in the baseline tree, then in this one.
It prints, per run, the wall time, the CPU time of the test processes (user + system, children included)
and the pytest summary line; then the medians and the ratios. CPU time is the steadier figure on a
shared machine; wall time is what a developer waits. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_suite(tree: Path, pytest_args: list[str]) -> tuple[float, float, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "DATABASE_URL")}
    cpu_before, started = _cpu_of_children(), time.perf_counter()
    done = subprocess.run([str(tree / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *pytest_args], cwd=tree, env=env, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - started, _cpu_of_children() - cpu_before
    summary = next((line for line in reversed(done.stdout.splitlines()) if " in " in line), "(no summary)")
    return wall, cpu, summary.strip("= ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="a worktree of the baseline with its own .venv")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("pytest_args", nargs="*", help="after --: arguments for pytest (default: the whole suite)")
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this tree": HERE}
    for name, tree in trees.items():
        if not (tree / ".venv" / "bin" / "python").exists():
            sys.exit(f"{name}: {tree} has no .venv (run: make -C {tree} venv)")
    revisions = {name: subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True,
                                      text=True, check=False).stdout.strip() for name, tree in trees.items()}
    print(f"cores: {os.cpu_count()}; rounds: {args.rounds}; pytest args: {args.pytest_args or '(whole suite)'}")
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for round_number in range(1, args.rounds + 1):
        for name, tree in trees.items():
            load = os.getloadavg()[0]
            wall, cpu, summary = run_suite(tree, args.pytest_args)
            results[name].append((wall, cpu))
            print(f"round {round_number} {name:9} {revisions[name]}: wall {wall:6.0f} s, CPU {cpu:6.0f} s "
                  f"(load {load:.1f} at start) — {summary}")
    base_wall, base_cpu = (statistics.median(x[i] for x in results["baseline"]) for i in (0, 1))
    wall, cpu = (statistics.median(x[i] for x in results["this tree"]) for i in (0, 1))
    print(f"median wall: baseline {base_wall:.0f} s, this tree {wall:.0f} s → {base_wall / wall:.2f}× as fast")
    print(f"median CPU:  baseline {base_cpu:.0f} s, this tree {cpu:.0f} s → {base_cpu / cpu:.2f}× as fast")
    return 0


if __name__ == "__main__":
    sys.exit(main())
