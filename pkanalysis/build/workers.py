"""The build's worker processes: the only work it runs in parallel is parsing report PDFs.

Parsing (:mod:`~pkanalysis.build.parse`) needs neither pandas nor the rest of the build, so the
command line starts the workers first (:func:`early`): they parse while the build imports
pandas, pandera and the country lists, instead of after, and, forked from a process that holds
none of those, they take little memory.  Workers ignore Ctrl-C (the build stops them) and are
killed by the kernel if the build dies (``PR_SET_PDEATHSIG``), so no build leaves a process
behind.  Nothing here imports pandas.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .. import paths
from .parse import ParseCache, parse_report, previous_parse_seconds, to_parse
from .write import LOCK

_PR_SET_PDEATHSIG = 1


def _worker_start(parent: int) -> None:
    """Run in each worker as it starts: die with the build, leave Ctrl-C to the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the C library's symbols are already loaded: no find_library(), which runs ldconfig
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # Linux only
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the build died before the signal was armed
        os._exit(1)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A process pool that is torn down at once, not drained, if the build fails or is stopped.

    ``ProcessPoolExecutor``'s own exit waits for every queued task; after Ctrl-C that would
    parse the remaining reports first.  Here queued tasks are cancelled and running workers
    killed, so the build stops within moments and its staging folder can be removed.
    """
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(workers, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.kill()
        for proc in processes:
            proc.join()
        raise
    else:
        pool.shutdown(wait=True)


class Parsing:
    """Reports being parsed on a pool (or, without one, parsed here when asked for)."""

    def __init__(self, pool: ProcessPoolExecutor | None) -> None:
        self.pool = pool
        self._futures: dict[str, Future] = {}

    def submit(self, todo: list[tuple[str, Path]]) -> None:
        """Start parsing ``(sha256, file)`` pairs not started yet, in the order given."""
        if self.pool is None:
            return
        for sha, path in todo:
            if sha not in self._futures:
                self._futures[sha] = self.pool.submit(parse_report, path)

    def result(self, sha: str, path: Path) -> dict:
        """The parse of one report: from the pool if started there, else parsed now."""
        future = self._futures.pop(sha, None)
        return parse_report(path) if future is None else future.result()


def _may_build(data: Path) -> bool:
    """Whether a build of ``data`` would get past its first checks (the folder exists, is
    writable, and no other build holds its lock); the build itself says why not."""
    try:
        with (data / LOCK).open("a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(fh, fcntl.LOCK_UN)
        return True
    except OSError:
        return False


@contextlib.contextmanager
def early(
    raw: str | os.PathLike[str] | None,
    data_home: str | os.PathLike[str] | None,
    workers: int | None,
    cache: str | os.PathLike[str] | None = None,
) -> Iterator[Parsing | None]:
    """Start parsing the reports the parse cache lacks, before the rest of the build is
    imported; the build (``build(parsing=...)``) takes the results.

    Yields None, and starts nothing, for one worker, nothing to parse, or a build that will be
    refused (a data folder that cannot be written, another build running), so that a refused
    build parses nothing.
    """
    workers = workers or os.cpu_count() or 1
    try:
        raw_path, data = paths.raw_dir(raw), paths.data_dir(data_home)
        todo = [] if workers <= 1 or not _may_build(data) else None
        if todo is None:
            todo = to_parse(raw_path, ParseCache(cache), previous_parse_seconds(data), False)[2]
    except Exception:  # a missing folder, no reports: the build reports it
        todo = []
    if not todo:
        yield None
        return
    with worker_pool(workers) as pool:
        parsing = Parsing(pool)
        parsing.submit(todo)
        yield parsing
