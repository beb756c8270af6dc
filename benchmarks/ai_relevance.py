"""Precision, recall and F1 of the AI-relevance classifier on the labelled development corpus.

The corpus (benchmarks/corpus/ai_relevance/cases.jsonl) holds real changes from Open Terms
Archive's version histories, labelled by hand, including look-alikes that are not about AI.
Target: precision and recall both ≥ 0.95. Run: .venv/bin/python benchmarks/ai_relevance.py [--errors]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from optout.watch.classify import classify  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402

CORPUS = HERE / "corpus" / "ai_relevance" / "cases.jsonl"


def main(show_errors: bool) -> None:
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = Counter()
    by_category = Counter()
    wrong_by_category = Counter()
    started = time.perf_counter()
    for case in cases:
        result = classify(normalise(case["old"]), normalise(case["new"]))
        truth, guess = bool(case["ai_relevant"]), result.ai_relevant
        counts[(truth, guess)] += 1
        by_category[case["category"]] += 1
        if truth != guess:
            wrong_by_category[case["category"]] += 1
            if show_errors:
                print(f"- {case['id']} ({case['category']}): expected {truth}, got {guess} (score {result.score:.2f})")
                for reason in result.reasons[:2]:
                    print(f"    {reason.kind}: {reason.text[:160]}")
    seconds = time.perf_counter() - started
    tp, fp, fn = counts[(True, True)], counts[(False, True)], counts[(True, False)]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"cases {len(cases)}  positives {tp + fn}  negatives {len(cases) - tp - fn}  ({seconds * 1000 / len(cases):.1f} ms per case)")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}   (target: precision and recall >= 0.95)")
    for category, total in sorted(by_category.items()):
        print(f"  {category:16} {total - wrong_by_category[category]:3}/{total} right")


if __name__ == "__main__":
    main("--errors" in sys.argv)
