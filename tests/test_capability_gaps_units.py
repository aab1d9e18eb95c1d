"""The capability-gap steps one by one, on frames whose answers were worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from pkanalysis import capability_gaps as cg
from pkanalysis.vocab import CAPABILITIES

CONF = pd.DataFrame(
    {
        "conference_id": ["2019 X", "2021 Y"],
        "start_date": pd.to_datetime(["2019-03-29", "2021-12-07"]),
        "opens_cycle": [True, True],
    }
)


def test_deployment_is_measured_only_for_the_types_the_reports_count():
    assert cg.deployed_basis("formed police unit") == "personnel of type Formed Police Units"
    assert cg.deployed_basis("staff officers and observers") == (
        "personnel of type Staff Officers + Experts on Mission"
    )
    for aviation in ("armed helicopters", "utility helicopters", "fixed-wing aircraft",
                     "aviation (unspecified)"):  # fmt: skip
        assert cg.deployed_basis(aviation) == cg.AVIATION_REASON, aviation
    for other in ("training", "technology", "language skills", "women peacekeepers",
                  "unspecified", "other"):  # fmt: skip
        assert cg.deployed_basis(other) == cg.OTHER_REASON, other
    for troops in ("infantry battalion", "engineering", "medical (level 2)", "ISR"):
        assert cg.deployed_basis(troops) == cg.TROOPS_REASON, troops
    reasons = {cg.deployed_basis(c) for c in CAPABILITIES}
    assert {cg.AVIATION_REASON, cg.OTHER_REASON, cg.TROOPS_REASON} < reasons


REQ = pd.DataFrame(
    {
        "paper": ["p1", "p1", "p2", "p2", "p3", "p3"],
        "paper_date": pd.to_datetime(
            ["2019-01-01", "2019-01-01", "2021-06-01", "2021-06-01", None, "2021-09-01"]
        ),  # fmt: skip
        "cycle": ["2019 X", "2019 X", "2021 Y", "2021 Y", "2021 Y", "2021 Y"],
        "capability": pd.Categorical(["signals", "ISR", "ISR", "ISR", "signals", "canine"]),
        "units_requested": pd.array([None, 2, 1, 1, None, None], dtype="Int64"),
        "pcrs_level": [None, "RDL", "level 2", "RDL", None, None],
        "mission": [None, "MINUSMA", "UNMISS", "MINUSMA", None, None],
    }
)


def test_requests_per_cycle_and_capability_in_the_order_first_named():
    out = cg.requested(REQ)
    assert out[["cycle", "capability"]].values.tolist() == [
        ["2019 X", "signals"],
        ["2019 X", "ISR"],
        ["2021 Y", "ISR"],
        ["2021 Y", "signals"],
        ["2021 Y", "canine"],
    ]
    got = out.set_index(["cycle", "capability"])
    isr = got.loc[("2021 Y", "ISR")]
    assert (isr["papers"], isr["units_requested"]) == (1, 2)  # one paper, two numbered rows
    assert isr["pcrs_levels"] == "RDL, level 2"
    assert isr["missions"] == "MINUSMA, UNMISS"
    assert pd.isna(got.loc[("2019 X", "signals"), "units_requested"])  # named, not numbered
    assert pd.isna(got.loc[("2019 X", "signals"), "pcrs_levels"])
    assert str(out["units_requested"].dtype) == "Int64"


PLEDGES = pd.DataFrame(
    {
        "conference_id": ["2019 X"] * 7,
        "capability": pd.Categorical(["ISR", "ISR", "ISR", "ISR", "ISR", "signals", "ISR"]),
        "pledger_iso3": ["A", "B", "B", "C", "D", "A", "E"],
        "commitment": pd.Categorical(
            ["deployment", "standby", "deployment", "training", "policy", "equipment", "financial"]
        ),  # fmt: skip
        "quantity": [2.0, 1.0, 150.0, 3.0, None, 4.0, 5e5],
        "unit": ["companies", "units", "personnel", "courses", None, "radios", "USD"],
        "unit_type": [None, None, None, None, None, None, None],
        "pcrs_level": [None, "RDL", None, None, None, None, None],
        "personnel_equivalent": pd.array(
            [None, 120, 150, None, None, None, None], dtype="Int64"
        ),  # fmt: skip
    }
)


def test_pledges_count_units_only_where_units_are_pledged_and_support_apart():
    out = cg.pledged(PLEDGES).set_index(["cycle", "capability"])
    isr = out.loc[("2019 X", "ISR")]
    # deployment and standby: A (2 companies), B (1 unit on standby, 150 personnel)
    assert (isr["pledging_states"], isr["pledge_rows"]) == (2, 3)
    assert (isr["units_pledged"], isr["units_standby"], isr["units_rdl"]) == (3, 1, 1)
    assert isr["personnel_equivalent"] == 270
    # training and money count as support; an endorsement (policy) does not
    assert isr["other_support_rows"] == 2
    signals = out.loc[("2019 X", "signals")]
    assert signals["pledging_states"] == 0  # equipment only
    assert signals["other_support_rows"] == 1
    assert pd.isna(signals["units_pledged"])
    for col in ("pledging_states", "units_pledged", "personnel_equivalent"):
        assert str(out[col].dtype) == "Int64", col


def test_a_single_pledge_of_units_or_people_is_summed_not_left_missing():
    one = PLEDGES.iloc[[0]].assign(personnel_equivalent=pd.array([600], dtype="Int64"))
    row = cg.pledged(one).iloc[0]
    assert (row["units_pledged"], row["personnel_equivalent"]) == (2, 600)


def test_what_counts_as_a_number_of_units():
    pledges = pd.DataFrame(
        {
            "unit": ["battalions", "personnel", "helicopters", "formed police units", None,
                     "troops", "medical team"],
            "unit_type": [None, None, None, None, "level 2 hospital", None, None],
        }
    )  # fmt: skip
    assert cg._counts_units(pledges).tolist() == [True, False, False, True, True, False, True]


def test_deployed_change_over_each_cycle_and_in_units_for_formed_police():
    contributions = pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-02-28", "2019-03-31", "2019-03-31", "2021-10-31",
                                    "2021-12-31", "2022-03-31"]),  # fmt: skip
            "personnel_type": ["Formed Police Units", "Formed Police Units", "Staff Officers",
                               "Formed Police Units", "Formed Police Units", "Staff Officers"],
            "total": [100, 700, 40, 1050, 980, 55],
        }
    )  # fmt: skip
    sizes = pd.DataFrame({"unit_type": ["formed police unit"], "personnel": [140]})
    out = cg.deployed(contributions, CONF, sizes).set_index(["cycle", "capability"])
    fpu = out.loc[("2019 X", "formed police unit")]
    # March 2019 (the conference month) to November 2021 (last full month before 2021-12-07),
    # whose value is October's: 700 -> 1,050, +350 = 2.5 units of 140, rounded to 2
    assert fpu[["deployed_start", "deployed_end", "deployed_change", "units_change"]].tolist() == [
        700,
        1050,
        350,
        2,
    ]
    staff = out.loc[("2019 X", "staff officers and observers")]
    assert (staff["deployed_start"], staff["deployed_end"]) == (40, 40)
    assert pd.isna(staff["units_change"])  # units only for formed police
    assert pd.isna(out.loc[("2019 X", "individual police"), "deployed_start"])  # no such rows
    last = out.loc[("2021 Y", "formed police unit")]
    assert (last["deployed_start"], last["deployed_end"]) == (980, 980)  # open-ended cycle
    no_sizes = cg.deployed(contributions, CONF).set_index(["cycle", "capability"])
    assert pd.isna(no_sizes.loc[("2019 X", "formed police unit"), "units_change"])
    assert str(out["deployed_change"].dtype) == "Int64"


def test_cycles_after_the_data_and_empty_data_give_no_rows():
    early = pd.DataFrame(
        {"date": pd.to_datetime(["2019-04-30"]), "personnel_type": ["Troops"], "total": [5]}
    )
    out = cg.deployed(early, CONF)
    assert out["cycle"].unique().tolist() == ["2019 X"]  # 2021 Y starts after the data end
    empty = cg.deployed(early.iloc[:0], CONF)
    assert empty.empty
    assert list(empty.columns) == ["cycle", "capability", *cg.DEPLOYED_COUNTS]


def test_month_helpers():
    assert cg._month_end_on_or_before(pd.Timestamp("2021-12-06")) == pd.Timestamp("2021-11-30")
    assert cg._month_end_on_or_before(pd.Timestamp("2021-11-30")) == pd.Timestamp("2021-11-30")
    series = pd.Series([1.0, None, 3.0], index=pd.to_datetime(["2020-01-31", "2020-02-29",
                                                                 "2020-03-31"]))  # fmt: skip
    assert cg._at_or_before(series, pd.Timestamp("2020-02-29")) == 1
    assert cg._at_or_before(series, pd.Timestamp("2020-03-31")) == 3
    assert cg._at_or_before(series, pd.Timestamp("2019-12-31")) is None
    assert cg._at_or_before(None, pd.Timestamp("2020-03-31")) is None
    assert cg._longest_run([0, 1, 2, 4, 5]) == 3
    assert cg._longest_run([7]) == 1
    assert cg._longest_run([1, 3, 4, 6, 7, 8, 9]) == 4


def test_gap_table_orders_requested_capabilities_first_by_units_asked():
    pledges = PLEDGES.assign(capability=pd.Categorical(["medical (level 2)"] * 7))
    empty = pd.DataFrame({"date": pd.to_datetime([]), "personnel_type": [], "total": []})
    gaps = cg.gap_table(REQ, pledges, empty, CONF)
    x = gaps[gaps["cycle"] == "2019 X"]
    # requested: ISR (2 units) before signals (no number); then the pledged-only capability
    assert x["capability"].tolist() == ["ISR", "signals", "medical (level 2)"]
    assert x["requested"].tolist() == [True, True, False]
    assert x["papers"].tolist() == [1, 1, 0]
    assert x["family"].tolist() == ["ISR", "signals", "medical"]
    assert gaps["cycle"].tolist()[:3] == ["2019 X"] * 3  # cycles in calendar order
    y = gaps[gaps["cycle"] == "2021 Y"]
    assert y["capability"].tolist() == ["ISR", "canine", "signals"]  # numbered, then a-z
    assert (y["pledging_states"] == 0).all()
    assert gaps.index.tolist() == list(range(len(gaps)))
    assert str(gaps["papers"].dtype) == "Int64"


def test_persistent_runs_follow_the_papers_in_cycle_and_date_order():
    out = cg.persistent(REQ, CONF).set_index("capability")
    # papers in order: p1 (2019), p3 (2021, undated first), p2 (2021-06)
    # signals: p1 and p3, consecutive; ISR: p1 and p2, not consecutive
    assert out.loc["signals", ["papers", "longest_run", "cycles", "which"]].tolist() == [
        2,
        2,
        "2019 X, 2021 Y",
        "p1; p3",
    ]
    assert out.loc["ISR", ["papers", "longest_run", "which"]].tolist() == [2, 1, "p1; p2"]
    assert out.index.tolist() == ["signals", "ISR"]  # the longer run first
    assert "canine" not in out.index
    assert cg.persistent(REQ, CONF, min_papers=3).empty
    assert list(cg.persistent(REQ, CONF, min_papers=3).columns) == [
        "capability", "papers", "longest_run", "cycles", "which"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("row", "note"),
    [
        ((True, None, None, 0, None), "requested, no number; no pledge recorded"),
        ((True, 4, 2, 3, None), ""),
        ((True, 4, None, 2, None), "2 states pledged, no unit count"),
        ((False, None, None, 1, 1200), "not requested in the papers read; 1 state pledged, "
                                       "no unit count (1,200 personnel)"),
        ((False, None, 5, 1, None), "not requested in the papers read"),
    ],
)  # fmt: skip
def test_chart_notes_say_why_a_bar_is_missing(row, note):
    requested, units_requested, units_pledged, states, people = row
    gaps = pd.DataFrame(
        {
            "capability": ["ISR", "canine"],
            "requested": [requested, False],
            "units_requested": pd.array([units_requested, None], dtype="Int64"),
            "units_pledged": pd.array([units_pledged, None], dtype="Int64"),
            "pledging_states": pd.array([states, 0], dtype="Int64"),
            "personnel_equivalent": pd.array([people, None], dtype="Int64"),
        }
    )
    out = cg.chart_frame(gaps)
    assert out["capability"].tolist() == ["ISR"]  # neither requested nor pledged: left out
    assert out["note"].tolist() == [note]
    assert out.columns.tolist() == ["capability", "requested", "units_requested",
                                    "units_pledged", "note"]  # fmt: skip
