"""Benchmark: full `pkanalysis data build` beside the pypdfium2 text-extraction floor.

Prints, for each of a few rounds on this machine: the floor (text of every report PDF extracted with
pypdfium2, one process, and the same spread over all cores), the build's wall time and peak
resident memory of its whole process tree, and the ratios.  Targets: build <= 1.5x the floor,
peak memory < 1 GiB.

    python benchmarks/build_speed.py [--raw PATH] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def measure_round(raw: Path, pdfs: list[Path], cores: int) -> dict[str, float]:
    """One floor (one process, then all cores) and one full build, back to back."""
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
        # A rebuild, as in a checkout: the last manifest says how long each report took to
        # parse, which the build uses to start the longest first.
        (data / "processed").mkdir()
        manifest = paths.data_dir() / "processed" / "manifest.json"
        (data / "processed" / "manifest.json").write_bytes(manifest.read_bytes())
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
    return {"floor_1": floor_1, "floor_n": floor_n, "build": build_s, "peak": peak}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", help="raw source folder")
    ap.add_argument("--rounds", type=int, default=3, help="floor/build pairs to run")
    args = ap.parse_args()
    raw = paths.raw_dir(args.raw)
    pdfs = sorted((raw / "un_dpo_contributions_monthly_pdfs").glob("*.pdf"))
    cores = os.cpu_count() or 1

    print(f"report PDFs: {len(pdfs)}; {cores} cores; floor and build alternate in each round")
    rounds = []
    for n in range(1, args.rounds + 1):
        r = measure_round(raw, pdfs, cores)
        rounds.append(r)
        print(
            f"round {n}: floor {r['floor_1']:.2f} s (1 process), {r['floor_n']:.2f} s "
            f"({cores} processes); build {r['build']:.2f} s; ratio {r['build'] / r['floor_1']:.2f} "
            f"(vs {cores}-process floor {r['build'] / r['floor_n']:.2f}); "
            f"peak {r['peak'] / 2**20:.0f} MiB"
        )
    ratio = statistics.median(r["build"] / r["floor_1"] for r in rounds)
    peak = max(r["peak"] for r in rounds)
    print(f"median ratio build / floor (1 process): {ratio:.2f}  (target <= 1.5)")
    print(f"highest peak memory (process tree):    {peak / 2**20:.0f} MiB  (target < 1024)")


if __name__ == "__main__":
    main()
