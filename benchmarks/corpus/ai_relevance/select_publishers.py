"""Choose the changes of `held-out-12` and `held-out-13`: consecutive versions of pages from the git histories their publishers keep.

    .venv/bin/python benchmarks/corpus/ai_relevance/select_publishers.py CLONES [--split held-out-12|held-out-13] [--count] [--stratum] > candidates.csv

CLONES holds (as for rebuild.py) clones of github/site-policy, Automattic/legalmattic and mozilla/legal-docs
(held-out-12), and of duckduckgo/duckduckgo-help-pages and kagisearch/kagi-docs (held-out-13).

Why these: the Open Terms Archive snapshots reachable here end on 2026-08-22 and their unseen AI changes are
used up (see "Eleventh fresh test split" in README.md). Three publishers keep their policies as Markdown in a
public git repository, so every published edit is a commit: GitHub (all its site policies), Automattic
(WordPress.com's terms, its privacy policy and cookie policy, other products' terms) and Mozilla (the English
`en/` notices: Firefox, Mozilla accounts, Pocket, MDN Plus, subscription services…).

How drawn, following select_fresh_4.py where it applies:

- Only the history of the published branch counts: `git log --first-parent` with merges compared to their first
  parent, so a pull request's drafts are not versions; `old_commit` is the previous first-parent commit that
  touched the file.
- Every modification is put in a stratum by its changed lines (select_fresh.stratum with select_fresh_3's size
  limits: `ai`, `model`, `small`).
- A change is left out when a document the corpus holds as the same text (OTA_DOCUMENT: GitHub's privacy statement
  and terms, WordPress.com's terms and privacy policy, Firefox's privacy notice) has a pair in pairs.csv or
  cases.jsonl within NEAR_DAYS days: the archive may have recorded that change, days after its merge.
- QUOTA changes per stratum, at most PER_DOCUMENT per document, drawn by one seeded generator.

`held-out-13` is drawn the same way (seed 2037) from two more publishers' histories, of help pages: DuckDuckGo's
(the pages on Duck.ai and its AI chat, DuckAssist and search results, privacy and the company) and Kagi's (its AI
features, privacy and legal pages), with the changes of `held-out-12` and every earlier split excluded (none of
these documents is in them). A change whose versions the clone lacks (a partial mirror) is skipped.

Prints CSV with a first column `n` and the pairs.csv columns (label, category and reason empty); `--stratum` adds
the stratum. `--count` prints the candidates per repository and stratum. Reads nothing but git; runs no classifier.
"""

from __future__ import annotations

import datetime
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rebuild import find_clone  # noqa: E402
from select_fresh import patch_log, stratum  # noqa: E402
from select_fresh_3 import MAX_LINES  # noqa: E402
from select_fresh_4 import COLUMNS, print_counts, seen  # noqa: E402

# repository: (published branch, the folders or files that are policies)
PUBLISHERS = {
    "github/site-policy": ("main", ("Policies/",)),
    "Automattic/legalmattic": ("master", ("Privacy-Policy.md", "Cookie-Policy.md",
                                          "Privacy-Notice-for-Visitors-to-Our-Users-Sites.md", "Terms of Service/")),
    "mozilla/legal-docs": ("main", ("en/",)),
}
OTA_DOCUMENT = {
    ("github/site-policy", "github-general-privacy-statement.md"): "GitHub/Privacy Policy.md",
    ("github/site-policy", "github-privacy-statement.md"): "GitHub/Privacy Policy.md",
    ("github/site-policy", "github-terms-of-service.md"): "GitHub/Terms of Service.md",
    ("Automattic/legalmattic", "EN-Terms-of-Service.md"): "WordPress.com/Terms of Service.md",
    ("Automattic/legalmattic", "Privacy-Policy.md"): "WordPress.com/Privacy Policy.md",
    ("mozilla/legal-docs", "firefox_privacy_notice.md"): "Firefox/Privacy Policy.md",
}
HELP_PUBLISHERS = {
    "duckduckgo/duckduckgo-help-pages": ("master", ("_docs/aichat/", "_docs/duckai/", "_docs/results/", "_docs/privacy/",
                                                   "_docs/company/")),
    "kagisearch/kagi-docs": ("main", ("docs/kagi/ai/", "docs/kagi/privacy/", "docs/kagi/legal/")),
}
SPLITS = {"held-out-12": (PUBLISHERS, 2036), "held-out-13": (HELP_PUBLISHERS, 2037)}
SPLIT = "held-out-12"
QUOTA = {"ai": 90, "model": 30, "small": 30}
PER_DOCUMENT = 6
NEAR_DAYS = 14


