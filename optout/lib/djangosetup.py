import os
from pathlib import Path


def setup(migrate: bool = False) -> None:
    """Configure Django for use outside the web server (CLI commands, scripts).

    With `migrate`, bring the database up to date first, so a command works on a fresh install.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optout.settings")
    import django

    django.setup()
    if migrate and _may_have_unapplied_migrations():
        from django.core.management import call_command
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)


def _may_have_unapplied_migrations() -> bool:
    """A quick look (one query, file names only) before the full check, which imports every migration.

    It only ever says "maybe" too often, never too rarely: any doubt leads to the full check.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return True
    applied = set(recorder.applied_migrations())
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        for path in folder.glob("*.py") if folder.is_dir() else ():
            if path.stem != "__init__" and (config.label, path.stem) not in applied:
                return True
    return False
