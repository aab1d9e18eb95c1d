"""Loaders that guide: names as users type them, dates as researchers mean them."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pkanalysis as pk
from pkanalysis import selection


@pytest.mark.parametrize(
    ("typed", "iso3"),
    [
        ("United States", "USA"),
        ("UK", "GBR"),
        ("Côte d'Ivoire", "CIV"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("nepal", "NPL"),
        ("npl", "NPL"),
        ("  Bangladesh ", "BGD"),
    ],
)
def test_names_as_users_type_them(typed, iso3):
    df = pk.load_contributions(start="2024-01", end="2024-01", contributors=typed)
    assert set(df["contributor_iso3"].astype(str)) == {iso3}


def test_an_unknown_name_suggests_the_closest_valid_ones():
    with pytest.raises(ValueError, match=r"unknown contributor 'Nepl'; did you mean NPL \(Nepal\)"):
        pk.load_contributions(contributors="Nepl")
    with pytest.raises(ValueError, match=r"unknown mission 'MINUSMAA'; did you mean MINUSMA"):
        pk.load_contributions(missions="MINUSMAA")
    with pytest.raises(ValueError, match="unknown contributor 'XXX'; 1\\d\\d valid contributors"):
        pk.load_contributions(contributors="XXX")


def test_a_valid_value_without_rows_in_the_window_says_where_its_rows_are():
    with pytest.warns(selection.NoRowsWarning) as record:
        df = pk.load_contributions(missions=["UNMISS"], start="2018-06", end="2018-06")
    assert df.empty
    message = str(record[0].message)
    assert "mission 'UNMISS' has no rows between 2018-06 and 2018-06" in message
    assert "its rows run 2011-" in message
    assert "1 months in the window do not split by mission (2018-06)" in message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": 2024}, "start=2024 is not a date; use 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'"),
        ({"end": "05/01/2024"}, "end='05/01/2024' is not a date"),
        ({"start": "2024-13"}, "month 13 does not exist"),
        ({"start": "2024-06", "end": "2024-01"}, "start='2024-06' is after end='2024-01'"),
        ({"contributors": []}, r"contributors=\[\] keeps nothing"),
        ({"start": "2030"}, "after the last month in the data: the contributions table runs"),
        ({"end": "1980"}, "before the first month in the data"),
        ({"kind": "pko"}, "unknown kind 'pko'; valid kinds: all, peacekeeping, political"),
    ],
)
def test_bad_windows_and_empty_lists_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pk.load_contributions(**kwargs)


def test_a_year_means_the_whole_year_and_end_includes_its_month():
    year = pk.load_contributions(start="2024", end="2024")
    assert (year["date"].min(), year["date"].max()) == (
        pd.Timestamp("2024-01-31"),
        pd.Timestamp("2024-12-31"),
    )
    half = pk.load_contributions(start=dt.date(2024, 1, 15), end="2024-06")
    assert half["date"].max() == pd.Timestamp("2024-06-30")
    assert half["date"].dt.month.nunique() == 6
    deaths = pk.load_fatalities(start="2020", end="2020")
    assert deaths["incident_date"].dt.year.unique().tolist() == [2020]
    assert deaths["incident_date"].max() > pd.Timestamp("2020-12-01")


def test_kind_peacekeeping_leaves_out_political_missions_and_says_which_months_it_drops():
    all_rows = pk.load_contributions(start="2023-08", end="2023-10")
    with pytest.warns(selection.NoRowsWarning, match=r"1 months have no mission split .*2023-09"):
        pko = pk.load_contributions(start="2023-08", end="2023-10", kind="peacekeeping")
    missions = pk.load_missions()
    kinds = set(missions.set_index("mission").loc[pko["mission"].astype(str).unique(), "kind"])
    assert kinds == {"peacekeeping operation"}
    political = pk.load_contributions(start="2023-08", end="2023-08", kind="political")
    assert {"UNAMA", "UNAMI"} <= set(political["mission"].astype(str))
    august = all_rows[all_rows["date"] == "2023-08-31"]["total"].sum()
    split = pko[pko["date"] == "2023-08-31"]["total"].sum() + political["total"].sum()
    other = all_rows[(all_rows["date"] == "2023-08-31") & (all_rows["mission"] == "UNSOS")]
    assert split + other["total"].sum() == august


@given(
    year=st.integers(1990, 2030),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
)
def test_month_bounds_cover_whole_months(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    lo = selection.month_bound(text, "start", "start")
    hi = selection.month_bound(text, "end", "end")
    assert (lo.year, lo.month, lo.day) == (year, month, 1)
    assert hi.month == month
    assert (hi + pd.Timedelta(days=1)).month != month
    assert selection.month_bound(f"{year:04d}", "end", "end").month == 12


def test_no_warning_when_every_value_has_rows():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pk.load_contributions(start="2024-01", end="2024-03", contributors=["NPL", "Bangladesh"])


def test_cite_gives_versions_dates_and_three_styles():
    import json

    text = pk.cite("contributions", accessed="2026-11-30")
    assert "sources retrieved 2025-09-14 (UN monthly reports); 2017-06-26 (IPI)" in text
    assert "snapshot built 20" in text
    assert text.endswith("Accessed 2026-11-30.")
    bib = pk.cite("fatalities", style="bibtex", accessed=dt.date(2026, 1, 2))
    assert bib.startswith("@misc{pkanalysis_fatalities,")
    assert "urldate = {2026-01-02}" in bib
    assert "year = {2025}" in bib
    csl = json.loads(pk.cite("missions", style="csl-json", accessed="2026-11-30"))
    assert csl[0]["type"] == "dataset"
    assert csl[0]["accessed"] == {"date-parts": [[2026, 11, 30]]}
    assert csl[0]["issued"] == {"date-parts": [[2024]]}
    with pytest.raises(ValueError, match="valid styles: text, bibtex, csl-json"):
        pk.cite("missions", style="apa")


@pytest.mark.parametrize(
    ("loader", "model"),
    [
        (pk.load_contributions, "Contributions"),
        (pk.load_missions, "Mission"),
        (pk.load_pledges, "Pledge"),
        (pk.load_conferences, "Conference"),
    ],
)
def test_the_data_dictionary_lists_the_dtypes_the_loaders_return(loader, model):
    table = loader()
    dictionary = pk.data_dictionary(getattr(pk.schemas, model))
    returned = table.dtypes.astype(str).to_dict()
    assert dictionary["dtype"].to_dict() == {c: returned[c] for c in dictionary.index}


def test_mission_coordinates_fall_where_their_headquarters_are():
    m = pk.load_missions().set_index("mission")
    assert tuple(m.loc["MINUSMA", ["latitude", "longitude"]]) == (12.65, -8.0)  # Bamako
    # Rows that share a headquarters give it the same coordinates.
    located = m.dropna(subset=["location", "latitude"])
    spread = located.groupby("location")[["latitude", "longitude"]].nunique()
    assert (spread <= 1).all().all(), spread[(spread > 1).any(axis=1)]
