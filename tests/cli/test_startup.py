"""`optout --help` must start fast: it may not import Django or any other heavy library."""

import subprocess
import sys

from optout.cli import COMMANDS

HEAVY = ["django", "typer", "rich", "pydantic", "yaml", "httpx", "weasyprint", "pyexiv2", "trafilatura"]


def test_help_loads_no_heavy_library():
    code = (
        "import sys; from optout.cli import main; main(['--help']); "
        f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "LOADED []" in out


def test_help_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "optout.cli", "--help"], capture_output=True, text=True, check=True).stdout
    for name, (_, text) in COMMANDS.items():
        assert f"  {name}" in out and text in out


def test_the_console_script_is_installed():
    from pathlib import Path

    script = Path(sys.executable).parent / "optout"
    out = subprocess.run([str(script), "catalog", "--help"], capture_output=True, text=True, check=True).stdout
    assert "validate" in out and "stale" in out
