"""Build steps on small frames whose answers were worked out by hand."""

from __future__ import annotations

import pandas as pd

from pkanalysis.build import harmonise, parse


def test_rows_sharing_a_key_are_summed_and_a_partial_sex_split_is_not():
    month = pd.Timestamp("2016-01-31")
    rows = pd.DataFrame(
        {
            "date": [month] * 5,
            "mission": ["UNMISS", "UNMISS", "UNIFIL", "UNIFIL", "MINUSCA"],
            "contributor_iso3": ["NPL", "NPL", "IND", "IND", "RWA"],
            "contributor": ["Nepal", "Nepal", "India", "India", "Rwanda"],
            "personnel_type": ["Troops"] * 5,
            "personnel_type_source": ["Troops", "Troop", "Troops", "Troops", "Troops"],
            "male": [10, 5, 7, None, 3],
            "female": [1, 2, 0, 1, 0],
            "total": [11, 7, 7, 2, 3],
            "source": ["r.pdf"] * 5,
        }
    )
    merged, count = harmonise.merge_same_key(rows)
    assert count == 2  # five lines became three
    by = merged.set_index("mission")
    assert by.loc["UNMISS", ["male", "female", "total"]].tolist() == [15, 3, 18]
    assert by.loc["UNMISS", "personnel_type_source"] == "Troop + Troops"
    # India's second UNIFIL line prints no male count: the sum of men is unknown, not 7
    assert pd.isna(by.loc["UNIFIL", "male"])
    assert by.loc["UNIFIL", ["female", "total"]].tolist() == [1, 9]
    assert by.loc["MINUSCA", "total"] == 3


def test_rows_without_shared_keys_pass_through_unchanged():
    rows = pd.DataFrame(
        {
            "date": [pd.Timestamp("2016-01-31")] * 2,
            "mission": ["UNMISS", "UNIFIL"],
            "contributor_iso3": ["NPL", "NPL"],
            "contributor": ["Nepal", "Nepal"],
            "personnel_type": ["Troops", "Troops"],
            "personnel_type_source": ["Troops", "Troops"],
            "male": [1, 2],
            "female": [0, 0],
            "total": [1, 2],
            "source": ["r.pdf", "r.pdf"],
        }
    )
    merged, count = harmonise.merge_same_key(rows)
    assert count == 0
    pd.testing.assert_frame_equal(merged, rows)


def test_previous_parse_seconds_come_from_the_last_manifest(tmp_path):
    assert parse.previous_parse_seconds(tmp_path) == {}  # first build: no manifest yet
    (tmp_path / "processed").mkdir()
    (tmp_path / "processed" / "manifest.json").write_text(
        '{"parse_seconds": {"ab12": 0.5, "cd34": 0.02}}'
    )
    assert parse.previous_parse_seconds(tmp_path) == {"ab12": 0.5, "cd34": 0.02}
    (tmp_path / "processed" / "manifest.json").write_text("{not json")
    assert parse.previous_parse_seconds(tmp_path) == {}
