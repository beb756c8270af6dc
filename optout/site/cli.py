"""`optout site …`: protect your own website — generate signals, audit a site, read access logs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from optout.lib.cli import fail

app = typer.Typer(no_args_is_help=True, add_completion=False)
registry_app = typer.Typer(no_args_is_help=True, add_completion=False,
                           help="The AI-crawler registry: compare it with ai.robots.txt.")
app.add_typer(registry_app, name="registry")


@registry_app.command("diff")
def registry_diff(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A local copy of ai.robots.txt's robots.json."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
) -> None:
    """List agents robots.json has that optout's registry lacks, and where the two disagree."""
    from .crawlers import registry_diff as compare

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise fail(f"{file} is not a readable JSON file: {exc}") from exc
    if not isinstance(data, dict):
        raise fail(f"{file} is not ai.robots.txt's robots.json: it should be an object with one entry per agent name.")
    result = compare(data)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    typer.echo(f"New in {file.name} ({len(result['new'])}): " + (", ".join(result["new"]) or "none"))
    typer.echo(f"In optout's registry but no longer in {file.name} ({len(result['not_in_file'])}): "
               + (", ".join(result["not_in_file"]) or "none"))
    typer.echo(f"Different ({len(result['changed'])}):" + ("" if result["changed"] else " none"))
    for row in result["changed"]:
        typer.echo(f"  {row['name']}: {row['field']} — {file.name} says {row['theirs']!r}, optout says {row['ours']!r}")


@app.command()
def generate(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the files into (created if missing)."),
    existing: Path | None = typer.Option(None, help="Your current robots.txt; its rules are kept."),
    block_ai_search: bool = typer.Option(False, "--block-ai-search", help="Also refuse AI search and answer engines."),
    block_user_triggered: bool = typer.Option(False, "--block-user-triggered", help="Also refuse fetches a person asks an AI to make."),
    allow_assistants: bool = typer.Option(False, "--allow-assistants", help="Let AI assistants and agents in."),
    allow_unknown: bool = typer.Option(False, "--allow-unknown", help="Let in AI-related agents whose purpose is unclear."),
    block_search: bool = typer.Option(False, "--block-search", help="Also refuse search engines such as Applebot and PetalBot."),
    block_research: bool = typer.Option(False, "--block-research", help="Also refuse research crawls such as GoogleOther."),
    block_link_previews: bool = typer.Option(False, "--block-link-previews", help="Also refuse Meta's link-preview fetcher, facebookexternalhit "
                                             "(your links then show no preview on Meta's apps)."),
    images_only: bool = typer.Option(False, "--images-only", help="ai.txt: refuse only images."),
    policy_url: str = typer.Option("", help="TDMRep: address of your licensing terms, if you have one."),
    force: bool = typer.Option(False, "--force", help="Replace files of these names already in the --out folder."),
) -> None:
    """Write robots.txt (merged), ai.txt, tdmrep.json, meta tags, headers and nginx/Apache/Caddy rules."""
    from optout.lib.files import atomic_write

    from .generators import (
        OUTPUTS,
        Choices,
        RobotsMergeError,
        ignoring_robots,
        policy_url_problem,
        robots_txt,
    )

    if problem := policy_url_problem(policy_url):
        raise fail(f"--policy-url: {problem} Nothing was written.")
    choices = Choices(block_ai_search=block_ai_search, block_user_triggered=block_user_triggered,
                      block_assistants=not allow_assistants, block_unknown=not allow_unknown, block_search=block_search,
                      block_research=block_research, block_link_preview=block_link_previews, images_only=images_only,
                      policy_url=policy_url)
    if out.exists() and not out.is_dir():
        raise fail(f"--out names the folder the files go into, and {out} is a file: give a folder, such as "
                   f"{out.parent / 'site-signals'}. Nothing was written.")
    current = ""
    if existing:
        try:
            current = existing.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise fail(f"--existing: {existing} is not a text file (robots.txt is plain text, UTF-8); byte "
                       f"{exc.start + 1} cannot be read. Nothing was written.") from exc
        except OSError as exc:
            raise fail(f"--existing: cannot read {existing}: {exc.strerror or exc}. Nothing was written.") from exc
    names = ["robots.txt", *OUTPUTS]
    there = [name for name in names if (out / name).exists()]
    if there and not force:
        keep = "" if existing else f" To keep the rules of the robots.txt there, add --existing {out / 'robots.txt'}."
        raise fail(f"{out} already holds {', '.join(there)}; optout would replace them.{keep} Add --force to replace "
                   "them. Nothing was written.")
    try:
        text, notes = robots_txt(current, choices)
    except RobotsMergeError as exc:
        raise fail(f"{exc}") from exc
    out.mkdir(parents=True, exist_ok=True)
    for name, content in [("robots.txt", text)] + [(name, make(choices)) for name, make in OUTPUTS.items()]:
        # Readable by the web server that serves them (a private 0600 robots.txt would be refused).
        os.chmod(atomic_write(out / name, content.encode(), overwrite=True), 0o644)
    _say_written(out, notes, ignoring_robots(choices), len(OUTPUTS))


