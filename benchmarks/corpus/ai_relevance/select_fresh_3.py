"""Choose the pairs of the third fresh test split (`held-out-3`) from local clones of Open Terms Archive repositories.

    .venv/bin/python benchmarks/corpus/ai_relevance/select_fresh_3.py CLONES [--seed 2027] [--count] > candidates.csv

A sibling of select_fresh.py (which drew `held-out-2`), with the same strata and rules: every
modification of every document of an eligible service is read from `git log -p -U0` and put in one
stratum by its changed lines (`ai`, `model`, `small`: see select_fresh.py); at most PER_DOCUMENT changes
per document, a per-service cap, one seeded generator over the batches one after the other;
`old_commit` is the previous commit that touched the file before `new_commit`.

What differs from held-out-2:

- Eligible services appear NOWHERE in pairs.csv (any split, held-out-2 included) nor in cases.jsonl,
  and belong to no company family with a service there (select_fresh.FAMILIES plus MORE_FAMILIES,
  which names the owners of the services of the repositories new to the corpus).
- A service is drawn from one repository only: the first of REPOSITORIES that holds it (several
  collections track the same service; one copy of a change is enough).
- Only English versions: a change is kept when at least ENGLISH_SHARE of the words of its new version
  are common English words (the rest of the corpus is English; several collections are mostly French,
  German, Spanish or other languages, and some documents switch language between versions).

`--count` prints the candidate changes per repository, stratum and service instead of drawing.
Reads nothing but git; runs no classifier.
"""

from __future__ import annotations

import csv
import random
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from rebuild import find_clone  # noqa: E402
from select_fresh import (  # noqa: E402
    FAMILIES,
    NOT_SERVICES,
    changes,
    draw,
    stratum,
)

SPLIT = "held-out-3"
SEED = 2027
# In this order: a service found in several repositories is drawn from the first that holds it.
REPOSITORIES = (
    "OpenTermsArchive/pga-versions", "OpenTermsArchive/contrib-versions", "OpenTermsArchive/genai-eu-versions",
    "OpenTermsArchive/vlopses-us-versions", "OpenTermsArchive/genai-contrib-versions",
    "OpenTermsArchive/GenAI-versions", "OpenTermsArchive/dating-versions", "OpenTermsArchive/p2b-compliance-versions",
    "OpenTermsArchive/user-rights-versions", "OpenTermsArchive/france-versions",
    "OpenTermsArchive/france-elections-versions", "OpenTermsArchive/demo-versions",
)
# One batch over every repository: quota per stratum, cap per service and stratum.
# The eligible services hold few AI changes (22 candidates in all, see the README), so every one is
# taken (up to PER_DOCUMENT per document); `model` and `small` add hard and random negatives.
# `model` keeps changes of up to 100 changed lines here (held-out-2: 40), as the pool of hard negatives is small.
BATCHES = ((REPOSITORIES, {"ai": 1000, "model": 40, "small": 110}, {"ai": 1000, "model": 3, "small": 3}),)
MAX_LINES = {"ai": 1000, "model": 100}

ENGLISH_SHARE = 0.06
ENGLISH = re.compile(r"\b(the|and|of|to|you|your|we|our|is|are|with|for|this|that|or|by|may|will)\b", re.IGNORECASE)
WORD = re.compile(r"\w+")

