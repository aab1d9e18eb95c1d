"""Benchmark: full `pkanalysis data build` beside the pypdfium2 text-extraction floor.

Prints, from one run on this machine: the floor (text of every report PDF extracted with
pypdfium2, one process, and the same spread over all cores), the build's wall time and peak
resident memory of its whole process tree, and the ratios.  Targets: build <= 1.5x the floor,
peak memory < 1 GiB.

    python benchmarks/build_speed.py [--raw PATH]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured  # noqa: E402

from pkanalysis import paths  # noqa: E402


def extract(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    chars = sum(len(pdf[i].get_textpage().get_text_bounded()) for i in range(len(pdf)))
    pdf.close()
    return chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", help="raw source folder")
    args = ap.parse_args()
    raw = paths.raw_dir(args.raw)
    pdfs = sorted((raw / "un_dpo_contributions_monthly_pdfs").glob("*.pdf"))
    cores = os.cpu_count() or 1

    t0 = time.perf_counter()
    for p in pdfs:
        extract(p)
    floor_1 = time.perf_counter() - t0
    t0 = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(extract, pdfs, chunksize=4))
    floor_n = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        for f in paths.data_dir().glob("*.csv"):  # the curated tables the build reads
            (data / f.name).write_bytes(f.read_bytes())
        cmd = [
            sys.executable,
            "-m",
            "pkanalysis.cli",
            "data",
            "build",
            "--raw",
            str(raw),
            "--data",
            str(data),
        ]
        build_s, peak, _ = run_measured(cmd)

    print(f"report PDFs:                       {len(pdfs)}")
    print(f"floor, text extraction, 1 process: {floor_1:6.2f} s")
    print(f"floor, text extraction, {cores} processes: {floor_n:6.2f} s")
    print(f"full build ({cores} workers):            {build_s:6.2f} s")
    print(f"ratio build / floor (1 process):   {build_s / floor_1:6.2f}  (target <= 1.5)")
    print(f"ratio build / floor ({cores} processes):  {build_s / floor_n:6.2f}")
    print(f"build peak memory (process tree):  {peak / 2**20:6.0f} MiB  (target < 1024)")


if __name__ == "__main__":
    main()
