"""pk.panel: zeros where a state deployed no one, missing where the sources say nothing."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis import panels
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


# --- the panel's parts -------------------------------------------------------------------------


def test_a_coarse_type_stands_for_itself_and_its_parts():
    assert panels._wanted_types(None) is None
    assert panels._wanted_types("Troops") == ["Troops"]
    assert panels._wanted_types(("Police", "Troops")) == [
        "Formed Police Units",
        "Individual Police",
        "Police",
        "Troops",
    ]
    message = (
        "unknown personnel types 'Sailors', 'Pilots'; valid personnel types: Troops, Staff "
        "Officers, Experts on Mission, Formed Police Units, Individual Police, Police"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        panels._wanted_types(["Sailors", "Troops", "Pilots"])


MIXED = rows(
    ("2009-01-31", "A", None, "Police", None, 40),  # IPI: police lumped
    ("2009-01-31", "A", None, "Troops", None, 10),
    ("2009-02-28", "A", "M", "Formed Police Units", 1, 140),  # police split
    ("2009-03-31", "A", "M", "Troops", 0, 5),  # no police at all: none deployed
    ("2009-04-30", "A", None, "Police", None, 7),  # lumped, beside a fine type
    ("2009-04-30", "A", None, "Individual Police", None, 3),
)


def test_a_month_says_something_about_a_fine_type_unless_its_source_lumps_it():
    months = pd.DatetimeIndex(pd.to_datetime(["2009-01-31", "2009-02-28", "2009-03-31",
                                              "2009-04-30", "2009-05-31"]))  # fmt: skip
    fpu = panels._covered_months(MIXED, months, ["Formed Police Units"], need_mission=False)
    assert fpu.tolist() == [False, True, True, False, False]
    ipo = panels._covered_months(MIXED, months, ["Individual Police"], need_mission=False)
    assert ipo.tolist() == [False, True, True, True, False]
    # asking for the coarse type itself: every month with a report says something
    police = panels._covered_months(MIXED, months, ["Police", "Formed Police Units",
                                                    "Individual Police"], False)  # fmt: skip
    assert police.tolist() == [True, True, True, True, False]
    split = panels._covered_months(MIXED, months, None, need_mission=True)
    assert split.tolist() == [False, True, True, False, False]


def test_women_are_zero_where_a_split_month_has_no_one_of_the_type():
    p = panel(MIXED, personnel_types="Formed Police Units").set_index("date")
    assert p["total"].tolist()[1:3] == [140, 0]
    # March prints a split by sex (for troops) and no formed police: zero women, not unknown
    assert p["female"].tolist()[1:3] == [1, 0]
    assert str(p["total"].dtype) == "Float64"
    assert str(p["female"].dtype) == "Float64"


def test_a_mission_panel_has_no_unit_for_rows_without_a_mission():
    data = rows(
        ("2020-01-31", "A", "M", "Troops", 1, 10),
        ("2020-01-31", "A", None, "Troops", 1, 5),
        ("2020-02-29", "A", "M", "Troops", 1, 12),
    )
    p = panel(data, by=["mission"])
    assert p["mission"].astype(str).unique().tolist() == ["M"]
    assert p["total"].tolist() == [10, 12]


def test_years_are_means_of_their_observed_months_and_a_year_without_any_is_missing():
    data = rows(
        ("2020-01-31", "A", "M", "Troops", 1, 10),
        ("2020-02-29", "A", "M", "Troops", 3, 20),
        ("2022-06-30", "A", "M", "Troops", 0, 6),
    )
    years = panel(data, unit="year").set_index("year")
    assert years.loc[2020, ["total", "female", "months_observed"]].tolist() == [15.0, 2.0, 2]
    assert bool(years.loc[2020, "observed"])
    assert years.loc[2022, ["total", "months_observed"]].tolist() == [6.0, 1]
    assert bool(years.loc[2022, "observed"])  # one observed month is enough
    assert not years.loc[2021, "observed"]
    assert years.loc[2021, "months_observed"] == 0
    assert pd.isna(years.loc[2021, "total"])
    assert str(years["months_observed"].dtype) == "Int64"
    assert str(years["total"].dtype) == "Float64"


def test_missions_given_as_one_acronym_filter_a_frame_passed_in():
    data = rows(
        ("2020-01-31", "A", "M", "Troops", 1, 10),
        ("2020-01-31", "A", "N", "Troops", 1, 5),
    )
    assert panel(data, missions="N")["total"].tolist() == [5]
    with pytest.raises(ValueError, match="^panel: no contributions in the window asked for$"):
        panel(data, missions="Q")


def test_a_window_outside_the_table_names_the_table():
    data = rows(("2020-01-31", "A", "M", "Troops", 1, 10))
    message = "start='2030' is after the last month in the data: the contributions table runs "
    with pytest.raises(ValueError, match=f"^{re.escape(message)}2020-01 to 2020-01$"):
        panel(data, start="2030")


def test_a_panel_loaded_for_a_window_and_missions_keeps_to_them(tmp_path):
    p = panel(start="2024-01", end="2024-03", missions="UNMISS", by=["mission"])
    assert p["date"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02", "2024-03"]
    assert p["mission"].astype(str).unique().tolist() == ["UNMISS"]
    unmiss = pk.load_contributions(start="2024-01", end="2024-03", missions="UNMISS")
    assert p["total"].tolist() == unmiss.groupby("date")["total"].sum().astype(float).tolist()
    with pytest.raises(FileNotFoundError, match="contributions.arrow is missing"):
        panel(start="2024-01", end="2024-03", data_home=tmp_path)


def test_months_between_counts_whole_months_from_the_event():
    event = pd.Timestamp("2021-12-07")
    got = panels.months_between(pd.to_datetime(["2020-12-31", "2021-11-30", "2021-12-31",
                                                 "2023-01-31"]), event)  # fmt: skip
    assert got.tolist() == [-12, -1, 0, 13]
    assert got.dtype == np.dtype(int)
    series = pd.Series(pd.to_datetime(["2022-02-28"]), index=[4])
    assert panels.months_between(series, event).tolist() == [2]