def _say_written(out: Path, notes, ignoring: list[str], others: int) -> None:
    """What was written, where each file goes, and what the files cannot do."""
    for note in notes:
        typer.echo(f"Note: {note.message}")
    if ignoring:
        typer.echo(f"Note: {len(ignoring)} of the crawlers you refuse {'is' if len(ignoring) == 1 else 'are'} known not "
                   f"to follow robots.txt ({', '.join(ignoring[:4])}): only the server rules stop "
                   f"{'it' if len(ignoring) == 1 else 'them'}.")
    typer.echo(f"Wrote robots.txt and {others} other files to {out}/.")
    typer.echo("Where they go: robots.txt and ai.txt at the root of your site, tdmrep.json under /.well-known/, "
               "meta.html's tags in your pages' <head>; headers.txt, nginx.conf, htaccess (its lines at the top of your "
               ".htaccess) and Caddyfile each say how to use them.")
    typer.echo("robots.txt, ai.txt, the tags and headers ask; crawlers that honour them stay away. The server rules "
               "refuse crawlers by the name they send: check them with  curl -I -A GPTBot https://your-site/a-page/  "
               "(it should answer 403).")


def _read_robots_file(robots: Path, head: Path | None) -> tuple[str, str]:
    """The robots.txt a person gave (and their page's HTML); a file that is not text is refused: a grade of its
    "rules" would be a grade of noise."""
    try:
        raw = robots.read_bytes()
        html = head.read_text(encoding="utf-8", errors="replace") if head else ""
    except OSError as exc:
        raise fail(f"Cannot read {exc.filename}: {exc.strerror}") from exc
    if b"\0" in raw or _mostly_unreadable(raw):
        raise fail(f"{robots} is not a text file (a robots.txt is plain text): no grade.")
    return raw.decode("utf-8", "surrogateescape"), html


def _mostly_unreadable(raw: bytes) -> bool:
    """Bytes that are not text in any reading: more than one in ten not UTF-8 or a control character (a picture, an
    archive); a robots.txt saved in Latin-1 with a few accents still reads."""
    text = raw.decode("utf-8", "replace")
    odd = sum(1 for char in text if char == "\ufffd" or (char < " " and char not in "\t\r\n\f"))
    return bool(text) and odd * 10 > len(text)


