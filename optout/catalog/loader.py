"""Loading and validating the platform catalog: one function for the CLI, the site and the tests."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from optout.lib.yamlfiles import DataFileError, format_path, line_for, load, validate_model_file

from . import sources
from .schema import Platform

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLATFORMS_DIR = DATA_DIR / "platforms"


@dataclass
class CatalogResult:
    platforms: dict[str, Platform] = field(default_factory=dict)
    errors: list[DataFileError] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def validate_file(path: Path, display: str | None = None) -> tuple[Platform | None, list[DataFileError]]:
    """Schema first, then the source rules (`catalog.sources`): a file breaking them is not loaded."""
    display = display or str(path)
    platform, errors = validate_model_file(path, Platform, display, key="slug")
    if platform is None:
        return None, errors
    found = sources.problems(platform)
    if not found:
        return platform, errors
    _, lines = load(path, display)  # only re-read for line numbers when something is wrong
    return None, [DataFileError(display, line_for(lines, where), format_path(where), message) for where, message in found]


def validate_all(root: Path | None = None) -> CatalogResult:
    """Validate every `*.yaml` under `root` (a folder of platform files, or one file)."""
    root = Path(root) if root else PLATFORMS_DIR
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))
    base = root.parent if root.is_file() else root
    result = CatalogResult(files=len(files))
    if not root.exists():
        result.errors.append(DataFileError(str(root), None, None, "no such file or folder"))
        return result
    first_seen: dict[str, str] = {}
    for path in files:
        display = _display(path, base)
        platform, errors = validate_file(path, display)
        result.errors.extend(errors)
        if platform is None:
            continue
        if platform.slug in first_seen:
            message = f"duplicate slug {platform.slug!r} (also in {first_seen[platform.slug]})"
            result.errors.append(DataFileError(display, None, "slug", message))
            continue
        first_seen[platform.slug] = display
        result.platforms[platform.slug] = platform
    _check_related(result, first_seen)
    return result


def _check_related(result: CatalogResult, files: dict[str, str]) -> None:
    """`related` must name platforms in the catalog (skipped when checking a lone file)."""
    if len(result.platforms) < 2:
        return
    for platform in result.platforms.values():
        for index, slug in enumerate(platform.related):
            if slug not in result.platforms:
                message = f"no platform {slug!r} in the catalog"
                result.errors.append(DataFileError(files[platform.slug], None, f"related[{index}]", message))


def validated() -> CatalogResult:
    """`validate_all()` of the shipped catalog, from the compiled cache while its files and code are unchanged."""
    from optout.lib.datacache import code_files, load_or_build

    files = sorted(p for p in PLATFORMS_DIR.rglob("*") if p.suffix in (".yaml", ".yml"))
    return load_or_build("catalog", files, code_files(Path(__file__).resolve().parent), validate_all,
                         keep=lambda result: result.ok)


@functools.cache
def catalog() -> dict[str, Platform]:
    """The shipped catalog, loaded once per process. Invalid data is a bug: fail loudly."""
    result = validated()
    if not result.ok:
        raise RuntimeError("the platform catalog is invalid:\n" + "\n".join(map(str, result.errors)))
    return dict(sorted(result.platforms.items(), key=lambda item: item[1].name.lower()))


@functools.cache
def catalog_version() -> str:
    """Changes whenever a platform file or the code reading it changes: a key for caches built from the catalog."""
    from optout.lib.datacache import cache_key, code_files

    files = sorted(p for p in PLATFORMS_DIR.rglob("*") if p.suffix in (".yaml", ".yml"))
    return cache_key(files, code_files(Path(__file__).resolve().parent))[:16]


def platform_name(slug: str) -> str:
    """The name people know a platform by; the slug itself for one no longer in the catalog."""
    platform = catalog().get(slug)
    return platform.name if platform else slug
