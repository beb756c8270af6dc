"""`optout backup FILE` and `optout restore FILE`: the database and the data folder's files in one archive.

Consistent while optout runs: SQLite is copied with SQLite's own online-backup API (one read snapshot;
writers carry on), PostgreSQL is dumped inside one REPEATABLE READ, READ ONLY transaction (one
snapshot; nobody waits). Files are copied after the snapshot; a file deleted in between is reported.

The archive is a gzipped tar: `manifest.json`, then `database.sqlite3` or `database.json`, then
`media/…`, and the key optout signs links with (`secret_key`, unless OPTOUT_SECRET_KEY gives it). It is written to a
temporary name, owner-only (it holds everyone's evidence and that key), then renamed.
It holds no login sessions (nor the cache): a restore signs everyone out.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import zlib
from pathlib import Path

import typer

FORMAT = "optout-backup"
VERSION = 1
SKIPPED_FOLDERS = ("staging",)  # unfinished imports
# What no backup holds, on either database: login sessions (whoever had the file could sign in as anyone with
# a session key from it) and the shared cache (rate-limit counters; rebuilt as people use optout). The JSON dump
# leaves out the sessions app and never sees the cache table (it is no model); the SQLite snapshot deletes both
# from its copy. Content types and permissions are also left out of the JSON dump, but only because `migrate`
# makes them again: they are no secret, and the SQLite copy keeps them (other rows point at them).
SESSION_TABLE = "django_session"
LEFT_OUT_OF_DUMP = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _engine() -> str:
    from django.db import connection

    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _private_tables() -> list[str]:
    """The tables a backup leaves empty: sessions and the database cache (`LEFT_OUT_OF_DUMP` above)."""
    from django.conf import settings

    caches = [cache["LOCATION"] for cache in settings.CACHES.values()
              if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"]
    return [SESSION_TABLE, *caches]


def _scrub_sqlite(copy: sqlite3.Connection) -> None:
    """Empty the private tables of the snapshot (never of the live database), then VACUUM: SQLite leaves deleted
    rows in free pages until it rebuilds the file, and those pages would otherwise still be in the archive."""
    copy.execute("PRAGMA secure_delete = ON")  # overwrite what is deleted, whatever SQLite was built with
    present = {name for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in _private_tables():
        if table in present:
            copy.execute(f'DELETE FROM "{table}"')  # noqa: S608 — table names from settings, no input
    copy.commit()
    copy.execute("VACUUM")


def _snapshot_sqlite(target: Path) -> None:
    from django.db import connection

    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)  # one step: a consistent snapshot, even with writers running
        _scrub_sqlite(copy)
    copy.close()


def _dump_json(target: Path) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        call_command("dumpdata", natural_foreign=True, natural_primary=True, output=str(target), verbosity=0,
                     exclude=LEFT_OUT_OF_DUMP)


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] not in SKIPPED_FOLDERS:
            yield path, relative.as_posix()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# The key optout signs links with (the "stop these e-mails" link of every e-mail sent, the calendar's): kept in the
# data folder unless OPTOUT_SECRET_KEY gives it. Restored with the rest, those links keep working on a new machine.
SECRET_KEY_NAME = "secret_key"


def _kept_secret_key() -> bytes | None:
    from django.conf import settings

    path = Path(settings.DATA_DIR) / SECRET_KEY_NAME
    if os.environ.get("OPTOUT_SECRET_KEY") or not path.is_file():
        return None
    return path.read_bytes()


def _put_secret_key_back(restored: Path) -> None:
    from django.conf import settings

    from optout.lib.files import atomic_write

    if restored.is_file() and not os.environ.get("OPTOUT_SECRET_KEY"):
        os.chmod(atomic_write(Path(settings.DATA_DIR) / SECRET_KEY_NAME, restored.read_bytes(), overwrite=True), 0o600)


def make_backup(target: Path, *, overwrite: bool = False) -> dict:
    """Write the archive; returns the manifest (with counts). An existing file is replaced only with `overwrite`:
    it may be the backup someone relies on."""
    from django.conf import settings
    from django.db.migrations.recorder import MigrationRecorder

    engine = _engine()
    target = target.expanduser().resolve()
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name in it, such as {target / 'optout-backup.tar.gz'}.")
    if not target.name.lower().endswith((".tar.gz", ".tgz")):
        raise BackupError(f"Name the file …tar.gz, not {target.name!r}: a backup is a compressed tar archive, and a "
                          "program that goes by the name would not open it.")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists (an earlier backup?); use --force to replace it, or choose another name.")
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="optout-backup-") as work:
        database = Path(work) / ("database.sqlite3" if engine == "sqlite" else "database.json")
        if engine == "sqlite":
            _snapshot_sqlite(database)
        else:
            _dump_json(database)
        applied = sorted(f"{app}.{name}" for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"))
        manifest = {"format": FORMAT, "version": VERSION, "engine": engine,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(), "migrations": applied, "files": 0, "missing": []}
        fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(database, arcname=database.name)
                for path, name in _media_files(media):
                    try:
                        archive.add(path, arcname=f"media/{name}")
                        manifest["files"] += 1
                    except FileNotFoundError:  # deleted (with its row) after the snapshot
                        manifest["missing"].append(name)
                if (key := _kept_secret_key()) is not None:
                    _add_bytes(archive, SECRET_KEY_NAME, key)
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            os.chmod(partial, 0o600)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember("manifest.json")
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, ValueError, AttributeError) as exc:
        raise BackupError("This is not an optout backup (it has no readable manifest.json).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("This is not an optout backup.")
    if manifest.get("version", 0) > VERSION:
        raise BackupError("This backup was made by a newer optout; update optout first.")
    return manifest


def _has_people() -> bool:
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError

    try:
        return get_user_model().objects.exists()
    except DatabaseError:  # no tables yet: a fresh database
        return False


def _restore_sqlite(path: Path) -> None:
    from django.db import connection

    connection.ensure_connection()
    with sqlite3.connect(path) as source:
        source.backup(connection.connection)  # page by page into the live database, WAL and all
    source.close()


def _forget_sessions() -> None:
    """No session survives a restore: a backup made before backups left them out still holds some, and those made
    since hold none, so everyone signs in again either way."""
    from django.contrib.sessions.models import Session
    from django.core.cache import caches

    Session.objects.all().delete()
    for alias in caches:
        caches[alias].clear()


def _restore_json(path: Path) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(path), verbosity=0)


def _safe_members(archive: tarfile.TarFile):
    for member in archive.getmembers():
        name = member.name
        if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
            continue
        yield member


def _put_files_back(restored: Path, media: Path) -> None:
    if media.exists():
        shutil.rmtree(media)
    media.mkdir(parents=True, mode=0o700)
    if restored.is_dir():
        shutil.copytree(restored, media, dirs_exist_ok=True)
        for path in media.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)


def restore_backup(source: Path, *, replace: bool) -> dict:
    source = source.expanduser()
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    try:
        archive = tarfile.open(source, mode="r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{source} is not an optout backup ({exc}).") from exc
    try:
        return _restore_from(archive, replace)
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        # A file cut short ends inside its compressed data (EOFError, which the command line would otherwise take for
        # Ctrl-D): nothing has been changed yet, since the database is replaced only once everything is unpacked.
        raise BackupError(f"{source} is damaged or cut short ({exc or type(exc).__name__}); nothing was changed.") from exc


def _restore_from(archive: tarfile.TarFile, replace: bool) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    with archive, tempfile.TemporaryDirectory(prefix="optout-restore-") as work:
        manifest = _read_manifest(archive)
        if manifest["engine"] != _engine():
            raise BackupError(f"This backup is of a {manifest['engine']} database; this optout uses {_engine()}. "
                              "Restore it into the same kind of database.")
        if _has_people() and not replace:
            raise BackupError("This optout already has accounts. To overwrite them with the backup, stop optout, "
                              "make a backup of the current state, and run restore again with --replace.")
        work_dir = Path(work)
        for member in _safe_members(archive):
            archive.extract(member, work_dir, filter="data")
        database = work_dir / ("database.sqlite3" if manifest["engine"] == "sqlite" else "database.json")
        if not database.is_file():
            raise BackupError("The backup has no database in it.")
        if manifest["engine"] == "sqlite":
            _restore_sqlite(database)
            call_command("migrate", interactive=False, verbosity=0)  # a backup from an older optout
        else:
            _restore_json(database)
        _forget_sessions()
        _put_files_back(work_dir / "media", Path(settings.MEDIA_ROOT))
        _put_secret_key_back(work_dir / SECRET_KEY_NAME)
    return manifest


def backup(
    file: Path = typer.Argument(..., help="Where to write the backup (a .tar.gz file)."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Back up the database and the data folder's files into FILE, while optout keeps running."""
    from optout.lib.djangosetup import setup

    setup()
    try:
        manifest = make_backup(file, overwrite=force)
    except BackupError as exc:
        typer.echo(f"No backup made: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Backed up the {manifest['engine']} database and {manifest['files']} files to {file}.")
    if manifest["missing"]:
        typer.echo(f"{len(manifest['missing'])} files were deleted while the backup ran and are not in it.", err=True)
    typer.echo("Keep it as private as the data folder: it holds everyone's evidence.")


def restore(
    file: Path = typer.Argument(..., help="A backup made by `optout backup`."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite the accounts and files this optout has now."),
) -> None:
    """Restore the database and files from FILE. Stop the web app and workers first."""
    from optout.lib.djangosetup import setup

    setup()
    try:
        manifest = restore_backup(file, replace=replace)
    except BackupError as exc:
        typer.echo(f"Nothing restored: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Restored the backup of {manifest['created_at'][:19].replace('T', ' ')} UTC "
               f"({manifest['files']} files). Start optout again.")
