"""The learned half of the AI-relevance judgement: a linear model over named features of one changed
sentence, stored as a small JSON file that ships with the package. Pure: no Django, no numpy.

The weights are written by benchmarks/corpus/ai_relevance/train.py from the corpus's training splits
only (never from its test split); the file names its version and its features so a stale or mismatched file fails
loudly instead of scoring with the wrong weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("ai_relevance_model.json")
FORMAT = 1  # the layout of the file; the training script writes this number


class ModelError(ValueError):
    """The model file is missing, malformed, or does not fit the features the code computes."""


@dataclass(frozen=True)
class Model:
    version: int
    features: tuple[str, ...]
    weights: dict[str, float]
    bias: float
    threshold: float
    sure_threshold: float | None = None  # from this score up, optout calls a flagged change sure; None: never

    def sure(self, score: float) -> bool:
        """Whether a change judged AI-relevant with this score is one optout is fairly sure of."""
        return self.sure_threshold is not None and score >= self.sure_threshold

    def margin(self, active) -> float:
        return self.bias + sum(self.weights.get(name, 0.0) for name in active)

    def probability(self, active) -> float:
        margin = self.margin(active)
        if margin < -40:
            return 0.0
        return 1.0 / (1.0 + math.exp(-margin))

    @classmethod
    def from_dict(cls, data: dict, expected: tuple[str, ...] | None = None, where: str = "model") -> Model:
        try:
            if data["format"] != FORMAT:
                raise ModelError(f"{where}: format {data['format']}, this code reads format {FORMAT}")
            names = tuple(data["features"])
            weights = [float(w) for w in data["weights"]]
            bias, threshold, version = float(data["bias"]), float(data["threshold"]), int(data["version"])
            sure = data.get("sure_threshold")
            sure = None if sure is None else float(sure)
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, ModelError):
                raise
            raise ModelError(f"{where}: not a model file ({error.__class__.__name__}: {error})") from error
        if len(weights) != len(names):
            raise ModelError(f"{where}: {len(names)} features but {len(weights)} weights")
        if expected is not None and names != tuple(expected):
            missing = sorted(set(expected) - set(names))[:5]
            extra = sorted(set(names) - set(expected))[:5]
            raise ModelError(f"{where}: its features do not match the code's (missing {missing}, unknown {extra}); "
                             "retrain with benchmarks/corpus/ai_relevance/train.py")
        if not 0.0 < threshold < 1.0:
            raise ModelError(f"{where}: threshold {threshold} is not between 0 and 1")
        if sure is not None and not threshold <= sure < 1.0:
            raise ModelError(f"{where}: sure_threshold {sure} is not between the threshold {threshold} and 1")
        return cls(version, names, dict(zip(names, weights, strict=True)), bias, threshold, sure)


def load(path: Path = MODEL_FILE, expected: tuple[str, ...] | None = None) -> Model:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModelError(f"{path.name}: cannot read the AI-relevance model ({error.strerror})") from error
    except json.JSONDecodeError as error:
        raise ModelError(f"{path.name}: not JSON (line {error.lineno}: {error.msg})") from error
    return Model.from_dict(data, expected, where=path.name)


@cache
def shipped(expected: tuple[str, ...]) -> Model:
    """The model that ships with the package, read once per process."""
    return load(MODEL_FILE, expected)
