"""pk.panel: zeros where a state deployed no one, missing where the sources say nothing."""

from __future__ import annotations

import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis.panels import panel


def rows(*records):
    df = pd.DataFrame(
        records,
        columns=["date", "contributor_iso3", "mission", "personnel_type", "female", "total"],
    )
    df["date"] = pd.to_datetime(df["date"])
    for col in ("female", "total"):
        df[col] = df[col].astype("Int64")
    for col in ("contributor_iso3", "mission", "personnel_type"):
        df[col] = df[col].astype("category")
    return df


DATA = rows(
    ("2009-01-31", "SEN", None, "Police", None, 40),
    ("2009-01-31", "SEN", None, "Troops", None, 500),
    ("2009-02-28", "SEN", "UNMIS", "Formed Police Units", 2, 140),
    ("2009-02-28", "SEN", "UNMIS", "Individual Police", 3, 20),
    ("2009-02-28", "NPL", "UNMIS", "Troops", 10, 800),
    ("2009-04-30", "NPL", "UNMIS", "Troops", 12, 810),
    ("2009-04-30", "NPL", "UNMIL", "Troops", 1, 90),
)


def indexed(p, *keys):
    return p.set_index(list(keys))


def test_zero_where_no_row_and_missing_where_no_report():
    p = indexed(panel(DATA), "contributor_iso3", "date")
    assert len(p) == 2 * 4  # two states x 2009-01..2009-04, balanced
    assert p.loc[("NPL", "2009-01-31"), "total"] == 0
    assert p.loc[("NPL", "2009-04-30"), "total"] == 900
    assert pd.isna(p.loc[("NPL", "2009-03-31"), "total"])
    assert not p.loc[("SEN", "2009-03-31"), "observed"]
    assert p.loc[("SEN", "2009-02-28"), "total"] == 160


def test_no_sex_split_is_missing_women_not_zero_women():
    p = indexed(panel(DATA), "contributor_iso3", "date")
    assert pd.isna(p.loc[("SEN", "2009-01-31"), "female"])
    assert p.loc[("SEN", "2009-02-28"), "female"] == 5
    assert p.loc[("SEN", "2009-04-30"), "female"] == 0


def test_a_fine_police_type_is_not_observed_where_the_source_lumps_police():
    fpu = indexed(panel(DATA, personnel_types="Formed Police Units"), "contributor_iso3", "date")
    assert pd.isna(fpu.loc[("SEN", "2009-01-31"), "total"])
    assert fpu.loc[("SEN", "2009-02-28"), "total"] == 140
    police = indexed(panel(DATA, personnel_types="Police"), "contributor_iso3", "date")
    assert police.loc[("SEN", "2009-01-31"), "total"] == 40
    assert police.loc[("SEN", "2009-02-28"), "total"] == 160


def test_a_month_without_a_mission_split_is_not_observed_by_mission():
    p = indexed(panel(DATA, by=("contributor_iso3", "mission")), "contributor_iso3", "mission")
    sen = p.loc[("SEN", "UNMIS")].set_index("date")
    assert not sen.loc["2009-01-31", "observed"]
    assert sen.loc["2009-04-30", "total"] == 0
    assert p.loc[("NPL", "UNMIL")].set_index("date").loc["2009-04-30", "total"] == 90


def test_years_average_the_observed_months():
    p = indexed(panel(DATA, unit="year"), "contributor_iso3", "year")
    # NPL: 0 (Jan), 800 (Feb), 900 (Apr); March has no report.
    assert p.loc[("NPL", 2009), "total"] == pytest.approx(1700 / 3)
    assert p.loc[("NPL", 2009), "months_observed"] == 3


def test_window_and_missions_filter():
    p = panel(DATA, start="2009-02", end="2009-04", missions="UNMIL")
    assert list(p["contributor_iso3"].unique()) == ["NPL"]
    assert p["date"].min() == pd.Timestamp("2009-02-28")
    assert p.set_index("date").loc["2009-04-30", "total"] == 90


def test_bad_arguments_name_the_valid_choices():
    with pytest.raises(ValueError, match="valid units: month, year"):
        panel(DATA, unit="week")
    with pytest.raises(ValueError, match="valid by columns: contributor_iso3, mission"):
        panel(DATA, by="region")
    with pytest.raises(ValueError, match="valid personnel types: Troops"):
        panel(DATA, personnel_types="Pilots")


def test_the_committed_data_give_a_balanced_panel_with_the_missing_months_flagged():
    p = pk.panel(start="2014-01", end="2016-12")
    months = p["date"].nunique()
    assert months == 36
    assert len(p) == p["contributor_iso3"].nunique() * months
    unobserved = sorted(p.loc[~p["observed"], "date"].dt.strftime("%Y-%m").unique())
    assert unobserved == ["2014-09", "2014-10", "2014-11", "2014-12", "2015-03", "2016-03"]
    npl = p[(p["contributor_iso3"] == "NPL") & p["observed"]]
    assert (npl["total"] > 3000).all()
    # Every observed month's panel total equals the table's own total.
    c = pk.load_contributions(start="2014-01", end="2016-12")
    assert p.groupby("date")["total"].sum().loc[c["date"].unique()].tolist() == (
        c.groupby("date")["total"].sum().loc[c["date"].unique()].astype(float).tolist()
    )


def test_carried_forward_months_are_not_observed_unless_kept():
    p = pk.panel(start="1990-11", end="1991-03")
    assert p.groupby("date")["observed"].all().tolist() == [True, False, False, False, True]
    kept = pk.panel(start="1990-11", end="1991-03", carried_forward="keep")
    assert kept["observed"].all()
    with pytest.raises(ValueError, match="valid: missing, keep"):
        pk.panel(start="1990-11", end="1991-03", carried_forward="drop")


def test_kind_peacekeeping_leaves_months_without_a_mission_split_unobserved():
    p = pk.panel(start="2019-07", end="2019-10", kind="peacekeeping")
    observed = p.groupby("date")["observed"].all()
    assert observed.tolist() == [False, False, True, True]  # 2019-07/08 print no missions
    every = pk.panel(start="2019-09", end="2019-09")
    pko = p[p["date"] == "2019-09-30"]["total"].sum()
    assert 0 < pko < every["total"].sum()


def test_a_year_is_the_whole_year():
    p = pk.panel(start="2024", end="2024")
    assert p["date"].nunique() == 12
