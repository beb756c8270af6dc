"""What every command group needs: choosing the local user, and failing with a clear message."""

from __future__ import annotations

import json
import re

import typer

USER_HELP = "Whose data: a user name or e-mail address. Default: the only user, or a new local one."
UserOption = typer.Option(None, "--user", "-u", envvar="OPTOUT_USER", help=USER_HELP)


def counted(count: int, noun: str) -> str:
    """"1 version", "3 versions": a count with its noun, for command output (English, as the CLI speaks)."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def write_or_fail(path, data, *, force: bool) -> None:
    """Write `data` (bytes or an open file) to `path` whole or not at all (lib.files.atomic_write); a file in the way
    without --force, or a disk that refuses, stops the command with a message saying which."""
    from .files import atomic_write

    try:
        atomic_write(path, data, overwrite=force)
    except FileExistsError as exc:
        raise fail(f"{path} exists; use --force to overwrite it.") from exc
    except OSError as exc:
        raise fail(f"Could not write {path}: {exc.strerror or exc}") from exc


def check_writable(path, *, force: bool, nothing: str = "Nothing was made.") -> None:
    """Before a command stores or changes anything: the file it will write can be written (its folder exists, it is
    not a folder, it is not in the way unless --force), so that a command does not do its work and then fail to
    write its file (a letter stored as a draft while the command said it failed)."""
    from pathlib import Path

    path = Path(path).expanduser()
    folder = path.parent
    if path.is_dir():
        raise fail(f"{path} is a folder; give a file name in it. {nothing}")
    if not folder.is_dir():
        raise fail(f"The folder {folder} does not exist; create it first or write somewhere else. {nothing}")
    if path.exists() and not force:
        raise fail(f"{path} exists; use --force to overwrite it. {nothing}")


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
        return _in_their_time_zone(found[0])
    everyone = list(users.order_by("id")[:2])
    if len(everyone) == 1:
        return _in_their_time_zone(everyone[0])
    if everyone:
        raise fail("There are several users; choose one with --user NAME (or set OPTOUT_USER).")
    user = users.create_user(username="local")
    user.set_unusable_password()
    user.save()
    typer.echo("Created the local user 'local' for the command line.", err=True)
    return user


def _in_their_time_zone(user):
    """The person's time zone (Account › Time zone) made the current one, as the web's middleware does: "today" (a
    letter's sending day, a step's re-check day) is theirs, not the server's."""
    import zoneinfo

    from django.apps import apps
    from django.utils import timezone

    from optout.lib.ownership import owned
    from optout.lib.zones import valid_zone

    zone = owned(apps.get_model("accounts", "Profile"), user).values_list("time_zone", flat=True).first()
    if zone and valid_zone(zone):
        timezone.activate(zoneinfo.ZoneInfo(zone))
    return user


# What a platform's page may hold that a terminal would obey rather than show: C0 and C1 controls (ESC, CSI, OSC:
# move the cursor, clear the screen, retitle the window, hide words, write the clipboard; a carriage return
# overwrites the line) and bidirectional overrides, which reorder what is read. Newlines and tabs stay.
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def say(text: str) -> None:
    """Print text that quotes someone else's words (a web page, a file) without its terminal controls."""
    typer.echo(TERMINAL_CONTROLS.sub("", text))


def say_json(data, indent: int | None = 2) -> None:
    """Print data as JSON, every terminal control written as a \\u escape (json escapes only C0 controls)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    typer.echo(TERMINAL_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text))
