"""Benchmark: `load_contributions()` beside `pandas.read_csv` of the same table saved as CSV.

Targets: load <= 0.2 s and >= 5x faster than the CSV read.  Figures, best of 5 each: the first
call in a fresh Python process (the Arrow snapshot read; imports not timed), the same plus one
pass over every value, a repeated call in the same process (served from the in-process cache),
and `pandas.read_csv`.

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

# The snapshot is memory-mapped, so pages are read when first used: the second figure adds one
# pass over every value (sums, latest date, category codes), so that deferred reading is counted.
FIRST_CALL = """
import time, pkanalysis as pk
import pyarrow  # imports are not part of the load
from pkanalysis import loaders
t = time.perf_counter(); df = pk.load_contributions(); t1 = time.perf_counter()
df[["male", "female", "total"]].sum(); df["date"].max()
[df[c].cat.codes.max() for c in df.select_dtypes("category")]
print(t1 - t, time.perf_counter() - t)
"""


def best_of(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


CSV_FIRST_CALL = """
import sys, time, pandas as pd, pyarrow
t = time.perf_counter(); pd.read_csv(sys.argv[1]); print(time.perf_counter() - t)
"""


def first_call(code: str, *args: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return [float(x) for x in out.stdout.split()]


def main() -> None:
    df = pk.load_contributions()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "contributions.csv"
        df.to_csv(csv, index=False)
        csv_s = best_of(lambda: pd.read_csv(csv))
        csv_cold = min(first_call(CSV_FIRST_CALL, str(csv))[0] for _ in range(5))
        size = csv.stat().st_size
    cold, touched = min(first_call(FIRST_CALL) for _ in range(5))
    warm = best_of(pk.load_contributions)
    print(f"rows:                                  {len(df):,}")
    print(f"pandas.read_csv, first call:           {csv_cold:.4f} s  ({size / 2**20:.0f} MiB CSV)")
    print(f"pandas.read_csv, repeated call:        {csv_s:.4f} s")
    print(
        f"load_contributions(), first call:      {cold:.4f} s  ({csv_cold / cold:.1f}x faster "
        "than the first read_csv)"
    )
    print(
        f"  ... plus one pass over every value:  {touched:.4f} s  "
        f"({csv_cold / touched:.1f}x faster)"
    )
    print(f"load_contributions(), repeated call:   {warm:.4f} s  ({csv_s / warm:.0f}x faster)")
    print("targets: <= 0.2 s and >= 5x faster than read_csv")


if __name__ == "__main__":
    main()
