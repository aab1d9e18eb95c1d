"""The snapshot's Arrow IPC files read back exactly, stay independent, and survive a rebuild."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pkanalysis import arrow_tables


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-01-31", "2020-02-29", "2020-03-31"]),
            "mission": pd.Categorical(["UNMISS", None, "UNIFIL"]),
            "ordered": pd.Categorical(["b", "a", "b"], categories=["b", "a"], ordered=True),
            "male": pd.array([1, None, 3], dtype="Int64"),
            "total": pd.array([4, 5, 6], dtype="Int64"),
            "plain": np.array([7, 8, 9], dtype="int32"),
            "name": pd.array(["x", None, "z"], dtype="str"),  # falls back to to_pandas
            "flag": [True, False, True],
            "share": [0.5, np.nan, 1.0],
        }
    )


def test_round_trip_keeps_values_and_dtypes(frame, tmp_path):
    path = tmp_path / "t.arrow"
    arrow_tables.write_frame(frame, path)
    back = arrow_tables.read_frame(path)
    pd.testing.assert_frame_equal(back, frame)
    assert back["male"].isna().tolist() == [False, True, False]
    assert back["mission"].isna().tolist() == [False, True, False]


def test_fast_columns_do_not_need_the_generic_conversion(frame, tmp_path, monkeypatch):
    path = tmp_path / "t.arrow"
    fast = frame[["date", "mission", "ordered", "male", "total", "plain"]]
    arrow_tables.write_frame(fast, path)

    def generic(_table):
        raise AssertionError("the generic conversion was used")

    monkeypatch.setattr(arrow_tables, "_generic", generic)
    back = arrow_tables.read_frame(path)
    pd.testing.assert_frame_equal(back, fast)
    assert back["total"].array._data.flags.writeable


def test_writing_to_a_loaded_frame_changes_neither_the_file_nor_another_load(frame, tmp_path):
    path = tmp_path / "t.arrow"
    arrow_tables.write_frame(frame, path)
    first = arrow_tables.read_frame(path)
    first.loc[0, "total"] = 99
    first.loc[1, "mission"] = "UNIFIL"
    second = arrow_tables.read_frame(path)
    assert first["total"].tolist() == [99, 5, 6]
    assert second["total"].tolist() == [4, 5, 6]
    assert second["mission"].isna().tolist() == [False, True, False]


def test_a_frame_survives_its_file_being_rebuilt(frame, tmp_path):
    path = tmp_path / "t.arrow"
    arrow_tables.write_frame(frame, path)
    held = arrow_tables.read_frame(path)
    arrow_tables.write_frame(frame.assign(total=pd.array([1, 1, 1], dtype="Int64")), path)
    assert held["total"].tolist() == [4, 5, 6]
    assert arrow_tables.read_frame(path)["total"].tolist() == [1, 1, 1]
    assert not list(tmp_path.glob("*.partial"))
