"""What every command group needs: choosing the local user, and failing with a clear message."""

from __future__ import annotations

import typer

USER_HELP = "Whose data: a user name or e-mail address. Default: the only user, or a new local one."
UserOption = typer.Option(None, "--user", "-u", envvar="OPTOUT_USER", help=USER_HELP)


def counted(count: int, noun: str) -> str:
    """"1 version", "3 versions": a count with its noun, for command output (English, as the CLI speaks)."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def resolve_user(name: str | None):
    from optout.lib.djangosetup import setup

    setup(migrate=True)
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects
    if name:
        found = list(users.filter(Q(username__iexact=name) | Q(email__iexact=name))[:2])
        if len(found) != 1:
            raise fail(f"No user {name!r}." if not found else f"{name!r} matches more than one user; use the e-mail address.")
        return found[0]
    everyone = list(users.order_by("id")[:2])
    if len(everyone) == 1:
        return everyone[0]
    if everyone:
        raise fail("There are several users; choose one with --user NAME (or set OPTOUT_USER).")
    user = users.create_user(username="local")
    user.set_unusable_password()
    user.save()
    typer.echo("Created the local user 'local' for the command line.", err=True)
    return user
