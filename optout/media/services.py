"""Every change a person makes in the media app: presets. (Marking itself is in the pure modules.)"""

from __future__ import annotations

from optout.lib.ownership import owned

from .models import MARK_FIELDS, Preset


def preset_values(owner, name: str) -> dict | None:
    preset = owned(Preset, owner).filter(name=name).first()
    return preset.values() if preset else None


def save_preset(owner, name: str, values: dict) -> Preset:
    fields = {key: values.get(key, "") or "" for key in MARK_FIELDS} | {"remove_location": bool(values.get("remove_location"))}
    preset, _ = Preset.objects.update_or_create(owner=owner, name=name, defaults=fields)
    return preset


def delete_preset(owner, name: str) -> bool:
    deleted, _ = owned(Preset, owner).filter(name=name).delete()
    return bool(deleted)
