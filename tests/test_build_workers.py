"""The build's worker pool: workers armed to die with the build, early parsing, refused builds."""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal

from pkanalysis.build import workers
from pkanalysis.build.write import LOCK

_PR_GET_PDEATHSIG = 2


def _death_signal() -> int:
    value = ctypes.c_int()
    ctypes.CDLL(None, use_errno=True).prctl(_PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0)
    return value.value


def test_a_worker_ignores_ctrl_c_and_is_killed_with_its_parent():
    previous = signal.getsignal(signal.SIGINT)
    try:
        workers._worker_start(os.getppid())  # what each worker runs as it starts
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert _death_signal() == signal.SIGKILL
    finally:
        signal.signal(signal.SIGINT, previous)
        ctypes.CDLL(None, use_errno=True).prctl(workers._PR_SET_PDEATHSIG, 0, 0, 0, 0)
    assert _death_signal() == 0


def test_a_build_locked_by_another_parses_nothing_early(tmp_path, raw_dir):
    assert workers._may_build(tmp_path)
    with (tmp_path / LOCK).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert not workers._may_build(tmp_path)
        with workers.early(raw_dir, tmp_path, 2, cache=tmp_path / "cache") as parsing:
            assert parsing is None
    assert not workers._may_build(tmp_path / "missing")


def test_reports_missing_from_the_cache_are_parsed_early_on_the_pool(tmp_path, raw_dir):
    # One report in a raw folder of its own: the early start parses it on two workers, and the
    # build's request for it gets the pool's result, equal to a parse done in place.
    raw = tmp_path / "raw"
    pdfs = sorted(raw_dir.rglob("*.pdf"))
    target = raw / pdfs[-1].relative_to(raw_dir)
    target.parent.mkdir(parents=True)
    shutil.copy(pdfs[-1], target)
    data = tmp_path / "data"
    data.mkdir()
    with workers.early(raw, data, 2, cache=tmp_path / "cache") as parsing:
        assert parsing is not None
        (sha,) = parsing._futures
        got = parsing.result(sha, target)
    again = workers.parse_report(target)
    assert got.pop("seconds") > 0
    again.pop("seconds")
    assert got == again
