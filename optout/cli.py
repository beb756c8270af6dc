"""The `optout` command. Deliberately light: this module imports nothing heavy.

Each command group lives in its app (`optout/<app>/cli.py`) and is imported only
when it is used, so `optout --help` starts about as fast as Python itself: the
top-level help is printed straight from COMMANDS without loading Typer at all
(see docs/decisions/0002-fast-cli-help.md).
"""

from __future__ import annotations

import sys

# name -> (module:attribute, one-line help). A group is a Typer app; a command is a function.
COMMANDS: dict[str, tuple[str, str]] = {
    "catalog": ("optout.catalog.cli:app", "Browse, search and validate the platform catalog."),
    "plan": ("optout.plans.cli:app", "Your opt-out plan: make it, see what is next, mark steps done, export."),
    "letter": ("optout.letters.cli:app", "Legal requests: write, send and track objection, erasure and access letters."),
    "watch": ("optout.watch.cli:app", "Policy watcher: check platforms' documents, read the changes found, compare versions, import history."),
    "site": ("optout.site.cli:app", "Your own website: generate opt-out signals, audit a site, read access logs."),
    "media": ("optout.media.cli:app", "Images: write 'no AI training' and rights marks into copies, check them."),
    "settings": ("optout.accounts.cli:app", "Your account's settings: where you live, time zone, which policy changes reach you; delete the account."),
    "data": ("optout.ops.data:app", "Check every data file and the references between them (for reviewers and CI)."),
    "serve": ("optout.ops.serve:serve", "Start the web app and its task worker (Ctrl-C stops both)."),
    "worker": ("optout.ops.worker:worker", "Run background tasks only (for servers running several processes)."),
    "status": ("optout.ops.status:status", "Is the background clock ticking? Last and next tick, queue, failed tasks."),
    "backup": ("optout.ops.backup:backup", "Back up the database and files into one file, while optout runs."),
    "restore": ("optout.ops.backup:restore", "Restore the database and files from a backup (stop optout first)."),
    "manage": ("optout.ops.manage:manage", "Run a Django management command (e.g. createsuperuser)."),
}

ROOT_HELP = "optout helps you keep your work and personal data out of AI training."


def _root_help() -> str:
    width = max(len(name) for name in COMMANDS) + 2
    lines = [
        "Usage: optout [OPTIONS] COMMAND [ARGS]...",
        "",
        f"  {ROOT_HELP}",
        "",
        "Options:",
        "  --verbose  Show library log messages and full tracebacks.",
        "  --help     Show this message and exit.",
        "",
        "Commands:",
        *(f"  {name.ljust(width)}{text}" for name, (_, text) in COMMANDS.items()),
        "",
        "Run 'optout COMMAND --help' for the options of a command.",
    ]
    return "\n".join(lines)


def _load(target: str):
    from importlib import import_module

    module, attribute = target.split(":")
    return getattr(import_module(module), attribute)


def _root_options() -> None:
    pass


def build_app(only: str | None = None):
    """The Typer app; with `only`, just that command group, so running one group imports no other."""
    import typer

    app = typer.Typer(help=ROOT_HELP, no_args_is_help=True, add_completion=False)
    # A callback keeps the root a group even when it holds one plain command such as `serve`.
    app.callback()(_root_options)
    for name, (target, text) in COMMANDS.items():
        if only is not None and name != only:
            continue
        item = _load(target)
        if isinstance(item, typer.Typer):
            app.add_typer(item, name=name, help=text)
        else:
            app.command(name=name, help=text, context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
                        if name == "manage" else None)(item)
    return app


def _quiet_logging(verbose: bool) -> None:
    """Libraries (WeasyPrint's "Fetching and parsing CSS", httpx, …) log at INFO; a command prints only its own
    output unless --verbose. settings.LOGGING reads OPTOUT_LOG_LEVEL, so this holds once Django is set up too."""
    import logging
    import os

    level = "DEBUG" if verbose else "WARNING"
    os.environ["OPTOUT_LOG_LEVEL"] = level
    logging.getLogger().setLevel(level)


def _system_time_zone() -> None:
    """Dates the CLI prints are in this computer's time zone (settings.TIME_ZONE reads OPTOUT_TIME_ZONE)."""
    import os

    from optout.lib.zones import system_zone

    os.environ.setdefault("OPTOUT_TIME_ZONE", system_zone())


def _run(args: list[str], verbose: bool) -> int:
    """Run the Typer app without its own error handling, so every failure becomes one clear line."""
    import typer
    import typer.main
    from typer import _click as click
    from typer._click import exceptions as errors

    # An unknown first word gets the whole app, so Typer can list the commands and suggest one.
    command = typer.main.get_command(build_app(args[0] if args[0] in COMMANDS else None))
    try:
        result = command.main(args=args, prog_name="optout", standalone_mode=False)
    except errors.NoArgsIsHelpError as exc:
        # Making the error made the help: with Rich it is printed then (once), else it is the error's message.
        shown = exc.format_message() if exc.ctx else _root_help()
        if shown.strip():
            click.echo(shown)
        return 0
    except errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "optout"
        message = " ".join(exc.format_message().split())
        click.echo(f"{where}: {message} (see '{where} --help')", err=True)
        return 2
    except errors.ClickException as exc:
        click.echo(f"optout: {exc.format_message()}", err=True)
        return exc.exit_code
    except typer.Abort:
        click.echo("Stopped.", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 — anything unexpected: one line, the traceback only when asked for
        if verbose:
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        click.echo(f"optout: {message} ({type(exc).__name__}; run again with --verbose for the details)", err=True)
        return 1
    return result if isinstance(result, int) else 0


# Commands that write a PDF with --out: WeasyPrint starts loading in a child before Typer and Django do.
WRITES_PDF: frozenset[tuple[str, str]] = frozenset({("letter", "new"), ("letter", "download")})

# Commands whose output depends only on the code, the data files, their arguments and the terminal (no
# database, no clock, no network, no files given by path): their answers are kept in the output cache.
READ_ONLY: frozenset[tuple[str, ...]] = frozenset({
    ("catalog", "list"), ("catalog", "show"), ("catalog", "search"),
    *((group, flag) for group in COMMANDS for flag in ("--help", "-h")),
})


def _read_only(args: list[str]) -> bool:
    return tuple(args[:2]) in READ_ONLY and (len(args) == 2 or args[1] not in ("--help", "-h"))


def _from_output_cache(args: list[str], verbose: bool) -> int:
    """A read-only command's answer as it was printed last time, or run it (and keep its answer)."""
    from optout.lib import outputcache

    path = outputcache.path_for(args[0], args)
    if path is not None and (text := outputcache.read(path)) is not None:
        sys.stdout.write(text)
        return 0
    out, err = outputcache.Recorder(sys.stdout), outputcache.Recorder(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        code = _run(args, verbose)
    finally:
        sys.stdout, sys.stderr = out._real, err._real
    if code == 0 and not err.parts and path is not None:
        outputcache.store(path, "".join(out.parts))
    return code


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args in (["--help"], ["-h"]):
        print(_root_help())
        return
    verbose = "--verbose" in args
    args = [arg for arg in args if arg != "--verbose"]
    _quiet_logging(verbose)
    _system_time_zone()
    if not args:
        print(_root_help())
        return
    if tuple(args[:2]) in WRITES_PDF:
        from optout.lib import pdfrender

        if pdfrender.wants_pdf(args):
            pdfrender.start_early()
    if _read_only(args):
        code = _from_output_cache(args, verbose)
    else:
        code = _run(args, verbose)
    if code:
        sys.exit(code)


if __name__ == "__main__":
    main()
