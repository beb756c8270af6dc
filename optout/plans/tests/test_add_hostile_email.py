"""E-mails built to take the service down are refused with a message, through every door, in bounded memory.

The three reported inputs: 200,000 RFC 2047 encoded words in From (23 GB before), a 2 MB folded header
(a minute of CPU), and a multipart nested 3,000 levels deep (a 500).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from typer.testing import CliRunner

from optout.cli import build_app
from optout.plans.evidence import EvidenceError, check_email
from optout.plans.models import Evidence
from tests.fixtures.hostile import HOSTILE, encoded_words_from


@pytest.mark.parametrize("case", HOSTILE)
def test_check_email_refuses_each_hostile_message_with_a_reason(case):
    build, reason = HOSTILE[case]
    with pytest.raises(EvidenceError) as caught:
        check_email(build(), "attack.eml")
    assert str(caught.value).startswith("attack.eml cannot be read safely: ") and reason in str(caught.value)


def test_headers_with_many_encoded_words_or_deep_brackets_are_refused_but_ordinary_ones_read():
    many = b"From: " + b"=?utf-8?q?a?= " * 100 + b"<x@example.org>\r\nSubject: s\r\n\r\n"
    with pytest.raises(EvidenceError, match="From header holds 100 encoded words"):
        check_email(many)
    with pytest.raises(EvidenceError, match="nests brackets more than 20 levels"):
        check_email(b"From: " + b"(" * 5000 + b"\r\nSubject: s\r\n\r\n")
    checked = check_email(b"From: =?utf-8?q?Caf=C3=A9?= <cafe@example.org>\r\nSubject: =?utf-8?b?T2vDqQ==?=\r\n\r\nhi")
    assert (checked.sender, checked.subject) == ("Café <cafe@example.org>", "Oké")


def test_every_hostile_message_is_refused_in_a_process_that_stays_under_300_mb():
    code = (
        "import json, re\n"
        "from optout.plans.evidence import EvidenceError, check_email\n"
        "from tests.fixtures.hostile import HOSTILE\n"
        "out = {}\n"
        "for name, (build, _) in HOSTILE.items():\n"
        "    data = build()\n"
        "    try:\n"
        "        check_email(data); out[name] = 'accepted'\n"
        "    except EvidenceError:\n"
        "        out[name] = 'refused'\n"
        # VmHWM: this process's peak since exec (ru_maxrss would include the parent's size at fork).
        "peak = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read())\n"
        "out['maxrss_mb'] = int(peak.group(1)) / 1024\n"
        "print(json.dumps(out))\n"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["maxrss_mb"] < 300, figures
    for name in HOSTILE:
        assert figures[name] == "refused", figures


@pytest.mark.parametrize("case", HOSTILE)
def test_uploading_a_hostile_email_shows_the_reason_and_stores_nothing(alice_client, alice_plan, case):
    build, reason = HOSTILE[case]
    action = alice_plan[0]
    url = reverse("plans:action_email", args=[action.number])
    response = alice_client.post(url, {"eml": SimpleUploadedFile("attack.eml", build())})
    assert response.status_code == 400
    assert "attack.eml cannot be read safely" in response.content.decode() and reason in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("case", HOSTILE)
def test_pasting_a_hostile_email_shows_the_reason(alice_client, alice_plan, case):
    build, reason = HOSTILE[case]
    url = reverse("plans:action_email", args=[alice_plan[0].number])
    response = alice_client.post(url, {"pasted": build().decode()})  # 2.8 MB: more than Django's default allows
    assert response.status_code == 400 and reason in response.content.decode()
    assert "pasted.eml cannot be read safely" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_command_line_refuses_a_hostile_email_with_the_reason(db, tmp_path, alice, alice_plan):
    mail = tmp_path / "attack.eml"
    mail.write_bytes(encoded_words_from())
    result = CliRunner().invoke(build_app(), ["plan", "done", str(alice_plan[0].number), "--evidence", str(mail),
                                              "--user", "alice"])
    assert result.exit_code != 0
    assert "cannot be read safely" in result.output and "headers are longer than" in result.output
    assert not Evidence.objects.exists()
