"""Benchmark: a report suite's wall time beside the time its notebooks' own cells took.

The floor is the executed cells' durations (papermill's per-cell ``duration`` in each executed
notebook), summed over the jobs and divided by the workers: what running the suite would take if
starting kernels, executing through papermill and writing HTML cost nothing and the workers were
always busy.  The ratio is wall time / floor; everything above 1 is the runner's overhead.
Target: <= 1.3 for the default suite and for ``suites/all_briefs.yml`` with 2 workers.

The rounds of a suite share one reports folder, as runs do in ``reports/``: from the second round
on, the runner starts the jobs longest first by their time in the previous run.

It also prints the cost per job: each notebook's mean seconds per job (a job's time from its
kernel's start to its HTML written, as the manifest records it), per language, over the rounds.

    python benchmarks/report_speed.py [--suite S ...] [--workers 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from pkanalysis import report


def cell_seconds(run: Path) -> float:
    """Sum of papermill's per-cell durations over every executed notebook of a run."""
    total = 0.0
    for path in run.glob("*/*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            total += cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--suite",
        action="append",
        help="suite file (repeatable; default: suites/default.yml and suites/all_briefs.yml)",
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    suites = args.suite or [str(report.DEFAULT_SUITE), str(report.SUITES_DIR / "all_briefs.yml")]
    for suite in suites:
        jobs, _ = report.load_suite(suite)
        print(f"suite: {suite} ({len(jobs)} jobs, {args.workers} workers)")
        ratios, ok = [], True
        per_job: dict[tuple[str, str], list[float]] = defaultdict(list)
        with tempfile.TemporaryDirectory() as tmp:
            for round_ in range(1, args.rounds + 1):
                t0 = time.perf_counter()
                result = report.run_suite(
                    suite, out=Path(tmp) / "reports", workers=args.workers, progress=False
                )
                wall = time.perf_counter() - t0
                cells = cell_seconds(result.folder)
                ok &= result.ok
                for job in result.jobs:
                    per_job[job.notebook, getattr(job, "lang", "en")].append(job.seconds)
                floor = cells / args.workers
                ratios.append(wall / floor)
                print(
                    f"  round {round_}: wall {wall:6.1f} s, cells {cells:6.1f} s, "
                    f"cells/workers {floor:6.1f} s, ratio {wall / floor:.2f}"
                )
        print(f"  all jobs ok: {ok}")
        print("  seconds per job (mean over jobs and rounds):")
        for (notebook, lang), seconds in sorted(per_job.items()):
            print(
                f"    {notebook:<24} {lang}  {statistics.mean(seconds):6.1f} s  "
                f"({len(seconds) // args.rounds} jobs)"
            )
        print(
            f"  median ratio over {len(ratios)} rounds: {statistics.median(ratios):.2f}  "
            "(target <= 1.3)"
        )


if __name__ == "__main__":
    main()
