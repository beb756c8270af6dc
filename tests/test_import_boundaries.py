"""The shape of the code, checked over every module: apps import only apps to their left, pure modules
import no Django (not even inside a function, not even through another module), and the command-line
doors load Django only when a command runs. See docs/architecture.md for the order and why.

The check reads the source (every `import`, at any depth, including inside functions), so it is fast,
needs no database and sees imports that a run would only reach on some paths.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from optout.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent / "optout"

# lib → catalog → notify → accounts → plans → letters → watch → site → media → web → ops.
# An app may import itself and the apps to its left. Reactions the other way go through a seam
# that the upper app fills in at start-up (a Django signal, a registry, catalog.visitor).
ORDER = ["lib", "catalog", "notify", "accounts", "plans", "letters", "watch", "site", "media", "web", "ops"]
# Glue at the top of the package: these may import any app, and no app but ops may import them (apps
# get settings through django.conf). An app's tests may also drive the CLI root, as a person at a
# terminal does, and ops (the tick, the sweep), which runs every app's background work; a test of
# several apps together lives in tests/.
GLUE = {"optout", "optout.cli", "optout.urls", "optout.settings", "optout.wsgi", "optout.checks"}

# The reasoning: plain Python that views, the CLI, tasks and tests all call. No Django, anywhere inside.
PURE = {
    "optout.lib.yamlfiles", "optout.lib.files", "optout.lib.http", "optout.lib.i18n", "optout.lib.datacheck",
    "optout.lib.datacache", "optout.lib.outputcache", "optout.lib.mailheaders", "optout.lib.pdfrender", "optout.lib.zones",
    "optout.lib.addresses",
    "optout.accounts.choices",
    "optout.catalog.schema", "optout.catalog.regions", "optout.catalog.query", "optout.catalog.loader",
    "optout.catalog.visitor", "optout.catalog.format_doc", "optout.catalog.render_text", "optout.catalog.region_choice",
    "optout.catalog.sources", "optout.catalog.patches",
    "optout.plans.planner", "optout.plans.evidence", "optout.plans.calendar", "optout.plans.reasons",
    "optout.plans.transfer", "optout.plans.vocabulary", "optout.plans.registries", "optout.plans.history",
    "optout.letters.deadlines", "optout.letters.compose", "optout.letters.texts", "optout.letters.authorities",
    "optout.letters.regimes", "optout.letters.transfer", "optout.letters.events",
    "optout.letters.outputs", "optout.letters.outputs.pdf", "optout.letters.outputs.eml",
    "optout.letters.outputs.text", "optout.letters.outputs.mailto",
    "optout.watch.classify", "optout.watch.diff", "optout.watch.extract", "optout.watch.normalise",
    "optout.watch.pipeline", "optout.watch.declarations", "optout.watch.align", "optout.watch.relevance",
    "optout.watch.confirm",
    "optout.watch.language", "optout.watch.links", "optout.watch.moved", "optout.watch.quotes", "optout.watch.telling",
    "optout.watch.textfiles",
    "optout.site.robots", "optout.site.crawlers", "optout.site.generators", "optout.site.audit", "optout.site.logs",
    "optout.media.marks", "optout.media.xmp", "optout.media.iptc", "optout.media.exif", "optout.media.jpeg",
    "optout.media.formats", "optout.media.batch", "optout.media.verify", "optout.media.credentials",
    "optout.media.provenance", "optout.media.dimensions", "optout.site.crawler_addresses",
}
# Libraries that import Django when imported.
DJANGO_LIBRARIES = ("django", "allauth", "django_countries", "django_htmx", "django_tasks_db", "whitenoise")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}
# Every app's data checks (`optout data validate`, optout/lib/datacheck.py) are pure by rule.
PURE |= {module for module in MODULES if module.endswith(".datacheck")}
# The command-line doors: every module the `optout` command loads a group or command from.
DOORS = sorted({target.split(":")[0] for target, _help in COMMANDS.values()} | {m for m in MODULES if m.endswith(".cli")})


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _walk(node: ast.AST, top_level_only: bool):
    for child in ast.iter_child_nodes(node):
        if _is_type_checking(child):
            continue  # never runs
        if top_level_only and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        yield child
        yield from _walk(child, top_level_only)


@functools.cache
def imports(module: str, top_level_only: bool = False) -> tuple[tuple[int, str], ...]:
    """(line, imported module) for every import in `module`; `from x import y` counts x and x.y."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in _walk(ast.parse(path.read_text(encoding="utf-8")), top_level_only):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names if f"{base}.{alias.name}" in MODULES]
    return tuple(found)


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "optout" and module not in GLUE else None


def _with_parents(module: str) -> list[str]:
    """Importing a.b.c runs a/__init__, a/b/__init__ and a/b/c."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]) in MODULES]


def django_path(module: str, top_level_only: bool = False) -> list[str] | None:
    """The chain of imports from `module` to a Django import, or None when there is none."""
    seen = {module}
    queue = [[module]]
    while queue:
        chain = queue.pop(0)
        for _line, target in imports(chain[-1], top_level_only):
            if target.split(".")[0] in DJANGO_LIBRARIES:
                return [*chain, target]
            for step in _with_parents(target):
                if step not in seen:
                    seen.add(step)
                    queue.append([*chain, step])
    return None


def _is_test(module: str) -> bool:
    return ".tests" in module or module.rpartition(".")[2].startswith("test_")


def test_every_app_has_a_place_in_the_order():
    apps = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"data"}
    assert apps <= set(ORDER), f"place {sorted(apps - set(ORDER))} in ORDER (and docs/architecture.md)"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _app(m)))
def test_apps_import_only_apps_to_their_left(module):
    app = _app(module)
    wrong = []
    for line, target in imports(module):
        if not target.startswith("optout"):
            continue
        if target in GLUE or target.split(".")[:2] == ["optout", "cli"]:
            if app != "ops" and not (_is_test(module) and target.startswith("optout.cli")):
                wrong.append(f"line {line}: {target} (glue; apps may not import it)")
            continue
        other = _app(target)
        if other == "ops" and _is_test(module):
            continue
        if other and other != app and ORDER.index(other) > ORDER.index(app):
            wrong.append(f"line {line}: {target} ({other} is right of {app})")
    assert not wrong, f"{MODULES[module]}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("module", sorted(PURE))
def test_pure_module_imports_no_django(module):
    assert module in MODULES, f"{module} is listed as pure but does not exist"
    chain = django_path(module)
    assert chain is None, "imports Django: " + " → ".join(chain)


def test_every_module_without_django_is_listed_as_pure():
    """A new pure module is protected from its first commit: it must be named in PURE."""
    unlisted = [
        module for module, path in MODULES.items()
        if _app(module) and path.name != "__init__.py" and not _is_test(module) and ".migrations" not in module
        and module not in DOORS and module not in PURE and django_path(module) is None
    ]
    assert not unlisted, f"add to PURE (and docs/architecture.md), or give them a reason to use Django: {unlisted}"


@pytest.mark.parametrize("module", DOORS)
def test_command_line_doors_load_django_only_when_a_command_runs(module):
    chain = django_path(module, top_level_only=True)
    assert chain is None, "loads Django on import: " + " → ".join(chain)
