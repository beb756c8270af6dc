"""Rebuild the full texts of every pair in pairs.csv from local clones of the Open Terms Archive repositories.

    git clone https://github.com/OpenTermsArchive/pga-versions        CLONES/pga-versions
    git clone https://github.com/OpenTermsArchive/contrib-versions    CLONES/contrib-versions
    git clone https://github.com/OpenTermsArchive/genai-eu-versions   CLONES/genai-eu-versions
    git clone https://github.com/OpenTermsArchive/vlopses-us-versions CLONES/vlopses-us-versions
    git clone https://github.com/OpenTermsArchive/genai-contrib-versions CLONES/genai-contrib-versions  (held-out-2, held-out-3)
    git clone https://github.com/OpenTermsArchive/dating-versions          CLONES/dating-versions          (held-out-3 only)
    git clone https://github.com/OpenTermsArchive/p2b-compliance-versions  CLONES/p2b-compliance-versions  (held-out-3 only)
    git clone https://github.com/OpenTermsArchive/france-versions          CLONES/france-versions          (held-out-3 only)
    git clone https://github.com/github/site-policy        CLONES/site-policy   (held-out-12: publishers' own histories)
    git clone https://github.com/Automattic/legalmattic    CLONES/legalmattic   (held-out-12)
    git clone https://github.com/mozilla/legal-docs        CLONES/legal-docs    (held-out-12)
    git clone https://github.com/duckduckgo/duckduckgo-help-pages CLONES/duckduckgo-help-pages  (held-out-13)
    git clone https://github.com/kagisearch/kagi-docs      CLONES/kagi-docs     (held-out-13)
    .venv/bin/python benchmarks/corpus/ai_relevance/rebuild.py CLONES

Writes texts.jsonl.gz next to this file (not kept in git: the documents belong to their publishers):
one line per pair with the two versions exactly as the archive recorded them (`git show
<commit>:<document>`). A bare clone works too, and so does a folder of `Owner+name/repo` mirrors.
"""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "pairs.csv"
TEXTS = HERE / "texts.jsonl.gz"


def key(row: dict) -> str:
    return f"{row['repository']}:{row['new_commit']}:{row['document']}"


def read_texts(rows: list[dict], path: Path = TEXTS) -> dict[str, tuple[str, str]]:
    """The two versions of each row asked for, by `key`. Each line this script writes starts with its key,
    so the lines of every other pair are skipped unparsed (a test split's texts are never read by
    accident). A missing file or pair stops with what to run."""
    if not path.exists():
        raise SystemExit(f"{path.name} is missing: run benchmarks/corpus/ai_relevance/rebuild.py CLONES first.")
    wanted = {'{"key": ' + json.dumps(key(row), ensure_ascii=False) + ", " for row in rows}
    texts = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line[: line.find(", ") + 2] in wanted:
                item = json.loads(line)
                texts[item["key"]] = (item["old"], item["new"])
    missing = [row for row in rows if key(row) not in texts]
    if missing:
        raise SystemExit(f"{path.name} lacks {len(missing)} of the {len(rows)} pairs asked for "
                         f"(first: {missing[0]['document']} {missing[0]['date']}): run rebuild.py again.")
    return texts


def find_clone(clones: Path, repository: str) -> Path:
    owner, name = repository.split("/")
    for candidate in (clones / name, clones / f"{owner}+{name}" / "repo", clones / f"{owner}+{name}", clones / f"{name}.git"):
        if candidate.exists():
            return candidate
    raise SystemExit(f"No clone of {repository} in {clones} (looked for {name}/, {owner}+{name}/repo).")


class Reader:
    """`git cat-file --batch` on one repository: many files without a process each."""

    def __init__(self, path: Path):
        self.process = subprocess.Popen(["git", "-C", str(path), "cat-file", "--batch"],  # noqa: S603, S607
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def show(self, commit: str, document: str) -> str:
        self.process.stdin.write(f"{commit}:{document}\n".encode())
        self.process.stdin.flush()
        header = self.process.stdout.readline().decode()
        if header.endswith("missing\n"):
            raise SystemExit(f"{commit}:{document} is missing from the clone (is it up to date?)")
        data = self.process.stdout.read(int(header.split()[2]))
        self.process.stdout.read(1)
        return data.decode("utf-8")


def main(clones: Path) -> None:
    rows = list(csv.DictReader(PAIRS.open(encoding="utf-8")))
    readers: dict[str, Reader] = {}
    with gzip.open(TEXTS, "wt", encoding="utf-8") as out:
        for row in rows:
            reader = readers.get(row["repository"])
            if reader is None:
                reader = readers[row["repository"]] = Reader(find_clone(clones, row["repository"]))
            old = reader.show(row["old_commit"], row["document"])
            new = reader.show(row["new_commit"], row["document"])
            out.write(json.dumps({"key": key(row), "old": old, "new": new}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pairs written to {TEXTS}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