@app.command()
def audit(
    url: str = typer.Argument(None, help="The site's address, e.g. https://example.org (or give --robots instead)."),
    path: list[str] = typer.Option(["/"], help="Paths to check (repeatable), e.g. --path /portfolio/"),
    robots: Path | None = typer.Option(None, exists=True, dir_okay=False,
                                       help="Check this robots.txt file instead of fetching the site's."),
    head: Path | None = typer.Option(None, exists=True, dir_okay=False,
                                     help="With --robots: your page's HTML (or just its <head>), for the meta tags."),
    timeout: float = typer.Option(10.0, min=0.1, help="Seconds to wait for the site to answer."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
) -> None:
    """Check which AI crawlers a site refuses, which signals it sends, and what is wrong.

    Exits with status 1, and gives no grade, when the site could not be checked; the reason is printed.
    """
    from .audit import audit as run_audit
    from .audit import check_address, pasted, unreachable

    if robots is not None:
        body, html = _read_robots_file(robots, head)
        report = run_audit(pasted(body, html, url or str(robots)), paths=path)  # named by its file, not "(pasted)"
    elif not url:
        raise fail("Give the site's address, or --robots FILE to check a robots.txt you have.")
    else:
        address, problem = check_address(url)
        if address is None:
            report = unreachable(url, "malformed", problem)
        else:
            report = _fetch_and_audit(address, path, timeout)
    if as_json:
        typer.echo(report.to_json())
    elif report.grade is None:
        typer.echo(f"{report.url}: no grade. {report.explanation}", err=True)
    else:
        typer.echo(f"{report.url}: grade {report.grade}. {report.summary_text}")
        for row in report.by_purpose.values():
            typer.echo(f"  {row['label']}: {row['blocked']} of {row['total']} refused")
        typer.echo("Signals: " + ", ".join(f"{name} {_yes_no(ok)}" for name, ok in report.signals.items()))
        for finding in report.findings:
            typer.echo(f"  [{finding.level}] {finding.message}")
    if report.grade is None:
        raise typer.Exit(1)


def _yes_no(value: bool | None) -> str:
    return "not checked" if value is None else ("yes" if value else "no")


def _fetch_and_audit(url: str, paths: list[str], timeout: float):
    from optout.lib.djangosetup import setup

    setup()
    from optout.lib.outbound import make_fetcher

    from .audit import audit as run_audit
    from .audit import gather, limits

    fetcher = make_fetcher(per_host_delay=0, limits=limits(timeout))
    try:
        return run_audit(gather(url, fetcher, timeout), paths=paths)
    finally:
        fetcher.close()


@app.command()
def logs(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Access logs (combined format; .gz too)."),
    robots: Path | None = typer.Option(None, exists=True, dir_okay=False,
                                       help="Your robots.txt, to list crawlers that ignored it."),
    addresses: list[str] = typer.Option(
        [], "--addresses", metavar="FILE",
        help="A saved copy of a crawler's published address list, read instead of fetching (repeatable; then nothing "
             "is fetched). Keep the operator's file name (gptbot.json, searchbot.json, chatgpt-user.json, "
             "perplexitybot.json, perplexity-user.json) or write TOKEN=FILE, e.g. GPTBot=saved.json."),
    no_check: bool = typer.Option(False, "--no-check", help="Do not check where requests came from (nothing is "
                                  "fetched); every request is then only claiming to be its crawler."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
) -> None:
    """Count AI-crawler requests per agent and purpose, and find crawlers that ignored your robots.txt.

    A crawler is named by the User-Agent its requests send, which anyone can write. Where its operator publishes
    its addresses (OpenAI, Perplexity), optout fetches that list and checks that each request came from one of
    them; only those requests count as the crawler ignoring your robots.txt.
    """
    from rich.console import Console
    from rich.progress import Progress

    from .logs import describe, open_log, report
    from .robots import RobotsTxt

    if addresses and no_check:
        raise fail("--addresses and --no-check contradict each other: give one.")
    rules = RobotsTxt.parse(robots.read_bytes()) if robots else None
    identity, fetcher = _identity_check(addresses, no_check)
    total = None
    try:
        with Progress(transient=True, console=Console(stderr=True)) as progress:  # stdout: the report alone
            task = progress.add_task("Reading logs", total=sum(f.stat().st_size for f in files))
            for file in files:
                with open_log(file) as handle:
                    part = report(handle, rules, identity=identity)
                progress.advance(task, file.stat().st_size)
                total = part if total is None else total.add(part)
    finally:
        if fetcher is not None:
            fetcher.close()
    if as_json:
        typer.echo(json.dumps(total.as_dict(), indent=2))
        return
    for line in describe(total, compared_with_robots=rules is not None):
        typer.echo(line)


def _identity_check(addresses: list[str], no_check: bool):
    """How `logs` checks where requests came from, and the fetcher it opened to do so (None when it opened none)."""
    from . import crawler_addresses as check
    from .crawlers import crawlers

    if no_check:
        return check.IdentityCheck.skipped("you chose not to check addresses (--no-check)"), None
    registry = crawlers()
    urls = check.published_urls(registry)
    if addresses:
        try:
            lists = check.read_saved_lists(addresses, urls, (crawler.token for crawler in registry.values()))
        except check.BadAddressList as exc:
            raise fail(str(exc)) from exc
        return check.IdentityCheck(check.saved_lists(lists, urls)), None
    fetcher = _range_fetcher()
    return check.IdentityCheck(check.fetched_lists(check.downloader(fetcher), urls)), fetcher


def _range_fetcher():
    from optout.lib.djangosetup import setup

    setup()
    from optout.lib.http import Limits
    from optout.lib.outbound import make_fetcher

    from .crawler_addresses import MAX_LIST_BYTES

    return make_fetcher(per_host_delay=0, limits=Limits(max_bytes=MAX_LIST_BYTES, total_timeout=20.0))
