"""Protecting many files: finding them, writing copies (or, when asked, replacing originals atomically),
one clear outcome per file, on every core.

Pure module (no Django). An original is only ever replaced by `os.replace` of a complete, synced
new file, and only with `in_place`; everything else writes into the output folder.
"""

from __future__ import annotations

import dataclasses
import errno
import fnmatch
import mmap
import multiprocessing
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from optout.lib.i18n import Said
from optout.lib.i18n import gettext_noop as _

from . import formats
from .marks import FIELDS, BadImage, Found, Marks

PARALLEL_FROM = 16  # below this many files, starting worker processes costs more than it saves
CRASHED = _("the image library stopped while reading this file, so nothing was written for it; the file may be "
           "damaged or made to attack image software")
CREDENTIALS_BREAK = _("it has Content Credentials (C2PA), which will no longer verify after marking: they sign the file "
                      "as it was. To keep them, sign it with your own certificate (--sign-cert and --sign-key; on the "
                      "web page, your certificate and key): the old ones are then kept, still valid, as the history of "
                      "the new ones")
REPLACED = _("its %(field)s was “%(old)s”: replaced by yours (in every language the file had it in)")
LOCATION_KEPT = _("it keeps its location data (%(names)s): whoever gets the copy can read where it was taken. To leave "
                  "it out, mark it again with location data removed (--remove-location; on the web page, the box that "
                  "removes it)")
CREDENTIALS_IN_PLACE = _("it has Content Credentials (C2PA), which marking it in place would break for good: they "
                         "sign the file as it was. Not changed. Write a marked copy instead (--out), or sign it with "
                         "your own certificate (--sign-cert and --sign-key): the old ones are then kept, still valid, "
                         "as the history of the new ones")
CREDENTIALS_LOCATION = _("its Content Credentials (C2PA) record location data (%(names)s), which optout cannot remove "
                         "from them; not changed. Mark it without removing location, or remove its Content "
                         "Credentials first")


@dataclass
class Job:
    source: Path
    target: Path  # the file to write: the copy, the original (in place), or the sidecar


@dataclass
class Outcome:
    source: str
    status: str  # "ok" | "error"
    output: str = ""
    message: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Options:
    marks: Marks
    remove_location: bool = False
    in_place: bool = False
    overwrite: bool = False
    signer: object | None = None  # credentials.SigningKey, when signing
    uses: dict[str, str] = field(default_factory=dict)  # CAWG entry -> use, over what the PLUS choice implies


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(relative, "*/" + p) or fnmatch.fnmatch(name, p)
               for p in patterns)


def collect(paths: Iterable[Path], include: list[str] | None = None, exclude: list[str] | None = None,
            recursive: bool = True, skip: Path | None = None) -> tuple[list[tuple[Path, Path]], list[Outcome]]:
    """(file, base folder) pairs to protect, and outcomes for paths that do not exist.

    Files named directly are always taken; inside folders, images are taken when they match `include`
    (default: every image extension optout knows) and do not match `exclude` (e.g. '*_small.jpg', 'drafts/*');
    files under `skip` (the output folder) are left out.
    """
    found: list[tuple[Path, Path]] = []
    problems: list[Outcome] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_file():
            pairs = [(path, path.parent)]
        elif path.is_dir():
            walker = path.rglob("*") if recursive else path.glob("*")
            pairs = []
            for file in sorted(walker):
                relative = file.relative_to(path).as_posix()
                if not file.is_file() or any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                if skip is not None and file.resolve().is_relative_to(skip):
                    continue  # earlier results inside the folder being marked
                wanted = _matches(relative, include) if include else file.suffix.lower() in formats.IMAGE_EXTENSIONS
                if wanted and not (exclude and _matches(relative, exclude)):
                    pairs.append((file, path))
        else:
            problems.append(Outcome(str(path), "error", message=Said(_("no such file or folder"))))
            continue
        for file, base in pairs:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                found.append((file, base))
    return found, problems


def plan(pairs: list[tuple[Path, Path]], out: Path | None, options: Options) -> tuple[list[Job], list[Outcome]]:
    """Where each file's result goes; files that would clash or overwrite an original get an error."""
    jobs: list[Job] = []
    problems: list[Outcome] = []
    targets: set[Path] = set()
    for source, base in pairs:
        raw = source.suffix.lower() in formats.RAW_EXTENSIONS
        if options.in_place:
            target = source.with_suffix(".xmp") if raw else source
        else:
            if out is None:
                raise ValueError("an output folder is needed unless in_place")
            relative = source.relative_to(base)
            target = out / (relative.with_suffix(".xmp") if raw else relative)
            if target.resolve() == source.resolve():
                problems.append(Outcome(str(source), "error", message=Said(_(
                    "the output would replace the original; choose another output folder, or --in-place to change "
                    "originals"))))
                continue
        if target.resolve() in targets:
            problems.append(Outcome(str(source), "error", message=Said(_("another file in this batch also writes %(target)s"), target=str(target))))
            continue
        targets.add(target.resolve())
        jobs.append(Job(source, target))
    return jobs, problems


