"""Benchmark: full `pkanalysis data build` beside the pypdfium2 text-extraction floor, and
adding one month to an existing snapshot.

Each round measures, back to back on this machine:

* the floor: the text of every report PDF extracted with pypdfium2, in one process and spread
  over all cores (the issue's target is measured against the all-core floor);
* a full build from raw with an empty parse cache: wall time and peak resident memory of its
  whole process tree (workers included);
* adding one month: a snapshot built without the newest report, then
  `pkanalysis data add <newest report>` and `pkanalysis data build`, timed together as an
  operator runs them.

Targets (issue 13): full build <= 1.5x the all-core floor, peak memory < 768 MiB, adding one
month <= 10% of a full build.  The machine is shared, so figures vary from round to round;
the medians are printed last.

CPU time (user + system, workers included) is printed beside wall time: a build cannot take
less wall time than its CPU time spread evenly over every core, so the CPU figures say how much
of a gap to the target is work and how much is waiting.

    python benchmarks/build_speed.py [--raw PATH] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured

from pkanalysis import paths

PDF_DIR = "un_dpo_contributions_monthly_pdfs"


def extract(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    chars = sum(len(pdf[i].get_textpage().get_text_bounded()) for i in range(len(pdf)))
    pdf.close()
    return chars


def _data_folder(root: Path) -> Path:
    """A data folder holding the curated tables the build reads, and no snapshot."""
    data = root / "data"
    data.mkdir()
    for f in paths.data_dir().glob("*.csv"):
        shutil.copyfile(f, data / f.name)
    return data


def _raw_without(raw: Path, root: Path, left_out: str) -> Path:
    """A raw folder linking to every source except one report (nothing is copied)."""
    out = root / "raw"
    out.mkdir()
    for entry in raw.iterdir():
        if entry.name != PDF_DIR:
            (out / entry.name).symlink_to(entry)
    (out / PDF_DIR).mkdir()
    for pdf in (raw / PDF_DIR).glob("*.pdf"):
        if pdf.name != left_out:
            (out / PDF_DIR / pdf.name).symlink_to(pdf)
    return out


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pkanalysis.cli", *args]


def measure_round(raw: Path, pdfs: list[Path], cores: int) -> dict[str, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    for p in pdfs:
        extract(p)
    floor_1, floor_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(extract, pdfs, chunksize=4))
    floor_n = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = _data_folder(root)
        # every report parsed: an empty parse cache of its own
        env = {"PKANALYSIS_CACHE": str(root / "cache-full")}
        full = run_measured(_cli("data", "build", "--raw", str(raw), "--data", str(data)), env)

        # one month later: a snapshot without the newest report, then add it and rebuild
        newest = pdfs[-1]
        inc = root / "inc"
        inc.mkdir()
        inc_raw, inc_data = _raw_without(raw, inc, newest.name), _data_folder(inc)
        env = {"PKANALYSIS_CACHE": str(inc / "cache")}
        run_measured(_cli("data", "build", "--raw", str(inc_raw), "--data", str(inc_data)), env)
        add = run_measured(
            _cli("data", "add", str(newest), "--raw", str(inc_raw), "--data", str(inc_data)), env
        )
        rebuild = run_measured(
            _cli("data", "build", "--raw", str(inc_raw), "--data", str(inc_data)), env
        )
        if "1 report(s) parsed" not in rebuild.out and "0 report(s) parsed" not in rebuild.out:
            raise SystemExit(f"the incremental build re-parsed reports:\n{rebuild.out}")
    return {
        "floor_1": floor_1,
        "floor_cpu": floor_cpu,
        "floor_n": floor_n,
        "full": full.seconds,
        "full_cpu": full.cpu,
        "peak": full.peak,
        "add": add.seconds,
        "add_build": rebuild.seconds,
        "add_cpu": add.cpu + rebuild.cpu,
        "add_peak": rebuild.peak,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", help="raw source folder")
    ap.add_argument("--rounds", type=int, default=3, help="rounds to run")
    args = ap.parse_args()
    raw = paths.raw_dir(args.raw)
    pdfs = sorted((raw / PDF_DIR).glob("*.pdf"))
    cores = os.cpu_count() or 1

    print(f"report PDFs: {len(pdfs)}; {cores} cores (shared: figures vary between rounds)")
    rounds = []
    for n in range(1, args.rounds + 1):
        r = measure_round(raw, pdfs, cores)
        rounds.append(r)
        one_month = r["add"] + r["add_build"]
        print(
            f"round {n}: floor {r['floor_1']:.2f} s (1 process), {r['floor_n']:.2f} s "
            f"({cores} processes); full build {r['full']:.2f} s = {r['full'] / r['floor_n']:.2f}x "
            f"the {cores}-process floor ({r['full'] / r['floor_1']:.2f}x one process), peak "
            f"{r['peak'] / 2**20:.0f} MiB; add one month {r['add']:.2f} s + build "
            f"{r['add_build']:.2f} s = {one_month:.2f} s = {one_month / r['full']:.0%} of the full "
            f"build (peak {r['add_peak'] / 2**20:.0f} MiB)"
        )
        print(
            f"  CPU: floor {r['floor_cpu']:.2f} CPU-s; full build {r['full_cpu']:.2f} CPU-s "
            f"= {r['full_cpu'] / r['floor_cpu']:.2f}x the floor's work (at least "
            f"{r['full_cpu'] / cores:.2f} s of wall time on {cores} cores); add one month "
            f"{r['add_cpu']:.2f} CPU-s"
        )
    ratio = statistics.median(r["full"] / r["floor_n"] for r in rounds)
    peak = max(r["peak"] for r in rounds)
    share = statistics.median((r["add"] + r["add_build"]) / r["full"] for r in rounds)
    print(f"median full build / {cores}-process floor: {ratio:.2f}  (target <= 1.5)")
    print(f"highest peak memory (process tree):   {peak / 2**20:.0f} MiB  (target < 768)")
    print(f"median add one month / full build:    {share:.0%}  (target <= 10%)")
    # The floor spreads over the cores almost perfectly, so the build's wall time over the
    # floor's cannot be below the ratio of their CPU times, however its work is scheduled.
    work = statistics.median(r["full_cpu"] / r["floor_cpu"] for r in rounds)
    print(f"median full build's CPU / the floor's CPU: {work:.2f}  (the least the first can be)")


if __name__ == "__main__":
    main()
