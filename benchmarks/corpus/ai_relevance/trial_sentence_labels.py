"""A trial, not part of optout: does the model judge better when it is told WHICH sentence carries the change?

The shipped model (train.py) learns from whole changes: a change labelled AI-relevant only says that one of its
changed AI sentences is relevant, and the training lets the highest-scoring one stand for it (multiple-instance
learning). `sentence_labels.csv` says which: for the 268 AI-relevant training changes with two or more such
sentences (2,979 sentences), a developer marked those that carry the AI-relevant change (1,142), guided by
the change's one-line reason; for 4 changes none does. Sentences are named by a hash of their kind and
compared text (`sentence_id`), not copied. This script compares, under train.py's cross-validation (5 folds
by service family, training splits only; scores of the pairs only):

- `whole changes`: train.py's method, for reference;
- `marked sentences`: an AI-relevant change is represented by its marked sentences only (the best of them),
  and every unmarked sentence of it is a negative example of its own, as are the changes not about AI;
- the same with word features (words of the sentence and of a reworded sentence's edit, in at least 5 changes,
  3 times the penalty).

The result (2026-12-01, recorded in README.md): no variant is outside the spread between penalties of the
shipped method, so optout does not ship it.

Needs numpy, which optout does not install:  .venv/bin/pip install numpy
Run: .venv/bin/python benchmarks/corpus/ai_relevance/trial_sentence_labels.py
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))

import train  # noqa: E402
from rebuild import key, read_texts  # noqa: E402

from optout.watch.classify import changes, comparison_key  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402

LABELS = HERE / "sentence_labels.csv"
WORD = re.compile(r"[a-z][a-z'-]+")
LINK = re.compile(r"\]\([^)]*\)|https?://\S+")


def sentence_id(change) -> str:
    return hashlib.sha1(f"{change.kind}\n{comparison_key(change.old)}\n{comparison_key(change.text)}".encode()).hexdigest()[:16]


def candidates() -> list[dict]:
    """Every training change with its distinct changed AI sentences, as train.py sees them."""
    rows = [row for row in csv.DictReader(train.PAIRS.open(encoding="utf-8")) if row["split"] in train.TRAINING_SPLITS]
    texts = read_texts(rows, train.TEXTS)
    changes_ = [((row["document"], row["new_commit"]), row["service"], row["label"] == "ai", "pair", *texts[key(row)]) for row in rows]
    for line in train.EXCERPTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            changes_.append((("", case["id"]), case["path"].split("/")[0], bool(case["ai_relevant"]), "excerpt", case["old"], case["new"]))
    out = []
    for ident, service, label, source, old, new in changes_:
        _changed, meaningful, found = changes(normalise(old), normalise(new))
        distinct = {}
        for change in found if meaningful else []:
            distinct.setdefault((change.kind, change.text), change)
        out.append({"id": ident, "group": train.group(service), "label": label, "source": source,
                    "sentences": list(distinct.values())})
    return out


def words(change) -> set[str]:
    new = set(WORD.findall(LINK.sub(" ", change.text.lower())))
    if change.kind != "changed":
        return new
    old = set(WORD.findall(LINK.sub(" ", change.old.lower())))
    return new | {f"+{w}" for w in new - old} | {f"-{w}" for w in old - new}


def design(data, describe):
    names, rows, owner, marked = {}, [], [], []
    for n, example in enumerate(data):
        for change, relevant in example["marked"]:
            rows.append([names.setdefault(f, len(names)) for f in sorted(set(describe(change)))])
            owner.append(n)
            marked.append(relevant)
    matrix = np.zeros((len(rows), len(names)))
    for r, columns in enumerate(rows):
        matrix[r, columns] = 1.0
    return list(names), matrix, np.array(owner), np.array(marked)


def best_of(rows, owner, scores):
    """The highest score of each example's rows (and which row it is)."""
    groups, inverse = np.unique(owner[rows], return_inverse=True)
    best = np.full(len(groups), -np.inf)
    np.maximum.at(best, inverse, scores[rows])
    hits = np.nonzero(scores[rows] == best[inverse])[0]
    _, first = np.unique(inverse[hits], return_index=True)
    return best, rows[hits[first]]


