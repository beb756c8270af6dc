"""Precision and recall of the AI-relevance judgement on changes it was never tuned on.

The corpus (benchmarks/corpus/ai_relevance/pairs.csv) lists 423 pairs of consecutive versions of
real documents from Open Terms Archive, each labelled by reading the change: does it change how
people's data is used to train or power AI? The pairs are split BY SERVICE: the development set
holds the services the rules were written against and the model is trained on (those of the older
excerpt corpus, cases.jsonl, and their sister services), the held-out set only services neither
has seen. The held-out figure is the honest one; the development figure is in-sample (the model
was trained on it), so the cross-validated development figure (grouped by service, stored in the
model file by train.py) is printed beside it. The whole documents are compared, as the watcher does.

The texts are not in git; rebuild them once from clones of the archive (see rebuild.py).
Run: .venv/bin/python benchmarks/ai_relevance.py [--split held-out|held-out-2|dev|all] [--errors]
(--errors lists the wrongly judged pairs; use it on the development split only.) `all` scores every
split in the file except the fresh held-out-2, which is scored only when named, once, deliberately.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from optout.watch.classify import FEATURES, classify  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402
from optout.watch.relevance import MODEL_FILE, load  # noqa: E402

FOLDER = HERE / "corpus" / "ai_relevance"
EXCERPTS = FOLDER / "cases.jsonl"


def scores(cases: list[tuple[bool, bool]]) -> tuple[int, int, int, float, float]:
    tp = sum(truth and guess for truth, guess in cases)
    fp = sum(guess and not truth for truth, guess in cases)
    fn = sum(truth and not guess for truth, guess in cases)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return tp, fp, fn, precision, recall


def pairs(split: str, show_errors: bool) -> None:
    sys.path.insert(0, str(FOLDER))
    from rebuild import PAIRS, TEXTS, key

    if not TEXTS.exists():
        raise SystemExit(f"{TEXTS.name} is missing: run benchmarks/corpus/ai_relevance/rebuild.py CLONES first.")
    texts = {}
    with gzip.open(TEXTS, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            texts[item["key"]] = (item["old"], item["new"])
    rows = [row for row in csv.DictReader(PAIRS.open(encoding="utf-8"))
            if split == row["split"] or (split == "all" and row["split"] != "held-out-2")]
    for name in dict.fromkeys(row["split"] for row in rows):
        chosen = [row for row in rows if row["split"] == name]
        if not chosen:
            continue
        results, wrong, started = [], Counter(), time.perf_counter()
        for row in chosen:
            old, new = texts[key(row)]
            result = classify(normalise(old), normalise(new))
            truth = row["label"] == "ai"
            results.append((truth, result.ai_relevant))
            if truth != result.ai_relevant:
                wrong[row["category"]] += 1
                if show_errors:
                    print(f"- {row['document']} {row['date']}: labelled {row['label']} ({row['reason']}), "
                          f"judged {'ai' if result.ai_relevant else 'not-ai'} (score {result.score:.2f})")
                    for reason in result.reasons[:2]:
                        print(f"    {reason.kind}: {reason.text[:160]}")
        seconds = time.perf_counter() - started
        tp, fp, fn, precision, recall = scores(results)
        services = len({row["service"] for row in chosen})
        print(f"{name:9} {len(chosen)} pairs from {services} services: {tp + fn} AI-relevant, {len(chosen) - tp - fn} not "
              f"({seconds * 1000 / len(chosen):.0f} ms per pair of whole documents)")
        print(f"{'':9} precision {precision:.3f}  recall {recall:.3f}   ({tp} found, {fp} false alarms, {fn} missed)")
        if wrong:
            print(f"{'':9} wrong by category: " + ", ".join(f"{c} {n}" for c, n in sorted(wrong.items())))


def excerpts() -> None:
    cases = [json.loads(line) for line in EXCERPTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [(bool(c["ai_relevant"]), classify(normalise(c["old"]), normalise(c["new"])).ai_relevant) for c in cases]
    tp, fp, fn, precision, recall = scores(results)
    print(f"excerpts  {len(cases)} hand-cut excerpts the rules were tuned on (cases.jsonl): "
          f"precision {precision:.3f}  recall {recall:.3f}  (training data of the model: not evidence of anything new)")


def main() -> None:
    split = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else "all"
    print(f"cores {os.cpu_count()}; target: held-out precision and recall >= 0.95")
    model, stored = load(MODEL_FILE, FEATURES), json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    cv = stored["cross_validated"]
    print(f"model {MODEL_FILE.name} version {model.version}, {len(FEATURES)} features, threshold {model.threshold}; "
          f"trained on the {stored['trained_on']}")
    print(f"          cross-validated by service on the development pairs: precision {cv['pairs_precision']:.3f}  "
          f"recall {cv['pairs_recall']:.3f}")
    pairs(split, "--errors" in sys.argv)
    if split in ("all", "dev"):
        excerpts()


if __name__ == "__main__":
    main()
