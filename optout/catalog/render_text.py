"""A platform's steps as Rich renderables for the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from . import regions
from .schema import Mechanism, Platform


def _mechanism_panel(m: Mechanism) -> Panel:
    lines = [escape(m.summary), ""]
    for number, step in enumerate(m.steps, 1):
        lines.append(f"{number}. {escape(step.text)}")
        if step.menu_path:
            lines.append("   [bold]" + escape(" › ".join(step.menu_path)) + "[/bold]")
        if step.url:
            lines.append(f"   [link={step.url}]{escape(step.url)}[/link]")
    for label, items in (("Covers", m.covers), ("Does not cover", m.does_not_cover)):
        if items:
            lines += ["", f"[bold]{label}:[/bold]", *(f" • {escape(i)}" for i in items)]
    if m.confirmation:
        lines += ["", f"[bold]How to tell it worked:[/bold] {escape(m.confirmation)}"]
    lines += ["", f"[dim]Sources: {escape('; '.join(s.url for s in m.sources))}[/dim]"]
    where = ", ".join(regions.label(code) for code in m.regions)
    effort = f", {m.difficulty}, ~{m.minutes} min" if m.difficulty else ""
    title = f"{escape(m.title)} [dim]({m.kind}{effort}, confidence {m.confidence})[/dim]"
    return Panel("\n".join(lines), title=title, subtitle=f"Applies in: {escape(where)}", title_align="left")


def platform_text(platform: Platform, mechanisms: list[Mechanism], region: str | None) -> Group:
    header = Text.assemble((platform.name, "bold"), f" — {platform.owner.company}\n", platform.ai_use.summary)
    parts: list = [header]
    if region and not platform.has_opt_out(region):
        where = escape(regions.label(region))
        said = (f"No opt-out exists for people in {where}." if platform.says_no_opt_out(region) else
                f"optout knows of no opt-out for people in {where}; it may have missed one.")
        parts.append(Panel(f"{said} See the steps below that limit exposure.", style="red"))
    parts += [_mechanism_panel(m) for m in mechanisms if region is None or m.kind != "none" or not platform.has_opt_out(region)]
    if not mechanisms:
        parts.append(Text("Nothing applies in this region.", style="yellow"))
    return Group(*parts)