def fit(matrix, owner, marked, labels, use, strength, by_sentence, penalty):
    """Adam on train.py's loss (multiple-instance logistic, classes balanced, L2); with by_sentence, an AI-relevant
    change's bag is its marked sentences and each unmarked one is a negative example of its own."""
    size = matrix.shape[1]
    weights, bias = np.zeros(size), 0.0
    m, v = np.zeros(size + 1), np.zeros(size + 1)
    in_use = use[owner]
    positive = np.nonzero(in_use & labels[owner] & (marked if by_sentence else True))[0]
    negative = np.nonzero(in_use & ~labels[owner])[0]
    alone = np.nonzero(in_use & labels[owner] & ~marked)[0] if by_sentence else np.array([], dtype=int)
    negatives = len(np.unique(owner[negative])) + len(alone)
    for step in range(1, train.STEPS + 1):
        scores = matrix @ weights + bias
        grad = np.zeros(size + 1)
        for rows, target, count in ((positive, 1, None), (negative, 0, negatives)):
            best, where = best_of(rows, owner, scores)
            g = (1 / (1 + np.exp(-np.clip(best, -40, 40))) - target) / (count or len(best)) / 2
            grad[:size] += matrix[where].T @ g
            grad[size] += g.sum()
        if len(alone):
            g = 1 / (1 + np.exp(-np.clip(scores[alone], -40, 40))) / negatives / 2
            grad[:size] += matrix[alone].T @ g
            grad[size] += g.sum()
        grad[:size] += strength * penalty * weights
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        update = train.RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        weights -= update[:size]
        bias -= update[size]
    return weights, bias


def cross_validate(data, matrix, owner, marked, strength, by_sentence, penalty) -> np.ndarray:
    labels = np.array([e["label"] for e in data])
    fold_of = train.folds(data)
    fold = np.array([fold_of[e["group"]] for e in data])
    out = np.zeros(len(data))
    for f in range(train.FOLDS):
        weights, bias = fit(matrix, owner, marked, labels, fold != f, strength, by_sentence, penalty)
        best = np.full(len(data), -np.inf)
        np.maximum.at(best, owner, matrix @ weights + bias)
        scores = np.where(np.isinf(best), 0.0, 1 / (1 + np.exp(-np.clip(best, -40, 40))))
        out[fold == f] = scores[fold == f]
    return out


def say(name: str, data, scores) -> None:
    pairs = [n for n, e in enumerate(data) if e["source"] == "pair"]
    labels, chosen = [data[n]["label"] for n in pairs], [float(scores[n]) for n in pairs]
    _rank, threshold = train.best_threshold(labels, chosen)
    precision, recall, f2 = train.figures(labels, chosen, threshold)
    at_90 = max((train.figures(labels, chosen, t / 100)[0] for t in range(1, 100)
                 if train.figures(labels, chosen, t / 100)[1] >= 0.90), default=0.0)
    print(f"{name:42} threshold {threshold:.2f}: precision {precision:.3f} recall {recall:.3f} F2 {f2:.3f}; "
          f"best precision at recall >= 0.90: {at_90:.3f}", flush=True)


def main() -> None:
    data = candidates()
    marks = defaultdict(dict)
    for row in csv.DictReader(LABELS.open(encoding="utf-8")):
        marks[(row["document"], row["commit_or_id"])][row["sentence"]] = row["relevant"] == "1"
    for example in data:
        chosen = marks.get(example["id"], {})
        example["marked"] = [(c, chosen.get(sentence_id(c), not chosen)) for c in example["sentences"]]
    labelled = sum(1 for e in data if e["id"] in marks)
    print(f"{len(data)} training changes; {labelled} with marked sentences "
          f"({sum(len(v) for v in marks.values())} sentences, {sum(sum(v.values()) for v in marks.values())} marked)")
    document_frequency = Counter(w for e in data for w in set().union(*(words(c) for c in e["sentences"])))
    vocabulary = {w for w, n in document_frequency.items() if n >= 5}
    for name, describe, by_sentence, word_penalty in (
            ("whole changes, facts (train.py)", lambda c: c.features(), False, None),
            ("marked sentences, facts", lambda c: c.features(), True, None),
            ("marked sentences, facts and words", lambda c: c.features() + [f"w:{w}" for w in words(c) & vocabulary], True, 3.0)):
        names, matrix, owner, marked = design(data, describe)
        penalty = np.array([word_penalty if word_penalty and n.startswith("w:") else 1.0 for n in names])
        for strength in (0.01, 0.03, 0.1):
            say(f"{name}, penalty {strength}", data,
                cross_validate(data, matrix, owner, marked, strength, by_sentence, penalty))


if __name__ == "__main__":
    main()
