"""The data folder, the SQLite database and the secret key can be read only by the account running optout."""

import os
import stat
import subprocess
import sys
from pathlib import Path


def test_a_fresh_install_makes_its_data_owner_only(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    env = {**os.environ, "OPTOUT_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    optout = Path(sys.executable).parent / "optout"
    subprocess.run([str(optout), "manage", "migrate", "-v", "0"], env=env, check=True, timeout=180)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("optout.sqlite3", "secret_key"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    for extra in data.glob("optout.sqlite3-*"):  # the WAL files take the database's mode
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra.name
