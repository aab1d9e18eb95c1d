"""Burden sharing and fatality rates on hand-made frames; every figure is worked out beside it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pkanalysis import burden
from pkanalysis import fatalities as fat

# --- burden sharing ----------------------------------------------------------------------------

COUNTRIES = pd.DataFrame(
    {
        "iso3": ["GBR", "POL", "MAR", "NPL", "VAT"],
        "region": ["Europe", "Europe", "Africa", "Asia", "Europe"],
        "un_regional_group": ["WEOG", "Eastern European", "African", "Asia-Pacific", None],
        "au": [False, False, True, False, None],
        "eu": [False, True, False, False, None],
        "nam": [False, False, True, True, None],
        "g77": [False, False, True, True, None],
        "p5": [True, False, False, False, None],
    }
)
CHANGES = pd.DataFrame(
    {
        "iso3": ["GBR", "POL", "MAR", "NPL"],
        "bloc": pd.Categorical(["eu", "eu", "au", "nam"]),
        "member_from": pd.to_datetime([None, "2004-05-01", "2017-01-30", None]),
        "member_until": pd.to_datetime(["2020-01-31", None, None, None]),
    }
)


def member(dates, blocs=("eu", "au")):
    m = burden.membership(COUNTRIES, CHANGES, pd.to_datetime(dates), blocs)
    return m.set_index(["iso3", "bloc", "date"])["member"]


def test_membership_follows_the_dated_changes_to_the_day():
    m = member(["2004-04-30", "2004-05-31", "2017-01-29", "2017-01-31", "2020-01-31",
                "2020-02-29"])  # fmt: skip
    day = pd.Timestamp
    assert m.dtype == bool
    assert not m[("POL", "eu", day("2004-04-30"))]
    assert m[("POL", "eu", day("2004-05-31"))]
    assert not m[("MAR", "au", day("2017-01-29"))]
    assert m[("MAR", "au", day("2017-01-31"))]
    assert m[("GBR", "eu", day("2020-01-31"))]  # the last day of membership counts
    assert not m[("GBR", "eu", day("2020-02-29"))]


def test_without_a_dated_change_the_2025_flag_holds_and_a_missing_flag_is_no():
    m = member(["1995-01-31"])
    assert m.dtype == bool
    assert not m[("NPL", "au", pd.Timestamp("1995-01-31"))]
    assert not m[("VAT", "eu", pd.Timestamp("1995-01-31"))]
    assert not m[("MAR", "au", pd.Timestamp("1995-01-31"))]  # before it rejoined
    # a change of a bloc not asked for (NPL's NAM row) does not add rows
    assert set(member(["1995-01-31"]).index.get_level_values("bloc")) == {"eu", "au"}
    assert len(member(["1995-01-31", "1995-01-31"])) == 10  # dates are taken once
    with pytest.raises(ValueError, match=r"^unknown blocs \['nato'\]; valid blocs: au, eu"):
        burden.membership(COUNTRIES, CHANGES, ["2020-01-31"], ["nato"])


def contributions(*lines):
    df = pd.DataFrame(lines, columns=["date", "contributor_iso3", "total"])
    df["date"] = pd.to_datetime(df["date"])
    return df


DEPLOYED = contributions(
    ("2019-12-31", "GBR", 300),
    ("2019-12-31", "POL", 100),
    ("2019-12-31", "NPL", 500),
    ("2019-12-31", "VAT", 100),
    ("2019-12-31", "NPL", 0),
    ("2020-02-29", "GBR", 200),
    ("2020-02-29", "POL", 300),
    ("2020-02-29", "MAR", 500),
)


def test_shares_by_regional_group_count_states_without_a_group_as_none():
    s = burden.shares(DEPLOYED, COUNTRIES).set_index(["date", "group"])
    dec = pd.Timestamp("2019-12-31")
    assert s.loc[(dec, "Asia-Pacific"), ["total", "share"]].tolist() == [500, 0.5]
    assert s.loc[(dec, "none"), "share"] == 0.1
    assert s.loc[(dec, "WEOG"), "share"] == 0.3
    assert s.xs(dec)["share"].sum() == pytest.approx(1.0)
    by_region = burden.shares(DEPLOYED, COUNTRIES, "region").set_index(["date", "group"])
    assert by_region.loc[(dec, "Europe"), "total"] == 500


def test_shares_by_bloc_date_the_membership_and_list_every_bloc():
    s = burden.shares(DEPLOYED, COUNTRIES, "bloc", CHANGES).set_index(["date", "group"])
    dec, feb = pd.Timestamp("2019-12-31"), pd.Timestamp("2020-02-29")
    # December: the UK (300) and Poland (100) are in the EU: 400 of 1,000
    assert s.loc[(dec, "eu"), ["total", "share"]].tolist() == [400, 0.4]
    # February: the UK has left: Poland's 300 of 1,000
    assert s.loc[(feb, "eu"), ["total", "share"]].tolist() == [300, 0.3]
    assert s.loc[(feb, "au"), "share"] == 0.5  # Morocco rejoined in 2017
    assert s.loc[(dec, "p5"), "share"] == 0.3
    assert s.loc[(dec, "au"), "total"] == 0  # a bloc with no one deployed is listed at 0
    assert s.xs(dec).index.tolist() == ["au", "eu", "g77", "nam", "p5"]
    with pytest.raises(ValueError, match=r"^shares by bloc need the dated changes"):
        burden.shares(DEPLOYED, COUNTRIES, "bloc")
    with pytest.raises(ValueError, match=r"^unknown grouping 'continent'; valid groupings: "):
        burden.shares(DEPLOYED, COUNTRIES, "continent")


def test_annual_means_of_monthly_totals_and_shares():
    s = burden.shares(DEPLOYED, COUNTRIES, "bloc", CHANGES)
    year = burden.annual(s).set_index(["year", "group"])
    assert year.loc[(2019, "eu"), ["months", "total", "share"]].tolist() == [1, 400.0, 0.4]
    assert year.loc[(2020, "au"), ["months", "total", "share"]].tolist() == [1, 500.0, 0.5]
    two = pd.DataFrame(
        {
            "date": pd.to_datetime(["2021-01-31", "2021-02-28"]),
            "group": ["eu", "eu"],
            "total": [100, 301],
            "share": [0.12341, 0.2],
        }
    )
    assert burden.annual(two).values.tolist() == [[2021, "eu", 2, 200.5, 0.1617]]


# --- fatality rates ----------------------------------------------------------------------------


def test_causes_pool_the_rare_incident_types():
    got = fat.cause(pd.Series(["Malicious Act", "Illness", "Accident", "Self-Inflicted",
                               "To Be Determined", None]))  # fmt: skip
    assert got.tolist() == ["malicious act", "illness", "accident", "other", "other", "other"]


@pytest.mark.parametrize(
    ("count", "low", "high"),
    # Garwood's exact 95% interval, as tabulated (e.g. Ulm 1990, Table 1)
    [(0, 0.0, 3.6889), (1, 0.0253, 5.5716), (2, 0.2422, 7.2247), (10, 4.7954, 18.3904)],
)
def test_poisson_interval_matches_the_tabulated_exact_limits(count, low, high):
    got_low, got_high = fat.poisson_interval(count)
    assert (round(float(got_low), 4), round(float(got_high), 4)) == (low, high)
    half_low, half_high = fat.poisson_interval(count, exposure=2.0)
    assert float(half_high) == pytest.approx(high / 2, abs=1e-4)
    assert float(half_low) == pytest.approx(low / 2, abs=1e-4)
    wider_low, wider_high = fat.poisson_interval(count, level=0.99)
    assert wider_low <= got_low
    assert wider_high > got_high


def test_period_length_counts_both_end_months():
    assert fat._period_years(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-12-31")) == 1.0
    assert fat._period_years(pd.Timestamp("2019-11-01"), pd.Timestamp("2020-02-29")) == 4 / 12


STRENGTH = pd.DataFrame(
    {
        "date": pd.to_datetime(["2020-01-31", "2020-01-31", "2020-06-30", "2020-12-31"]),
        "mission": ["X", "Y", None, "X"],  # June has no mission split
        "contributor_iso3": ["A", "B", "A", "A"],
        "total": [1000, 500, 1500, 2000],
    }
)
DEATHS = pd.DataFrame(
    {
        "incident_date": pd.to_datetime(
            ["2020-02-01", "2020-03-15", "2020-07-01", "2020-08-01", "2021-01-05", "2020-04-01"]
        ),  # fmt: skip
        "mission": ["X", "X", "Y", "Z", "X", "X"],
        "nationality_iso3": ["A", "A", "B", "C", "A", "A"],
        "personnel_type": [
            "Military",
            "Police",
            "Military Observer",
            "Military",
            "Military",
            "International Civilian",
        ],  # fmt: skip
        "incident_type": [
            "Illness",
            "Malicious Act",
            "Accident",
            "Illness",
            "Illness",
            "Illness",
        ],  # fmt: skip
    }
)


def test_overall_rates_use_the_mean_monthly_strength_over_the_period():
    r = fat.rates(DEATHS, STRENGTH, start="2020-01", end="2020-12").set_index("cause")
    # strength: (1,500 + 1,500 + 2,000) / 3 months with data = 1,666.7 over one year;
    # deaths in 2020 of uniformed personnel: 4 (the civilian and the 2021 death are out)
    assert r.loc["all causes", "fatalities"] == 4
    assert r.loc["all causes", "mean_strength"] == 1666.7
    assert r.loc["all causes", "personnel_years"] == 1666.7
    assert r.loc["all causes", "rate"] == round(4 / 1.6667, 3)
    assert r.loc["illness", "fatalities"] == 2
    assert r.loc["other", "fatalities"] == 0
    assert r.index.tolist() == ["malicious act", "illness", "accident", "other", "all causes"]
    low, high = fat.poisson_interval(4, 1.6667)
    assert (r.loc["all causes", "ci_low"], r.loc["all causes", "ci_high"]) == (
        round(float(low), 3),
        round(float(high), 3),
    )


def test_rates_per_mission_leave_out_months_without_a_mission_split():
    r = fat.rates(DEATHS, STRENGTH, by="mission", start="2020-01", end="2020-12")
    r = r.set_index(["mission", "cause"])
    # X: (1,000 + 2,000) over the 2 months with a split = 1,500 a month, over one year
    assert r.loc[("X", "all causes"), ["fatalities", "personnel_years"]].tolist() == [2, 1500.0]
    assert r.loc[("Y", "all causes"), ["fatalities", "personnel_years"]].tolist() == [1, 250.0]
    assert r.loc[("Y", "accident"), "rate"] == 4.0  # 1 death per 250 personnel-years
    assert "Z" not in r.index.get_level_values("mission")  # no exposure: see unmatched()
    lost = fat.unmatched(DEATHS, STRENGTH, "2020-01-01", "2020-12-31")
    assert lost.values.tolist() == [["Z", 1]]


def test_rates_per_contributor_count_deaths_by_nationality():
    r = fat.rates(DEATHS, STRENGTH, by="contributor_iso3", start="2020-01", end="2020-12")
    r = r.set_index(["contributor_iso3", "cause"])
    # Contributors need no mission split: A is (1,000 + 1,500 + 2,000) / 3 months, B 500 / 3
    assert r.loc[("A", "all causes"), ["fatalities", "mean_strength"]].tolist() == [2, 1500.0]
    assert r.loc[("B", "all causes"), ["fatalities", "mean_strength"]].tolist() == [1, 166.7]


def test_asking_for_other_personnel_types_and_the_default_window():
    civilians = fat.rates(DEATHS, STRENGTH, personnel_types=["International Civilian"])
    assert civilians.set_index("cause").loc["all causes", "fatalities"] == 1
    # default window: 2020-01 to 2020-12-31, the contributions' span
    default = fat.rates(DEATHS, STRENGTH).set_index("cause")
    assert default.loc["all causes", "personnel_years"] == 1666.7
    message = "no contributions between 2030-01 and 2030-12"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        fat.rates(DEATHS, STRENGTH, start="2030-01", end="2030-12")
    with pytest.raises(ValueError, match="^unknown by 'region'; valid by: None, mission, "):
        fat.rates(DEATHS, STRENGTH, by="region")
