"""Configuration from the environment: data folder, database, e-mail."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'db': str(settings.DATABASES['default']['NAME']), 'engine': settings.DATABASES['default']['ENGINE'],"
    " 'mail': settings.MAILERS['default'], 'has_email_backend': settings.is_overridden('EMAIL_BACKEND')}))"
)


def settings_with(tmp_path, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPTOUT_") and k != "DATABASE_URL"}
    environment.update({"DJANGO_SETTINGS_MODULE": "optout.settings", "OPTOUT_DATA_DIR": str(tmp_path), **env})
    out = subprocess.run([sys.executable, "-c", PRINT_SETTINGS], env=environment, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_local_defaults_use_sqlite_in_the_data_folder_and_console_mail(tmp_path):
    found = settings_with(tmp_path)
    assert found["db"] == str(tmp_path / "optout.sqlite3")
    assert found["mail"]["BACKEND"] == "optout.lib.mail.ConsoleBackend"  # Django's console mailer, printed readably
    assert not found["has_email_backend"]  # Django 6.1 refuses EMAIL_BACKEND next to MAILERS
    secret = tmp_path / "secret_key"
    assert secret.exists() and oct(secret.stat().st_mode & 0o777) == "0o600"
    first = secret.read_text()
    settings_with(tmp_path)
    assert secret.read_text() == first  # the kept key is reused, not replaced


def test_smtp_when_configured(tmp_path):
    found = settings_with(tmp_path, OPTOUT_SMTP_HOST="mail.example.org", OPTOUT_SMTP_PORT="2525", OPTOUT_SMTP_USER="me")
    assert found["mail"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["mail"]["OPTIONS"]["host"] == "mail.example.org"
    assert found["mail"]["OPTIONS"]["port"] == 2525


def test_database_url_wins(tmp_path):
    found = settings_with(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/other.db")
    assert found["db"] == f"{tmp_path}/other.db"


def test_a_bad_number_names_the_variable(tmp_path):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "optout.settings", "OPTOUT_DATA_DIR": str(tmp_path),
                   "OPTOUT_SMTP_HOST": "x", "OPTOUT_SMTP_PORT": "twenty-five"}
    result = subprocess.run([sys.executable, "-c", PRINT_SETTINGS], env=environment, capture_output=True, text=True)
    assert result.returncode != 0
    assert "OPTOUT_SMTP_PORT must be a whole number, not 'twenty-five'" in result.stderr


def test_the_suite_runs_on_the_database_it_was_given(db):
    """CI runs the suite twice; this proves the second run really uses PostgreSQL."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_a_test_run_keeps_out_of_the_data_folder_of_whoever_runs_it(tmp_path):
    """A review: the suite read and wrote the data folder of the person running it (its secret key, and the address
    `optout serve` recorded there, which made the run's links point at their optout). Under pytest, with no folder
    given, the settings make a data folder of the run's own with its data cache in it, for the commands its tests
    start too, and list it for the root conftest to remove when the run ends; a folder given is kept."""
    home = tmp_path / "home"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPTOUT_") and k != "DATABASE_URL"}
    environment.update({"DJANGO_SETTINGS_MODULE": "optout.settings", "HOME": str(home), "XDG_DATA_HOME": "",
                        "XDG_CACHE_HOME": "", "PYTEST_VERSION": "9"})
    shown = ("import os, django; from django.conf import settings; from optout import settings as made; django.setup(); "
             "print(settings.DATA_DIR, os.environ['OPTOUT_DATA_DIR'], os.environ['OPTOUT_CACHE_DIR'], settings.SITE_URL,"
             " *made.test_run_folders)")
    run = subprocess.run([sys.executable, "-c", shown], env=environment, capture_output=True, text=True, check=True)
    folder, told, cache, site, *made = run.stdout.split()
    assert folder == told and os.path.basename(folder).startswith("optout-test-data-") and (Path(folder) / "secret_key").exists()
    assert cache == str(Path(folder) / "cache") and made == [folder]
    assert not home.exists() and site == "http://127.0.0.1:8000"
    given = subprocess.run([sys.executable, "-c", shown], env={**environment, "OPTOUT_DATA_DIR": str(tmp_path / "given"),
                                                               "OPTOUT_CACHE_DIR": str(tmp_path / "cache")},
                           capture_output=True, text=True, check=True)
    assert given.stdout.split()[0] == str(tmp_path / "given") and given.stdout.split()[4:] == []
    shutil.rmtree(folder)
