"""Choose the changes of the fourth fresh test split (`held-out-4`), or of a later one, from local clones of Open Terms Archive repositories.

    .venv/bin/python benchmarks/corpus/ai_relevance/select_fresh_4.py CLONES [--split held-out-4] [--seed 2028] [--count] [--stratum] > candidates.csv

The defaults draw `held-out-4` exactly as it was drawn. `--split held-out-5 --seed 2029` draws the next split
the same way from what is left: "the corpus" is then every row of pairs.csv that comes before the split's
first row (all rows, for a split not yet in pairs.csv) plus the changes that earlier draws left unlabelled
(DRAWN_UNLABELLED), so each split's exclusions cover the splits before it, and re-running an earlier
split ignores the rows appended after it.

A sibling of select_fresh_3.py (which drew `held-out-3`), reusing its helpers and those of
select_fresh.py: every modification of every document is read from `git log -p -U0` and put in one
stratum by its changed lines (`ai`, `model`, `small`, with select_fresh_3's size limits: up to 1,000
changed lines for `ai`, 100 for `model`, 6 for `small`; no other size limit), only English versions
(select_fresh_3.english), `old_commit` is the previous commit that touched the file before
`new_commit`, one seeded generator draws the strata one after the other.

What differs from held-out-3:

- Every service of the Open Terms Archive mirrors has been used by an earlier split, so this split
  tests **changes never seen, of services already seen**: only services that ARE in pairs.csv (any
  split) are eligible, and only changes the corpus does not hold. A change is left out when
  pairs.csv or cases.jsonl holds the same document and `new_commit`, or a change of the same document
  whose date is within NEAR_DAYS days (near-duplicates: a page that flaps, or is fixed the next day,
  would repeat a labelled change). "The same document" is its path (`<Service>/<Terms type>.md`) in
  any repository, since several collections track the same documents.
- A document tracked by several repositories is drawn from the first of REPOSITORIES that holds it
  (held-out-3 did this per service; here a service may have documents in several collections).
- Enriched for AI: about 120 changes of the `ai` stratum, then 40 of `model` and 40 of `small`
  (hard and random negatives), at most PER_DOCUMENT (2) per document and PER_SERVICE (4) per service
  over all strata.
- The English check runs while drawing (a drawn change that is not English is skipped), not over the
  whole pool, which is larger here.
- After the draw, a drawn change whose two texts are exactly those of a pair of the corpus (pairs.csv,
  cases.jsonl) or of a change drawn before it is left out (`identical()`): pages that flap repeat the
  same change weeks apart, and sister services publish one text under several documents (Google Ads and
  AdSense, Microsoft and MSN). Numbers `n` are given before this step, so they stay those of the draw.

Prints CSV with a first column `n` (the number in the draw, 0..N-1, with gaps where `identical()` left a change out) and the pairs.csv columns (split `held-out-4`, label,
category and reason empty); `--stratum` adds the stratum as a last column. `--count` prints the
candidate changes per repository and stratum instead. Reads nothing but git; runs no classifier.
"""

from __future__ import annotations

import csv
import datetime
import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rebuild import find_clone  # noqa: E402
from select_fresh import NOT_SERVICES, changes, previous_commit, stratum  # noqa: E402
from select_fresh_3 import MAX_LINES, REPOSITORIES, english, services_in  # noqa: E402

SPLIT = "held-out-4"
SEED = 2028
# Drawn for a split but left unlabelled (so not in pairs.csv): later splits must not draw them again.
# (split, repository, document, old_commit, new_commit, date)
DRAWN_UNLABELLED = [
    ("held-out-4", "OpenTermsArchive/contrib-versions", "NordVPN/Privacy Policy.md",
     "715da8dcae0c34c5a37f26ebdfd26b01c16a5cab", "c01a3182f341fc8c6b9c85d73cd05295b36c6a45", "2026-02-16"),
    # held-out-2 had left this change unlabelled too, but only its README section said so, so it was drawn again
    ("held-out-9", "OpenTermsArchive/genai-contrib-versions", "OpenRouter/Terms of Service.md",
     "7c0cbcf2996ed425de0d01bad04678ac68eb2d64", "60b8c4476d19ae177c505838dbf38c094f979754", "2026-05-09"),
]
QUOTA = {"ai": 120, "model": 40, "small": 40}
PER_DOCUMENT = 2
PER_SERVICE = 4
NEAR_DAYS = 3
COLUMNS = ["repository", "document", "old_commit", "new_commit", "date", "service", "split", "label", "category",
           "reason"]


def corpus_rows(split: str) -> list[dict]:
    """The pairs the corpus held when `split` was drawn: the rows of pairs.csv before the split's first row, and
    the changes that the draws of those earlier splits left unlabelled."""
    rows = []
    for row in csv.DictReader((HERE / "pairs.csv").open(encoding="utf-8")):
        if row["split"] == split:
            break
        rows.append(row)
    earlier = {row["split"] for row in rows}
    for drawn_for, repository, document, old, new, date in DRAWN_UNLABELLED:
        if drawn_for in earlier:
            rows.append({"repository": repository, "document": document, "old_commit": old, "new_commit": new,
                         "date": date, "service": document.split("/")[0], "split": drawn_for})
    return rows