def service(repository: str, document: str) -> str:
    if repository == "github/site-policy":
        return "GitHub"
    if repository == "duckduckgo/duckduckgo-help-pages":
        return "DuckDuckGo"
    if repository == "kagisearch/kagi-docs":
        return "Kagi"
    if repository == "Automattic/legalmattic":
        parts = document.split("/")
        return parts[1] if parts[0] == "Terms of Service" and len(parts) > 2 else "Automattic"
    name = document.split("/")[-1]
    for prefix, owner in (("firefox", "Firefox"), ("focus", "Firefox Focus"), ("pocket", "Pocket"), ("mdn", "MDN Plus"),
                          ("thunderbird", "Thunderbird"), ("fakespot", "Fakespot"), ("mozilla_vpn", "Mozilla VPN"),
                          ("relay", "Firefox Relay"), ("monitor", "Mozilla Monitor")):
        if name.startswith(prefix):
            return owner
    return "Mozilla"


def changes(clone: Path, branch: str, paths: tuple[str, ...]):
    """Yield (new_commit, date, document, removed lines, added lines) for every modification on the published branch."""
    yield from patch_log(["git", "-C", str(clone), "-c", "core.quotepath=off", "log", "--first-parent",
                          "--diff-merges=first-parent", "-p", "-U0", "--no-renames", "--diff-filter=M", "--no-color",
                          "--format=commit %H %ad", "--date=short", branch, "--", *paths])


def previous_commit(clone: Path, branch: str, commit: str, document: str) -> str | None:
    out = subprocess.run(["git", "-C", str(clone), "log", "--first-parent", "--format=%H", branch,  # noqa: S603, S607
                          "--", document], capture_output=True, text=True).stdout.split()
    if commit not in out or out.index(commit) + 1 >= len(out):
        return None
    return out[out.index(commit) + 1]


def candidates(clones: Path, split: str = SPLIT) -> tuple[dict, dict, dict]:
    pool: dict[str, list[tuple]] = defaultdict(list)
    clone_of, left_out = {}, defaultdict(int)
    dates = seen(split)[2]  # per document, the dates of the corpus's changes and cases.jsonl's
    for repository, (branch, paths) in SPLITS[split][0].items():
        clone = clone_of[repository] = find_clone(clones, repository)
        for commit, date, document, removed, added in changes(clone, branch, paths):
            if not document.endswith(".md"):
                continue
            kind = stratum(removed, added, MAX_LINES)
            if not kind:
                continue
            archived = OTA_DOCUMENT.get((repository, document.split("/")[-1]))
            day = datetime.date.fromisoformat(date)
            if archived and any(abs((day - other).days) <= NEAR_DAYS for other in dates.get(archived, ())):
                left_out[f"{kind}: within {NEAR_DAYS} days of a corpus change of {archived}"] += 1
                continue
            pool[kind].append((repository, document, commit, date))
    return pool, clone_of, left_out


def draw(pool: dict, clone_of: dict, split: str) -> list[tuple]:
    """QUOTA changes of each stratum, at most PER_DOCUMENT per document, in the order of the draw."""
    publishers, seed = SPLITS[split]
    rng = random.Random(seed)
    per_document: dict[tuple[str, str], int] = defaultdict(int)
    chosen = []
    for kind in ("ai", "model", "small"):
        shuffled = sorted(pool[kind])
        rng.shuffle(shuffled)
        taken = 0
        for repository, document, commit, date in shuffled:
            if taken >= QUOTA[kind]:
                break
            if per_document[(repository, document)] >= PER_DOCUMENT:
                continue
            old = previous_commit(clone_of[repository], publishers[repository][0], commit, document)
            if old is None or not readable(clone_of[repository], old, commit, document):
                continue
            per_document[(repository, document)] += 1
            taken += 1
            chosen.append((repository, document, old, commit, date, service(repository, document), kind))
        print(f"stratum {kind}: {len(pool[kind])} candidate changes, {taken} chosen", file=sys.stderr)
    return chosen


def readable(clone: Path, old: str, new: str, document: str) -> bool:
    """Whether the clone holds both versions (a partial mirror lacks some objects)."""
    asked = f"{old}:{document}\n{new}:{document}\n"
    out = subprocess.run(["git", "-C", str(clone), "cat-file", "--batch-check"], input=asked,  # noqa: S603, S607
                         capture_output=True, text=True).stdout
    return "missing" not in out and len(out.splitlines()) == 2


def main(clones: Path, split: str, count_only: bool, with_stratum: bool) -> None:
    import csv

    pool, clone_of, left_out = candidates(clones, split)
    for reason, number in sorted(left_out.items()):
        print(f"left out ({reason}): {number}", file=sys.stderr)
    if count_only:
        print_counts(pool)
        return
    chosen = sorted(draw(pool, clone_of, split), key=lambda row: (row[5].casefold(), row[1], row[4], row[3]))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["n", *COLUMNS, *(["stratum"] if with_stratum else [])])
    for n, (repository, document, old, commit, date, owner, kind) in enumerate(chosen):
        writer.writerow([n, repository, document, old, commit, date, owner, split, "", "", "",
                         *([kind] if with_stratum else [])])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), sys.argv[sys.argv.index("--split") + 1] if "--split" in sys.argv else SPLIT,
         "--count" in sys.argv, "--stratum" in sys.argv)
