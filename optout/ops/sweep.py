"""Remove files in the data folder that no row refers to: what a killed import or upload leaves behind.

Files are written before their rows (so a row never points at a missing file); a process killed in
between leaves a file nobody refers to. The sweep runs with every tick and only touches files older
than an hour, so it never races an upload or import in progress.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.tasks import task

logger = logging.getLogger("optout.sweep")
MIN_AGE = dt.timedelta(hours=1)


def referenced_files() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(n for n in model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True) if n)
    return names


def sweep_orphan_files(min_age: dt.timedelta = MIN_AGE) -> dict[str, int]:
    root = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - min_age.total_seconds()
    keep = referenced_files()
    removed = folders = 0
    staging = root / "staging"
    if staging.is_dir():
        for folder in staging.iterdir():
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                folders += 1
    evidence = root / "evidence"
    if evidence.is_dir():
        for path in evidence.rglob("*"):
            if path.is_file() and path.relative_to(root).as_posix() not in keep and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    if removed or folders:
        logger.warning("Removed %d orphan files and %d abandoned import folders.", removed, folders)
    return {"files": removed, "staging": folders}


@task
def sweep_files() -> dict[str, int]:
    return sweep_orphan_files()
