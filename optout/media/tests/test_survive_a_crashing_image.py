"""A file that crashes the image library (exiv2 is C++) costs only that file, never the batch or the web app.

No real file is known to crash this exiv2, so a job stands in for one: in a worker process, reading its
source kills the worker with SIGSEGV, as a crash in exiv2 would.
"""

import os
import signal
from dataclasses import dataclass, field

import pytest

from optout.media import batch
from optout.media.marks import Marks

from .images import make_image


@dataclass
class CrashingJob(batch.Job):
    parent: int = field(default_factory=os.getpid)

    def __getattribute__(self, name):
        if name == "source" and os.getpid() != object.__getattribute__(self, "parent"):
            os.kill(os.getpid(), signal.SIGSEGV)
        return super().__getattribute__(name)


def _jobs(tmp_path, count, crash_at):
    jobs = []
    for index in range(count):
        source = make_image(tmp_path / "in" / f"photo{index:02}.jpg", gps=False, extra=False)
        kind = CrashingJob if index == crash_at else batch.Job
        jobs.append(kind(source, tmp_path / "out" / source.name))
    return jobs


@pytest.mark.parametrize(("count", "workers", "isolated"), [(3, 1, True), (20, 2, False)],
                         ids=["web: one worker", "many files: a pool"])
def test_the_crashing_file_is_reported_and_every_other_file_is_marked(tmp_path, count, workers, isolated):
    (tmp_path / "in").mkdir()
    jobs = _jobs(tmp_path, count, crash_at=1)
    outcomes = {o.source: o for o in batch.run(jobs, batch.Options(Marks(creator="Ann")), workers=workers,
                                                 isolated=isolated)}
    crashed = outcomes.pop(str(tmp_path / "in" / "photo01.jpg"))
    assert crashed.status == "error" and "image library stopped" in crashed.message
    assert not (tmp_path / "out" / "photo01.jpg").exists(), "nothing written for it"
    assert len(outcomes) == count - 1
    assert all(o.status == "ok" for o in outcomes.values()), [o.message for o in outcomes.values() if o.message]
    for index in set(range(count)) - {1}:
        assert b"Ann" in (tmp_path / "out" / f"photo{index:02}.jpg").read_bytes()


def test_a_copy_that_was_there_before_is_still_not_overwritten(tmp_path):
    (tmp_path / "in").mkdir()
    jobs = _jobs(tmp_path, 2, crash_at=1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "photo00.jpg").write_bytes(b"someone's own file")
    outcomes = list(batch.run(jobs, batch.Options(Marks(creator="Ann")), workers=1, isolated=True))
    assert {o.status for o in outcomes} == {"error"}
    assert (tmp_path / "out" / "photo00.jpg").read_bytes() == b"someone's own file"
