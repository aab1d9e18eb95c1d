"""Shared helpers for the benchmark scripts: wall time, CPU time and peak memory of a process
tree."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, read from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += (
                next(
                    int(line.split()[1])
                    for line in status.splitlines()
                    if line.startswith("VmRSS:")
                )
                * 1024
            )
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


@dataclass(frozen=True)
class Measured:
    """What one command cost: wall seconds, CPU seconds (user + system) of the command and every
    process it waited for, peak resident bytes of its process tree, and its output."""

    seconds: float
    cpu: float
    peak: int
    out: str


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run a command and measure it (see :class:`Measured`).

    CPU time is read from the kernel's accounting of waited-for children, which includes the
    command's own workers once it has waited for them (a build joins its pool).
    """
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}")
    return Measured(seconds, _children_cpu() - cpu_before, peak, out)
