"""Comparing two versions of a large policy: time against document size (50–800 KB).

The documents are built from real policy paragraphs (the excerpts of the AI-relevance corpus,
benchmarks/corpus/ai_relevance/cases.jsonl), repeated with a part number when a size needs more
text than the corpus holds. Three kinds of change at each size:
- one sentence: one AI-training sentence added in the middle;
- scattered: one word changed in 2 % of the paragraphs, and 1 % of paragraphs moved;
- rewrite: one word changed in every paragraph (every sentence must be paired with its rewrite);
- hostile: a quarter of the size added as one paragraph without a full stop, of "labels" after "Our AI" and of
  links left open ("[a](x" without ")"), which a broken page can hold (patterns that read such a line once per
  word took 101 s at 112 KB).
Each line prints the wall-clock and CPU time of `optout watch compare`'s work (normalise + classify), of the diff
shown on the version page, and of GNU diff on the same two files (the baseline, run in the same
loop), plus the CPU time per 100 KB so near-linear growth is visible. Target: under 1 s at 400 KB.
Run: .venv/bin/python benchmarks/watch_compare.py [--sizes 50,100,200,400,800]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from optout.watch.classify import classify  # noqa: E402
from optout.watch.diff import diff, inline_html  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402

CORPUS = HERE / "corpus" / "ai_relevance" / "cases.jsonl"
AI_SENTENCE = "From 27 May we use your public posts and photos to train our generative AI models."


def real_paragraphs() -> list[str]:
    seen: dict[str, None] = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        for text in (case["old"], case["new"]):
            for paragraph in text.split("\n\n"):
                if len(paragraph.strip()) > 40:
                    seen.setdefault(paragraph.strip())
    return list(seen)


def document(paragraphs: list[str], size: int) -> list[str]:
    out, total, part = [], 0, 0
    while total < size:
        for paragraph in paragraphs:
            text = paragraph if part == 0 else f"Part {part}. {paragraph}"
            out.append(text)
            total += len(text.encode()) + 2
            if total >= size:
                break
        part += 1
    return out


def change_one_word(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split(" ")
    index = rng.randrange(len(words))
    words[index] = "changed" if words[index] != "changed" else "altered"
    return " ".join(words)


def edited(old: list[str], kind: str, rng: random.Random) -> list[str]:
    new = list(old)
    if kind == "one sentence":
        new.insert(len(new) // 2, AI_SENTENCE)
    elif kind == "scattered":
        for index in rng.sample(range(len(new)), max(1, len(new) // 50)):
            new[index] = change_one_word(new[index], rng)
        for _ in range(max(1, len(new) // 100)):
            new.insert(rng.randrange(len(new)), new.pop(rng.randrange(len(new))))
    elif kind == "rewrite":
        new = [change_one_word(p, rng) for p in new]
    else:
        size = sum(len(p) for p in old) // 8
        new.insert(len(new) // 2, "Our AI " + "labels " * (size // 7) + "[a](x " * (size // 6))
    return new


def gnu_diff(old: Path, new: Path) -> None:
    subprocess.run(["diff", str(old), str(new)], capture_output=True, check=False)  # noqa: S603, S607


def compare(old: str, new: str):
    """What `optout watch compare` does once the files are read."""
    return classify(normalise(old), normalise(new))


def page_diff(old: str, new: str) -> list[str]:
    """What the version page computes: the paragraph diff, then word marks in each changed paragraph."""
    return [inline_html(c.old, c.new) for c in diff(old, new) if c.kind != "equal"]


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def cpu_timed(function, *args) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the figure that does not depend on others."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - started, time.process_time() - cpu, result


def main() -> None:
    sizes = [50, 100, 200, 400, 800]
    if "--sizes" in sys.argv:
        sizes = [int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    paragraphs = real_paragraphs()
    print(f"cores {os.cpu_count()}; {len(paragraphs)} distinct real paragraphs "
          f"({sum(len(p) for p in paragraphs) // 1024} KB) from {CORPUS.relative_to(HERE.parent)}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'size':>7} {'change':13} {'compare':>9} {'CPU':>7} {'CPU/100KB':>10} {'page diff':>10} {'GNU diff':>9}  verdict")
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("one sentence", "scattered", "rewrite", "hostile"):
            for size in sizes:
                rng = random.Random(size)
                old = document(paragraphs, size * 1024)
                new = edited(old, kind, rng)
                old_text, new_text = "\n\n".join(old) + "\n", "\n\n".join(new) + "\n"
                old_path, new_path = Path(folder, "old.md"), Path(folder, "new.md")
                old_path.write_text(old_text, encoding="utf-8")
                new_path.write_text(new_text, encoding="utf-8")
                gnu, _ = timed(gnu_diff, old_path, new_path)
                seconds, cpu, result = cpu_timed(compare, old_text, new_text)
                page, _ = timed(page_diff, old_text, new_text)
                kb = len(new_text.encode()) / 1024
                verdict = "AI-relevant" if result.ai_relevant else "not about AI"
                print(f"{kb:6.0f}K {kind:13} {seconds:8.3f}s {cpu:6.3f}s {cpu / kb * 100:9.3f}s {page:9.3f}s "
                      f"{gnu * 1000:7.1f}ms  {verdict}", flush=True)
    print("target: compare under 1 s at 400 KB, time per 100 KB roughly flat as size grows")


if __name__ == "__main__":
    main()