# Owners of services of the repositories new to the corpus (dating, p2b-compliance, france, GenAI,
# demo), joined to the families of select_fresh.py when a sister is already in the corpus.
MORE_FAMILIES = {
    "Match Group": ["Meetic", "Hinge", "Plenty of Fish", "OurTime", "LoveScout24", "DisonsDemain", "Pairs"],
    "Spark Networks (Zoosk)": ["Zoosk", "ChristianMingle", "Jdate", "EliteSingles", "SilverSingles", "Christian Mingle"],
    "ParshipMeet (Tagged)": ["Tagged", "Parship", "eharmony", "LOVOO", "ElitePartner", "MeetMe", "Skout"],
    "Bumble": ["Bumble", "Badoo", "Fruitz"],
    "Amazon": ["Amazon", "Alexa", "Twitch", "IMDb", "Goodreads", "Amazon.com", "AbeBooks", "ZVAB",
               "Kindle Direct Publishing", "Audible", "Ring"],
    "Alphabet": ["Google", "Hotel Center by Google", "Merchant Center", "Local Services", "Places on Maps",
                 "Reserve with Google", "YouTube", "Waze", "Fitbit"],
    "Meta": ["Facebook", "Messenger", "Oculus", "Instagram", "WhatsApp", "Threads"],
    "Microsoft": ["Microsoft", "Xbox", "Bing", "LinkedIn", "GitHub"],
    "Verizon/Yahoo": ["Verizon", "Yahoo", "Yahoo!", "AOL"],
    "Epic": ["ArtStation", "Sketchfab", "Epic", "Fortnite", "Bandcamp"],
    "Snap": ["Snapchat", "Snap"],
    "X": ["X", "Twitter", "Grok", "xAI"],
    "Vinted": ["Vinted", "Videdressing"],
    "Etsy": ["Etsy", "Reverb", "Depop"],
    "Expedia": ["Expedia", "Expedia Partner Central", "Orbitz", "Vrbo", "Ebookers", "TRIVAGO", "Hotels.com"],
    # BudgetAir.fr's accommodation terms in p2b-compliance-versions are Booking.com's own terms.
    "Booking Holdings": ["Booking.com", "Agoda", "Kayak", "Priceline", "OpenTable", "Rentalcars", "BudgetAir.fr"],
    "Delivery Hero": ["foodora", "Foody", "Dame jidlo", "Hungry.dk", "GLOVO", "Glovo", "Talabat"],
    "Just Eat Takeaway": ["Lieferando.de", "Thuisbezorgd", "Just Eat"],
    "Uber": ["Uber", "Uber Eats", "Postmates"],
    "Aylo": ["Pornhub", "RedTube", "YouPorn"],
    "WGCZ": ["XVideos", "XNXX"],
    "Dotdash Meredith (IAC)": ["Allrecipes", "Myspace", "Ask.com"],
    "Bolt": ["Bolt", "Bolt Drivers"],
    "Rakuten": ["Rakuten", "Viber", "Kobo"],
    "Deliveroo/DoorDash": ["Deliveroo", "DoorDash", "Wolt"],
    # Tradera belonged to eBay until 2024, then to Vinted (both in the corpus).
    "eBay": ["eBay", "mobile.de", "Kleinanzeigen", "Tradera"],
    "Alibaba": ["Alibaba.com", "AliExpress", "Qwen Chat", "Alibaba"],
    "Baidu": ["Wenxinyiyan", "Baidu"],
    "Inditex": ["Zara", "Bershka"],
    "Volkswagen": ["SEAT CONNECT", "Skoda Connect"],
    "Orange": ["Orange", "Orange Money Europe", "Orange Money France"],
    "Vente-Privee": ["Veepee", "Privalia"],
    "Nissan": ["Nissan", "Nissan Connect"],
    "Fnac Darty": ["Darty", "Fnac"],
    "Cdiscount": ["Cdiscount"],
    "Rue du Commerce": ["RueduCommerce.fr", "Rue du Commerce", "RUE DU COMMERCE"],
    "Lufthansa": ["Austrian Airlines AG", "Brussels Airlines", "Lufthansa"],
    "Air France-KLM": ["Air France", "Transavia"],
    "Open Terms Archive": ["Open Terms Archive"],
    "Brevo (Sendinblue)": ["Sendinblue", "Brevo"],
}


def family(service: str) -> str | None:
    """The company family of a service (select_fresh.FAMILIES, then MORE_FAMILIES), or None."""
    folded = service.casefold().strip()
    for families in (FAMILIES, MORE_FAMILIES):
        for name, members in families.items():
            for member in members:
                if folded == member.casefold() or folded.startswith(member.casefold() + " "):
                    return MERGED.get(name, name)
    return None


# Families named in both tables with different keys are one family.
MERGED = {"Alibaba": "Alibaba", "Verizon/Yahoo": "Verizon", "Spark Networks (Zoosk)": "Spark Networks (Zoosk)"}


