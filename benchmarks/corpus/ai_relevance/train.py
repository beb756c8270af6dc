"""Train the AI-relevance model (optout/watch/ai_relevance_model.json) on the DEVELOPMENT split only.

Each training example is one change: a pair of consecutive versions from pairs.csv whose split is
`dev`, or one hand-cut excerpt from cases.jsonl (all of whose services are development services).
The change is a bag of the AI sentences that were added, removed or reworded
(optout.watch.classify.changes); each sentence is described by the named yes/no facts of
optout.watch.classify.features. The model is a linear score per sentence; a change is AI-relevant
when its best sentence scores high enough (multiple-instance logistic regression: the loss of a
change is the logistic loss of its highest-scoring sentence). Pure Python, no numpy.

The regularisation strength and the threshold are chosen by cross-validation grouped BY SERVICE
inside the development split (no service is in a training and a validation fold at once). The
held-out split is never read here.

Run: .venv/bin/python benchmarks/corpus/ai_relevance/train.py [--check]
  --check  train again and fail if the shipped file differs from what this script would write
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from optout.watch.classify import FEATURES, changes, features  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402
from optout.watch.relevance import FORMAT, MODEL_FILE  # noqa: E402

MODEL_VERSION = 1  # bump when FEATURES or the training method change
PAIRS, TEXTS, EXCERPTS = HERE / "pairs.csv", HERE / "texts.jsonl.gz", HERE / "cases.jsonl"
FOLDS = 5
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0)  # L2 penalty per example
STEPS, RATE = 400, 0.1


def examples() -> list[dict]:
    """Every development change as {service, label, bag}; bag = distinct feature-index tuples."""
    index = {name: i for i, name in enumerate(FEATURES)}
    rows = [row for row in csv.DictReader(PAIRS.open(encoding="utf-8")) if row["split"] == "dev"]
    # rebuild.py writes each line as {"key": ..., "old": ..., "new": ...}: a held-out line is skipped
    # by its first characters, before its text is parsed.
    wanted = {'{"key": ' + json.dumps(f"{row['repository']}:{row['new_commit']}:{row['document']}", ensure_ascii=False)
              + ", ": row for row in rows}
    if not TEXTS.exists():
        raise SystemExit(f"{TEXTS.name} is missing: run rebuild.py CLONES first.")
    found = []
    with gzip.open(TEXTS, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = wanted.get(line[: line.find(", ") + 2])
            if row is not None:
                item = json.loads(line)
                found.append((row["service"], row["label"] == "ai", item["old"], item["new"], "pair"))
    if len(found) != len(rows):
        raise SystemExit(f"{TEXTS.name} holds {len(found)} of the {len(rows)} development pairs: rebuild it.")
    for line in EXCERPTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            found.append((case["path"].split("/")[0], bool(case["ai_relevant"]), case["old"], case["new"], "excerpt"))
    out = []
    for service, label, old, new, source in found:
        _changed, meaningful, sentences = changes(normalise(old), normalise(new))
        bag = {tuple(sorted(index[f] for f in features(c.kind, c.text, c.old))) for c in sentences} if meaningful else set()
        out.append({"service": service, "label": label, "bag": sorted(bag), "source": source})
    return out


def margin(weights: list[float], bias: float, bag) -> tuple[float, int]:
    best, where = -math.inf, -1
    for n, active in enumerate(bag):
        value = bias + sum(weights[i] for i in active)
        if value > best:
            best, where = value, n
    return best, where


def fit(train: list[dict], strength: float) -> tuple[list[float], float]:
    """Adam on the mean multiple-instance logistic loss plus an L2 penalty (not on the bias)."""
    size = len(FEATURES)
    weights, bias = [0.0] * size, 0.0
    m, v = [0.0] * (size + 1), [0.0] * (size + 1)
    usable = [e for e in train if e["bag"]]
    positives = sum(e["label"] for e in usable)
    balance = {True: len(usable) / (2 * positives), False: len(usable) / (2 * (len(usable) - positives))}
    for step in range(1, STEPS + 1):
        grad = [strength * w for w in weights] + [0.0]
        for example in usable:
            value, where = margin(weights, bias, example["bag"])
            p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, value))))
            g = (p - example["label"]) * balance[example["label"]] / len(usable)
            for i in example["bag"][where]:
                grad[i] += g
            grad[size] += g
        for i in range(size + 1):
            m[i] = 0.9 * m[i] + 0.1 * grad[i]
            v[i] = 0.999 * v[i] + 0.001 * grad[i] ** 2
            update = RATE * (m[i] / (1 - 0.9**step)) / (math.sqrt(v[i] / (1 - 0.999**step)) + 1e-8)
            if i == size:
                bias -= update
            else:
                weights[i] -= update
    return weights, bias


def probability(weights, bias, bag) -> float:
    value, _ = margin(weights, bias, bag)
    return 0.0 if value == -math.inf else 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, value))))


def fold_of(service: str) -> int:
    return zlib.crc32(service.encode()) % FOLDS


def cross_validate(data: list[dict], strength: float) -> list[float]:
    scores = [0.0] * len(data)
    for fold in range(FOLDS):
        weights, bias = fit([e for e in data if fold_of(e["service"]) != fold], strength)
        for n, example in enumerate(data):
            if fold_of(example["service"]) == fold:
                scores[n] = probability(weights, bias, example["bag"])
    return scores


def figures(labels, scores, threshold) -> tuple[float, float, float]:
    tp = sum(s >= threshold and y for y, s in zip(labels, scores, strict=True))
    fp = sum(s >= threshold and not y for y, s in zip(labels, scores, strict=True))
    fn = sum(s < threshold and y for y, s in zip(labels, scores, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def choose(data: list[dict], quiet: bool = False) -> tuple[float, float, dict]:
    """The strength and threshold with the best cross-validated F1 on the development pairs (whole
    documents, as the watcher sees them; the excerpts help train but are not what it meets)."""
    labels = [e["label"] for e in data]
    pairs = [n for n, e in enumerate(data) if e["source"] == "pair"]
    best = None
    for strength in STRENGTHS:
        scores = cross_validate(data, strength)
        for t in range(20, 91, 5):
            threshold = t / 100
            precision, recall, f1 = figures([labels[n] for n in pairs], [scores[n] for n in pairs], threshold)
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, strength, threshold, precision, recall, scores)
        if not quiet:
            for cut in (0.4, 0.5, 0.6, 0.7):
                p, r, f = figures(labels, scores, cut)
                pp, rr, ff = figures([labels[n] for n in pairs], [scores[n] for n in pairs], cut)
                print(f"  strength {strength} at {cut}: all {p:.3f}/{r:.3f} F1 {f:.3f}; pairs {pp:.3f}/{rr:.3f} F1 {ff:.3f}")
    f1, strength, threshold, precision, recall, scores = best
    p_all, r_all, _ = figures(labels, scores, threshold)
    report = {"strength": strength, "threshold": threshold, "pairs_precision": round(precision, 3),
              "pairs_recall": round(recall, 3), "pairs_and_excerpts_precision": round(p_all, 3),
              "pairs_and_excerpts_recall": round(r_all, 3)}
    return strength, threshold, report


def model(quiet: bool = False) -> dict:
    data = examples()
    strength, threshold, report = choose(data, quiet)
    weights, bias = fit(data, strength)
    return {
        "format": FORMAT, "version": MODEL_VERSION,
        "trained_on": f"development split only: {sum(e['source'] == 'pair' for e in data)} pairs of pairs.csv "
                      f"and {sum(e['source'] == 'excerpt' for e in data)} excerpts of cases.jsonl",
        "selection": f"{FOLDS}-fold cross-validation grouped by service within the development split",
        "cross_validated": report,
        "threshold": threshold, "bias": round(bias, 4),
        "features": list(FEATURES), "weights": [round(w, 4) for w in weights],
    }


def main() -> None:
    trained = model()
    text = json.dumps(trained, indent=1, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if MODEL_FILE.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{MODEL_FILE.name} differs from what train.py writes now: retrain and commit it.")
        print(f"{MODEL_FILE.name} matches the training script.")
        return
    MODEL_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_FILE} ({len(FEATURES)} features); cross-validated: {trained['cross_validated']}")
    ranked = sorted(zip(FEATURES, trained["weights"], strict=True), key=lambda fw: -abs(fw[1]))
    print("strongest weights: " + ", ".join(f"{f} {w:+.2f}" for f, w in ranked[:15]))


if __name__ == "__main__":
    main()
