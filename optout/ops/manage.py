import typer


def manage(ctx: typer.Context) -> None:
    """Pass the remaining arguments to Django's manage.py (e.g. `optout manage createsuperuser`)."""
    from optout.lib.djangosetup import setup

    setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["optout manage", *ctx.args])
