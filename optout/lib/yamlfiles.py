"""Reading YAML data files so that every problem names its file, line and field.

PyYAML alone loses line numbers once data is built and silently accepts duplicate
keys and YAML 1.1 surprises (`NO` — Norway — becomes False). This module keeps a
map from each value's path to its line, rejects duplicate keys, and only treats
`true`/`false` as booleans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class DataFileError:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataFileInvalid(Exception):
    def __init__(self, error: DataFileError):
        super().__init__(str(error))
        self.error = error


def _data_loader(base: type) -> type:
    """`base` (a SafeLoader) with YAML 1.2-style booleans (only true/false) and forgiving timestamps."""

    class Loader(base):
        def construct_yaml_timestamp(self, node):
            # An impossible date such as 2025-02-30 stays a string, so schema validation
            # can report it against its field instead of the parser crashing.
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return node.value

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    Loader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
    }
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))
    return Loader


PurePythonLoader = _data_loader(yaml.SafeLoader)
# libyaml parses about seven times faster than the pure-Python parser and builds the same nodes and marks;
# the pure one stays for machines whose PyYAML was built without libyaml (and to check that they agree).
DataLoader = _data_loader(yaml.CSafeLoader) if getattr(yaml, "__with_libyaml__", False) else PurePythonLoader


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


MAX_BYTES = 1_000_000


def _walk(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], display: str, seen_nodes: set[int]) -> None:
    # Aliases would let a tiny file expand into a huge tree ("billion laughs"); data files need none.
    if id(node) in seen_nodes:
        line = line_for(lines, path)
        raise DataFileInvalid(DataFileError(display, line, format_path(path) or None, "YAML aliases (*name) are not allowed"))
    seen_nodes.add(id(node))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise DataFileInvalid(
                    DataFileError(display, key_node.start_mark.line + 1, format_path((*path, key)), "duplicate key")
                )
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, display, seen_nodes)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, display, seen_nodes)


def _bad_utf8_line(raw: bytes, error: UnicodeDecodeError) -> int:
    return raw[: error.start].count(b"\n") + 1


def load(path: Path, display: str | None = None, loader_class: type = DataLoader) -> tuple[Any, dict[PathKey, int]]:
    """Load one YAML file; return (data, {path: line}). Raises DataFileInvalid."""
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFileInvalid(DataFileError(display, None, None, f"cannot read: {exc.strerror}")) from exc
    if len(raw) > MAX_BYTES:
        raise DataFileInvalid(DataFileError(display, None, None, f"larger than {MAX_BYTES // 1000} kB; is it the right file?"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _bad_utf8_line(raw, exc)
        raise DataFileInvalid(DataFileError(display, line, None, "not UTF-8 (save the file as UTF-8)")) from exc
    try:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            lines: dict[PathKey, int] = {}
            data = None
            if node is not None:
                _walk(node, (), lines, display, set())
                data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise DataFileInvalid(DataFileError(display, line, None, message)) from exc
    except yaml.YAMLError as exc:
        raise DataFileInvalid(DataFileError(display, None, None, f"YAML error: {exc}")) from exc
    return data, lines


def line_for(lines: dict[PathKey, int], path: PathKey) -> int | None:
    """Line of the deepest known ancestor of `path` (a missing field points at its parent)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _pydantic_message(error: dict) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    return msg.removeprefix("Value error, ")


def validate_model_file(path: Path, model, display: str | None = None, key: str = "slug"):
    """Load a YAML file into a pydantic `model`; errors as `file:line: field: message`.

    The record's `key` field must equal the file name, so a file is always found by its name.
    """
    from pydantic import ValidationError

    display = display or str(path)
    try:
        data, lines = load(path, display)
    except DataFileInvalid as exc:
        return None, [exc.error]
    if not isinstance(data, dict):
        return None, [DataFileError(display, 1, None, "expected a mapping of fields at the top level")]
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            errors.append(DataFileError(display, line_for(lines, loc), format_path(loc) or None, _pydantic_message(error)))
        return None, errors
    if getattr(record, key) != path.stem:
        return None, [DataFileError(display, lines.get((key,)), key, f"must match the file name ({path.stem!r})")]
    return record, []


@dataclass
class FolderResult:
    records: dict
    errors: list[DataFileError]


def validate_folder(root: Path, model, *, label: str, key: str) -> FolderResult:
    """Validate every `*.yaml` in `root` against `model`; records keyed by their `key` field."""
    import inspect

    from .datacache import code_files, load_or_build

    files = sorted(Path(root).glob("*.yaml"))
    model_package = Path(inspect.getfile(model)).resolve().parent
    return load_or_build(label.replace("/", "-"), files, code_files(model_package),
                         lambda: _validate_files(files, model, label, key), keep=lambda result: not result.errors)


def _validate_files(files: list[Path], model, label: str, key: str) -> FolderResult:
    result = FolderResult({}, [])
    for path in files:
        record, errors = validate_model_file(path, model, f"{label}/{path.name}", key=key)
        result.errors += errors
        if record is not None:
            result.records[getattr(record, key)] = record
    return result


def records_or_raise(result: FolderResult, what: str) -> dict:
    """Shipped data that does not validate is a bug: stop with every error listed."""
    if result.errors:
        raise RuntimeError(f"the {what} data is invalid:\n" + "\n".join(map(str, result.errors)))
    return result.records
