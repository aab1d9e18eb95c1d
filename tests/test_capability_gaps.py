"""Requirements, coverage and the gap computation: loaders, refusals and small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis import capability_gaps, pledge_register
from pkanalysis.curated import CuratedTableError

CONF = pd.DataFrame(
    {
        "conference_id": ["2019 X", "2021 Y"],
        "start_date": pd.to_datetime(["2019-03-29", "2021-12-07"]),
        "opens_cycle": [True, True],
    }
)
REQ = pd.DataFrame(
    {
        "paper": ["p1", "p1", "p2", "p2", "p3"],
        "paper_date": pd.to_datetime(
            ["2019-01-01", "2019-01-01", "2021-06-01", "2021-06-01", "2021-09-01"]
        ),  # fmt: skip
        "cycle": ["2019 X", "2019 X", "2021 Y", "2021 Y", "2021 Y"],
        "capability": [
            "armed helicopters",
            "formed police unit",
            "utility helicopters",
            "formed police unit",
            "ISR",
        ],  # fmt: skip
        "units_requested": pd.array([2, 3, None, 1, None], dtype="Int64"),
        "pcrs_level": [None, None, "RDL", None, None],
        "mission": ["M", None, None, None, None],
    }
)
PLEDGES = pd.DataFrame(
    {
        "conference_id": ["2019 X", "2019 X", "2019 X", "2021 Y"],
        "pledger_iso3": ["AAA", "BBB", "CCC", "AAA"],
        "capability": ["formed police unit", "formed police unit", "armed helicopters", "ISR"],
        "commitment": ["deployment", "standby", "financial", "deployment"],
        "quantity": [2.0, 1.0, 1e6, None],
        "unit": ["police units", "formed police units", "USD", None],
        "unit_type": ["formed police unit", "formed police unit", None, None],
        "pcrs_level": [None, "RDL", None, None],
        "personnel_equivalent": pd.array([280, 140, None, None], dtype="Int64"),
    }
)
CONTRIB = pd.DataFrame(
    {
        "date": pd.to_datetime(["2019-03-31", "2019-03-31", "2021-11-30", "2021-12-31"]),
        "personnel_type": [
            "Formed Police Units",
            "Troops",
            "Formed Police Units",
            "Formed Police Units",
        ],  # fmt: skip
        "total": [700, 5000, 980, 1000],
    }
)
SIZES = pd.DataFrame({"unit_type": ["formed police unit"], "personnel": [140]})


def test_gap_table_sets_requested_against_pledged_and_deployed():
    gaps = capability_gaps.gap_table(REQ, PLEDGES, CONTRIB, CONF, SIZES)
    row = gaps.set_index(["cycle", "capability"]).loc[("2019 X", "formed police unit")]
    assert row["units_requested"] == 3
    assert row["units_pledged"] == 3  # 2 deployed + 1 on standby
    assert row["units_standby"] == 1
    assert row["units_rdl"] == 1
    assert row["pledging_states"] == 2
    assert row["personnel_equivalent"] == 420
    # Deployed over the cycle: 700 in the conference month, 980 in its last month (2021-11).
    assert (row["deployed_start"], row["deployed_end"], row["deployed_change"]) == (700, 980, 280)
    assert row["units_change"] == 2
    heli = gaps.set_index(["cycle", "capability"]).loc[("2019 X", "armed helicopters")]
    # Money for helicopters is support, not a pledged unit; deployment cannot be measured.
    assert heli["pledging_states"] == 0
    assert heli["other_support_rows"] == 1
    assert pd.isna(heli["deployed_start"])
    assert heli["deployed_basis"].startswith("not measurable")
    assert "aviation" in heli["deployed_basis"]


def test_gap_table_keeps_one_cycle_and_refuses_an_unknown_one():
    gaps = capability_gaps.gap_table(REQ, PLEDGES, CONTRIB, CONF, SIZES, cycle="2021 Y")
    assert set(gaps["cycle"]) == {"2021 Y"}
    isr = gaps.set_index("capability").loc["ISR"]
    assert isr["requested"]
    assert isr["pledging_states"] == 1
    assert pd.isna(isr["units_pledged"])
    with pytest.raises(ValueError, match=r"unknown cycle '2020 Z'; valid cycles: pre-2014, 2019 X"):
        capability_gaps.gap_table(REQ, PLEDGES, CONTRIB, CONF, SIZES, cycle="2020 Z")


def test_persistent_counts_consecutive_papers():
    by_capability = capability_gaps.persistent(REQ, CONF).set_index("capability")
    assert by_capability.loc["formed police unit", ["papers", "longest_run"]].tolist() == [2, 2]
    assert "armed helicopters" not in by_capability.index  # one paper only
    by_family = capability_gaps.persistent(REQ, CONF, by="family").set_index("capability")
    assert by_family.loc["helicopters", ["papers", "longest_run"]].tolist() == [2, 2]
    with pytest.raises(ValueError, match="by must be 'capability' or 'family'"):
        capability_gaps.persistent(REQ, CONF, by="mission")


def test_coverage_against_published_counts():
    counts = pd.DataFrame(
        {
            "conference_id": ["2019 X", "2019 X"],
            "category": ["all", "all"],
            "n_states": [2, 5],
            "notes": [None, "later count"],
            "source": ["a", "b"],
        }
    )
    pledges = PLEDGES.assign(category="units/troops")
    cov = pledge_register.coverage(pledges, counts).set_index(["conference_id", "category"])
    # The larger of two published counts is used; a conference without one has no share.
    got = cov.loc[("2019 X", "all"), ["states_published", "states_recorded", "share"]]
    assert got.tolist() == [5, 3, 0.6]
    assert pd.isna(cov.loc[("2021 Y", "all"), "share"])


def test_requirements_table_is_sourced_and_keyed_to_conferences():
    req = pk.load_capability_requirements()
    assert req["source"].str.startswith("http").all()
    assert set(req["cycle"]) <= set(pk.load_conferences()["conference_id"])
    papers = req.groupby("paper").size()
    dpo = papers[papers.index.str.contains("Uniformed Capability Requirements")]
    assert len(dpo) >= 3
    # A capability named without a number has no number.
    assert req["units_requested"].notna().sum() == 7
    accra = pk.load_capability_requirements(cycles="2023 Accra", capabilities="armed helicopters")
    assert len(accra) == 2  # the March 2022 paper and MINUSMA's June 2022 appeal
    # The July 2021 MINUSMA report (S/2021/657) precedes Seoul, not Accra.
    seoul_qrf = pk.load_capability_requirements(
        cycles="2021 Seoul", capabilities="quick reaction force"
    )
    assert seoul_qrf["units_requested"].tolist() == [3]
    with pytest.raises(ValueError, match=r"^unknown capability 'frigates'; 19 valid capabilities"):
        pk.load_capability_requirements(capabilities="frigates")


def test_pledge_coverage_loader():
    cov = pk.load_pledge_coverage().set_index(["conference_id", "category"])
    assert cov.loc[("2021 Seoul", "all"), "states_published"] == 62
    assert (cov["states_known"] >= cov["states_recorded"]).all()
    assert cov["share"].dropna().between(0, 1).all()


def _requirement_file(tmp_path, **changes):
    row = {
        "paper_date": "2021-06-01",
        "paper": "my paper",
        "cycle": "2021 Seoul",
        "capability": "ISR",
        "units_requested": "2",
        "pcrs_level": "",
        "mission": "",
        "notes": "",
        "source": "https://example.org/paper",
        "source_date": "2021-06-01",
    }
    row.update(changes)
    path = tmp_path / "req.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    return path


def test_user_requirement_file_is_loaded(tmp_path):
    df = pk.load_capability_requirements(path=_requirement_file(tmp_path))
    assert df.loc[0, "units_requested"] == 2
    assert df.loc[0, "capability"] == "ISR"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"capability": "submarines"},
            "req.csv, line 2, column 'capability': 'submarines' is not one of: "
            "infantry battalion, quick reaction force",
        ),
        (
            {"pcrs_level": "level 4"},
            "req.csv, line 2, column 'pcrs_level': 'level 4' is not one of: level 1, level 2, "
            "level 3, RDL",
        ),
        (
            {"units_requested": "-3"},
            "req.csv, line 2, column 'units_requested': greater_than_or_equal_to(0) (value -3)",
        ),
        ({"source": ""}, "req.csv, line 2, column 'source': not_nullable"),
        (
            {"cycle": "2020 Oslo"},
            "req.csv, line 2, column 'cycle': '2020 Oslo' is not one of: 2014 New York",
        ),
    ],
)
def test_user_requirement_file_refusals(tmp_path, changes, expected):
    with pytest.raises(CuratedTableError) as err:
        pk.load_capability_requirements(path=_requirement_file(tmp_path, **changes))
    assert str(err.value).startswith(expected)


def test_requirements_from_excel(tmp_path):
    xlsx = tmp_path / "req.xlsx"
    pd.read_csv(_requirement_file(tmp_path, capability="drones")).to_excel(xlsx, index=False)
    with pytest.raises(CuratedTableError, match=r"req.xlsx, line 2, column 'capability': 'drones'"):
        pk.load_capability_requirements(path=xlsx)
