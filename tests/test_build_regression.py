"""The committed snapshot is what the build makes from the raw sources and data/ today.

A full build from the real raw folder into a temporary data folder, compared table by table
with ``data/processed``: a code or data change that moves a number and was not followed by
``pkanalysis data build`` fails here, showing the first rows that differ.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pkanalysis import arrow_tables, paths
from pkanalysis.build import build

COMMITTED = paths.data_dir() / "processed"


@pytest.fixture(scope="module")
def rebuilt(raw_dir: Path, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("rebuild") / "data"
    data.mkdir()
    for f in [*paths.data_dir().glob("*.csv"), *paths.data_dir().glob("*.yml")]:
        shutil.copyfile(f, data / f.name)
    cache = tmp_path_factory.mktemp("cache") / "parsed"
    build(raw=raw_dir, data_home=data, workers=2, cache=cache, incremental=False)
    return data / "processed"


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".arrow":
        return arrow_tables.read_frame(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path)


def _first_difference(new: pd.DataFrame, old: pd.DataFrame) -> str:
    if list(new.columns) != list(old.columns):
        return f"columns differ: {list(new.columns)} vs {list(old.columns)}"
    if len(new) != len(old):
        return f"{len(new)} rows rebuilt vs {len(old)} committed"
    differs = ~(new.astype(str).reset_index(drop=True) == old.astype(str).reset_index(drop=True))
    rows = differs.any(axis=1)
    first = rows[rows].index[:3]
    return (
        f"{int(rows.sum())} rows differ; first:\nrebuilt\n{new.iloc[first].to_string()}\n"
        f"committed\n{old.iloc[first].to_string()}"
    )


TABLES = sorted(
    p.name
    for p in COMMITTED.iterdir()
    if p.suffix in (".arrow", ".parquet") or p.name == "sources.csv"
)


@pytest.mark.parametrize("name", TABLES)
def test_the_committed_table_is_what_the_build_makes(rebuilt: Path, name: str):
    new, old = _read(rebuilt / name), _read(COMMITTED / name)
    same = new.shape == old.shape and new.astype(str).equals(old.astype(str))
    assert same, f"{name}: {_first_difference(new, old)}"


def test_the_build_writes_no_table_the_snapshot_lacks(rebuilt: Path):
    written = {p.name for p in rebuilt.iterdir() if p.suffix in (".arrow", ".parquet")}
    assert written == {p.name for p in COMMITTED.iterdir() if p.suffix in (".arrow", ".parquet")}
