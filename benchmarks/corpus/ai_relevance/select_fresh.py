"""Choose the pairs of the fresh held-out split (`held-out-2`) from local clones of the Open Terms Archive repositories.

    .venv/bin/python benchmarks/corpus/ai_relevance/select_fresh.py CLONES [--seed 2026] > candidates.csv

CLONES is laid out as for rebuild.py (plain clones, bare clones or `Owner+name/repo` mirrors). Only
services that appear nowhere in pairs.csv (held-out-2 rows aside) or cases.jsonl, and that belong to
no company family with a service there (`FAMILIES`), are eligible. Every modification of every document of an eligible service
is read from `git log -p -U0`; each change is put in one stratum by its changed lines:

- `ai`: the changed lines mention AI, machine learning, generative models, language models, training
  of models or opt-outs tied to them (the candidates for positives and the hardest negatives);
- `model`: they mention models, algorithms, automation or training, but not AI (hard negatives);
- `small`: any other change of at most SMALL_LINES changed lines (random negatives).

Eligible services have few AI changes, and most of them come inside large rewrites, so the `ai`
stratum keeps changes of up to MAX_LINES["ai"] changed lines (the labeller reads every AI sentence of
them and checks whether it is new, gone or only moved); `model` keeps changes of up to
MAX_LINES["model"] lines. From each stratum, at random with the seed, at most 3 changes per document and
a per-service cap, up to the stratum's quota (see BATCHES). Prints the chosen pairs as CSV (pairs.csv columns,
without split and labels, plus the stratum); `old_commit` is the previous commit that touched the
file before `new_commit`. Reads nothing but git; runs no classifier.
"""

from __future__ import annotations

import csv
import json
import random
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rebuild import find_clone  # noqa: E402

# Batches, drawn one after the other with one random generator (a pair is never drawn twice). Batch 1: the four repositories
# the rest of the corpus comes from. Their eligible services hold few AI changes (16 of them turned
# out AI-relevant), too few to measure recall, so batch 2 adds genai-contrib-versions (generative-AI
# services), which no other split has drawn from; batch 3 draws more of its AI changes.
BATCHES = (
    (("OpenTermsArchive/pga-versions", "OpenTermsArchive/contrib-versions",
      "OpenTermsArchive/genai-eu-versions", "OpenTermsArchive/vlopses-us-versions"),
     {"ai": 100, "model": 55, "small": 100}, {"ai": 9, "model": 3, "small": 2}),
    (("OpenTermsArchive/genai-contrib-versions",),
     {"ai": 50, "model": 5, "small": 5}, {"ai": 4, "model": 2, "small": 2}),
    # batch 3: more of genai-contrib's AI changes (drawn after batch 2 so that its pairs stay the same)
    (("OpenTermsArchive/genai-contrib-versions",),
     {"ai": 50, "model": 0, "small": 0}, {"ai": 4, "model": 0, "small": 0}),
)
SEED = 2026
MAX_LINES = {"ai": 1000, "model": 40}
SMALL_LINES = 6
PER_DOCUMENT = 3

