"""A mistake at the terminal gets one clear line (no traceback); library chatter stays quiet unless --verbose."""

import os
import subprocess
from pathlib import Path

from optout.letters.texts import LANGUAGES

OPTOUT = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "optout")


def optout(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    env.pop("OPTOUT_LOG_LEVEL", None)
    return subprocess.run([OPTOUT, *args], capture_output=True, text=True, env=env, timeout=120)


def test_unknown_letter_language_is_bad_usage_in_one_line(tmp_path):
    result = optout(tmp_path, "letter", "new", "--platform", "instagram", "--lang", "xx")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "--lang" in lines[0] and "'xx'" in lines[0] and f"choose one of {', '.join(LANGUAGES)}." in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_unknown_option_and_command_exit_2_with_a_pointer_to_help(tmp_path):
    result = optout(tmp_path, "plan", "--no-such-thing")
    assert result.returncode == 2
    assert result.stderr.strip() == "optout plan: No such option: --no-such-thing (see 'optout plan --help')"
    result = optout(tmp_path, "nothing")
    assert result.returncode == 2 and "No such command 'nothing'" in result.stderr and "╭" not in result.stderr


def test_pdf_library_logging_is_quiet_unless_verbose(tmp_path):
    out = tmp_path / "letter.pdf"
    args = ("letter", "new", "--platform", "instagram", "--type", "plain", "--name", "Ana Example",
            "--email", "ana@example.org", "--out", str(out))
    quiet = optout(tmp_path, *args)
    assert quiet.returncode == 0, quiet.stderr
    assert out.exists() and "Fetching and parsing" not in quiet.stderr + quiet.stdout
    assert quiet.stderr.strip() in ("", "Created the local user 'local' for the command line.")
    loud = optout(tmp_path, "--verbose", *args, "--force")  # the same file again: replacing it is asked for
    assert loud.returncode == 0 and "Fetching and parsing CSS" in loud.stderr


def test_a_command_group_alone_shows_its_help_once(tmp_path):
    """`optout plan` (and media, media presets, catalog corrections, site registry) printed its help twice."""
    for group in (["plan"], ["media", "presets"], ["site", "registry"], []):
        result = optout(tmp_path, *group)
        assert result.returncode == 0 and result.stdout.count("Usage: optout") == 1, (group, result.stdout[:400])


def test_option_names_are_shown_whole_in_an_80_column_terminal(tmp_path):
    """`site generate --help` cut "--block-user-trig…" and "--block-link-prev…": names a person must type."""
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path), "COLUMNS": "80"}
    shown = subprocess.run([OPTOUT, "site", "generate", "--help"], capture_output=True, text=True, env=env,
                           timeout=120).stdout
    for name in ("--block-user-triggered", "--block-link-previews", "--allow-assistants", "--block-ai-search"):
        assert name in shown, shown
