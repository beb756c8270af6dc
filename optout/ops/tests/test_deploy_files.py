"""The deployment files in docs/deploy are well-formed and run the commands that exist."""

import configparser
from pathlib import Path

import yaml

from optout.cli import COMMANDS

DEPLOY = Path(__file__).resolve().parents[3] / "docs" / "deploy"


def test_the_compose_file_runs_postgres_web_processes_and_workers():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "migrate", "web1", "web2", "worker"} <= set(services)
    assert services["worker"]["command"][:2] == ["optout", "worker"] and "worker" in COMMANDS
    assert services["web1"]["environment"]["DATABASE_URL"].startswith("postgres://")
    assert (DEPLOY / compose["x-optout"]["build"]["dockerfile"].removeprefix("docs/deploy/")).exists()


def test_the_systemd_units_restart_and_start_after_migrating():
    for name in ("optout-web@.service", "optout-worker@.service", "optout-migrate.service"):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.read_string((DEPLOY / "systemd" / name).read_text())
        assert unit["Service"]["EnvironmentFile"] == "/etc/optout/env"
        if name != "optout-migrate.service":
            assert unit["Service"]["Restart"] == "always" and "optout-migrate.service" in unit["Unit"]["After"]
            assert unit["Service"]["UMask"] == "0077"
