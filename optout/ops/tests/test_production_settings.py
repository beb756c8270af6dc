"""Production settings come from the environment, and `optout manage check --deploy` is clean with them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

OPTOUT = str(Path(sys.executable).parent / "optout")


def _env(tmp_path, **extra) -> dict:
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path), "OPTOUT_SITE_URL": "https://optout.example.org",
           "OPTOUT_ALLOWED_HOSTS": "optout.example.org", "OPTOUT_SECRET_KEY": secrets.token_urlsafe(50),
           "OPTOUT_SMTP_HOST": "smtp.example.org", "OPTOUT_SMTP_USER": "optout", "OPTOUT_SMTP_PASSWORD": "pw",
           **extra}
    for name in ("OPTOUT_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):  # set by the test run itself
        env.pop(name, None)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run([OPTOUT, "manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env=_env(tmp_path, OPTOUT_BEHIND_TLS_PROXY="1"), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PROBE = """
import json
from django.conf import settings
from django.test import Client
c = Client()
plain = c.get('/about/', HTTP_HOST='optout.example.org')
proxied = c.get('/about/', HTTP_HOST='optout.example.org', HTTP_X_FORWARDED_PROTO='https')
mailer = settings.MAILERS['default']
print(json.dumps({'plain': [plain.status_code, plain.get('Location', '')],
                  'proxied': [proxied.status_code, proxied.get('Strict-Transport-Security', '')],
                  'mailer': [mailer['BACKEND'], mailer['OPTIONS']['host'], mailer['OPTIONS']['use_tls']]}))
"""


def _probe(tmp_path, **extra) -> dict:
    result = subprocess.run([OPTOUT, "manage", "shell", "-c", PROBE], env=_env(tmp_path, **extra),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_behind_a_tls_proxy_https_is_trusted_only_when_the_operator_says_so(tmp_path):
    behind = _probe(tmp_path, OPTOUT_BEHIND_TLS_PROXY="1")
    assert behind["plain"] == [301, "https://optout.example.org/about/"]  # http is sent to https
    assert behind["proxied"][0] == 200 and behind["proxied"][1].startswith("max-age=31536000")
    assert behind["mailer"] == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.org", True]
    direct = _probe(tmp_path)  # not behind a proxy: a client's X-Forwarded-Proto header changes nothing
    assert direct["proxied"][0] == 301


def test_check_deploy_warns_when_e_mails_would_link_to_this_computer(tmp_path):
    env = _env(tmp_path, OPTOUT_BEHIND_TLS_PROXY="1")
    env.pop("OPTOUT_SITE_URL")
    result = subprocess.run([OPTOUT, "manage", "check", "--deploy"], env=env, capture_output=True, text=True,
                            timeout=120)
    said = result.stdout + result.stderr
    assert "optout.W002" in said and "http://127.0.0.1:8000, which people's computers cannot open" in said
    assert "Set OPTOUT_SITE_URL" in said
