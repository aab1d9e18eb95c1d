"""Gender parity on hand-made frames: shares weighted by person-months, targets of their own
year only, the end target of the strategy, rankings."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pkanalysis import parity


def rows(*lines):
    """(month, contributor, type, female, total)"""
    df = pd.DataFrame(lines, columns=["date", "contributor_iso3", "personnel_type", "female",
                                      "total"])  # fmt: skip
    df["date"] = pd.to_datetime(df["date"])
    df["female"] = df["female"].astype("Int64")
    df["total"] = df["total"].astype("Int64")
    return df


DATA = rows(
    ("2023-06-30", "A", "Troops", 10, 100),
    ("2023-12-31", "A", "Troops", 30, 100),
    ("2023-12-31", "B", "Troops", 5, 400),
    ("2023-12-31", "B", "Individual Police", 60, 200),
    ("2023-12-31", "C", "Troops", None, 1000),  # no sex split: in neither share
    ("2024-01-31", "A", "Formed Police Units", 14, 140),
    ("2024-01-31", "B", "Staff Officers", 20, 80),
    ("2024-01-31", "B", "Experts on Mission", 5, 20),
)
TARGETS = pd.DataFrame(
    {
        "personnel_type": ["Troops", "Individual Police", "Troops", "Individual Police",
                           "Staff Officers", "Experts on Mission", "Formed Police Units"],
        "year": [2023, 2023, 2028, 2028, 2028, 2028, 2028],
        "target_female_share": [0.08, 0.25, 0.15, 0.3, 0.25, 0.25, 0.2],
        "source": ["s"] * 7,
    }
)  # fmt: skip


def test_shares_are_weighted_by_person_months_and_skip_rows_without_a_split():
    by_year = parity.female_share(DATA).set_index(["year", "personnel_type"])
    # 2023 troops: (10 + 30 + 5) / (100 + 100 + 400); C's 1,000 have no split
    assert by_year.loc[(2023, "Troops"), ["female", "total", "share"]].tolist() == [45, 600, 0.075]
    by_month = parity.female_share(DATA, freq="month").set_index(["date", "personnel_type"])
    assert by_month.loc[(pd.Timestamp("2023-12-31"), "Troops"), "share"] == 0.07  # 35 / 500
    per_state = parity.female_share(DATA, by=["contributor_iso3"]).set_index(
        ["year", "contributor_iso3"]
    )
    assert per_state.loc[(2023, "B"), "share"] == round(65 / 600, 4)
    with pytest.raises(ValueError, match="^freq must be 'year' or 'month', not 'week'$"):
        parity.female_share(DATA, freq="week")


def test_the_gap_to_this_years_target_and_to_the_end_target():
    gap = parity.parity_gap(DATA, TARGETS, 2023).set_index("personnel_type")
    troops = gap.loc["Troops"]
    assert troops["target"] == 0.08
    assert troops["gap"] == 0.005  # 0.08 - 0.075: behind
    assert not troops["met"]
    assert troops["end_year"] == 2028
    assert troops["end_target"] == 0.15
    assert troops["end_gap"] == 0.075
    police = gap.loc["Individual Police"]
    assert police["share"] == 0.3
    assert bool(police["met"])
    assert police["gap"] == -0.05  # ahead of the 2023 target
    assert police["end_gap"] == 0.0
    assert list(gap.columns[-3:]) == ["end_year", "end_target", "end_gap"]


def test_a_year_without_a_target_has_no_gap_and_no_verdict():
    gap = parity.parity_gap(DATA, TARGETS, 2024).set_index("personnel_type")
    assert gap["target"].isna().all()
    assert gap["met"].isna().all()
    assert gap.loc["Formed Police Units", "end_gap"] == 0.1  # 0.2 - 14 / 140


def test_the_end_target_is_the_latest_year_in_the_table():
    earlier = TARGETS[TARGETS["year"] == 2023]
    gap = parity.parity_gap(DATA, earlier, 2023).set_index("personnel_type")
    assert gap["end_year"].unique().tolist() == [2023]
    assert gap["end_target"].tolist() == gap["target"].tolist()


def test_parity_gap_refuses_groups_without_the_type_and_years_without_data():
    with pytest.raises(ValueError, match="needs 'personnel_type' among the groups"):
        parity.parity_gap(DATA, TARGETS, 2023, by="contributor_iso3")
    message = "no sex-disaggregated data for 2019; years with data: 2023, 2024"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parity.parity_gap(DATA, TARGETS, 2019)


def test_furthest_behind_ranks_by_the_end_gap_among_large_contingents():
    gaps = parity.parity_gap(DATA, TARGETS, 2023, by=["contributor_iso3", "personnel_type"])
    # A troops 40/200 = 0.2 (gap -0.05); B troops 5/400 = 0.0125 (gap 0.1375);
    # B police 0.3 (gap 0)
    worst = parity.furthest_behind(gaps, min_total=100, n=2)
    assert worst[["contributor_iso3", "personnel_type"]].values.tolist() == [
        ["B", "Troops"],
        ["B", "Individual Police"],
    ]
    assert parity.furthest_behind(gaps, min_total=300)["contributor_iso3"].tolist() == ["B"]


def test_share_by_cycle():
    conf = pd.DataFrame(
        {
            "conference_id": ["2023 Accra"],
            "start_date": pd.to_datetime(["2023-12-05"]),
            "opens_cycle": [True],
        }
    )
    out = parity.share_by_cycle(DATA, conf, by=()).set_index("cycle")
    # before Accra: 10 / 100; from Accra: (30 + 5 + 60 + 14 + 20 + 5) / (100+400+200+140+80+20)
    assert out.loc["pre-2014", "share"] == 0.1
    assert out.loc["2023 Accra", "share"] == round(134 / 940, 4)


def test_category_targets_pool_staff_officers_and_experts():
    t = parity.category_targets(TARGETS)
    got = t[t["year"] == 2028].set_index("category")["target"].to_dict()
    assert got == {
        "troops": 0.15,
        "staff officers and military observers": 0.25,
        "formed police units": 0.2,
        "individual police": 0.3,
    }
    assert t["category"].cat.ordered
    assert t["year"].tolist() == sorted(t["year"].tolist())


def test_parity_by_category_per_group():
    out = parity.parity_by_category(DATA, TARGETS, 2024, by="contributor_iso3")
    got = out.set_index(["contributor_iso3", "category"])
    # B's staff officers and experts pooled: (20 + 5) / (80 + 20)
    pooled = got.loc[("B", "staff officers and military observers")]
    assert pooled["share"] == 0.25
    assert pooled["end_gap"] == 0.0
    assert out["measure"].unique().tolist() == ["annual"]
    with pytest.raises(ValueError, match="^unknown measure 'monthly'; valid measures: annual"):
        parity.parity_by_category(DATA, TARGETS, 2024, measure="monthly")
    with pytest.raises(ValueError, match="^no sex-disaggregated data for 2020"):
        parity.parity_by_category(DATA, TARGETS, 2020)


def test_meeting_targets_leaves_out_small_contingents():
    out = parity.meeting_targets(DATA, TARGETS, 2023)
    got = out.set_index(["contributor_iso3", "category"])["met"].to_dict()
    # A troops 40 / 200 >= 0.08; B troops 5 / 400 < 0.08; B police 0.3 >= 0.25
    assert got == {("A", "troops"): True, ("B", "troops"): False, ("B", "individual police"): True}
    # 2023 has two months with data: A's troops are 100 a month, B's 200 and its police 100
    big = parity.meeting_targets(DATA, TARGETS, 2023, min_personnel=150)
    assert big[["contributor_iso3", "category"]].astype(str).values.tolist() == [["B", "troops"]]
    # sorted by category, then by share, highest first
    assert out["category"].astype(str).tolist() == ["troops", "troops", "individual police"]
    assert out["share"].tolist()[:2] == [0.2, 0.0125]


def test_top_women_by_number_share_and_category():
    top = parity.top_women(DATA, 2023, "number")
    # women per month over the year's 2 months: A (10 + 30) / 2 = 20; B (5 + 60) / 2 = 32.5
    assert top[["contributor_iso3", "women"]].values.tolist() == [["B", 32.5], ["A", 20.0]]
    assert top.set_index("contributor_iso3").loc["B", "personnel"] == 300.0
    by_share = parity.top_women(DATA, 2023, "share", min_personnel=0)
    assert by_share["contributor_iso3"].tolist() == ["A", "B"]  # 0.2 against 0.1083
    police = parity.top_women(DATA, 2023, "number", category="individual police")
    # one month of police data: B's 60 women
    assert police[["contributor_iso3", "women"]].values.tolist() == [["B", 60.0]]
    assert len(parity.top_women(DATA, 2023, "number", n=1)) == 1
    with pytest.raises(ValueError, match="^unknown category 'navy'; valid categories: troops"):
        parity.top_women(DATA, 2023, category="navy")
