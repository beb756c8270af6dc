"""Pure modules hold the reasoning and import no Django, so the CLI and tests use them as plain code."""

import subprocess
import sys

import pytest

PURE = ["optout.catalog.schema", "optout.catalog.sources", "optout.catalog.patches", "optout.catalog.regions", "optout.catalog.query", "optout.catalog.loader",
        "optout.lib.yamlfiles", "optout.lib.files", "optout.catalog.cli", "optout.cli", "optout.plans.planner",
        "optout.plans.evidence", "optout.plans.calendar", "optout.plans.reasons", "optout.plans.transfer",
        "optout.plans.cli", "optout.lib.cli", "optout.letters.deadlines", "optout.letters.compose",
        "optout.letters.texts", "optout.letters.authorities", "optout.letters.outputs", "optout.letters.cli",
        "optout.lib.http", "optout.lib.mailheaders", "optout.watch.align", "optout.watch.classify", "optout.watch.diff", "optout.watch.extract", "optout.watch.normalise",
        "optout.watch.pipeline", "optout.watch.declarations", "optout.watch.cli", "optout.media.marks",
        "optout.media.xmp", "optout.media.iptc", "optout.media.exif", "optout.media.jpeg", "optout.media.formats",
        "optout.media.batch", "optout.media.verify", "optout.media.credentials", "optout.media.cli"]


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_no_django(module):
    code = f"import sys, {module}; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
