"""Two task workers on one database: every task runs exactly once (issue 12).

Runs on the database the suite runs on: on PostgreSQL (CI sets DATABASE_URL) the workers share the
test database itself; on SQLite, where the test database lives in memory, they share a fresh file.
"""

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
OPTOUT = str(Path(sys.executable).parent / "optout")
TASKS = 60


def _database_url(tmp_path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        from urllib.parse import quote

        return (f"postgres://{quote(settings['USER'])}:{quote(settings['PASSWORD'] or '')}@{settings['HOST'] or 'localhost'}"
                f":{settings['PORT'] or 5432}/{settings['NAME']}")
    return f"sqlite:///{tmp_path / 'shared.sqlite3'}"


def _run(env, *args, timeout=180) -> str:
    result = subprocess.run([OPTOUT, "manage", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_every_task_exactly_once(tmp_path):
    env = {**os.environ, "OPTOUT_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": _database_url(tmp_path),
           "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if connection.vendor != "postgresql":
        _run(env, "migrate", "-v", "0")
    log = tmp_path / "ran.log"
    _run(env, "shell", "-c", f"from tests.fixtures.probe_tasks import record\n"
                             f"for n in range({TASKS}): record.enqueue(n, {str(log)!r})")
    workers = [subprocess.Popen([OPTOUT, "manage", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.05",
                                 "--queue-name", "*"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [worker.communicate(timeout=180)[0] for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    runs = [line.split() for line in log.read_text().splitlines()]
    per_task = Counter(int(number) for number, _pid in runs)
    assert sorted(per_task) == list(range(TASKS)) and set(per_task.values()) == {1}  # each once, none twice
    assert len({pid for _number, pid in runs}) == 2  # and both workers took part
    statuses = _run(env, "shell", "-c", "import json\nfrom django_tasks_db.models import DBTaskResult\n"
                                        "from django.db.models import Count\n"
                                        "print(json.dumps(dict(DBTaskResult.objects.filter(task_path__endswith='record')"
                                        ".values_list('status').annotate(n=Count('id')))))")
    assert json.loads(statuses.strip().splitlines()[-1]) == {"SUCCESSFUL": TASKS}
