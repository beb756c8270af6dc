"""Which real changes the watcher holds for a second check (optout/watch/confirm.py), on the AI-relevance corpus.

For each labelled pair of consecutive versions of a real document (Open Terms Archive, see
benchmarks/corpus/ai_relevance/), both texts normalised as the watcher stores them: is the newer text a
drastic change from the older one (less than half its length, less than a fifth of its sentences
kept, or a new short line that reads like an error message), so that the watcher would wait for a second check before recording it? Printed per split: how many
AI-relevant and other changes would be held, and each held AI-relevant change with its label's reason
(read them: a stub, an error page or a cut-down page is what the wait is for; a real rewrite is only
recorded an hour late). The thresholds were set before this script was run and not tuned on it; the
error-message lines (confirm.ERROR_MESSAGE) were written later, knowing the flaps of Meta's pages in the corpus.

The corpus has versions, not fetches: it cannot tell how long a stub lasted, only the dates of the
versions around it. A wait of an hour suppresses a flap only when the real page is back within the hour.

Run: .venv/bin/python benchmarks/watch_confirm.py [--split NAME] (default: every split). Needs
texts.jsonl.gz (see benchmarks/corpus/ai_relevance/rebuild.py).
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus" / "ai_relevance"))

from rebuild import key, read_texts  # noqa: E402

from optout.watch.confirm import drastic  # noqa: E402
from optout.watch.normalise import normalise  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus" / "ai_relevance"


def main() -> None:
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return
    wanted = sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else None
    rows = [r for r in csv.DictReader((CORPUS / "pairs.csv").open(encoding="utf-8"))
            if r["label"] in ("ai", "not-ai") and (wanted is None or r["split"] == wanted)]
    texts = read_texts(rows)
    counts: dict[str, Counter] = defaultdict(Counter)
    held: dict[str, list[str]] = defaultdict(list)
    started, sizes = time.process_time(), []
    for row in rows:
        old, new = (normalise(text) for text in texts[key(row)])
        sizes.append(len(old))
        reason = drastic(old, new)
        kind = "AI-relevant" if row["label"] == "ai" else "other"
        counts[row["split"]][(kind, "held" if reason else "recorded at once")] += 1
        if reason and kind == "AI-relevant":
            held[row["split"]].append(f'{row["date"]} {row["document"]} ({reason}): {row["reason"][:100]}')
    cpu = time.process_time() - started
    print(f"cores {os.cpu_count()}; {len(sizes)} pairs, older texts {min(sizes or [0]):,}–{max(sizes or [0]):,} characters; "
          f"{cpu:.1f} s CPU in all, normalising included")
    for split in sorted(counts):
        c = counts[split]
        print(f"{split}: AI-relevant {c['AI-relevant', 'held']} held of {c['AI-relevant', 'held'] + c['AI-relevant', 'recorded at once']}; "
              f"other {c['other', 'held']} held of {c['other', 'held'] + c['other', 'recorded at once']}")
        for item in sorted(held[split]):
            print(f"  held: {item}")


if __name__ == "__main__":
    main()
