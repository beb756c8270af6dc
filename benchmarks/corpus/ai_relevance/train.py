"""Train the AI-relevance model (optout/watch/ai_relevance_model.json) on the TRAINING splits only.

Each training example is one change: a pair of consecutive versions from pairs.csv whose split is one
of TRAINING_SPLITS (`dev`, and the splits that were test sets first, scored and then moved into
training), or one hand-cut excerpt from cases.jsonl. Every other split (such as the test splits
`held-out-11` to `held-out-13`) is skipped by the first characters of its line in texts.jsonl.gz, before its
text is parsed. The change is a bag of the AI sentences that were added, removed or reworded
(optout.watch.classify.changes); each sentence is described by the named yes/no facts of
optout.watch.classify.features. The model is a linear score per sentence; a change is AI-relevant
when its best sentence scores high enough (multiple-instance logistic regression: the loss of a
change is the logistic loss of its highest-scoring sentence). Pure Python, no numpy.

The regularisation strength and the threshold are chosen by cross-validation grouped by SERVICE
FAMILY (sister services that share a policy, such as Google's products, are one group; see
group()): no family is in a training and a validation fold at once. The threshold is chosen for
recall first (see choose()): a missed AI change costs people their work, a false alarm their
attention.

Run: .venv/bin/python benchmarks/corpus/ai_relevance/train.py [--check] [--errors]
  --check   train again and fail if the shipped file differs from what this script would write
  --errors  list the cross-validated mistakes on the training pairs (development data)
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))

from rebuild import key, read_texts  # noqa: E402
from select_fresh import family  # noqa: E402

from optout.watch.classify import FEATURES, changes  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402
from optout.watch.relevance import FORMAT, MODEL_FILE  # noqa: E402

MODEL_VERSION = 12  # bump when FEATURES or the training method change
TRAINING_SPLITS = ("dev", "held-out", "held-out-2", "held-out-3", "held-out-4", "held-out-5", "held-out-6", "held-out-7", "held-out-8", "held-out-9", "held-out-10")  # the only splits whose texts this script reads
PAIRS, TEXTS, EXCERPTS = HERE / "pairs.csv", HERE / "texts.jsonl.gz", HERE / "cases.jsonl"
FOLDS = 5
STRENGTHS = (0.001, 0.003, 0.01, 0.03, 0.1)  # L2 penalty per example
STEPS, RATE = 400, 0.1
TARGET_RECALL = 0.95
SURE_PRECISION = 0.95  # "optout is fairly sure": the cross-validated precision of the scores at or above the sure threshold
SURE_AT_LEAST = 20  # training pairs that must score at or above it, so the precision is not read off a handful

# Sister services share a policy or an owner's AI programme: they are one group in cross-validation,
# so a fold never trains on Instagram's text and validates on Facebook's. The families are those
# select_fresh.py uses to keep the test split apart, plus two sisters only the training splits hold.
MORE_FAMILIES = {"Wikimedia": ("Wikipedia", "Wikimedia"), "Bolt": ("Bolt",)}


def group(service: str) -> str:
    """The family a service belongs to (its own name when it has no listed sister)."""
    name = service.casefold()
    for family_name, members in MORE_FAMILIES.items():
        if any(name == m.casefold() or name.startswith(m.casefold() + " ") for m in members):
            return family_name
    return family(service) or name


def training_changes() -> list[tuple[str, bool, str, str, str, str]]:
    """Every training change as (service, label, old text, new text, source "pair" or "excerpt", name)."""
    rows = [row for row in csv.DictReader(PAIRS.open(encoding="utf-8")) if row["split"] in TRAINING_SPLITS]
    texts = read_texts(rows, TEXTS)  # the lines of any other split are skipped before their text is parsed
    found = [(row["service"], row["label"] == "ai", *texts[key(row)], "pair",
              f"{row['split']} {row['document']} {row['date']} ({row['category']}: {row['reason']})") for row in rows]
    for line in EXCERPTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            found.append((case["path"].split("/")[0], bool(case["ai_relevant"]), case["old"], case["new"], "excerpt",
                          f"excerpt {case['id']} ({case['category']})"))
    return found


def examples() -> list[dict]:
    """Every training change as {service, group, label, bag, source, name}; bag = distinct feature-index tuples."""
    index = {name: i for i, name in enumerate(FEATURES)}
    out = []
    for service, label, old, new, source, name in training_changes():
        _changed, meaningful, sentences = changes(normalise(old), normalise(new))
        bags = {tuple(sorted(index[f] for f in c.features())): c for c in sentences} if meaningful else {}
        order = sorted(bags)
        out.append({"service": service, "group": group(service), "label": label, "bag": order, "source": source,
                    "name": name, "texts": [f"{bags[b].kind}: {bags[b].text}" for b in order]})
    return out


def folds(data: list[dict]) -> dict[str, int]:
    """Service families dealt to folds, the largest first, each to the fold with the fewest
    AI-relevant examples so far (then the fewest examples): balanced and deterministic."""
    sizes: dict[str, list[int]] = {}
    for example in data:
        size = sizes.setdefault(example["group"], [0, 0])
        size[0] += example["label"]
        size[1] += 1
    load = [[0, 0] for _ in range(FOLDS)]
    out = {}
    for name, (positives, total) in sorted(sizes.items(), key=lambda item: (-item[1][0], -item[1][1], item[0])):
        fold = min(range(FOLDS), key=lambda f: (load[f][0], load[f][1], f))
        out[name] = fold
        load[fold][0] += positives
        load[fold][1] += total
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


def cross_validate(data: list[dict], strength: float) -> list[float]:
    fold_of = folds(data)
    scores = [0.0] * len(data)
    for fold in range(FOLDS):
        weights, bias = fit([e for e in data if fold_of[e["group"]] != fold], strength)
        for n, example in enumerate(data):
            if fold_of[example["group"]] == fold:
                scores[n] = probability(weights, bias, example["bag"])
    return scores


def figures(labels, scores, threshold) -> tuple[float, float, float]:
    """Precision, recall and F2 (recall weighed twice as much as precision)."""
    tp = sum(s >= threshold and y for y, s in zip(labels, scores, strict=True))
    fp = sum(s >= threshold and not y for y, s in zip(labels, scores, strict=True))
    fn = sum(s < threshold and y for y, s in zip(labels, scores, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0)


def best_threshold(labels, scores) -> tuple[tuple, float]:
    """Recall first: the threshold with the highest precision among those whose recall reaches
    TARGET_RECALL (ties: the higher recall, then the higher threshold); when none does, the one with
    the highest F2. Returns (rank, threshold); a larger rank is better."""
    best = None
    for t in range(5, 96):
        threshold = t / 100
        precision, recall, f2 = figures(labels, scores, threshold)
        rank = (1, precision, recall, threshold) if recall >= TARGET_RECALL else (0, f2, recall, threshold)
        if best is None or rank > best[0]:
            best = (rank, threshold)
    return best


def sure_threshold(labels, scores, threshold: float) -> float | None:
    """The score from which a flagged change is called sure: the lowest, in steps of 0.01 above the
    alert threshold, whose cross-validated precision from there up is at least SURE_PRECISION at every
    step (so no band above it is worse), over at least SURE_AT_LEAST pairs; None when no score is."""
    best = None
    for t in range(99, round(threshold * 100), -1):
        above = [y for y, s in zip(labels, scores, strict=True) if s >= t / 100]
        if len(above) >= SURE_AT_LEAST and sum(above) / len(above) < SURE_PRECISION:
            break
        if len(above) >= SURE_AT_LEAST:
            best = t / 100
    return best


def choose(data: list[dict], quiet: bool = False) -> tuple[float, float, dict, list[float]]:
    """The strength and threshold chosen by best_threshold() on the cross-validated scores of the
    training PAIRS (whole documents, as the watcher sees them; the excerpts help train but are not
    what it meets)."""
    labels = [e["label"] for e in data]
    pairs = [n for n, e in enumerate(data) if e["source"] == "pair"]
    best = None
    for strength in STRENGTHS:
        scores = cross_validate(data, strength)
        rank, threshold = best_threshold([labels[n] for n in pairs], [scores[n] for n in pairs])
        if best is None or rank[:3] >= best[0][:3]:  # a tie goes to the stronger penalty (STRENGTHS rise)
            best = (rank, strength, threshold, scores)
        if not quiet:
            p, r, f2 = figures([labels[n] for n in pairs], [scores[n] for n in pairs], threshold)
            print(f"  strength {strength}: best threshold {threshold}: pairs precision {p:.3f} recall {r:.3f} F2 {f2:.3f}")
    _rank, strength, threshold, scores = best
    precision, recall, f2 = figures([labels[n] for n in pairs], [scores[n] for n in pairs], threshold)
    p_all, r_all, _ = figures(labels, scores, threshold)
    rule = (f"recall >= {TARGET_RECALL}: the highest precision" if _rank[0] else
            f"no threshold reaches recall {TARGET_RECALL}: the highest F2")
    report = {"strength": strength, "threshold": threshold, "threshold_rule": rule, "pairs_precision": round(precision, 3),
              "pairs_recall": round(recall, 3), "pairs_f2": round(f2, 3), "pairs_and_excerpts_precision": round(p_all, 3),
              "pairs_and_excerpts_recall": round(r_all, 3)}
    for split in TRAINING_SPLITS:
        chosen = [n for n in pairs if data[n]["name"].startswith(split + " ")]
        p, r, _ = figures([labels[n] for n in chosen], [scores[n] for n in chosen], threshold)
        report[f"{split}_precision"], report[f"{split}_recall"] = round(p, 3), round(r, 3)
    return strength, threshold, report, scores


def model(quiet: bool = False, show_errors: bool = False) -> dict:
    data = examples()
    strength, threshold, report, scores = choose(data, quiet)
    if show_errors:
        for example, score in zip(data, scores, strict=True):
            if (score >= threshold) != example["label"]:
                print(f"- {'MISSED' if example['label'] else 'FALSE ALARM'} {score:.2f} {example['name']}")
                for text in example["texts"][:4]:
                    print(f"    {text[:220]}")
    labels = [e["label"] for e in data if e["source"] == "pair"]
    chosen = [s for e, s in zip(data, scores, strict=True) if e["source"] == "pair"]
    sure = sure_threshold(labels, chosen, threshold)
    if sure is not None:
        precision, recall, _ = figures(labels, chosen, sure)
        report["sure_precision"], report["sure_recall"] = round(precision, 3), round(recall, 3)
    weights, bias = fit(data, strength)
    pairs = sum(e["source"] == "pair" for e in data)
    return {
        "format": FORMAT, "version": MODEL_VERSION,
        "trained_on": f"training splits {', '.join(TRAINING_SPLITS)}: {pairs} pairs of pairs.csv "
                      f"and {sum(e['source'] == 'excerpt' for e in data)} excerpts of cases.jsonl",
        "selection": f"{FOLDS}-fold cross-validation grouped by service family; threshold: the highest cross-validated "
                     f"precision with recall >= {TARGET_RECALL} on the training pairs (else the highest F2)",
        "cross_validated": report,
        "threshold": threshold, "sure_threshold": sure,
        "sure_rule": f"the lowest score whose cross-validated precision at or above it is >= {SURE_PRECISION} on the "
                     f"training pairs (at least {SURE_AT_LEAST} of them); below it optout says it cannot tell for sure",
        "bias": round(bias, 4),
        "features": list(FEATURES), "weights": [round(w, 4) for w in weights],
    }


def main() -> None:
    trained = model(quiet="--check" in sys.argv, show_errors="--errors" in sys.argv)
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
