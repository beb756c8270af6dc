"""Image-marking presets (the creator's name, copyright, AI-training choice) are in the plan export and come back
with an import; an import never deletes a preset the file does not hold, and never silently overwrites one."""

import io
import json

from django.urls import reverse

from conftest import make_plan
from optout.media.marks import PLUS_VOCAB
from optout.media.models import Preset

MINE = {"name": "mine", "data_mining": PLUS_VOCAB + "DMI-PROHIBITED-AIMLTRAINING", "creator": "Alice Artist",
        "copyright": "© 2026 Alice Artist", "credit": "", "web_statement": "https://alice.example/rights",
        "licensor_url": "", "usage_terms": "", "other_constraints": "", "remove_location": "on"}


def _presets(user) -> list[dict]:
    return [preset.values() | {"name": preset.name} for preset in Preset.objects.filter(owner=user).order_by("name")]


def _export(client) -> bytes:
    return client.post(reverse("plans:export")).content


def _import(client, data: bytes, *, replace: bool = False):
    upload = io.BytesIO(data)
    upload.name = "plan.json"
    return client.post(reverse("plans:import"), {"file": upload, "replace": "on" if replace else ""})


def test_my_presets_move_with_my_plan(alice, bob, alice_client, bob_client):
    make_plan(alice, "EU", ["instagram"])
    assert alice_client.post(reverse("media:save_preset"), MINE).status_code == 302
    exported = _export(alice_client)
    assert json.loads(exported)["presets"][0]["creator"] == "Alice Artist"

    assert _import(bob_client, exported).status_code == 302

    assert _presets(bob) == _presets(alice) and _presets(bob)[0]["remove_location"] is True
    assert "Alice Artist" in bob_client.get(reverse("media:index") + "?preset=mine").content.decode()


def test_an_import_keeps_presets_the_file_does_not_hold_and_refuses_to_overwrite_one_unless_replacing(
        alice, bob, alice_client, bob_client):
    make_plan(alice, "EU", ["instagram"])
    alice_client.post(reverse("media:save_preset"), MINE)
    exported = _export(alice_client)
    bob_client.post(reverse("media:save_preset"), {**MINE, "name": "bobs own", "creator": "Bob"})
    bob_client.post(reverse("media:save_preset"), {**MINE, "creator": "Bob Builder"})  # same name, other choices

    refused = _import(bob_client, exported)
    assert refused.status_code == 400 and "preset called “mine”" in refused.content.decode()
    assert not bob.plan_actions.exists()

    assert _import(bob_client, exported, replace=True).status_code == 302
    assert {p["name"]: p["creator"] for p in _presets(bob)} == {"bobs own": "Bob", "mine": "Alice Artist"}
    older = json.loads(exported)
    del older["presets"]
    older["version"] = 3
    assert _import(bob_client, json.dumps(older).encode(), replace=True).status_code == 302
    assert len(_presets(bob)) == 2  # a file from before presets were exported deletes none


def test_a_damaged_preset_is_named_and_nothing_is_imported(alice, bob, alice_client, bob_client):
    make_plan(alice, "EU", ["instagram"])
    alice_client.post(reverse("media:save_preset"), MINE)
    data = json.loads(_export(alice_client))
    data["presets"][0]["web_statement"] = "javascript:alert(1)"
    refused = _import(bob_client, json.dumps(data).encode())
    assert refused.status_code == 400 and "presets[0].web_statement" in refused.content.decode()
    assert not bob.plan_actions.exists() and not Preset.objects.filter(owner=bob).exists()


def test_the_command_line_refuses_a_web_address_the_plan_could_not_carry(alice):
    """`media presets save p --web-statement "not a url"` was kept, and then every export of the plan failed to
    import again ("presets[0].web_statement: String should match pattern")."""
    from typer.testing import CliRunner

    from optout.cli import build_app

    result = CliRunner().invoke(build_app(), ["media", "presets", "save", "p2", "--web-statement", "not a url",
                                              "--user", "alice"])
    assert result.exit_code != 0 and "give a whole web address beginning with https://" in result.output
    assert not Preset.objects.filter(owner=alice).exists()
    saved = CliRunner().invoke(build_app(), ["media", "presets", "save", "p3", "--web-statement",
                                             "https://ann.example/rights", "--user", "alice"])
    assert saved.exit_code == 0 and Preset.objects.get(owner=alice).web_statement == "https://ann.example/rights"