# Company families: products that share a policy or an owner. A service of a family any of whose
# members is in pairs.csv or cases.jsonl is not eligible. Matching is by exact name or prefix.
FAMILIES = {
    "OpenAI": ["ChatGPT", "OpenAI", "DALL·E"],
    "ByteDance": ["TikTok", "Doubao"],
    "Alphabet": ["Google", "Gmail", "Blogger", "Chrome", "YouTube", "Youtube", "AdMob", "AdSense", "Local Guides",
                 "Optimize", "Reserve with Google", "Stadia", "Waze", "Play"],
    "Amazon": ["Amazon", "Alexa", "Twitch", "IMDb", "Goodreads", "Amazon.com"],
    "Apple": ["Apple", "App Store", "iCloud"],
    "Meta": ["Facebook", "Instagram", "WhatsApp", "Threads", "Meta AI", "CrowdTangle", "Llama API"],
    "Microsoft": ["Microsoft", "Bing", "MSN", "Skype", "LinkedIn", "GitHub", "GitHub Copilot", "Blizzard"],
    "Automattic": ["WordPress.com", "WordPress.org", "WordPress Foundation", "Tumblr", "Gravatar"],
    "Mozilla": ["Firefox", "Mozilla", "Thunderbird", "MDN Plus"],
    "Proton": ["Proton", "ProtonMail", "ProtonVPN"],
    "Match Group": ["Tinder", "Match", "OkCupid"],
    "Bumble": ["Bumble", "Badoo"],
    "IKEA": ["Ikea", "IKEA"],
    "Tencent": ["WeChat", "Tencent"],
    "Hearst": ["Womans Day", "Hearst.com"],
    "Verizon": ["Verizon", "Visible", "Yahoo"],
    "Comcast": ["Xfinity"],
    "Alibaba": ["Alibaba.com", "AliExpress", "Qwen Chat"],
    "Sony": ["Crunchyroll", "sony.com", "PlayStation Network"],
    "Roblox": ["Roblox", "Guilded"],
    "Outbrain/Teads": ["Outbrain", "Teads"],
    "Mistral": ["Le Chat", "Vibe", "Mistral AI"],
    "X": ["X", "Twitter", "Grok", "xAI"],
    "Rakuten": ["Rakuten", "Viber"],
    "Snap": ["Snapchat"],
    "Epic": ["ArtStation", "Sketchfab"],
    "Bending Spoons": ["Vimeo", "WeTransfer", "Meetup", "Evernote"],
    "Atlassian": ["Atlassian", "Arc"],
    "Hygraph": ["Hygraph", "GraphCMS"],
}
NOT_SERVICES = {".github"}

AI = re.compile(r"\b(AI|A\.I\.|artificial[ -]intelligence|machine[ -]learning|ML|generative|GenAI|gen AI|LLMs?|"
                r"(large )?language models?|neural|deep learning|chatbots?|(AI|ML) models?|"
                r"train(s|ed|ing)? (of |our |the |its |their )?(AI|ML|machine|models?|algorithms?)|"
                r"model training|intelligence artificielle|KI)\b", re.IGNORECASE)
AI_CASED = re.compile(r"\b(AI|A\.I\.|ML|GenAI|LLMs?|KI)\b")
AI_WORDS = re.compile(r"\b(artificial[ -]intelligence|machine[ -]learning|generative|gen AI|(large )?language models?|"
                      r"neural|deep learning|chatbots?|train(s|ed|ing)? (of |our |the |its |their )?"
                      r"(AI|ML|machine|models?|algorithms?)|model training|intelligence artificielle)\b", re.IGNORECASE)
MODEL = re.compile(r"\b(models?|algorithm\w*|automat\w+|train(s|ed|ing)?|machine)\b", re.IGNORECASE)


def mentions_ai(text: str) -> bool:
    return bool(AI_CASED.search(text) or AI_WORDS.search(text))