def seen(split: str = SPLIT) -> tuple[set[str], set[tuple[str, str, str]], dict[str, list[datetime.date]]]:
    """Services of the corpus; (repository, document, new_commit) and the dates per document of it and cases.jsonl."""
    services, commits, dates = set(), set(), defaultdict(list)
    for row in corpus_rows(split):
        services.add(row["service"])
        commits.add((row["repository"], row["document"], row["new_commit"]))
        dates[row["document"]].append(datetime.date.fromisoformat(row["date"]))
    for line in (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            commits.add((case["repo"], case["path"], case["new_commit"]))
            dates[case["path"]].append(datetime.date.fromisoformat(case["date"]))
    return services, commits, dates


def unseen(repository: str, document: str, commit: str, date: str, commits: set, dates: dict) -> bool:
    if (repository, document, commit) in commits:
        return False
    day = datetime.date.fromisoformat(date)
    return all(abs((day - other).days) > NEAR_DAYS for other in dates.get(document, ()))


def candidates(clones: Path, services: set[str], commits: set, dates: dict) -> tuple[dict, dict, dict]:
    pool: dict[str, list[tuple]] = defaultdict(list)
    clone_of, home, left_out = {}, {}, defaultdict(int)
    for repository in REPOSITORIES:
        clone = clone_of[repository] = find_clone(clones, repository)
        mine = sorted(s for s in services_in(clone) if s in services and s not in NOT_SERVICES)
        if not mine:
            continue
        for commit, date, document, removed, added in changes(clone, mine):
            if home.setdefault(document, repository) != repository:
                left_out["document tracked by an earlier repository"] += 1
                continue
            kind = stratum(removed, added, MAX_LINES)
            if not kind:
                continue
            if not unseen(repository, document, commit, date, commits, dates):
                left_out[f"{kind}: in the corpus or within {NEAR_DAYS} days of a change in it"] += 1
                continue
            pool[kind].append((repository, document, commit, date))
    return pool, clone_of, left_out


def draw(rng: random.Random, pool: list[tuple], quota: int, clone_of: dict, per_document: dict,
         per_service: dict) -> list[tuple]:
    """Up to `quota` English changes of one stratum, within the per-document and per-service caps."""
    shuffled = sorted(pool)
    rng.shuffle(shuffled)
    chosen = []
    for repository, document, commit, date in shuffled:
        service = document.split("/")[0]
        if len(chosen) >= quota:
            break
        if per_document[document] >= PER_DOCUMENT or per_service[service] >= PER_SERVICE:
            continue
        clone = clone_of[repository]
        if not english(clone, document, commit):
            continue
        old = previous_commit(clone, commit, document)
        if old is None:
            continue
        per_document[document] += 1
        per_service[service] += 1
        chosen.append((repository, document, old, commit, date, service))
    return chosen


def identical(chosen: list[tuple], clones: Path, split: str = SPLIT) -> set[int]:
    """Indexes of drawn changes whose (old, new) texts equal those of a corpus pair or of an earlier drawn change."""
    corpus = [(row["repository"], row["document"], row["old_commit"], row["new_commit"]) for row in corpus_rows(split)]
    for line in (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            corpus.append((case["repo"], case["path"], case["old_commit"], case["new_commit"]))
    drawn = [(row[0], row[1], row[2], row[3]) for row in chosen]
    by_repository: dict[str, list[tuple]] = defaultdict(list)
    for change in corpus + drawn:
        by_repository[change[0]].append(change)
    blobs = {}
    for repository, some in by_repository.items():
        asked = "".join(f"{old}:{document}\n{new}:{document}\n" for _, document, old, new in some)
        out = subprocess.run(["git", "-C", str(find_clone(clones, repository)), "cat-file",  # noqa: S603, S607
                              "--batch-check=%(objectname)"], input=asked, capture_output=True, text=True,
                             check=True).stdout.split()
        for number, change in enumerate(some):
            blobs[change] = (out[2 * number], out[2 * number + 1])
    seen_texts = {blobs[change] for change in corpus}
    left_out = set()
    for index, change in enumerate(drawn):
        if blobs[change] in seen_texts:
            left_out.add(index)
        seen_texts.add(blobs[change])
    return left_out


def print_counts(pool: dict[str, list[tuple]]) -> None:
    """The candidate changes of each stratum, per repository."""
    for kind in ("ai", "model", "small"):
        by: dict[str, int] = defaultdict(int)
        for repository, *_ in pool[kind]:
            by[repository] += 1
        print(f"{kind}: {len(pool[kind])} candidate changes: "
              + ", ".join(f"{r.split('/')[1]} {n}" for r, n in sorted(by.items())))


def main(clones: Path, seed: int, count_only: bool, with_stratum: bool, split: str = SPLIT) -> None:
    services, commits, dates = seen(split)
    pool, clone_of, left_out = candidates(clones, services, commits, dates)
    for reason, number in sorted(left_out.items()):
        print(f"left out ({reason}): {number}", file=sys.stderr)
    if count_only:
        print_counts(pool)
        return
    rng = random.Random(seed)
    per_document: dict[str, int] = defaultdict(int)
    per_service: dict[str, int] = defaultdict(int)
    chosen = []
    for kind in ("ai", "model", "small"):
        taken = draw(rng, pool[kind], QUOTA[kind], clone_of, per_document, per_service)
        chosen += [(*row, kind) for row in taken]
        print(f"stratum {kind}: {len(pool[kind])} candidate changes, {len(taken)} chosen", file=sys.stderr)
    chosen.sort(key=lambda row: (row[6], row[5].casefold(), row[1], row[4], row[3]))
    left_out = identical(chosen, clones, split)
    for n in sorted(left_out):
        print(f"left out after the draw (same texts as a corpus pair or an earlier drawn change): n={n} "
              f"{chosen[n][1]} {chosen[n][4]}", file=sys.stderr)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["n", *COLUMNS, *(["stratum"] if with_stratum else [])])
    for n, (repository, document, old, commit, date, service, kind) in enumerate(chosen):
        if n in left_out:
            continue
        writer.writerow([n, repository, document, old, commit, date, service, split, "", "", "",
                         *([kind] if with_stratum else [])])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else SEED,
         "--count" in sys.argv, "--stratum" in sys.argv,
         sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else SPLIT)
