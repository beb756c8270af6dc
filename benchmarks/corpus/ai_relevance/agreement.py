"""How far two people labelling the same changes agree: the ceiling any judgement can be measured against.

    .venv/bin/python benchmarks/corpus/ai_relevance/agreement.py [--split held-out-6|…|held-out-13]

second_labels.csv holds a second, independent labelling of every `held-out-4` pair of pairs.csv
(by another developer, from the same written rules, who saw neither the first labels nor any
classifier output). This prints how often the two labellings agree, Cohen's kappa, and the second
labeller's precision and recall when the first labels are taken as the truth, as the benchmark takes
them for optout's judgement, then every pair the two disagree on. Reads only the CSV files.

`--split held-out-6` to `--split held-out-13`: every pair of those splits was labelled twice from the
start (labellings_6.csv to labellings_13.csv: the first and the second labelling; pairs.csv holds the label they agree on, or a third person's where they
did not). The same figures compare the two labellings, then each labelling is judged against pairs.csv.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS, SECOND = HERE / "pairs.csv", HERE / "second_labels.csv"
SPLIT = "held-out-4"
LABELLED_TWICE = {f"held-out-{n}": HERE / f"labellings_{n}.csv" for n in range(6, 14)}


def key(row: dict) -> tuple[str, str, str]:
    return row["repository"], row["document"], row["new_commit"]


def compare(first: list[dict], second: dict) -> dict:
    """Agreement, kappa and the second labelling's precision and recall against the first."""
    truth = [row["label"] == "ai" for row in first]
    other = [second[key(row)]["label"] == "ai" for row in first]
    n = len(truth)
    agree = sum(a == b for a, b in zip(truth, other, strict=True)) / n
    chance = (sum(truth) / n) * (sum(other) / n) + (1 - sum(truth) / n) * (1 - sum(other) / n)
    tp = sum(a and b for a, b in zip(truth, other, strict=True))
    fp = sum(b and not a for a, b in zip(truth, other, strict=True))
    fn = sum(a and not b for a, b in zip(truth, other, strict=True))
    return {"pairs": n, "agree": agree, "kappa": (agree - chance) / (1 - chance), "precision": tp / (tp + fp),
            "recall": tp / (tp + fn), "found": tp, "false_alarms": fp, "missed": fn}


def say(split: str, figures: dict) -> None:
    print(f"{split}: {figures['pairs']} pairs labelled twice; the labellings agree on {figures['agree']:.1%} "
          f"(Cohen's kappa {figures['kappa']:.2f})")


def say_judged(who: str, judged: dict) -> None:
    print(f"{who}: precision {judged['precision']:.3f}  recall {judged['recall']:.3f}  ({judged['found']} found, "
          f"{judged['false_alarms']} false alarms, {judged['missed']} missed)")


def labelled_twice(split: str) -> None:
    final = [row for row in csv.DictReader(PAIRS.open(encoding="utf-8")) if row["split"] == split]
    both = {key(row): row for row in csv.DictReader(LABELLED_TWICE[split].open(encoding="utf-8"))}
    if {key(row) for row in final} != set(both):
        sys.exit(f"{LABELLED_TWICE[split].name} must label exactly the {len(final)} {split} pairs")
    first = [{**row, "label": both[key(row)]["first_label"]} for row in final]
    second = {k: {"label": row["second_label"]} for k, row in both.items()}
    say(split, compare(first, second))
    for who in ("first", "second"):
        say_judged(f"the {who} labelling judged against the labels of pairs.csv",
                   compare(final, {k: {"label": row[f"{who}_label"]} for k, row in both.items()}))
    for row in final:
        pair = both[key(row)]
        if pair["first_label"] != pair["second_label"]:
            print(f"- {row['document']} {row['date']}: first {pair['first_label']}, second {pair['second_label']}; "
                  f"settled {row['label']} ({row['category']}: {row['reason'][:100]})")


def main() -> None:
    asked = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else SPLIT
    if asked in LABELLED_TWICE:
        labelled_twice(asked)
        return
    if asked != SPLIT:
        sys.exit(f"no second labelling of {asked}: choose {', '.join([SPLIT, *LABELLED_TWICE])}")
    first = [row for row in csv.DictReader(PAIRS.open(encoding="utf-8")) if row["split"] == SPLIT]
    second = {key(row): row for row in csv.DictReader(SECOND.open(encoding="utf-8"))}
    missing = [row for row in first if key(row) not in second]
    if missing or len(second) != len(first):
        sys.exit(f"{SECOND.name} must label exactly the {len(first)} {SPLIT} pairs ({len(missing)} missing, "
                 f"{len(second)} rows)")
    figures = compare(first, second)
    say(SPLIT, figures)
    say_judged("the second labelling judged against the first, as optout's judgement is", figures)
    for row in first:
        other = second[key(row)]
        if other["label"] != row["label"]:
            print(f"- {row['document']} {row['date']}: first {row['label']} ({row['category']}: {row['reason'][:100]})"
                  f" / second {other['label']} ({other['category']}: {other['reason'][:100]})")


if __name__ == "__main__":
    main()
