"""The compiled data cache must never serve data that differs from the files."""

import pydantic
import pytest

from optout.lib import datacache, yamlfiles


class Item(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    slug: str
    size: int


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("OPTOUT_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "items"
    data.mkdir()
    (data / "a.yaml").write_text("slug: a\nsize: 1\n")
    (data / "b.yaml").write_text("slug: b\nsize: 2\n")
    return data


def load(folder):
    return yamlfiles.validate_folder(folder, Item, label="items", key="slug")


def sizes(result):
    return {slug: item.size for slug, item in result.records.items()}


def test_the_second_load_comes_from_the_cache(folder, tmp_path):
    assert sizes(load(folder)) == {"a": 1, "b": 2}
    cached = list((tmp_path / "cache").glob("items-*.pickle"))
    assert len(cached) == 1
    assert sizes(load(folder)) == {"a": 1, "b": 2}
    assert list((tmp_path / "cache").glob("items-*.pickle")) == cached


def test_an_edited_added_or_removed_file_is_read_again(folder, tmp_path):
    load(folder)
    (folder / "a.yaml").write_text("slug: a\nsize: 10\n")
    assert sizes(load(folder)) == {"a": 10, "b": 2}
    (folder / "c.yaml").write_text("slug: c\nsize: 3\n")
    assert sizes(load(folder)) == {"a": 10, "b": 2, "c": 3}
    (folder / "b.yaml").unlink()
    assert sizes(load(folder)) == {"a": 10, "c": 3}
    assert len(list((tmp_path / "cache").glob("items-*.pickle"))) == 1, "old entries are removed"


def test_errors_are_never_cached(folder, tmp_path):
    (folder / "b.yaml").write_text("slug: b\nsize: big\n")
    first = load(folder)
    assert [str(e) for e in first.errors] == ["items/b.yaml:2: size: Input should be a valid integer, unable to parse string as an integer"]
    assert not list((tmp_path / "cache").glob("*.pickle"))
    assert [str(e) for e in load(folder).errors] == [str(e) for e in first.errors]


def test_a_corrupt_cache_file_is_rebuilt(folder, tmp_path):
    load(folder)
    [cached] = (tmp_path / "cache").glob("items-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert sizes(load(folder)) == {"a": 1, "b": 2}
    assert cached.read_bytes() != b"not a pickle"


def test_it_can_be_switched_off(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("OPTOUT_DATA_CACHE", "off")
    assert sizes(load(folder)) == {"a": 1, "b": 2}
    assert not (tmp_path / "cache").exists()


def test_a_changed_validator_is_a_new_key(tmp_path):
    data = tmp_path / "x.yaml"
    data.write_text("slug: x\n")
    code = tmp_path / "schema.py"
    code.write_text("A = 1\n")
    before = datacache.cache_key([data], [code])
    code.write_text("A = 2\n")
    assert datacache.cache_key([data], [code]) != before
