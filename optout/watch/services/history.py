"""Importing years of versions: an Open Terms Archive git repository, or a folder of dated files."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from optout.lib.cli import counted

from ..models import WatchedDocument
from ..normalise import normalise, text_hash
from ..textfiles import MAX_BYTES, UnreadableText, decode, read
from .documents import NotWatched, sync_documents, watched_platform
from .versions import IMPORTED, compare_again, store_version


class HistoryImportError(ValueError):
    """A history that cannot be imported; the message says why."""


class _NoArchive(HistoryImportError):
    """A git repository that does not hold the documents asked for where Open Terms Archive keeps them."""


class _HeldAnotherText(HistoryImportError):
    """A version dated as one optout holds, with another text: a corrected file, or an archive whose history
    was rewritten."""


def _git(path, *args) -> bytes:
    """Git's output as bytes: each version is decoded on its own, as `watch compare` decodes a file (an archive
    may hold a text saved in Windows' encoding)."""
    import subprocess

    result = subprocess.run(["git", "-C", str(path), *args], capture_output=True, check=False)
    if result.returncode != 0:
        raise HistoryImportError(result.stderr.decode(errors="replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def _git_lines(path, *args) -> list[str]:
    return _git(path, *args).decode(errors="replace").splitlines()


def _ota_path(document: WatchedDocument) -> str:
    """Open Terms Archive keeps `<Service>/<Terms type>.md`; our titles are `<Service>: <Terms type>`."""
    service, _, term = document.title.partition(": ")
    return f"{service}/{term}.md"


def _text(raw: str, name: str) -> str:
    """The normalised text of the version read from `name`. An empty one is refused: stored, it was judged
    against the version before as a page that lost every sentence (about AI too), and the next version,
    fetched or imported, as a page whose every sentence was new, and alerted people."""
    text = normalise(raw)
    if not text.strip():
        raise HistoryImportError(f"{name} is empty: optout imports no version without text (it would read as a page "
                                 "that lost all it said).")
    return text


def _import_versions(document: WatchedDocument, versions, skipped: dict[str, int]) -> int:
    """Store dated texts (when, normalised text, where it was read) oldest first, each classified against the
    version before it, whether stored by this import or earlier (an import run again after new commits
    continues the history); no alerts for the past. A text the same as the version before it is not stored
    again; one that follows a version optout fetched is technical (see below).

    Imported history fills the time optout's own checks do not cover: before its first reading of the
    page, and after its latest good check. A text dated between them is left out (counted in `skipped`):
    optout's checks cover that time, and their alerts went out against the versions they found. A text inserted
    before a version is that version's new previous one: the later version is compared with it again."""
    held: dict[dt.datetime, set[str]] = {}
    for when, digest in document.versions.values_list("created_at", "text_hash"):
        held.setdefault(when, set()).add(digest)
    own = document.versions.exclude(source="import").order_by("created_at", "id")
    first_own, last_own = own.first(), own.last()
    if first_own is not None:  # checks that found the page unchanged cover the time after optout's latest version too
        read = document.fetches.exclude(outcome="error").order_by("-at").values_list("at", flat=True).first()
        checked = document.last_checked_at if not document.last_error else None
        covered = (first_own.created_at, max(filter(None, [last_own.created_at, read, checked])))
    added = 0
    for when, text, name in sorted(versions, key=lambda item: item[0]):
        if first_own is not None and covered[0] <= when <= covered[1]:
            skipped[str(document)] = skipped.get(str(document), 0) + 1
            continue
        digest = text_hash(text)
        if digest in held.get(when, ()):
            continue
        if when in held:
            # A corrected file imported again: stored beside the first, both were compared with the same
            # version before, and the wrong text stayed in the history.
            raise _HeldAnotherText(f"{name}: optout already holds a version of {document} dated "
                                   f"{when.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC with another text. optout "
                                   "does not replace a version it holds, and has no command to remove one.")
        previous = document.versions.filter(created_at__lt=when).order_by("-created_at", "-id").first()
        if previous is not None and previous.text_hash == digest:
            continue
        # Against a text optout read itself, the differences may be the two readings': a technical version.
        technical = previous is not None and previous.extraction != IMPORTED
        version = store_version(document, text, digest, when, source="import", previous=previous,
                                technical=technical, extraction=IMPORTED)
        following = document.versions.filter(created_at__gt=when).order_by("created_at", "id").first()
        if following is not None and following.changed_from_id == (previous.id if previous else None):
            compare_again(following, version)
        added += 1
    latest = document.latest
    if added and latest is not None and latest.source == "import":
        # The next fetched page will be read by optout, not by the archive: that difference is not the platform's.
        document.extraction = IMPORTED
        document.save(update_fields=["extraction"])
    return added


# No web page's policy is older: a version dated before is a wrong clock (1970-01-01 is a clock reset) or a typo.
_WEB_POLICIES = dt.datetime(1994, 1, 1, tzinfo=dt.UTC)


def _git_versions(root, target: str, notes: list[str]) -> list[tuple[dt.datetime, str, str]]:
    """Every committed text of `target`, dated; the commits that deleted it (a document the archive
    stopped tracking for a while) have no text and are left out. So is a version that is no text (a
    symbolic link, a binary file), empty, larger than optout reads or dated by a wrong clock, named in `notes`:
    a past commit cannot be corrected, and refused it stopped every import of the archive."""
    versions = []
    now = timezone.now()
    try:
        log = _git_lines(root, "log", "--reverse", "--format=%H %cI", "--diff-filter=ACMRT", "--", target)
    except HistoryImportError as exc:
        raise HistoryImportError(f"{target}: {exc}.") from exc
    for line in log:
        sha, when = line.split(" ", 1)
        at, name = dt.datetime.fromisoformat(when), f"{target} in commit {sha[:12]}"
        try:
            if at > now:
                # Stored as of then, it would stay the latest version, and every check would be compared with it.
                raise _LeftOut(f"is dated {when}, after now: its computer's clock was wrong, and optout cannot "
                               "place it in the history")
            if at < _WEB_POLICIES:
                # A computer whose clock was reset dates its commits 1970-01-01: stored, it would open the history.
                raise _LeftOut(f"is dated {when}, before {_WEB_POLICIES.year}, when no policy was yet on the web: its "
                               "computer's clock was wrong, and optout cannot place it in the history")
            text = normalise(decode(_git_blob(root, sha, target), name))
            if not text.strip():
                raise _LeftOut("is empty (stored, it would read as a page that lost all it said)")
        except (UnreadableText, _LeftOut) as exc:
            notes.append(f"optout left out {name} ({when[:10]}): it {exc.why}. A past commit cannot be corrected: the "
                         "version after it is compared with the one before it.")
            continue
        except HistoryImportError as exc:
            raise HistoryImportError(f"{name}: {exc}.") from exc
        versions.append((at, text, name))
    return versions


class _LeftOut(Exception):
    """A version of a git archive that is not imported, and why (the reason alone, as UnreadableText.why)."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


_NO_TEXT = {"120000": "is a symbolic link (a pointer to another file), not a text",
            "160000": "is a link to another git repository (a submodule), not a text",
            "040000": "is a folder, not a text"}


def _git_blob(root, sha: str, target: str) -> bytes:
    """The bytes of `target` in commit `sha`. Its kind and size are read first, in one call: a symbolic link's
    bytes are the path it points to (/etc/passwd), and `git cat-file` would load a version of any size into
    memory."""
    entry = _git(root, "ls-tree", "-l", "-z", sha, "--", target).split(b"\0")[0]
    if not entry:
        raise HistoryImportError("git finds no such file in that commit")
    mode, kind, blob, size = entry.partition(b"\t")[0].decode().split()
    if mode in _NO_TEXT or kind != "blob":
        why = _NO_TEXT.get(mode, f"is a git {kind}, not a text")
        raise UnreadableText(why, why)
    if not size.isdigit():  # git prints "BAD" when the object is missing: a damaged or partial copy
        raise HistoryImportError("git cannot read this version: the copy of the repository may be damaged or "
                                 "incomplete (`git fsck` says more)")
    if int(size) > MAX_BYTES:
        raise _LeftOut(f"is {int(size) / (1024 * 1024):.0f} MB, larger than the {MAX_BYTES // (1024 * 1024)} MB "
                       "optout reads")
    return _git(root, "cat-file", "blob", blob)


def _kept(counts: dict[str, int]) -> str:
    """What an import that stopped has kept, for its message: each document is imported whole or not at all."""
    added = sum(counts.values())
    if not added:
        return " Nothing was imported."
    if added == 1:
        return " The version imported before it is kept; the import skips it when run again."
    return f" The {counted(added, 'version')} imported before it are kept; the import skips them when run again."


def _documents(platform: str | None, document: str | None) -> list[WatchedDocument]:
    """The documents an import is for. A platform or document optout does not watch is refused: importing
    nothing of it would look like a history with no versions."""
    if document and not platform:
        raise HistoryImportError(f"Name the platform too, with --platform: --document alone does not say whose "
                                 f"{document} to import.")
    documents = WatchedDocument.objects.filter(active=True)
    if platform:
        try:
            documents = documents.filter(platform=watched_platform(platform))
        except NotWatched as exc:
            raise HistoryImportError(str(exc)) from exc
    if document:
        documents = documents.filter(doc_id=document)
        if not documents.exists():
            raise HistoryImportError(f"optout does not watch {platform}/{document}; 'optout watch status --platform "
                                     f"{platform}' lists the documents of {platform} it watches.")
    return list(documents)


def _import_git(root, platform: str | None, document: str | None, progress, skipped, notes) -> dict[str, int]:
    counts: dict[str, int] = {}
    documents = _documents(platform, document)
    try:  # NUL-separated: git would quote a name with letters outside ASCII, and it would never match
        files = set(_git(root, "ls-tree", "-r", "-z", "--name-only", "HEAD").decode(errors="replace").split("\0"))
    except HistoryImportError as exc:  # no commit yet: no archive either (a person's folder may be read as one)
        raise _NoArchive(f"{root} is a git repository optout cannot read a latest version from (it may have no "
                         f"commit yet); git said: {exc}") from exc
    wanted = [(item, _ota_path(item)) for item in documents]
    if platform and not any(target in files for _item, target in wanted):
        named = f"{platform}/{document}" if document else f"the documents of {platform}"
        raise _NoArchive(f"{root} holds no {' or '.join(target for _item, target in wanted)}, where Open Terms "
                         f"Archive keeps {named}.")
    if not any(target in files for _item, target in wanted):
        raise _NoArchive(f"{root} holds none of the documents optout watches where Open Terms Archive keeps them "
                         "(<Service>/<Terms type>.md, such as 'LinkedIn/Privacy Policy.md'): is it a copy of one of "
                         "its versions repositories, such as pga-versions?")
    if _git_lines(root, "rev-parse", "--is-shallow-repository") == ["true"]:
        # Imported as it is, the history would start at the oldest commit the clone holds, and nothing would say so.
        notes.append(f"{root} is a shallow clone (made with --depth): it holds only the latest commits, so the "
                     f"history imported starts at the oldest of them. To import the versions before it, run "
                     f"`git -C {root} fetch --unshallow`, then this import again.")
    for item, target in wanted:
        if target not in files:
            continue
        try:
            versions = _git_versions(root, target, notes)
            with transaction.atomic():
                counts[str(item)] = _import_versions(item, versions, skipped)
        except (HistoryImportError, UnreadableText) as exc:
            # Run again, the import stops at the same version: naming the others is how to get past it.
            others = "" if document else " To import the documents after it, name each with --platform and --document."
            raise HistoryImportError(f"{exc}{_kept(counts)}{others}") from exc
        if progress:
            progress(item)
    return counts


# A version's file name: its date as 2024-06-01 or 20240601, not followed by another digit (202406011 is no
# date), then anything. A file is read only if its name ends in .md, in any case (Windows may save .MD).
_DATED = re.compile(r"(?P<date>(\d{4})(-?)(\d{2})\3(\d{2}))(?!\d)(?P<rest>.*)", re.S)
_ORDER_PARTS = re.compile(r"(\d+)|([^\W\d_]+)")


def _dated(name: str) -> tuple[dt.date, tuple] | None:
    """The date the name of an .md file starts with, and the file's place among those of that day: the name
    with nothing after the date first, then by what follows it, numbers by value (-2 before -10) and before
    words; None for a name that starts with no date. A date that is not in the calendar (2024-02-30) is refused."""
    match = _DATED.match(name[:-len(".md")])
    if match is None:
        return None
    _date, year, _separator, month, day, _rest = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise HistoryImportError(f"{name}: {match['date']} is not a real date (the name must start with the day the "
                                 "version was published).") from exc
    parts = _ORDER_PARTS.findall(match["rest"].casefold())
    return date, tuple((0, int(number)) if number else (1, word) for number, word in parts)


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:5])
    return shown if len(names) <= 5 else f"{shown} and {len(names) - 5} more"


def _visible_files(root: Path) -> list[Path]:
    # Not .git, nor the ._ copies macOS leaves on shared drives.
    return sorted(file for file in root.iterdir() if not file.name.startswith("."))


def _is_markdown(file: Path) -> bool:
    return file.name.lower().endswith(".md")


def _entries(root: Path) -> tuple[list, list[str], list[str], list[str], list[str]]:
    """What a folder holds: its dated .md files, (date, place in its day, path); the names of the dated files
    that do not end in .md, of the .md files that start with no date, of the hidden .md files and of the folders.
    The hidden entries that are no version (.git, .DS_Store, the ._ copies macOS leaves on shared drives) are
    not listed."""
    files, ignored, undated, hidden, folders = [], [], [], [], []
    for file in sorted(root.iterdir()):
        if file.is_dir():
            if not file.name.startswith("."):
                folders.append(file.name)
        elif file.name.startswith("."):
            if _is_markdown(file) and not file.name.startswith("._"):
                hidden.append(file.name)
        elif not _is_markdown(file):
            if _DATED.match(file.name):
                ignored.append(file.name)
        elif (dated := _dated(file.name)) is None:
            undated.append(file.name)
        else:
            files.append((*dated, file))
    return files, ignored, undated, hidden, folders


def _unseen(root: Path, hidden: list[str], folders: list[str]) -> list[str]:
    """The notes that name the hidden .md files and the folders: optout reads neither."""
    notes = [f"optout left out {_listed(hidden)}: a name that starts with a dot hides a file, and optout does not "
             "read hidden files. To import one, remove the dot from its name."] if hidden else []
    if folders:
        notes.append(f"optout left out the {'folder' if len(folders) == 1 else 'folders'} {_listed(folders)}: it "
                     f"reads only the files in {root} itself, not those in folders inside it.")
    return notes


def _dated_files(root: Path, notes: list[str]) -> list[tuple[dt.date, tuple, Path]]:
    """The .md files of a folder, (date, place in its day, path) in the order of their versions; the files
    left out are named in `notes`."""
    files, ignored, undated, hidden, folders = _entries(root)
    _refuse_outside(root, [file for _day, _order, file in files])
    # A dated file saved as .txt or .docx left out in silence would be a version missing from the history.
    unread = f"optout reads only files whose names end in .md: it did not read {_listed(ignored)}." if ignored else ""
    naming = "file names must start with the version's date, as in 2024-06-01.md, 2024-06-01-2.md or 20240601.md."
    unseen = _unseen(root, hidden, folders)
    if not files:
        notes.extend(unseen)
        if undated:
            raise HistoryImportError(f"{root} holds no .md file named after a date (it holds {_listed(undated)}): "
                                     f"{naming}{' ' if unread else ''}{unread}")
        raise HistoryImportError(f"{root} holds no .md files.{' ' if unread else ''}{unread}")
    if unread:
        notes.append(unread)
    if undated:
        # Almost every folder kept under git has a README; a version whose name lost its date must not go
        # missing from the history without a word, so each file left out is named.
        notes.append(f"optout left out {_listed(undated)}: only .md files whose names start with a date are read as "
                     "versions (2024-06-01.md, 2024-06-01-2.md or 20240601.md).")
    notes.extend(unseen)
    files.sort(key=lambda entry: entry[:2])
    _refuse_unordered(files)
    return files


def _refuse_outside(root: Path, files: list[Path]) -> None:
    """Files that are symbolic links to files outside the folder are refused, each named with where it leads:
    imported, a file the person did not mean to give (/etc/passwd, another person's folder) was published as a
    version of the policy. A link to a file inside the folder is read."""
    outside = []
    for file in files:
        if not file.is_symlink():
            continue
        try:
            target = file.resolve(strict=False)
        except (OSError, RuntimeError) as exc:  # a link that leads back to itself
            raise HistoryImportError(f"{file.name} is a symbolic link that optout cannot follow to a file.") from exc
        if not target.is_relative_to(root.resolve()):
            outside.append((file.name, target))
    if len(outside) == 1:
        [(name, target)] = outside
        raise HistoryImportError(f"{name} is a symbolic link to {target}, outside {root}: optout imports only the "
                                 "files in the folder it is given. Put a copy of the file in the folder in place of "
                                 "the link, if it is a version of the policy.")
    if outside:
        names = [name for name, _target in outside]
        where = ", ".join(f"{name} to {target}" for name, target in outside)
        raise HistoryImportError(f"{', '.join(names[:-1])} and {names[-1]} are symbolic links to files outside {root} "
                                 f"({where}): optout imports only the files in the folder it is given. Put a copy of "
                                 "each file in the folder in place of its link, if it is a version of the policy.")


def _refuse_unordered(files: list[tuple[dt.date, tuple, Path]]) -> None:
    for (day, order, file), (next_day, next_order, next_file) in itertools.pairwise(files):
        if (day, order) == (next_day, next_order):
            raise HistoryImportError(f"{file.name} and {next_file.name} are both of {day}, and their names do not say "
                                     f"which came first: name them {day}.md, {day}-2.md, and so on, in the order they "
                                     "were published.")


def _folder_files(root, notes: list[str]) -> list[tuple[dt.date, tuple, str, str]]:
    """The files of a folder read: (day, place in its day, name, text), in the order of their versions."""
    files = []
    today = timezone.localdate()
    for day, order, file in _dated_files(root, notes):
        if day > today:
            # Stored as of now, it would become the latest version, and every check would be compared with it.
            raise HistoryImportError(f"{file.name} is dated {day}, after today ({today}): a file must be named after "
                                     "the day its version was published.")
        if day < _WEB_POLICIES.date():
            raise HistoryImportError(f"{file.name} is dated {day}, before {_WEB_POLICIES.year}, when no policy was yet "
                                     "on the web: a file must be named after the day its version was published.")
        files.append((day, order, file.name, _text(read(file), file.name)))
    return files


_LAST_SECOND = 43199  # after noon UTC: 23:59:59, still the file's day in UTC
_SECOND = dt.timedelta(seconds=1)


def _seconds_after_noon(orders: list[tuple]) -> list[int]:
    """Where the files of one day go, in seconds after noon UTC (noon UTC is the file's day from UTC-11 to
    UTC+11, wherever the page is read). The name says it where it can, so that a file keeps its time when others
    of its day are added or removed: none for the name with nothing after the date, n for a number alone after
    it (2024-06-01-2.md: 2). Any other name takes the second after the file before it."""
    seconds, last = [], -1
    for order in orders:
        number = order[0][1] if len(order) == 1 and order[0][0] == 0 else 0
        last = max(number if 0 < number <= _LAST_SECOND else 0, last + 1)
        seconds.append(last)
    if last > _LAST_SECOND:
        raise HistoryImportError("A day has more files than optout can place a second apart on it.")
    return seconds


def _spread(lower, upper, count: int, now: dt.datetime) -> list[dt.datetime]:
    """Times for `count` files between the versions held for the files around them (None: no such file),
    never after now."""
    if upper is not None and lower is None:
        return [upper - (count - index) * _SECOND for index in range(count)]
    if upper is not None:
        step = (upper - lower) / (count + 1)
        return [lower + step * (index + 1) for index in range(count)]
    if lower is None:
        return [now - (count - 1 - index) * _SECOND for index in range(count)]
    if lower + count * _SECOND <= now:
        return [lower + (index + 1) * _SECOND for index in range(count)]
    step = (now - lower) / count
    return [lower + step * (index + 1) for index in range(count)]


def _window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The times a file of `day` may have been given: its day in UTC, from the start of that day where optout
    runs if earlier (before noon UTC, a file dated today was stored as of the moment it was imported)."""
    return (min(dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC),
                timezone.make_aware(dt.datetime.combine(day, dt.time(0)))),
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC))


def _held_files(imported, days) -> tuple[dict[tuple[int, int], dt.datetime | None], set[dt.datetime]]:
    """The files whose text optout imported on their day: (day, place in it) → the time of that version, or
    None when it is held before the file before it (then it places nothing); and the times of the imported
    versions no file has the text of. Each version is one file's."""
    claimed: set[int] = set()
    found: dict[tuple[int, int], dt.datetime | None] = {}
    for index, (day, group) in enumerate(days):
        start, end = _window(day)
        ofday = [version for version in imported if start <= version[1] < end]
        last = None
        for place, (_day, _order, _name, text) in enumerate(group):
            digest = text_hash(text)
            same = [version for version in ofday if version[2] == digest and version[0] not in claimed]
            after = [version for version in same if last is None or version[1] > last]
            if same:
                claimed.add((after or same)[0][0])
                found[index, place] = last = after[0][1] if after else None
    return found, {when for key, when, _digest in imported if key not in claimed}


def _new_versions(document: WatchedDocument, files, now: dt.datetime) -> list[tuple[dt.datetime, str, str]]:
    """The versions of a folder's files that optout does not hold yet, each placed among the versions it holds.

    A file is known by its text among the versions imported on its day, not by its time: an import run again
    after files of a day were added or removed, after noon on a day whose files were imported in the morning,
    or over a history imported when times went by a file's place among the files of its day (12:00:00, then a
    second later each), skips the files it imported. A file whose text optout does not hold is refused when,
    between the versions held for the files before and after it, optout holds an imported version whose text no
    file of the folder has any more: that file was changed (see _HeldAnotherText). Any other is placed by its
    name, between those versions, never after now."""
    imported = list(document.versions.filter(source="import").order_by("created_at", "id")
                    .values_list("id", "created_at", "text_hash"))
    held = set(document.versions.values_list("created_at", flat=True))
    days = [(day, list(group)) for day, group in itertools.groupby(files, key=lambda entry: entry[0])]
    found, orphans = _held_files(imported, days)
    versions = []
    for index, (day, group) in enumerate(days):
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        slots = [noon + seconds * _SECOND for seconds in _seconds_after_noon([entry[1] for entry in group])]
        lower, place = None, 0
        while place < len(group):
            if (index, place) in found:
                lower = found[index, place] or lower
                place += 1
                continue
            run = place
            while run < len(group) and found.get((index, run)) is None:
                run += 1
            new = [at for at in range(place, run) if (index, at) not in found]
            upper = found[index, run] if run < len(group) else None
            # Where these files go, optout holds a version no file has the text of: a file changed since it
            # was imported (or removed while another was added: which, only the person knows).
            start, end = _window(day)
            if changed := sorted(when for when in orphans if (lower or start) <= when < (upper or end) and when != lower):
                at = min(new, key=lambda at: abs(slots[at] - changed[0]))
                raise _HeldAnotherText(
                    f"{group[at][2]}: optout holds a version of {document} dated "
                    f"{changed[0].astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC whose text no file in the folder has any "
                    f"more (its file was changed or removed), where {group[at][2]} would go. optout does not replace "
                    "a version it holds, and has no command to remove one.")
            times = _times([slots[at] for at in new], lower, upper, held,
                           now, f"{group[new[0]][2]}: optout finds no moment of {day} free to place it between the "
                           "versions it holds for the files around it.")
            versions.extend((when, group[at][3], group[at][2]) for when, at in zip(times, new, strict=True))
            lower, place = times[-1], run
    return versions


def _times(wanted: list[dt.datetime], lower, upper, held: set, now: dt.datetime, refusal: str) -> list[dt.datetime]:
    """The times the names ask for, if they fit between the versions around them and are not past; else
    times spread between those versions."""
    def fits(times):
        return (times[-1] <= now and (upper is None or times[-1] < upper) and not held.intersection(times)
                and all(first < second for first, second in itertools.pairwise([lower, *times]) if first))

    if fits(wanted):
        return wanted
    spread = _spread(lower, upper, len(wanted), now)
    if not fits(spread):
        raise HistoryImportError(refusal)
    return spread


def _import_folder(root, platform: str | None, document: str | None, skipped, notes) -> dict[str, int]:
    if not (platform and document):
        raise HistoryImportError("For a folder of files, name the document with --platform and --document.")
    [item] = _documents(platform, document)
    try:
        files = _folder_files(root, notes)
    except (HistoryImportError, UnreadableText) as exc:
        raise HistoryImportError(f"{exc}{_kept({})}") from exc
    try:
        with transaction.atomic():
            return {str(item): _import_versions(item, _new_versions(item, files, timezone.now()), skipped)}
    except _HeldAnotherText as exc:
        raise HistoryImportError(f"{exc} To import the other files, give that version's file back the text it had "
                                 f"when it was imported, or move the file named here out of the folder.{_kept({})}") \
            from exc
    except HistoryImportError as exc:
        raise HistoryImportError(f"{exc}{_kept({})}") from exc


def import_history(path, *, platform: str | None = None, document: str | None = None, progress=None,
                   skipped: dict[str, int] | None = None, notes: list[str] | None = None) -> dict[str, int]:
    """Import a git repository of Markdown versions (Open Terms Archive's layout) or a folder of dated files.
    Returns how many versions of each document were added; `skipped` gets how many were left out because
    optout's own checks cover their time, and `notes` what the person should know about what was read."""
    skipped = {} if skipped is None else skipped
    notes = [] if notes is None else notes
    root = Path(path)
    if not root.exists():
        raise HistoryImportError(f"{root} does not exist.")
    if root.is_file():
        raise HistoryImportError(f"{root} is a file. PATH is a folder holding one file per version, named after its "
                                 "date (2024-06-01.md), or a git repository of Open Terms Archive's versions.")
    sync_documents()
    if (root / ".git").exists() or ((root / "HEAD").exists() and (root / "objects").exists()):
        try:
            return _import_git(root, platform, document, progress, skipped, notes)
        except _NoArchive as exc:
            # A person may keep their own folder of dated files under git.
            dated = any(_is_markdown(file) and _DATED.match(file.name) for file in _visible_files(root))
            if not ((root / ".git").exists() and dated):
                raise
            if not (platform and document):
                raise HistoryImportError(f"{exc} It holds dated .md files: to import them as a folder of versions, "
                                         "name the document with --platform and --document.") from exc
            notes.append(f"{root} is a git repository without Open Terms Archive's layout: optout read its dated .md "
                         "files as a folder (the files as they are now, not their git history).")
    return _import_folder(root, platform, document, skipped, notes)
