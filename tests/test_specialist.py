"""Hand-computed cases for the parity, trend, burden, drawdown, fatality and export measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis import burden, drawdown, export, parity, trends
from pkanalysis import fatalities as fat


def _rows(date, ptype, female, total, iso3="A", mission="M"):
    return {
        "date": pd.Timestamp(date),
        "personnel_type": ptype,
        "female": female,
        "total": total,
        "contributor_iso3": iso3,
        "mission": mission,
    }


@pytest.fixture
def sex_split():
    rows = [
        # staff officers 30 of 100 women, experts 5 of 50: pooled 35/150, not (0.3 + 0.1) / 2
        _rows("2024-06-30", "Staff Officers", 30, 100),
        _rows("2024-06-30", "Experts on Mission", 5, 50),
        _rows("2024-06-30", "Troops", 10, 200),
        # December: troops 30 of 200 women
        _rows("2024-12-31", "Troops", 30, 200),
        _rows("2024-12-31", "Troops", 0, 100, iso3="B"),
        _rows("2024-12-31", "Troops", None, 50, iso3="C"),  # no split: left out
    ]
    df = pd.DataFrame(rows)
    df["female"] = df["female"].astype("Int64")
    return df


def test_staff_officers_and_observers_are_pooled(sex_split):
    share = parity.category_share(sex_split).set_index("category")
    assert share.loc["staff officers and military observers", "share"] == round(35 / 150, 4)
    assert share.loc["staff officers and military observers", "total"] == 150


def test_annual_and_december_measures_differ_as_computed_by_hand(sex_split):
    annual = parity.category_share(sex_split).set_index("category")
    december = parity.category_share(sex_split, measure="december").set_index("category")
    # annual troops: (10 + 30 + 0) / (200 + 200 + 100); December: (30 + 0) / 300
    assert annual.loc["troops", "share"] == 0.08
    assert december.loc["troops", "share"] == 0.1
    assert "staff officers and military observers" not in december.index


def test_target_of_a_year_applies_only_to_that_year(sex_split):
    targets = pd.DataFrame(
        {
            "personnel_type": ["Troops", "Staff Officers", "Experts on Mission", "Troops"],
            "year": [2024, 2024, 2024, 2028],
            "target_female_share": [0.09, 0.2, 0.2, 0.15],
            "source": ["s"] * 4,
        }
    )
    gap = parity.parity_by_category(sex_split, targets, 2024).set_index("category")
    assert gap.loc["troops", "target"] == 0.09
    assert not gap.loc["troops", "met"]
    assert gap.loc["troops", "gap"] == round(0.09 - 0.08, 4)
    assert gap.loc["staff officers and military observers", "met"]
    assert gap.loc["troops", "end_target"] == 0.15
    no_target = parity.parity_by_category(sex_split, targets[targets["year"] == 2028], 2024)
    assert no_target["target"].isna().all()
    assert no_target["met"].isna().all()
    meeting = parity.meeting_targets(sex_split, targets, 2024, measure="december")
    assert meeting.set_index("contributor_iso3")["met"].to_dict() == {"A": True, "B": False}


def test_conflicting_pooled_targets_are_refused():
    targets = pd.DataFrame(
        {
            "personnel_type": ["Staff Officers", "Experts on Mission"],
            "year": [2024, 2024],
            "target_female_share": [0.2, 0.25],
            "source": ["s", "s"],
        }
    )
    with pytest.raises(ValueError, match="conflicting targets"):
        parity.category_targets(targets)


def test_top_contributors_of_women_by_number_and_share(sex_split):
    by_number = parity.top_women(sex_split, 2024, "number", measure="december")
    assert by_number["contributor_iso3"].tolist() == ["A", "B"]
    by_share = parity.top_women(sex_split, 2024, "share", min_personnel=150, measure="december")
    assert by_share[["contributor_iso3", "share"]].values.tolist() == [["A", 0.15]]
    with pytest.raises(ValueError, match="valid: number, share"):
        parity.top_women(sex_split, 2024, "size")


def test_gini_of_a_known_vector():
    # sum over pairs |xi - xj| = 20; 20 / (2 * 4**2 * 2.5) = 0.25
    assert trends.gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert trends.gini([5, 5]) == 0.0


def test_change_per_year_annualises_the_cycle():
    conf = pd.DataFrame(
        {
            "conference_id": ["C1"],
            "opens_cycle": [True],
            "start_date": pd.to_datetime(["2020-01-01"]),
        }
    )
    dates = pd.date_range("2020-01-31", periods=7, freq="ME")  # 6 months apart
    df = pd.DataFrame({"date": dates, "total": [100, 110, 120, 130, 140, 150, 160]})
    row = trends.by_cycle(df, conf).set_index("cycle").loc["C1"]
    assert row["change"] == 60
    assert row["change_per_year"] == 120.0


def test_entries_and_exits_per_year():
    conf = pd.DataFrame(
        {
            "conference_id": ["C1"],
            "opens_cycle": [True],
            "start_date": pd.to_datetime(["2020-01-01"]),
        }
    )
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-12-31", "2019-12-31", "2020-01-31", "2020-06-30"]),
            "contributor_iso3": ["A", "B", "A", "C"],
            "total": [1, 1, 1, 1],
        }
    )
    row = trends.entries_exits(df, conf).set_index("cycle").loc["C1"]
    # one entry (C), one exit (B) over 2 months with data: 6 a year each
    assert (row["entries"], row["exits"], row["months"]) == (1, 1, 2)
    assert row["entries_per_year"] == 6.0
    assert row["exits_per_year"] == 6.0


def test_windows_are_equal_and_marked_incomplete_at_the_edges():
    conf = pd.DataFrame(
        {
            "conference_id": ["C"],
            "opens_cycle": [True],
            "start_date": pd.to_datetime(["2020-03-10"]),
        }
    )
    dates = pd.date_range("2019-01-31", periods=30, freq="ME")
    df = pd.DataFrame(
        {"date": dates, "total": np.arange(30) * 10, "mission": "A", "source": "un/x.pdf"}
    )
    w = trends.windows(df, conf, months=12).iloc[0]
    # before: 2019-03..2020-02 (values 20..130), after: 2020-03..2021-02 (140..250)
    assert (w["before"], w["after"], w["change"]) == (75.0, 195.0, 120.0)
    assert w["complete"]
    late = trends.windows(df, conf.assign(start_date=pd.to_datetime(["2020-09-10"])), 12)
    assert not late["complete"].iloc[0]


def test_peacekeeping_only_drops_special_political_missions_and_breaks_are_listed():
    missions = pk.load_missions()
    c = pk.load_contributions(start="2023-08", end="2023-10")
    pko = trends.peacekeeping_only(c, missions)
    assert "UNAMA" not in set(pko["mission"].dropna().astype(str))
    assert len(pko) < len(c)
    b = trends.breaks(c)
    assert b["date"].tolist() == [pd.Timestamp("2023-09-30")]


def test_poisson_interval_matches_the_exact_table():
    # Garwood interval for 3 events: 0.6187 .. 8.7673 (any exact Poisson table)
    low, high = fat.poisson_interval(3)
    assert float(low) == pytest.approx(0.6187, abs=1e-4)
    assert float(high) == pytest.approx(8.7673, abs=1e-4)
    low, high = fat.poisson_interval(3, exposure=2)
    assert float(high) == pytest.approx(8.7673 / 2, abs=1e-4)


def test_fatality_rates_by_cause_count_uniformed_deaths_only():
    c = pd.DataFrame(
        {
            "date": pd.date_range("2020-01-31", periods=12, freq="ME"),
            "mission": "X",
            "contributor_iso3": "A",
            "total": 500,
        }
    )
    f = pd.DataFrame(
        {
            "incident_date": pd.to_datetime(["2020-02-01", "2020-03-01", "2020-04-01"]),
            "mission": ["X"] * 3,
            "nationality_iso3": ["A"] * 3,
            "personnel_type": ["Military", "Police", "Local"],
            "incident_type": ["Illness", "To Be Determined", "Illness"],
        }
    )
    r = fat.rates(f, c, by="mission", start="2020-01", end="2020-12").set_index("cause")
    assert r.loc["illness", "fatalities"] == 1
    assert r.loc["other", "fatalities"] == 1
    assert r.loc["all causes", "fatalities"] == 2
    assert r.loc["all causes", "personnel_years"] == 500.0
    assert r.loc["all causes", "rate"] == 4.0  # 2 deaths / 0.5 thousand personnel-years
    with pytest.raises(ValueError, match="valid by: None, mission, contributor_iso3"):
        fat.rates(f, c, by="region")


def test_drawdown_components_sum_to_the_total_change():
    c = pk.load_contributions(start="2015-01")
    d = drawdown.decompose(c, "2015-01", "2025-07")
    totals = c.groupby("date")["total"].sum()
    change = int(totals[pd.Timestamp("2025-07-31")] - totals[pd.Timestamp("2015-01-31")])
    assert int(d["change"].sum()) == change == 61127 - 104496
    s = drawdown.summary(d).set_index("component")
    assert s.loc["total", "change"] == change
    assert s.drop(index="total")["change"].sum() == change
    # The five closed missions of the issue: -45,866 together
    assert set(drawdown.closed_missions(d)) == {"UNAMID", "MINUSMA", "UNOCI", "MINUSTAH", "UNMIL"}
    assert s.loc["closed", "change"] == -45866
    m = drawdown.monthly(c, "2015-01", "2025-07")
    assert m["change"].sum() == change
    assert (m[["opened", "grew", "shrank", "closed"]].sum(axis=1) == m["change"]).all()
    assert m["gap_months"].max() == 18  # 2018-03..2019-08 have no mission split
    with pytest.raises(ValueError, match="2018-06 has no mission split"):
        drawdown.decompose(c, "2018-06", "2025-07")


def test_destinations_of_a_closed_missions_contingents():
    c = pk.load_contributions(start="2015-01")
    d = drawdown.destinations(c, "UNOCI", top=3)
    assert d["closed_mission"].eq("UNOCI").all()
    assert d["contributor_iso3"].nunique() == 3
    s = drawdown.destination_summary(d)
    later = d.groupby("contributor_iso3", sort=False)["personnel"].sum()
    assert s.set_index("contributor_iso3")["total_later"].equals(later)
    with pytest.raises(ValueError, match="still has personnel"):
        drawdown.destinations(c, "UNMISS")


def test_bloc_membership_changes_over_time():
    countries, changes = pk.load_countries(), pk.load_bloc_membership()
    m = burden.membership(countries, changes, ["2019-12-31", "2020-02-29"], ["eu"])
    uk = m[m["iso3"] == "GBR"].set_index("date")["member"]
    assert uk.tolist() == [True, False]
    hr = burden.membership(countries, changes, ["2013-06-30", "2013-07-31"], ["eu"])
    assert hr[hr["iso3"] == "HRV"]["member"].tolist() == [False, True]
    au = burden.membership(countries, changes, ["2016-12-31", "2017-02-28"], ["au"])
    assert au[au["iso3"] == "MAR"]["member"].tolist() == [False, True]


def test_shares_add_up_for_groupings_that_partition():
    c = pk.load_contributions(start="2024-01", end="2024-12")
    s = burden.shares(c, pk.load_countries(), "un_regional_group")
    assert s.groupby("date")["share"].sum().round(3).eq(1.0).all()
    with pytest.raises(ValueError, match="valid groupings: region, un_regional_group, bloc"):
        burden.shares(c, pk.load_countries(), "continent")


def test_country_table_has_cow_and_gleditsch_ward_codes():
    c = pk.load_countries().set_index("iso3")
    assert (c.loc["USA", "cow_code"], c.loc["USA", "gw_code"]) == (2, 2)
    # Germany: COW 255, G-W 260 (the crosswalk keeps both systems' own numbers)
    assert (c.loc["DEU", "cow_code"], c.loc["DEU", "gw_code"]) == (255, 260)
    assert pd.isna(c.loc["XKX", "cow_code"])


def test_stata_export_opens_with_pyreadstat_with_the_same_rows_and_labels(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    written = export.export("contributions", "dta", panel="year", out=tmp_path / "p.dta")
    assert [p.name for p in written] == ["p.dta", "p.codebook.csv"]
    frame = export.table("contributions", panel="year")
    df, meta = pyreadstat.read_dta(str(tmp_path / "p.dta"))
    assert len(df) == len(frame)
    labels = meta.variable_value_labels["contributor_iso3"]
    assert [labels[v] for v in df["contributor_iso3"]] == frame["contributor_iso3"].astype(
        str
    ).tolist()
    assert df["total"].sum() == pytest.approx(frame["total"].astype(float).sum())
    assert df["cow_code"].notna().sum() > 100
    book = pd.read_csv(tmp_path / "p.codebook.csv")
    assert {"column", "unit", "meaning", "value_labels", "source", "vintage"} <= set(book.columns)
    assert set(book["column"]) == set(frame.columns)


def test_raw_table_export_keeps_categories_as_labels(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    export.export("fatalities", "dta", out=tmp_path / "f.dta")
    f = pk.load_fatalities()
    df, meta = pyreadstat.read_dta(str(tmp_path / "f.dta"))
    assert len(df) == len(f)
    assert df["casualty_id"].tolist() == f["casualty_id"].tolist()
    codes = meta.variable_value_labels["source"]
    assert set(codes.values()) == set(f["source"].astype(str))


def test_export_cli_writes_csv_and_names_bad_values(tmp_path, capsys):
    from pkanalysis.cli import main

    assert main(["export", "--table", "countries", "--out", str(tmp_path / "c.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "c.csv")) == len(pk.load_countries())
    assert (tmp_path / "c.codebook.csv").exists()
    assert main(["export", "--table", "countries", "--format", "xlsx"]) == 2
    assert "valid formats: csv, parquet, dta" in capsys.readouterr().err
    assert main(["export", "--table", "pledges", "--panel", "year"]) == 2
    assert "a panel is built from the contributions" in capsys.readouterr().err
    assert main(["export", "--table", "contributions", "--panel", "week"]) == 2
    assert "valid panels: month, year" in capsys.readouterr().err
