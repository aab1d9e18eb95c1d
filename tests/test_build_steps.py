"""Build steps on small frames whose answers were worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from pkanalysis.build import harmonise, parse, pipeline
from pkanalysis.build.common import BuildError


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


def test_the_build_summary_says_what_was_built_changed_and_left_unexplained():
    summary = pipeline.BuildSummary(
        outputs={"contributions": 202798, "missions": 119},
        seconds=3.54,
        mismatches=pd.DataFrame({"level": ["grand"]}),
        months_missing=["2014-09", "2022-07"],
        notes=["a note"],
        parsed=2,
        cached=120,
        changes={"new_months": ["2025-08"], "revised_months": [], "contributors": [],
                 "missions": []},
        mode="extended",
    )  # fmt: skip
    assert summary.describe().splitlines() == [
        "built in 3.5 s (extended; 2 report(s) parsed, 120 from the parse cache)",
        "  contributions: 202,798 rows",
        "  missions: 119 rows",
        "  months with no source: 2014-09, 2022-07",
        "  note: a note",
        "what changed:",
        "  new months: 2025-08",
        "  revised months: none",
        "1 printed total(s) NOT reproduced; see `pkanalysis data check`",
    ]
    assert not summary.ok
    clean = pipeline.BuildSummary({}, 1.0, pd.DataFrame(), [])
    assert clean.ok
    assert clean.describe().splitlines()[-2:] == [
        "  months with no source: none",
        "every printed total reproduced or explained",
    ]


def _fail_inside_a_pool(seen: list) -> None:
    with pipeline.worker_pool(2) as pool:
        assert pool.submit(sum, [1, 2]).result(timeout=60) == 3
        seen.extend(pool._processes.values())
        raise RuntimeError("stop")


def test_one_worker_parses_in_the_build_process_and_a_failure_stops_the_pool():
    with pipeline.worker_pool(1) as pool:
        assert pool is None
    workers: list = []
    with pytest.raises(RuntimeError, match="^stop$"):
        _fail_inside_a_pool(workers)
    assert workers
    assert all(not p.is_alive() for p in workers)


def test_a_build_into_a_missing_folder_is_refused(tmp_path, raw_dir):
    with pytest.raises(BuildError, match=r"^data folder .*nowhere does not exist$"):
        pipeline.build(raw=raw_dir, data_home=tmp_path / "nowhere")


def test_the_previous_table_is_read_only_if_it_verifies(tmp_path):
    assert pipeline._previous_contributions(tmp_path) is None  # no snapshot
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "contributions.arrow").write_bytes(b"not arrow")
    (processed / "manifest.json").write_text('{"files": {"contributions.arrow": '
                                             '{"bytes": 1, "sha256": "00"}}}')  # fmt: skip
    assert pipeline._previous_contributions(tmp_path) is None
