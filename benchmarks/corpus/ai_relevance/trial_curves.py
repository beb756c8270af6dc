"""Precision at a given recall, for the trials that score changes with numpy (trial_finetune.py,
trial_boosted.py): the figures they print are read off the same curve, the same way."""

from __future__ import annotations

import numpy as np

RECALLS = (0.95, 0.93, 0.90)


def curve(labels: np.ndarray, scores: np.ndarray) -> list[tuple[float, float, float, float]]:
    """(threshold, precision, recall, F2) at every distinct positive score."""
    out = []
    for threshold in np.unique(scores[scores > 0]):
        flagged = scores >= threshold
        tp = int((flagged & labels).sum())
        precision, recall = tp / flagged.sum(), tp / labels.sum()
        f2 = 5 * precision * recall / (4 * precision + recall) if tp else 0.0
        out.append((float(threshold), precision, recall, f2))
    return out


def at_recall(points, recall: float):
    """The best precision (and its threshold) among the thresholds whose recall reaches `recall`."""
    reached = [p for p in points if p[2] >= recall]
    return max(reached, key=lambda p: (p[1], p[0])) if reached else None


def line(name: str, labels, scores) -> str:
    points = curve(labels, scores)
    cells = []
    for recall in RECALLS:
        found = at_recall(points, recall)
        cells.append(f"{found[1]:.3f} (r {found[2]:.3f}, t {found[0]:.3f})" if found else "not reached".ljust(25))
    best = max(points, key=lambda p: p[3])
    return f"{name:48} | " + " | ".join(cells) + f" | {best[3]:.3f} (p {best[1]:.3f} r {best[2]:.3f})"
