"""The fast libyaml loader must read every shipped data file exactly as the pure-Python one does."""

from pathlib import Path

import pytest
import yaml

from optout.lib import yamlfiles

DATA = Path(yamlfiles.__file__).resolve().parent.parent / "data"
FILES = sorted(DATA.rglob("*.yaml"))


def test_libyaml_is_used():
    assert yaml.__with_libyaml__, "PyYAML was built without libyaml; data loading falls back to the slow parser"
    assert issubclass(yamlfiles.DataLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_both_loaders_give_the_same_data_and_lines(path):
    assert yamlfiles.load(path) == yamlfiles.load(path, loader_class=yamlfiles.PurePythonLoader)


@pytest.mark.parametrize("text, line", [
    ("a: 1\na: 2\n", 2),              # duplicate key
    ("a: [1, 2\nb: 3\n", 2),          # unclosed flow sequence
    ("a: &x 1\nb: *x\n", 2),          # alias
    ("a: 1\n  b: 2\n", 2),            # bad indentation
])
def test_both_loaders_report_the_same_line(tmp_path, text, line):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    errors = []
    for loader in (yamlfiles.DataLoader, yamlfiles.PurePythonLoader):
        with pytest.raises(yamlfiles.DataFileInvalid) as caught:
            yamlfiles.load(path, loader_class=loader)
        errors.append(caught.value.error)
    assert errors[0].line == errors[1].line == line
    assert errors[0].field == errors[1].field


def test_norway_stays_a_country_code(tmp_path):
    path = tmp_path / "no.yaml"
    path.write_text("regions: [NO, DE]\nflag: true\nwhen: 2025-02-30\n")
    data, _ = yamlfiles.load(path)
    assert data == {"regions": ["NO", "DE"], "flag": True, "when": "2025-02-30"}
