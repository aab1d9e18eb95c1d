"""Analysis functions on small frames whose answers were worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pkanalysis import exposure, mean_change, parity, pledge_register, trends

CONF = pd.DataFrame(
    {
        "conference_id": ["2019 New York", "2021 Seoul"],
        "start_date": pd.to_datetime(["2019-03-29", "2021-12-07"]),
        "opens_cycle": [True, True],
    }
)


def frame(rows):
    df = pd.DataFrame(
        rows,
        columns=[
            "date",
            "contributor_iso3",
            "personnel_type",
            "mission",
            "male",
            "female",
            "total",
        ],
    )
    df["date"] = pd.to_datetime(df["date"])
    for col in ("male", "female", "total"):
        df[col] = df[col].astype("Int64")
    return df


# Two states, three months: A grows after the 2019 conference, B does not.
DATA = frame(
    [
        ("2019-01-31", "A", "Troops", "X", 90, 10, 100),
        ("2019-02-28", "A", "Troops", "X", 90, 10, 100),
        ("2019-04-30", "A", "Troops", "X", 180, 20, 200),
        ("2019-01-31", "B", "Individual Police", "Y", 40, 10, 50),
        ("2019-02-28", "B", "Individual Police", "Y", 40, 10, 50),
        ("2019-04-30", "B", "Individual Police", "Y", 40, 10, 50),
    ]
)
PLEDGES = pd.DataFrame(
    {
        "conference_id": ["2019 New York"],
        "pledger_iso3": ["A"],
        "pledger": ["Aland"],
        "category": ["units/troops"],
        "capability": ["an infantry battalion"],
        "quantity": [100.0],
        "unit": ["troops"],
    }
)


def test_by_cycle_mean_start_end():
    out = trends.by_cycle(DATA, CONF)
    assert out[["cycle", "months", "mean", "start", "end"]].astype(str).values.tolist() == [
        ["pre-2014", "2", "150.0", "150", "150"],
        ["2019 New York", "1", "250.0", "250", "250"],
    ]


def test_by_cycle_per_group():
    out = trends.by_cycle(DATA, CONF, by="personnel_type").set_index(["cycle", "personnel_type"])
    assert out.loc[("2019 New York", "Troops"), "mean"] == 200.0


def test_entries_exits_and_presence():
    data = pd.concat([DATA, frame([("2022-01-31", "C", "Troops", "X", 5, 0, 5)])])
    flows = trends.entries_exits(data, CONF).set_index("cycle")
    assert flows.loc["2021 Seoul", "entered"] == "C"
    assert flows.loc["2021 Seoul", "exited"] == "A, B"
    assert flows.loc["2019 New York", "present"] == 2


def test_gini_and_concentration():
    assert trends.gini([5, 5]) == 0.0
    assert trends.gini([0, 10]) == 0.5
    assert math.isnan(trends.gini([]))
    conc = trends.concentration(DATA, CONF, top=1).set_index("cycle")
    assert conc.loc["2019 New York", "top_share"] == 0.8  # 200 of 250
    # two contributors, 200 and 50: |200 - 50| x 2 ordered pairs / (2 x 2^2 x mean 125) = 0.3
    assert conc.loc["2019 New York", "gini"] == 0.3


def test_rank_change():
    ranks = trends.rank_change(DATA, CONF, "pre-2014", "2019 New York")
    assert ranks.set_index("contributor_iso3")["rank_2019 New York"].to_dict() == {"A": 1, "B": 2}
    assert ranks["rank_change"].tolist() == [0, 0]  # A leads in both; test_trends has movers
    with pytest.raises(ValueError, match="unknown cycle 'x'"):
        trends.rank_change(DATA, CONF, "x", "2021 Seoul")


def test_add_groups():
    countries = pd.DataFrame(
        {
            "iso3": ["A"],
            "un_regional_group": ["WEOG"],
            "au": [False],
            "eu": [True],
            "nam": [False],
            "g77": [False],
            "p5": [False],
        }
    )
    out = trends.add_groups(DATA, countries)
    assert out.loc[out["contributor_iso3"] == "A", "un_regional_group"].unique().tolist() == [
        "WEOG"
    ]
    assert out.loc[out["contributor_iso3"] == "B", "un_regional_group"].isna().all()


def test_state_changes_and_did():
    ch = mean_change.state_changes(DATA, PLEDGES, CONF, "2019 New York", before=2).set_index(
        "contributor_iso3"
    )
    assert ch.loc["A", ["pre", "post", "change"]].tolist() == [100.0, 200.0, 100.0]
    assert ch.loc["B", ["pre", "post", "change"]].tolist() == [50.0, 50.0, 0.0]
    assert bool(ch.loc["A", "pledged"])
    assert not bool(ch.loc["B", "pledged"])
    summary = mean_change.follow_through(DATA, PLEDGES, CONF, "2019 New York", before=2)
    assert summary["did"] == 100.0
    assert math.isnan(summary["se"])  # one state per group: no spread to estimate


def test_category_limits_the_personnel_types():
    ch = mean_change.state_changes(DATA, PLEDGES, CONF, "2019 New York", "police", before=2)
    # A deploys no police and pledged troops, not police: only B is compared, as a non-pledger.
    assert ch["contributor_iso3"].tolist() == ["B"]
    assert not ch["pledged"].any()


def test_female_share_and_parity_gap():
    shares = parity.female_share(DATA).set_index("personnel_type")
    assert shares.loc["Troops", "share"] == 0.1  # 40 of 400
    assert shares.loc["Individual Police", "share"] == 0.2
    targets = pd.DataFrame(
        {
            "personnel_type": ["Troops", "Troops"],
            "year": [2019, 2028],
            "target_female_share": [0.08, 0.15],
        }
    )
    gap = parity.parity_gap(DATA, targets, 2019).set_index("personnel_type")
    assert gap.loc["Troops", "gap"] == -0.02
    assert gap.loc["Troops", "end_gap"] == 0.05
    assert bool(gap.loc["Troops", "met"])
    assert pd.isna(gap.loc["Individual Police", "target"])
    with pytest.raises(
        ValueError, match="no sex-disaggregated data for 2030; years with data: 2019"
    ):
        parity.parity_gap(DATA, targets, 2030)


def test_furthest_behind_and_share_by_cycle():
    targets = pd.DataFrame(
        {
            "personnel_type": ["Troops", "Individual Police"],
            "year": [2028, 2028],
            "target_female_share": [0.15, 0.3],
        }
    )
    gap = parity.parity_gap(DATA, targets, 2019, by=["contributor_iso3", "personnel_type"])
    worst = parity.furthest_behind(gap, min_total=100, n=1)
    assert worst["contributor_iso3"].tolist() == ["B"]  # 0.3 - 0.2 = 0.1 behind, A 0.05
    by_cycle = parity.share_by_cycle(DATA, CONF).set_index(["cycle", "personnel_type"])
    assert by_cycle.loc[("2019 New York", "Troops"), "share"] == 0.1


def test_pledges_by_category_and_repeats():
    pledges = pd.DataFrame(
        {
            "conference_id": ["c1", "c1", "c2"],
            "pledger_iso3": ["A", "B", "A"],
            "category": ["medical"] * 3,
        }
    )
    counts = pd.DataFrame(
        {"conference_id": ["c2"], "category": ["medical"], "n_pledges": [9], "n_states": [4]}
    )
    out = pledge_register.pledges_by_category(pledges, counts).set_index("conference_id")
    assert out.loc["c1", "pledging_states"] == 2
    assert out.loc["c2", "published_pledges"] == 9
    rep = pledge_register.repeated_categories(pledges)
    assert rep[["pledger_iso3", "conferences", "which"]].values.tolist() == [["A", 2, "c1, c2"]]


def test_mission_strength_and_fatality_rates():
    strength = pd.DataFrame(
        {
            "date": pd.to_datetime(["2018-12-31", "2019-01-31"]),
            "mission": ["X", "X"],
            "total": [90, 95],
        }
    )
    out = exposure.mission_strength(DATA, strength, missions=["X"])
    assert out[["total", "source"]].values.tolist() == [
        [90, "IPI mission totals"],
        [100, "UN monthly reports"],
        [100, "UN monthly reports"],
        [200, "UN monthly reports"],
    ]
    deaths = pd.DataFrame(
        {
            "incident_date": pd.to_datetime(["2019-02-10", "2019-02-11"]),
            "mission": ["X", "Y"],
            "nationality_iso3": ["A", "B"],
            "personnel_type": ["Military", "Local"],
        }
    )
    rates = exposure.fatality_rates(deaths, DATA, "mission", "2019-01-01", "2019-04-30")
    rates = rates.set_index("mission")
    # X: mean strength (100+100+200)/3 = 133.3 over 4 months = 44.4 personnel-years
    assert rates.loc["X", "fatalities"] == 1
    assert rates.loc["X", "personnel_years"] == 44.4
    assert rates.loc["Y", "fatalities"] == 0  # a local staff death is not uniformed
    with pytest.raises(ValueError, match="by must be 'mission' or 'contributor_iso3'"):
        exposure.fatality_rates(deaths, DATA, "region")


def test_the_welch_standard_error_of_the_difference_in_differences():
    from scipy import stats

    changes = pd.DataFrame(
        {"pledged": [True, True, False, False, False], "change": [10.0, 30.0, 0.0, 10.0, 20.0]}
    )
    out = mean_change.difference_in_differences(changes)
    # pledgers: mean 20, variance 200 over 2; others: mean 10, variance 100 over 3
    assert out["did"] == 10.0
    assert out["se"] == pytest.approx(math.sqrt(200 / 2 + 100 / 3))
    welch = stats.ttest_ind([10.0, 30.0], [0.0, 10.0, 20.0], equal_var=False)
    assert out["did"] / out["se"] == pytest.approx(welch.statistic)
    assert out["ci_low"] == pytest.approx(10.0 - 1.96 * out["se"])
    assert out["ci_high"] == pytest.approx(10.0 + 1.96 * out["se"])
    assert (out["pledgers"], out["others"]) == (2.0, 3.0)
