"""Precision and recall of the AI-relevance judgement, on the data it was trained on and on a test set.

The corpus (benchmarks/corpus/ai_relevance/pairs.csv) lists pairs of consecutive versions of real
documents from Open Terms Archive, each labelled by reading the change: does it change how people's
data is used to train or power AI? The pairs are split BY SERVICE:

- `dev` and `held-out` to `held-out-10` are the TRAINING splits (2,092 pairs).
  Every split after `dev` was a test set first, scored (once to three times) and then moved into
  training. On these splits this script prints two figures per split: in-sample (the shipped model
  was trained on them: not evidence of anything new) and cross-validated by service family (each pair
  scored by a model trained without its service family; stored in the model file by train.py).
- `held-out-11` is the TEST split: changes never seen, of services that ARE in the training splits
  (every service of the archive has been used), drawn by select_fresh_4.py --split held-out-11
  --seed 2035, each pair labelled twice, independently, before any model saw it. It was scored once
  by model version 7 and once more by version 8 (chosen on the training pairs). It measures the
  judgement on new changes of known services, not on unknown services (held-out-3, now in training,
  did that once). A test split is scored only when asked for by name
  (`--split held-out-11`), and each run on it is a look at the test set: run it once, after the model
  is final, and report what it prints. `--errors` refuses it.
- `held-out-12` is the second TEST split, from outside the archive: consecutive versions that three
  publishers keep of their own policies in git (github/site-policy, Automattic/legalmattic,
  mozilla/legal-docs), drawn by select_publishers.py, each pair labelled twice, independently, before any
  model saw it. Scored by name only (`--split held-out-12`), like `held-out-11`.
- `held-out-13`, the third TEST split, likewise from two publishers' histories of their help pages
  (duckduckgo/duckduckgo-help-pages, kagisearch/kagi-docs): `--split held-out-13`.

Only the texts of the splits asked for are parsed: every other line of texts.jsonl.gz is skipped by
its first characters. The whole documents are compared, as the watcher does. The texts are not in
git; rebuild them once from clones of the archive (see rebuild.py).

Run: .venv/bin/python benchmarks/ai_relevance.py [--split training|all|dev|held-out|held-out-2|…|held-out-10|held-out-11|held-out-12|held-out-13] [--errors]
  (default and `all`: the training splits, never a test split; --errors lists
  the wrongly judged pairs of a training split)
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "corpus" / "ai_relevance"
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(FOLDER))

from rebuild import PAIRS, key, read_texts  # noqa: E402
from select_publishers import OTA_DOCUMENT  # noqa: E402
from train import TRAINING_SPLITS  # noqa: E402

from optout.watch.classify import FEATURES, classify  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402
from optout.watch.relevance import MODEL_FILE, load  # noqa: E402

DOCUMENTS = HERE.parent / "optout" / "data" / "documents"


def watched_kinds() -> set[str]:
    """The kinds of document optout's catalog watches ("Privacy Policy", "Terms of Service", "Acceptable
    Use Policy" …: the part of each watched document's title after the platform), named as Open Terms
    Archive names its files. Community guidelines, editorial or brand pages are in the corpus but watched by no one."""
    import yaml

    kinds = set()
    for path in sorted(DOCUMENTS.glob("*.yaml")):
        for document in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["documents"]:
            kinds.add(document["title"].split(": ")[-1])
    return kinds


def kind_of(row: dict) -> str:
    """The kind of a pair's document, as the archive names its files; a publisher's own file (held-out-12) by the
    archive document it is the same text as, if any."""
    archived = OTA_DOCUMENT.get((row["repository"], row["document"].rsplit("/", 1)[-1]), row["document"])
    return archived.rsplit("/", 1)[-1].removesuffix(".md")

EXCERPTS = FOLDER / "cases.jsonl"
TEST_SPLITS = ("held-out-11", "held-out-12", "held-out-13")  # never trained, tuned or studied on; each scored once, by name
CHOICES = {"training": TRAINING_SPLITS, "all": TRAINING_SPLITS,  # "all" never includes a test split
           **{name: (name,) for name in (*TRAINING_SPLITS, *TEST_SPLITS)}}


def scores(cases: list[tuple[bool, bool]]) -> tuple[int, int, int, float, float]:
    tp = sum(truth and guess for truth, guess in cases)
    fp = sum(guess and not truth for truth, guess in cases)
    fn = sum(truth and not guess for truth, guess in cases)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return tp, fp, fn, precision, recall


def pairs(splits: tuple[str, ...], cross_validated: dict, show_errors: bool) -> None:
    rows = [row for row in csv.DictReader(PAIRS.open(encoding="utf-8")) if row["split"] in splits]
    texts = read_texts(rows)
    for name in splits:
        chosen = [row for row in rows if row["split"] == name]
        if not chosen:
            print(f"{name:10} no pairs of this split in {PAIRS.name} yet")
            continue
        results, sure, watched, wrong, started = [], [], [], Counter(), time.perf_counter()
        kinds = watched_kinds()
        for row in chosen:
            old, new = texts[key(row)]
            result = classify(normalise(old), normalise(new))
            truth = row["label"] == "ai"
            results.append((truth, result.ai_relevant))
            sure.append((truth, result.sure))
            if kind_of(row) in kinds:
                watched.append((truth, result.ai_relevant))
            if truth != result.ai_relevant:
                wrong[row["category"]] += 1
                if show_errors:
                    show_error(row, result)
        seconds = time.perf_counter() - started
        tp, fp, fn, precision, recall = scores(results)
        services = len({row["service"] for row in chosen})
        print(f"{name:10} {len(chosen)} pairs from {services} services: {tp + fn} AI-relevant, {len(chosen) - tp - fn} not "
              f"({seconds * 1000 / len(chosen):.0f} ms per pair of whole documents)")
        if name in TRAINING_SPLITS:
            print(f"{'':10} in-sample (trained on): precision {precision:.3f}  recall {recall:.3f}   "
                  f"({tp} found, {fp} false alarms, {fn} missed)")
            p, r = cross_validated.get(f"{name}_precision"), cross_validated.get(f"{name}_recall")
            if p is not None:
                print(f"{'':10} cross-validated by service family: precision {p:.3f}  recall {r:.3f}")
        else:
            print(f"{'':10} TEST (never trained or tuned on): {figures(results)}   "
                  f"({tp} found, {fp} false alarms, {fn} missed)")
        slices(watched, sure)
        if wrong:
            print(f"{'':10} wrong by category: " + ", ".join(f"{c} {n}" for c, n in sorted(wrong.items())))


def show_error(row: dict, result) -> None:
    print(f"- {row['document']} {row['date']}: labelled {row['label']} ({row['reason']}), "
          f"judged {'ai' if result.ai_relevant else 'not-ai'} (score {result.score:.2f})")
    for reason in result.reasons[:2]:
        print(f"    {reason.kind}: {reason.text[:160]}")


def figures(cases: list[tuple[bool, bool]]) -> str:
    """Precision and recall, each only where it is defined: with no alert there is no precision, with no
    AI-relevant pair no recall (a 0.000 there would read as a measured failure)."""
    tp, fp, fn, precision, recall = scores(cases)
    shown = f"precision {precision:.3f}" if tp + fp else "precision: none (no alert)"
    shown += f"  recall {recall:.3f}" if tp + fn else "  recall: none (no AI-relevant pair)"
    return shown


def slices(watched: list[tuple[bool, bool]], sure: list[tuple[bool, bool]]) -> None:
    """The same judgements on the kinds of document optout watches, and counting only the sure calls."""
    tp, fp, fn, _, _ = scores(watched)
    kinds = "only the kinds of document optout watches"
    if watched:
        print(f"{'':10} {kinds} ({len(watched)} pairs; privacy policies, terms, acceptable use …): "
              f"{figures(watched)}   ({tp} found, {fp} false alarms, {fn} missed)")
    else:
        print(f"{'':10} {kinds}: no pair of this split is of those kinds")
    tp, fp, fn, _, _ = scores(sure)
    print(f"{'':10} only the changes optout calls sure (score >= its sure threshold): {figures(sure)}   "
          f"({tp} found, {fp} false alarms; the other alerts say optout cannot tell for sure)")


def excerpts() -> None:
    cases = [json.loads(line) for line in EXCERPTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [(bool(c["ai_relevant"]), classify(normalise(c["old"]), normalise(c["new"])).ai_relevant) for c in cases]
    tp, fp, fn, precision, recall = scores(results)
    print(f"excerpts   {len(cases)} hand-cut excerpts (cases.jsonl), in-sample (trained on): "
          f"precision {precision:.3f}  recall {recall:.3f}  ({tp} found, {fp} false alarms, {fn} missed)")


def main() -> None:
    choice = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else "training"
    if choice not in CHOICES:
        raise SystemExit(f"--split {choice}: choose one of {', '.join(CHOICES)}")
    splits = CHOICES[choice]
    if "--errors" in sys.argv and set(splits) & set(TEST_SPLITS):
        raise SystemExit("--errors lists mistakes to study: use it on a training split, never on a test split.")
    print(f"cores {os.cpu_count()}; target: precision and recall >= 0.95 on the test split")
    model, stored = load(MODEL_FILE, FEATURES), json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    cv = stored["cross_validated"]
    print(f"model {MODEL_FILE.name} version {model.version}, {len(FEATURES)} features, threshold {model.threshold}; "
          f"trained on the {stored['trained_on']}")
    print(f"{'':10} {stored['selection']}")
    print(f"{'':10} cross-validated on all training pairs: precision {cv['pairs_precision']:.3f}  recall {cv['pairs_recall']:.3f}")
    if model.sure_threshold is not None:
        print(f"{'':10} called sure from score {model.sure_threshold} ({stored['sure_rule']}): cross-validated precision "
              f"{cv['sure_precision']:.3f}  recall {cv['sure_recall']:.3f}")
    pairs(splits, cv, "--errors" in sys.argv)
    if choice == "training":
        excerpts()


if __name__ == "__main__":
    main()
