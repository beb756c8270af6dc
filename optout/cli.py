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
    "watch": ("optout.watch.cli:app", "Policy watcher: compare versions, check platforms' documents, import history."),
    "site": ("optout.site.cli:app", "Your own website: generate opt-out signals, audit a site, read access logs."),
    "serve": ("optout.ops.serve:serve", "Start the web app and its task worker (Ctrl-C stops both)."),
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
        "  --help  Show this message and exit.",
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


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args in (["--help"], ["-h"]):
        print(_root_help())
        return
    # An unknown first word gets the whole app, so Typer can list the commands and suggest one.
    build_app(args[0] if args[0] in COMMANDS else None)(args=args, prog_name="optout")


if __name__ == "__main__":
    main()