def _copy_rest(source: Path, offset: int, out) -> None:
    """Append `source` from `offset` to the end, copied by the kernel (no trip through Python's memory)."""
    out.flush()
    with open(source, "rb") as handle:
        remaining = os.fstat(handle.fileno()).st_size - offset
        while remaining > 0:
            try:
                sent = os.copy_file_range(handle.fileno(), out.fileno(), remaining, offset)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL):
                    raise
                sent = os.sendfile(out.fileno(), handle.fileno(), offset, remaining)
            if sent == 0:
                raise OSError(errno.EIO, "the original became shorter while it was copied")
            offset += sent
            remaining -= sent


def _write(target: Path, parts: list, *, sync: bool, mode: int | None, tail: tuple[Path, int] | None = None) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".optout-tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                out.write(part)
            if tail is not None:
                _copy_rest(*tail, out)
            if sync:
                out.flush()
                os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _describe(exc: OSError, reading: bool = False) -> str:
    if exc.errno == errno.ENOSPC:
        return Said(_("the disk is full; nothing was written for this file"))
    if exc.errno in (errno.EACCES, errno.EPERM) and reading:
        return Said(_("no permission (%(reason)s)"), reason=exc.strerror)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Said(_("no permission to write there (%(reason)s)"), reason=exc.strerror)
    return exc.strerror or str(exc)


