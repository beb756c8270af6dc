import os


def setup(migrate: bool = False) -> None:
    """Configure Django for use outside the web server (CLI commands, scripts).

    With `migrate`, bring the database up to date first, so a command works on a fresh install.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optout.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0)
