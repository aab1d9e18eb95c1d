"""Benchmark: `load_contributions()` beside `pandas.read_csv` of the same table saved as CSV.

Targets: load <= 0.2 s and >= 5x faster than the CSV read.  Three figures, best of 5 each:
the first call in a fresh Python process (the parquet read; imports not timed), a repeated call
in the same process (served from the in-process cache), and `pandas.read_csv`.

    python benchmarks/load_speed.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import pkanalysis as pk

FIRST_CALL = """
import time, pkanalysis as pk
import pyarrow.parquet  # imports are not part of the load
from pkanalysis import loaders
t = time.perf_counter(); pk.load_contributions(); print(time.perf_counter() - t)
"""


def best_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


CSV_FIRST_CALL = """
import sys, time, pandas as pd, pyarrow.parquet
t = time.perf_counter(); pd.read_csv(sys.argv[1]); print(time.perf_counter() - t)
"""


def first_call(code: str, *args: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def main() -> None:
    df = pk.load_contributions()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "contributions.csv"
        df.to_csv(csv, index=False)
        csv_s = best_of(lambda: pd.read_csv(csv))
        csv_cold = min(first_call(CSV_FIRST_CALL, str(csv)) for _ in range(5))
        size = csv.stat().st_size
    cold = min(first_call(FIRST_CALL) for _ in range(5))
    warm = best_of(pk.load_contributions)
    print(f"rows:                                  {len(df):,}")
    print(f"pandas.read_csv, first call:           {csv_cold:.4f} s  ({size / 2**20:.0f} MiB CSV)")
    print(f"pandas.read_csv, repeated call:        {csv_s:.4f} s")
    print(
        f"load_contributions(), first call:      {cold:.4f} s  ({csv_cold / cold:.1f}x faster "
        "than the first read_csv)"
    )
    print(f"load_contributions(), repeated call:   {warm:.4f} s  ({csv_s / warm:.0f}x faster)")
    print("targets: <= 0.2 s and >= 5x faster than read_csv")


if __name__ == "__main__":
    main()
