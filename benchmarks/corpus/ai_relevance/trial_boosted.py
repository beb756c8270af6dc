"""A trial, not part of optout: does a NON-LINEAR judgement of the whole change beat the shipped linear one?

The shipped model (train.py) scores each changed AI sentence linearly and calls a change AI-relevant when its best
sentence scores high enough. Here gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, classes
balanced) judge each change from what the linear model cannot combine: which facts any of its sentences has, the
facts of its best sentence, its best and second-best linear margins, how many sentences it has and how many score
near the threshold, how many were added, removed or reworded, and their mean margin. The linear margins are
out-of-fold (each from the shipped method, penalty 0.03, trained without the example's fold), and the trees are
trained and scored on the same five folds grouped by service family, training splits and excerpts only; the
figures are on the training pairs. A change with no AI sentence scores 0 and is a miss, as in train.py.

(The trees of a fold see linear margins of the other folds' examples that came from models which had seen that
fold: a small leak in the trees' favour.)

Figures (trial_curves.line, as trial_finetune.py prints them): the best precision among thresholds (every distinct
positive score) whose recall reaches 0.95, 0.93 and 0.90, and the best F2, for the linear scores alone and for four
settings of the trees.

Needs what optout does not install:

    python3 -m venv /tmp/gb && /tmp/gb/bin/pip install scikit-learn numpy
    /tmp/gb/bin/python benchmarks/corpus/ai_relevance/trial_boosted.py        (about 2.5 minutes)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))

import train  # noqa: E402
from trial_curves import RECALLS, line  # noqa: E402

from optout.watch.classify import FEATURES  # noqa: E402

STRENGTH = 0.03  # the shipped model's penalty
SETTINGS = (
    {"max_iter": 100, "learning_rate": 0.05, "max_leaf_nodes": 8, "min_samples_leaf": 20},
    {"max_iter": 200, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 10},
    {"max_iter": 300, "learning_rate": 0.03, "max_depth": 3, "min_samples_leaf": 15, "l2_regularization": 1.0},
    {"max_iter": 150, "learning_rate": 0.05, "max_depth": 2, "min_samples_leaf": 20},
)
SHORT = {"max_iter": "n", "learning_rate": "rate", "max_leaf_nodes": "leaves", "max_depth": "depth",
         "min_samples_leaf": "min", "l2_regularization": "l2"}  # within line()'s 48-character name column
NONE = -20.0  # the margin of a sentence that is not there


def out_of_fold_margins(data: list[dict], fold_of: dict[str, int]) -> list[list[float]]:
    margins: list[list[float]] = [[] for _ in data]
    for fold in range(train.FOLDS):
        weights, bias = train.fit([e for e in data if fold_of[e["group"]] != fold], STRENGTH)
        for n, example in enumerate(data):
            if fold_of[example["group"]] == fold:
                margins[n] = [bias + sum(weights[i] for i in active) for active in example["bag"]]
    return margins


def describe(example: dict, margins: list[float]) -> np.ndarray:
    size = len(FEATURES)
    row = np.zeros(2 * size + 8)
    if not example["bag"]:
        row[2 * size] = row[2 * size + 1] = NONE
        return row
    ranked = sorted(range(len(margins)), key=lambda n: -margins[n])
    for active in example["bag"]:
        row[list(active)] = 1
    row[[size + i for i in example["bag"][ranked[0]]]] = 1
    row[2 * size] = margins[ranked[0]]
    row[2 * size + 1] = margins[ranked[1]] if len(ranked) > 1 else NONE
    row[2 * size + 2] = len(margins)
    row[2 * size + 3] = sum(m > -1.5 for m in margins)  # near the shipped threshold (0.19 is a margin of -1.45)
    for offset, kind in enumerate(("added", "removed", "changed")):
        index = FEATURES.index(f"kind:{kind}")
        row[2 * size + 4 + offset] = sum(index in active for active in example["bag"])
    row[2 * size + 7] = sum(margins) / len(margins)
    return row


def main() -> None:
    data = train.examples()
    fold_of = train.folds(data)
    margins = out_of_fold_margins(data, fold_of)
    rows = np.array([describe(e, m) for e, m in zip(data, margins, strict=True)])
    labels = np.array([e["label"] for e in data], dtype=bool)
    folds = np.array([fold_of[e["group"]] for e in data])
    pairs = np.array([e["source"] == "pair" for e in data])
    empty = np.array([not e["bag"] for e in data])
    print(f"{pairs.sum()} training pairs ({labels[pairs].sum()} AI-relevant) and {(~pairs).sum()} excerpts")
    print(f"{'model':48} | " + " | ".join(f"precision at recall >= {r:.2f}".ljust(25) for r in RECALLS) + " | best F2")
    linear = 1 / (1 + np.exp(-rows[:, 2 * len(FEATURES)]))  # the best sentence's probability, as train.py scores
    print(line("linear (the shipped method)", labels[pairs], linear[pairs]), flush=True)
    for setting in SETTINGS:
        scores = np.zeros(len(data))
        for fold in range(train.FOLDS):
            inside = folds != fold
            trees = HistGradientBoostingClassifier(random_state=0, class_weight="balanced", **setting)
            scores[~inside] = trees.fit(rows[inside], labels[inside]).predict_proba(rows[~inside])[:, 1]
        scores[empty] = 0.0
        name = "trees " + ", ".join(f"{SHORT[key]} {value}" for key, value in setting.items())
        print(line(name, labels[pairs], scores[pairs]), flush=True)


if __name__ == "__main__":
    main()