def used_services() -> set[str]:
    rows = csv.DictReader((HERE / "pairs.csv").open(encoding="utf-8"))
    # the splits that existed when held-out-2 was drawn (later splits, such as held-out-3, must not change its draw)
    used = {row["service"] for row in rows if row["split"] in ("dev", "held-out")}
    for line in (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            used.add(json.loads(line)["path"].split("/")[0])
    return used


def family(service: str) -> str | None:
    for name, members in FAMILIES.items():
        for member in members:
            if service.casefold() == member.casefold() or service.casefold().startswith(member.casefold() + " "):
                return name
    return None


def eligible(service: str, used: set[str]) -> bool:
    if service in NOT_SERVICES or service.casefold() in {u.casefold() for u in used}:
        return False
    home = family(service)
    return home is None or not any(family(u) == home for u in used)


def services_in(clone: Path) -> set[str]:
    out = subprocess.run(["git", "-C", str(clone), "log", "--format=", "--name-only", "--diff-filter=A"],  # noqa: S603, S607
                         capture_output=True, text=True, check=True).stdout
    return {line.split("/")[0] for line in out.splitlines() if "/" in line}


def changes(clone: Path, services: list[str]):
    """Yield (new_commit, date, document, removed lines, added lines) for every modification."""
    command = ["git", "-C", str(clone), "-c", "core.quotepath=off", "log", "-p", "-U0", "--no-renames",
               "--diff-filter=M", "--no-color", "--format=commit %H %ad", "--date=short", "--",
               *[f"{s}/" for s in sorted(services)]]
    yield from patch_log(command)


def patch_log(command: list[str]):
    """Yield (new_commit, date, document, removed lines, added lines) from a `git log -p -U0 --format=commit %H %ad`."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE)  # noqa: S603
    commit = date = None
    current: list = [None, [], []]  # document, removed, added
    for raw in process.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        header = line.split()
        if line.startswith(("commit ", "diff --git ")) and current[0]:
            yield commit, date, *current
        if line.startswith("commit ") and len(header) == 3 and len(header[1]) == 40:
            _, commit, date = header
            current = [None, [], []]
        elif line.startswith("diff --git "):
            current = [None, [], []]
        elif line.startswith("+++ b/"):
            current[0] = line[6:].rstrip("\t")
        elif current[0] and line[:1] in "-+" and not line.startswith(("--- ", "+++ ")):
            current[1 if line[0] == "-" else 2].append(line[1:])
    if current[0]:
        yield commit, date, *current
    process.wait()


def stratum(removed: list[str], added: list[str], max_lines: dict[str, int] = MAX_LINES) -> str | None:
    """The stratum of a change, or None; `max_lines` caps the size of an `ai` and a `model` change."""
    changed = [line for line in removed + added if line.strip()]
    size = len(removed) + len(added)
    if not changed:
        return None
    text = "\n".join(changed)
    if mentions_ai(text):
        return "ai" if size <= max_lines["ai"] else None
    if MODEL.search(text):
        return "model" if size <= max_lines["model"] else None
    return "small" if size <= SMALL_LINES else None


def previous_commit(clone: Path, commit: str, document: str) -> str | None:
    out = subprocess.run(["git", "-C", str(clone), "log", "-2", "--format=%H", commit, "--", document],  # noqa: S603, S607
                         capture_output=True, text=True, check=True).stdout.split()
    if len(out) != 2 or out[0] != commit:
        return None
    exists = subprocess.run(["git", "-C", str(clone), "cat-file", "-e", f"{out[1]}:{document}"],  # noqa: S603, S607
                            capture_output=True)
    return out[1] if exists.returncode == 0 else None


def draw(rng: random.Random, pool: list[tuple], quota: int, cap: int, clone_of: dict, per_document: dict,
         drawn: set) -> list[tuple]:
    """Up to `quota` changes of one stratum, at most `cap` per service and PER_DOCUMENT per document."""
    candidates_of_kind = sorted(pool)
    rng.shuffle(candidates_of_kind)
    per_service: dict[str, int] = defaultdict(int)
    chosen = []
    for repository, document, commit, date in candidates_of_kind:
        service = document.split("/")[0]
        if len(chosen) >= quota or per_document[(repository, document)] >= PER_DOCUMENT \
                or per_service[service] >= cap or (repository, document, commit) in drawn:
            continue
        old = previous_commit(clone_of[repository], commit, document)
        if old is None:
            continue
        drawn.add((repository, document, commit))
        per_document[(repository, document)] += 1
        per_service[service] += 1
        chosen.append((repository, document, old, commit, date, service))
    return chosen


def main(clones: Path, seed: int) -> None:
    used = used_services()
    rng = random.Random(seed)
    per_document: dict[tuple, int] = defaultdict(int)
    drawn: set[tuple] = set()
    chosen = []
    for number, (repositories, quota, per_service_cap) in enumerate(BATCHES, 1):
        candidates: dict[str, list[tuple]] = defaultdict(list)
        clone_of = {}
        for repository in repositories:
            clone = clone_of[repository] = find_clone(clones, repository)
            services = sorted(s for s in services_in(clone) if eligible(s, used))
            for commit, date, document, removed, added in changes(clone, services):
                kind = stratum(removed, added)
                if kind:
                    candidates[kind].append((repository, document, commit, date))
        for kind in ("ai", "model", "small"):
            taken = draw(rng, candidates[kind], quota[kind], per_service_cap[kind], clone_of, per_document, drawn)
            chosen += [(*row, kind, number) for row in taken]
            print(f"batch {number} stratum {kind}: {len(candidates[kind])} candidate changes, {len(taken)} chosen",
                  file=sys.stderr)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["repository", "document", "old_commit", "new_commit", "date", "service", "stratum", "batch"])
    writer.writerows(sorted(chosen, key=lambda row: (row[7], row[5].casefold(), row[1], row[4], row[3])))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else SEED)
