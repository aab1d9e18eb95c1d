"""Benchmark: a report suite's wall time beside its floor, measured in one run.

The floor is what any notebook runner must pay: for each job, start a kernel and import
pkanalysis, divided by the number of workers.  It is measured here by running, once per job and
on the same pool and runner, a notebook whose only cell imports pkanalysis and the modules the
notebooks use (``import pkanalysis`` alone is lazy and would import almost nothing).
Target: suite <= 1.3x.

    python benchmarks/report_speed.py [--suite suites/default.yml] [--workers 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat

from pkanalysis import report

IMPORTS = (
    "import pkanalysis\n"
    "from pkanalysis import (capability_gaps, cycles, exposure, figures, followthrough, loaders,\n"
    "                        outputs, params, parity, pledge_register, quality, schemas, trends)"
)


def floor_suite(folder: Path, jobs: int) -> tuple[Path, Path]:
    notebooks = folder / "floor_notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "pkanalysis",
        "display_name": "Python (pkanalysis)",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell("i = 0  # job number")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell(IMPORTS)]
    nbformat.write(nb, notebooks / "floor.ipynb")
    suite = folder / "floor.yml"
    sets = "\n".join(f"      - {{i: {i}}}" for i in range(jobs))
    suite.write_text(f"jobs:\n  - notebook: floor\n    parameters:\n{sets}\n")
    return suite, notebooks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=str(report.DEFAULT_SUITE))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=3, help="suite/floor pairs to run")
    args = ap.parse_args()
    jobs, _ = report.load_suite(args.suite)
    print(f"suite: {args.suite} ({len(jobs)} jobs, {args.workers} workers)")
    ratios, ok = [], True
    # Suite and floor alternate, so a busy spell on the machine falls on both alike.
    for round_ in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            t0 = time.perf_counter()
            result = report.run_suite(
                args.suite, out=tmp / "reports", workers=args.workers, progress=False
            )
            suite_s = time.perf_counter() - t0
            ok &= result.ok
            fsuite, fnotebooks = floor_suite(tmp, len(jobs))
            t0 = time.perf_counter()
            report.run_suite(
                fsuite,
                out=tmp / "floor_reports",
                workers=args.workers,
                progress=False,
                notebooks=fnotebooks,
            )
            floor_s = time.perf_counter() - t0
        ratios.append(suite_s / floor_s)
        print(
            f"round {round_}: suite {suite_s:5.1f} s, floor (kernel start + import pkanalysis) "
            f"{floor_s:5.1f} s, ratio {suite_s / floor_s:.2f}"
        )
    print(f"all jobs ok: {ok}")
    median = statistics.median(ratios)
    print(f"median ratio over {len(ratios)} rounds: {median:.2f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