def used_services() -> set[str]:
    """Every service of pairs.csv (all splits but held-out-3) and cases.jsonl."""
    import json

    rows = csv.DictReader((HERE / "pairs.csv").open(encoding="utf-8"))
    used = {row["service"] for row in rows if row["split"] != SPLIT}
    for line in (HERE / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            used.add(json.loads(line)["path"].split("/")[0])
    return used


def eligible(service: str, used: set[str]) -> bool:
    if service in NOT_SERVICES or service.casefold().strip() in {u.casefold().strip() for u in used}:
        return False
    home = family(service)
    return home is None or not any(family(u) == home for u in used)


def services_in(clone: Path) -> set[str]:
    """The first folders of the repository, unquoted (select_fresh.services_in quotes names such as DALL·E)."""
    out = subprocess.run(["git", "-C", str(clone), "-c", "core.quotepath=off", "log", "--format=", "--name-only",  # noqa: S603, S607
                          "--diff-filter=A"], capture_output=True, text=True, check=True).stdout
    return {line.split("/")[0] for line in out.splitlines() if "/" in line}


def english(clone: Path, document: str, commit: str) -> bool:
    """Whether the version of `document` at `commit` is English (ENGLISH_SHARE of its words are common English words)."""
    text = subprocess.run(["git", "-C", str(clone), "show", f"{commit}:{document}"],  # noqa: S603, S607
                          capture_output=True).stdout.decode("utf-8", "replace")
    words = len(WORD.findall(text)) or 1
    return len(ENGLISH.findall(text)) / words >= ENGLISH_SHARE


def candidates(clones: Path, repositories: tuple[str, ...], used: set[str], taken_services: dict) -> tuple:
    pool: dict[str, list[tuple]] = defaultdict(list)
    clone_of = {}
    skipped = defaultdict(set)
    for repository in repositories:
        clone = clone_of[repository] = find_clone(clones, repository)
        services = []
        for service in sorted(services_in(clone)):
            if not eligible(service, used):
                continue
            if taken_services.setdefault(service, repository) != repository:
                skipped["tracked in an earlier repository"].add(service)
                continue
            services.append(service)
        if not services:
            continue
        for commit, date, document, removed, added in changes(clone, services):
            kind = stratum(removed, added, MAX_LINES)
            if not kind:
                continue
            if not english(clone, document, commit):
                skipped["not English"].add(f"{repository.split('/')[1]}:{document}")
                continue
            pool[kind].append((repository, document, commit, date))
    return pool, clone_of, skipped


def print_counts(pool: dict, skipped: dict) -> None:
    for kind in ("ai", "model", "small"):
        by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for repository, document, _commit, _date in pool[kind]:
            by[repository][document.split("/")[0]] += 1
        for repository, services in sorted(by.items()):
            print(f"{kind:5} {repository}: {sum(services.values())} changes, {len(services)} services: "
                  + ", ".join(f"{s} {n}" for s, n in sorted(services.items())))
    for reason, names in skipped.items():
        print(f"skipped ({reason}): {len(names)}: {', '.join(sorted(names))}")


def main(clones: Path, seed: int, count_only: bool) -> None:
    used = used_services()
    rng = random.Random(seed)
    per_document: dict[tuple, int] = defaultdict(int)
    drawn: set[tuple] = set()
    chosen = []
    taken_services: dict[str, str] = {}
    for number, (repositories, quota, per_service_cap) in enumerate(BATCHES, 1):
        pool, clone_of, skipped = candidates(clones, repositories, used, taken_services)
        if count_only:
            print_counts(pool, skipped)
            return
        for kind in ("ai", "model", "small"):
            taken = draw(rng, pool[kind], quota[kind], per_service_cap[kind], clone_of, per_document, drawn)
            chosen += [(*row, kind, number) for row in taken]
            print(f"batch {number} stratum {kind}: {len(pool[kind])} candidate changes, {len(taken)} chosen",
                  file=sys.stderr)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["repository", "document", "old_commit", "new_commit", "date", "service", "stratum", "batch"])
    writer.writerows(sorted(chosen, key=lambda row: (row[6], row[5].casefold(), row[1], row[4], row[3])))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else SEED,
         "--count" in sys.argv)