def _map(source: Path) -> mmap.mmap:
    """The file's bytes without reading them all: JPEG image data goes from the page cache straight to
    the new file (the mapping is released when the last view of it goes)."""
    with open(source, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            raise BadImage(_("the file is empty"))
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _check(source: Path, target: Path, kind: str, options: Options) -> bytes | None:
    """Refuse what must not be written; return the existing sidecar of a raw file, if any."""
    if options.in_place and kind != "raw" and not os.stat(source).st_mode & stat.S_IWUSR:
        raise BadImage(_("it is read-only, so it was not changed (make it writable, or write copies with --out)"))
    if target.exists() and not options.overwrite and not options.in_place:
        raise BadImage(_("%(target)s already exists (use --overwrite to replace it)"), target=str(target))
    if kind != "raw":
        return None
    existing = target if target.exists() else source.with_suffix(".xmp")
    return existing.read_bytes() if existing.is_file() else None


def _copy_raw(source: Path, target: Path, data, options: Options, found: os.stat_result) -> None:
    copy = target.with_suffix(source.suffix)
    if not copy.exists() or options.overwrite:
        _write(copy, [data], sync=False, mode=stat.S_IMODE(found.st_mode))
        os.utime(copy, ns=(found.st_atime_ns, found.st_mtime_ns))


def run_job(job: Job, options: Options) -> Outcome:
    """Protect one file; never raises for a bad file, never touches the original unless in place."""
    source = job.source
    try:
        data = _map(source)
    except OSError as exc:
        return Outcome(str(source), "error", message=Said(_("cannot read it: %(reason)s"), reason=_describe(exc, reading=True)))
    except BadImage as exc:
        return Outcome(str(source), "error", message=exc.said)
    return _mark(source, job.target, data, options)


def _existing_credentials(data, kind: str) -> dict | None:
    """The Content Credentials the file has, if any (the library is asked only when a manifest box may be there)."""
    from .credentials import MIME, read_credentials

    if kind not in MIME or data.find(b"jumb") < 0 or data.find(b"c2pa") < 0:
        return None
    return read_credentials(bytes(data), kind)


def _found(data, kind: str, sidecar: bytes | None) -> Found | None:
    """What the original carries (a raw file: its sidecar, if any); None when optout cannot read it."""
    if kind == "raw" and sidecar is None:
        return None
    try:
        return formats.read(data, kind, sidecar=sidecar)
    except BadImage:
        return None


def _location(before: Found | None, credentials: dict | None) -> list[str]:
    """The location data a marked copy keeps, as the original holds it: people must know that a copy they publish
    says where they were."""
    return [*(before.location if before else ()),
            *("Content Credentials " + name for name in (credentials or {}).get("location", []))]


def _replaced(before: Found, marks: Marks) -> list[Said]:
    """A note for each field the file had with another value, which the marks replace (an agency's copyright notice,
    with its translations): nothing a person did not write is lost unsaid."""
    notes = []
    for name, value in marks.given().items():
        if name == "data_mining" or name not in FIELDS:
            continue
        old = before.xmp.get(name) or before.iptc.get(name) or before.exif.get(name)
        if old and old.strip() != value.strip():
            notes.append(Said(REPLACED, field=Said(FIELDS[name]), old=old[:120]))
    return notes


def _mark(source: Path, target: Path, data, options: Options) -> Outcome:
    try:
        kind, notes = formats.kind_of(source, data[:16])
        existing = _existing_credentials(data, kind) if kind not in ("raw", "heif") else None
        if existing and options.remove_location and existing.get("location"):
            raise BadImage(CREDENTIALS_LOCATION, names=", ".join(existing["location"]))
        if existing and options.in_place and options.signer is None:  # a copy leaves them whole in the original
            raise BadImage(CREDENTIALS_IN_PLACE)
        sidecar = _check(source, target, kind, options)
        before = _found(data, kind, sidecar)
        marked = formats.protect(data, kind, options.marks, options.remove_location, sidecar)
        result, tail = marked.parts, marked.tail
        if options.signer is not None and not marked.sidecar:
            from .credentials import sign, thumbnail_left_out

            whole = b"".join(result) + (data[tail:] if tail is not None else b"")
            # The original, before optout's edits, is the parent ingredient: its own credentials still validate.
            result, tail = [sign(whole, kind, options.signer, options.marks, options.uses, original=data,
                                 title=source.name)], None
            left_out = thumbnail_left_out(whole, kind)
            notes = [*notes, left_out] if left_out else notes
        elif existing:
            notes = [*notes, Said(CREDENTIALS_BREAK)]
        if before is not None:
            notes = [*notes, *_replaced(before, options.marks)]
        if not options.remove_location and (kept := _location(before, existing)):
            notes = [*notes, Said(LOCATION_KEPT, names=", ".join(kept))]
        target.parent.mkdir(parents=True, exist_ok=True)
        found = os.stat(source)
        if kind == "raw" and not options.in_place:
            _copy_raw(source, target, data, options, found)
        # A copy is readable by whoever could read the original (a web server serving it, once published); a temporary
        # file would otherwise leave it private to its owner.
        _write(target, result, sync=options.in_place, mode=stat.S_IMODE(found.st_mode),
               tail=(source, tail) if tail is not None else None)
    except BadImage as exc:
        return Outcome(str(source), "error", message=exc.said)
    except OSError as exc:
        return Outcome(str(source), "error", message=_describe(exc))
    return Outcome(str(source), "ok", output=str(target), notes=notes + marked.notes)


def _run_chunk(jobs: list[Job], options: Options) -> list[Outcome]:
    return [run_job(job, options) for job in jobs]


def run(jobs: list[Job], options: Options, workers: int | None = None,
        progress: Callable[[Outcome], None] | None = None, isolated: bool = False) -> Iterator[Outcome]:
    """Outcomes in the order jobs finish (chunks of files go to each core).

    Reading and writing metadata goes through exiv2, a C++ library: a damaged or hostile file could crash
    the process it runs in. Several files, or `isolated` (the web app: its process must survive), run in
    worker processes; a file that brings its worker down is reported as an error and the others go on.
    """
    for outcome in _outcomes(jobs, options, workers or os.cpu_count() or 1, isolated):
        if progress:
            progress(outcome)
        yield outcome


def _outcomes(jobs: list[Job], options: Options, workers: int, isolated: bool) -> Iterator[Outcome]:
    if not isolated and (workers == 1 or len(jobs) < PARALLEL_FROM):
        for job in jobs:
            yield run_job(job, options)
        return
    size = max(1, min(32, len(jobs) // (workers * 4)))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    suspects: list[Job] = []
    existed = {job.target for job in jobs if job.target.exists()}
    with _pool(workers) as pool:
        futures = [(chunk, pool.submit(_run_chunk, chunk, options)) for chunk in chunks]
        for chunk, future in futures:
            try:
                yield from future.result()
            except BrokenProcessPool:  # some worker died: its chunk and those queued behind it are suspects
                suspects.extend(chunk)
    # A suspect's copy may have been written before its worker died; only such copies may be replaced.
    again = dataclasses.replace(options, overwrite=True)
    yield from _one_by_one([(job, options if job.target in existed else again) for job in suspects])


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver, not fork: the caller may have threads running (a progress bar, a web server), and a forked
    # child can inherit one of their locks held forever.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))


def _one_by_one(jobs: list[tuple[Job, Options]]) -> Iterator[Outcome]:
    """Files whose worker died, again, one at a time in one worker: the file it dies on is the culprit."""
    while jobs:
        with _pool(1) as pool:
            futures = [pool.submit(run_job, job, options) for job, options in jobs]
            for index, future in enumerate(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    yield Outcome(str(jobs[index][0].source), "error", message=Said(CRASHED))
                    jobs = jobs[index + 1:]
                    break
            else:
                jobs = []
