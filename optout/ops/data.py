"""`optout data validate`: every check of every kind of data file, as CI and reviewers run it."""

from __future__ import annotations

import json

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command()
def validate(
    only: list[str] = typer.Option(None, "--only", help="Run only this check (repeatable), e.g. --only platforms."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: each check with its errors."),
) -> None:
    """Check every data file (platforms, documents, crawlers, authorities, letter texts) and the references
    between them; errors read file:line: field: message. Exit 1 when anything is wrong."""
    from optout.lib import datacheck
    from optout.lib.cli import fail

    try:
        results = datacheck.run(only or None)
    except KeyError as exc:
        raise fail(f"--only: {exc.args[0]}") from exc
    errors = [error for found in results.values() for error in found]
    if as_json:
        typer.echo(json.dumps({name: [str(e) for e in found] for name, found in results.items()}, indent=2))
    else:
        for error in errors:
            typer.echo(str(error))
        passed = [name for name, found in results.items() if not found]
        summary = f"{len(passed)} of {len(results)} checks passed"
        typer.echo(f"{summary}; {len(errors)} errors." if errors else f"{summary}: the data is valid.")
    if errors:
        raise typer.Exit(1)
