"""Benchmark: `load_contributions()` beside `pandas.read_csv` of the same table as CSV.

Targets: load <= 0.2 s and >= 5x faster than the CSV read.  Best of 5 runs each.

    python benchmarks/load_speed.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

import pkanalysis as pk


def best_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    df = pk.load_contributions()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "contributions.csv"
        df.to_csv(csv, index=False)
        load_s = best_of(pk.load_contributions)
        csv_s = best_of(lambda: pd.read_csv(csv))
        size = csv.stat().st_size
    print(f"rows:                       {len(df):,}")
    print(f"load_contributions():       {load_s:.3f} s  (target <= 0.2)")
    print(f"pandas.read_csv, same table: {csv_s:.3f} s  ({size / 2**20:.0f} MiB CSV)")
    print(f"speed-up:                   {csv_s / load_s:.1f}x  (target >= 5)")


if __name__ == "__main__":
    main()
