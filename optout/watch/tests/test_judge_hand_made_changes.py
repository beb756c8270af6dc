"""Judging small hand-made edits of a policy's AI clauses, as a reviewer wrote them to find what optout
missed."""

import json

from typer.testing import CliRunner

from optout.cli import build_app

BEFORE = "We collect the details you give us when you sign up. We keep them while your account is open."


def _compare_on_the_command_line(tmp_path, old: str, new: str) -> dict:
    (tmp_path / "old.md").write_text(old, encoding="utf-8")
    (tmp_path / "new.md").write_text(new, encoding="utf-8")
    said = CliRunner().invoke(build_app(), ["watch", "compare", str(tmp_path / "old.md"), str(tmp_path / "new.md"), "--json"])
    assert said.exit_code == 0, said.output
    return json.loads(said.output)


def test_a_zero_width_space_inside_a_word_is_no_change(tmp_path):
    clause = "We use your public posts and comments to develop and improve our generative AI models."
    data = _compare_on_the_command_line(tmp_path, f"{BEFORE}\n\n{clause}\n", f"{BEFORE}\n\n{clause.replace('models', 'mod\u200bels')}\n")
    assert data == {"changed": False, "ai_relevant": False, "sure": False, "score": 0.0, "reasons": []}
