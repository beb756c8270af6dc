"""Every owner-scoped lookup goes through optout/lib/ownership.py, in views, commands, tasks and services alike.

Read from the source: a query that filters on `owner` by hand, or a person's rows reached through a
reverse relation (`user.plan_actions`), is one that the ownership helper does not see.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "optout"
LOOKUPS = {"filter", "get", "exclude"}
PEOPLE = {"user", "person", "owner", "request.user", "self.request.user"}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path == ROOT / "lib" / "ownership.py":
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _owner_relations() -> set[str]:
    """The reverse names of every `owner` foreign key (plan_actions, letter_requests, …)."""
    names = set()
    for path in ROOT.rglob("models.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "owner" for t in node.targets):
                names |= {kw.value.value for kw in getattr(node.value, "keywords", [])
                          if kw.arg == "related_name" and isinstance(kw.value, ast.Constant)}
    return names


def test_no_query_filters_on_the_owner_by_hand():
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in LOOKUPS:
                keys = [kw.arg for kw in node.keywords if kw.arg]
                if any(k in ("owner", "owner_id") or (k.startswith("owner__") and k != "owner__isnull") for k in keys):
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {ast.unparse(node)[:100]}")
    assert not found, "use lib.ownership.owned(Model, person).filter(…):\n" + "\n".join(found)


def test_no_persons_rows_are_reached_through_a_reverse_relation():
    relations = _owner_relations()
    assert {"plan_actions", "letter_requests", "platform_accounts"} <= relations
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in relations and ast.unparse(node.value) in PEOPLE:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "use lib.ownership.owned(Model, person):\n" + "\n".join(found)
