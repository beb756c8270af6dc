"""Image-marking presets in the plan export: their part of the file, checked before anything is stored.

Registered from this app's AppConfig.ready, as the letters app registers its part: plans sits below media and cannot
import it, so the part reaches the export through `plans.registries.EXPORT_PARTS`.

An import adds the file's presets by name. A preset of the same name and the same choices is left as it is; one with
other choices is overwritten only by a replacing import (otherwise the import is refused, naming it). Presets the file
does not hold are never deleted, even by a replacing import.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from optout.lib.ownership import owned
from optout.media.marks import WEB_ADDRESS
from optout.media.models import DATA_MINING_CHOICES, MARK_FIELDS, Preset
from optout.plans.registries import ExportPart
from optout.plans.transfer import PlanImportError

KEY = "presets"
WebAddress = Annotated[str, StringConstraints(max_length=500, pattern=rf"^{WEB_ADDRESS}$")]


def _short(limit: int, minimum: int = 0):
    return Annotated[str, StringConstraints(max_length=limit, min_length=minimum)]


class PresetData(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)

    name: Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
    data_mining: _short(100)
    other_constraints: _short(500) = ""
    creator: _short(200) = ""
    copyright: _short(300) = ""
    credit: _short(200) = ""
    web_statement: WebAddress = ""
    licensor_url: WebAddress = ""
    usage_terms: _short(500) = ""
    remove_location: bool = False

    def values(self) -> dict:
        return {name: getattr(self, name) for name in (*MARK_FIELDS, "remove_location")}


def export_presets(user) -> list[dict]:
    return [preset.values() | {"name": preset.name} for preset in owned(Preset, user).order_by("name", "id")]


def check_presets(items: list[dict], _numbers: set[int], _now: dt.datetime) -> list[PresetData]:
    known = {code for code, _label in DATA_MINING_CHOICES}
    parsed, names = [], set()
    for index, item in enumerate(items):
        try:
            preset = PresetData.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise PlanImportError(f"presets[{index}].{where}: {first['msg'].removeprefix('Value error, ')}") from exc
        if preset.data_mining not in known:
            raise PlanImportError(f"presets[{index}].data_mining: unknown choice {preset.data_mining[:100]!r}")
        if preset.name in names:
            raise PlanImportError(f"presets[{index}].name: two presets are called {preset.name!r}")
        names.add(preset.name)
        parsed.append(preset)
    return parsed


def conflict(_user) -> str:
    return ""  # presets are added by name; a clash is found with the file's presets in hand, in `store_presets`


def store_presets(user, presets: list[PresetData], _action_ids: dict, replace: bool) -> None:
    existing = {preset.name: preset for preset in owned(Preset, user)}
    for data in presets:
        values = data.values()
        found = existing.get(data.name)
        if found is not None and found.values() == values:
            continue
        if found is not None and not replace:
            raise PlanImportError(
                f"You already have an image-marking preset called “{data.name}” with other choices. Rename or delete "
                "it, or choose to replace your current plan (your other presets stay).")
        Preset.objects.update_or_create(owner=user, name=data.name, defaults=values)


PART = ExportPart(key=KEY, export=export_presets, check=check_presets, conflict=conflict, store=store_presets)
