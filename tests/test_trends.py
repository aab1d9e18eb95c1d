"""Trends across cycles on hand-made frames: every expected number is worked out in a comment."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pkanalysis import trends

CONF = pd.DataFrame(
    {
        "conference_id": ["2019 A", "2020 B"],
        "start_date": pd.to_datetime(["2019-03-10", "2020-01-15"]),
        "opens_cycle": [True, True],
    }
)


def rows(*lines):
    """(month, contributor, total[, mission[, source]])"""
    df = pd.DataFrame(
        [(*line, *([None] * (5 - len(line)))) for line in lines],
        columns=["date", "contributor_iso3", "total", "mission", "source"],
    )
    df["date"] = pd.to_datetime(df["date"])
    df["mission"] = df["mission"].fillna("M")
    df["source"] = df["source"].fillna("un/report.pdf")
    return df


# pre-2014: 2019-01, 2019-02; "2019 A": 2019-03..2019-12; "2020 B": 2020-01..
DATA = rows(
    ("2019-01-31", "A", 100),
    ("2019-01-31", "B", 50),
    ("2019-02-28", "A", 100),
    ("2019-03-31", "A", 40),
    ("2019-03-31", "B", 60),
    ("2019-06-30", "A", 50),
    ("2019-06-30", "B", 200),
    ("2019-06-30", "C", 10),
    ("2020-01-31", "B", 0),
    ("2020-01-31", "C", 30),
)


def test_monthly_sums_per_group_and_leaves_gaps_only_when_asked():
    out = trends.monthly(DATA, by="contributor_iso3")
    a = out[out["contributor_iso3"] == "A"].set_index("date")["total"]
    assert a.tolist() == [100, 100, 40, 50]
    assert trends.monthly(DATA)["total"].tolist() == [150, 100, 100, 260, 30]
    gaps = trends.monthly(DATA, gaps=True)
    # 2019-04, -05 and -07..-12 have no report: missing, not zero
    assert len(gaps) == 13
    assert gaps["total"].isna().sum() == 8
    assert gaps.loc[gaps["date"] == "2019-04-30", "total"].isna().all()
    assert str(gaps["total"].dtype) == "Float64"


def test_months_that_repeat_the_month_before_break_the_line_when_coverage_is_given():
    coverage = pd.DataFrame(
        {"date": pd.to_datetime(["2019-02-28", "2019-03-31"]), "carried_forward": [True, False]}
    )
    got = trends.monthly(DATA[DATA["date"] <= "2019-03-31"], coverage=coverage)
    assert got["total"].isna().tolist() == [False, True, False]
    grouped = trends.monthly(
        DATA[DATA["date"] <= "2019-03-31"], by="contributor_iso3", coverage=coverage
    )
    # every group gets the gap: A and B both break in February
    assert grouped.loc[grouped["date"] == "2019-02-28", "total"].isna().all()
    assert sorted(grouped.loc[grouped["date"] == "2019-02-28", "contributor_iso3"]) == ["A", "B"]


def test_by_cycle_mean_start_end_change_and_change_per_year():
    out = trends.by_cycle(DATA, CONF).set_index("cycle")
    # pre-2014: 150 then 100 over one month apart: change -50, -600 a year
    assert out.loc["pre-2014", ["months", "mean", "start", "end", "change"]].tolist() == [
        2,
        125.0,
        150,
        100,
        -50,
    ]
    assert out.loc["pre-2014", "change_per_year"] == -600.0
    # 2019 A: March 100, June 260: mean 180, +160 over three months = +640 a year
    assert out.loc["2019 A", ["mean", "change", "change_per_year"]].tolist() == [180.0, 160, 640.0]
    assert out.loc["2019 A", "first_month"] == pd.Timestamp("2019-03-31")
    assert out.loc["2019 A", "last_month"] == pd.Timestamp("2019-06-30")
    # 2020 B: one month only: no change per year
    assert math.isnan(out.loc["2020 B", "change_per_year"])


def test_presence_and_entries_and_exits_per_cycle():
    presence = trends.presence(DATA, CONF)
    assert presence.columns.tolist() == ["pre-2014", "2019 A", "2020 B"]
    # B deployed 0 in 2020: not present
    assert presence.loc["B"].tolist() == [True, True, False]
    flows = trends.entries_exits(DATA, CONF).set_index("cycle")
    assert flows.loc["pre-2014", ["present", "entries", "exits"]].tolist() == [2, 0, 0]
    assert flows.loc["2019 A", ["present", "entries", "exits", "entered"]].tolist() == [
        3,
        1,
        0,
        "C",
    ]
    assert flows.loc["2020 B", ["present", "entries", "exits", "exited"]].tolist() == [
        1,
        0,
        2,
        "A, B",
    ]
    # 2019 A has two months of data: one entry over two months is six a year
    assert flows.loc["2019 A", "months"] == 2
    assert flows.loc["2019 A", "entries_per_year"] == 6.0
    assert flows.loc["2020 B", "exits_per_year"] == 24.0  # two exits in one month


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5, 5, 5, 5], 0.0),
        ([0, 0, 0, 10], 0.75),  # one of four holds everything: (n - 1) / n
        ([1, 2, 3, 4], 0.25),  # mean |xi - xj| = 1.25 over all pairs; / (2 x mean 2.5)
        ([3, 1], 0.25),  # |3 - 1| x 2 pairs / (2 x 2^2 x mean 2); order does not matter
        ([0, 10], 0.5),
    ],
)
def test_gini_of_known_vectors(values, expected):
    assert trends.gini(values) == pytest.approx(expected)
    assert trends.gini(np.array(values[::-1], dtype=float)) == pytest.approx(expected)


def test_gini_of_nothing_is_undefined():
    assert math.isnan(trends.gini([]))
    assert math.isnan(trends.gini([0, 0]))


def test_concentration_of_cycle_means():
    out = trends.concentration(DATA, CONF, top=1).set_index("cycle")
    # 2019 A means: A (40 + 50) / 2 = 45, B 130, C 10 (one month): top 130 / 185
    assert out.loc["2019 A", "contributors"] == 3
    assert out.loc["2019 A", "top_share"] == round(130 / 185, 4)
    # gini of 10, 45, 130: mean |xi - xj| over the 9 ordered pairs = 480 / 9; / (2 x 185 / 3)
    assert out.loc["2019 A", "gini"] == round(480 / 9 / (2 * 185 / 3), 4)
    # 2020 B: B deployed 0, so only C counts
    assert out.loc["2020 B", ["contributors", "top_share", "gini"]].tolist() == [1, 1.0, 0.0]


def test_rank_change_is_positive_for_a_state_that_moves_up():
    ranks = trends.rank_change(DATA, CONF, "pre-2014", "2019 A").set_index("contributor_iso3")
    # pre-2014 means: A 100, B 50; 2019 A means: B 130, A 45, C 10
    assert ranks.loc[["A", "B"], "rank_pre-2014"].tolist() == [1, 2]
    assert pd.isna(ranks.loc["C", "rank_pre-2014"])
    assert ranks["rank_2019 A"].to_dict() == {"B": 1, "A": 2, "C": 3}
    assert ranks.loc["B", "rank_change"] == 1  # 2nd -> 1st
    assert ranks.loc["A", "rank_change"] == -1  # 1st -> 2nd
    assert ranks.index.tolist() == ["B", "A", "C"]  # by the later rank
    assert ranks.loc["A", "mean_pre-2014"] == 100.0
    with pytest.raises(ValueError, match="^unknown cycle '2030 Z'"):
        trends.rank_change(DATA, CONF, "2019 A", "2030 Z")


def test_breaks_are_source_changes_and_months_without_a_mission_split():
    data = rows(
        ("2009-10-31", "A", 1, None, "ipi_providing_for_peacekeeping/countries/A.csv"),
        ("2009-11-30", "A", 1, "M", "ipi_providing_for_peacekeeping/full_gender_data.csv"),
        ("2015-01-31", "A", 1, "M", "un/2015_01.pdf"),
        ("2018-03-31", "A", 1, "M", "un/2018_03.pdf"),
    )
    data.loc[[0, 3], "mission"] = None
    out = trends.breaks(data)
    assert out.values.tolist() == [
        [pd.Timestamp("2009-10-31"), "no mission split"],
        [pd.Timestamp("2015-01-31"), "source changes to UN monthly reports"],
        [pd.Timestamp("2018-03-31"), "no mission split"],
    ]


def test_windows_compare_equal_spans_before_and_after_each_conference():
    months = pd.date_range("2018-12-31", periods=8, freq="ME")  # 2018-12 .. 2019-07
    data = rows(*[(m, "A", t) for m, t in zip(months, [10, 20, 30, 40, 50, 60, 70, 80],
                                                strict=True)])  # fmt: skip
    conf = CONF.iloc[:1]  # conference in 2019-03
    w = trends.windows(data, conf, months=2).iloc[0]
    # before: 2019-01, 2019-02 (20, 30) -> 25; after: 2019-03, 2019-04 (40, 50) -> 45
    assert (w["before"], w["after"], w["change"]) == (25.0, 45.0, 20.0)
    assert w["change_per_year"] == 120.0  # midpoints two months apart
    assert w["pct_change"] == 0.8
    assert bool(w["complete"])
    assert w["breaks"] == 0
    # three months each side: before 2018-12..2019-02 is covered, after 2019-03..05 too
    assert bool(trends.windows(data, conf, months=3).iloc[0]["complete"])
    # four months: 2018-11 is not in the data
    assert not bool(trends.windows(data, conf, months=4).iloc[0]["complete"])
    # a month missing inside the window also makes it incomplete
    holed = data[data["date"] != "2019-04-30"]
    assert not bool(trends.windows(holed, conf, months=2).iloc[0]["complete"])


def test_windows_per_group_and_breaks_inside_them():
    data = rows(
        ("2019-01-31", "A", 10),
        ("2019-01-31", "B", 1),
        ("2019-02-28", "A", 20),
        ("2019-02-28", "B", 3),
        ("2019-03-31", "A", 40),
        ("2019-03-31", "B", 5),
        ("2019-04-30", "A", 60),
        ("2019-04-30", "B", 7),
    )
    data.loc[data["date"] == "2019-04-30", "mission"] = None  # a month without a split
    w = trends.windows(data, CONF.iloc[:1], months=2, by="contributor_iso3")
    w = w.set_index("contributor_iso3")
    assert w.loc["A", ["before", "after", "change"]].tolist() == [15.0, 50.0, 35.0]
    assert w.loc["B", ["before", "after", "change"]].tolist() == [2.0, 6.0, 4.0]
    assert w["breaks"].tolist() == [1, 1]
    assert w["conference_id"].tolist() == ["2019 A", "2019 A"]


def test_window_concentration_before_and_after_with_entries_and_exits():
    data = rows(
        ("2019-01-31", "A", 30),
        ("2019-01-31", "B", 10),
        ("2019-02-28", "A", 30),
        ("2019-02-28", "B", 10),
        ("2019-03-31", "A", 20),
        ("2019-03-31", "C", 20),
        ("2019-04-30", "A", 20),
        ("2019-04-30", "C", 0),
    )
    out = trends.window_concentration(data, CONF.iloc[:1], months=2, top=1).set_index("window")
    # before: A 30, B 10 a month: top 0.75, gini |30 - 10| x 2 / (2 x 4 x 20) = 0.25
    assert out.loc["before", ["months", "contributors", "top1_share", "gini"]].tolist() == [
        2,
        2,
        0.75,
        0.25,
    ]
    assert pd.isna(out.loc["before", "entries"])
    # after: A 20, C 10 a month (20 + 0 over two months): top 2/3; C entered, B left
    assert out.loc["after", ["contributors", "top1_share", "entries", "exits"]].tolist() == [
        2,
        round(2 / 3, 4),
        1,
        1,
    ]
    assert out.loc["after", "gini"] == round(20 / (2 * 4 * 15), 4)


def test_add_groups_attaches_region_and_blocs():
    countries = pd.DataFrame(
        {
            "iso3": ["A", "B"],
            "un_regional_group": ["WEOG", "African"],
            "au": [False, True],
            "eu": [True, False],
            "nam": [False, True],
            "g77": [False, True],
            "p5": [False, False],
            "region": ["Europe", "Africa"],
        }
    )
    out = trends.add_groups(DATA, countries)
    assert len(out) == len(DATA)
    assert out.groupby("contributor_iso3")["un_regional_group"].first().dropna().to_dict() == {
        "A": "WEOG",
        "B": "African",
    }
    assert out.loc[out["contributor_iso3"] == "C", "eu"].isna().all()
    assert "region" not in out


def test_change_per_year_over_a_cycle_that_crosses_years():
    conf = CONF.iloc[:1]
    data = rows(("2019-04-30", "A", 100), ("2020-06-30", "A", 170))
    row = trends.by_cycle(data, conf).set_index("cycle").loc["2019 A"]
    assert row["change_per_year"] == 60.0  # +70 over 14 months
    assert row["mean"] == 135.0


def test_peacekeeping_only_keeps_operations_and_unsplit_months():
    missions = pd.DataFrame({"mission": ["UNMISS", "UNAMA", "UNSOS"],
                             "kind": ["peacekeeping operation", "special political mission",
                                      "other"]})  # fmt: skip
    data = rows(("2020-01-31", "A", 5, "UNMISS"), ("2020-01-31", "A", 2, "UNAMA"),
                ("2020-01-31", "A", 1, "UNSOS"), ("2020-02-29", "A", 7))  # fmt: skip
    data.loc[3, "mission"] = None
    assert trends.peacekeeping_only(data, missions)["total"].tolist() == [5, 7]


def test_the_gini_of_one_value_is_zero_and_its_input_may_be_integers():
    assert trends.gini([1]) == 0.0
    assert trends.gini(np.array([1, 3], dtype=int)) == 0.25


def test_window_concentration_counts_zero_contingents_out_and_ends_on_time():
    data = rows(
        ("2019-01-31", "A", 30),
        ("2019-01-31", "B", 0),  # deployed no one: not a contributor
        ("2019-03-31", "A", 20),
        ("2019-03-31", "B", 20),
        ("2019-05-31", "C", 99),  # after a one-month window: not counted
    )
    out = trends.window_concentration(data, CONF.iloc[:1], months=1, top=1)
    out = out.set_index("window")
    # before: January missing from a one-month window (February), so no row; after: March
    assert out.index.tolist() == ["after"]
    assert out.loc["after", ["months", "contributors"]].tolist() == [1, 2]
    assert pd.isna(out.loc["after", "entries"])
    assert out.loc["after", "top1_share"] == 0.5


def test_windows_of_a_conference_on_the_last_day_of_a_month():
    conf = CONF.iloc[:1].assign(start_date=pd.to_datetime(["2019-03-31"]))
    months = pd.date_range("2019-01-31", periods=4, freq="ME")
    data = rows(*[(m, "A", t) for m, t in zip(months, [10, 20, 30, 40], strict=True)])
    w = trends.windows(data, conf, months=1).iloc[0]
    assert (w["before"], w["after"]) == (20.0, 30.0)  # February, then March itself
    assert list(trends.windows(data, conf, months=1).columns[:1]) == ["conference_id"]
