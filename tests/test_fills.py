"""Contributor-months taken from IPI's per-country files where its finer file is blank."""

from __future__ import annotations

import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis import quality
from pkanalysis.build import harmonise
from pkanalysis.build.common import IPI_GENDER, BuildError

USA_FILE = "ipi_providing_for_peacekeeping/countries/United States of America.csv"


def ipi(*rows):
    df = pd.DataFrame(rows, columns=["date", "contributor_iso3", "mission", "total", "source"])
    df["date"] = pd.to_datetime(df["date"])
    return df


FILLS = pd.DataFrame(
    {
        "contributor_iso3": ["USA"],
        "first_month": ["2010-01"],
        "last_month": ["2010-02"],
        "file": [USA_FILE],
        "reason": ["blank"],
        "source": ["https://github.com/IPIDataLab/PPP_Loader"],
        "source_date": ["2017-06-26"],
    }
)
ROWS = ipi(
    ("2010-01-31", "NPL", "UNMIL", 100, IPI_GENDER),
    ("2010-02-28", "NPL", "UNMIL", 100, IPI_GENDER),
    ("2010-01-31", "USA", None, 80, USA_FILE),
    ("2010-02-28", "USA", None, 90, USA_FILE),
    ("2010-01-31", "NPL", None, 100, "ipi_providing_for_peacekeeping/countries/Nepal.csv"),
    ("2009-12-31", "USA", None, 70, USA_FILE),
)
NO_PDF = pd.DataFrame({"date": pd.to_datetime([])})


def test_listed_fills_keep_the_per_country_rows_of_blank_months_only():
    kept, from_gender, from_countries = harmonise.one_grain_per_month(NO_PDF, ROWS, FILLS)
    assert from_gender == 2
    assert from_countries == 3
    usa = kept[kept["contributor_iso3"] == "USA"].set_index("date")["total"]
    assert usa.to_dict() == {
        pd.Timestamp("2009-12-31"): 70,  # no finer file that month: per-country as always
        pd.Timestamp("2010-01-31"): 80,
        pd.Timestamp("2010-02-28"): 90,
    }
    # Nepal's per-country row for a month its finer rows cover is still set aside.
    assert len(kept[kept["contributor_iso3"] == "NPL"]) == 2
    unlisted, _, countries = harmonise.one_grain_per_month(NO_PDF, ROWS)
    assert countries == 1
    assert set(unlisted["date"][unlisted["contributor_iso3"] == "USA"]) == {
        pd.Timestamp("2009-12-31")
    }


def test_a_fill_where_the_finer_file_has_counts_is_refused():
    counted = pd.concat([ROWS, ipi(("2010-02-28", "USA", "UNMIL", 5, IPI_GENDER))])
    with pytest.raises(BuildError, match=r"line 2: .* has counts for USA in 2010-02; filling"):
        harmonise.one_grain_per_month(NO_PDF, counted.reset_index(drop=True), FILLS)
    elsewhere = FILLS.assign(file="ipi_providing_for_peacekeeping/countries/Canada.csv")
    with pytest.raises(BuildError, match="Canada.csv has no USA rows in 2010-01..2010-02"):
        harmonise.one_grain_per_month(NO_PDF, ROWS, elsewhere)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("USA,2010/01,2010-02,f,r,s,2017-06-26", r"line 2, column 'first_month': '2010/01'"),
        ("USA,2010-01,2010-02,f,r, ,2017-06-26", r"line 2, column 'source': a fill needs"),
    ],
)
def test_a_bad_fills_table_names_line_and_column(tmp_path, row, message):
    (tmp_path / "contributor_fills.csv").write_text(",".join(harmonise.FILL_COLUMNS) + f"\n{row}\n")
    with pytest.raises(BuildError, match=message):
        harmonise.read_fills(tmp_path)


def test_the_united_states_is_in_every_month_its_sources_have_it():
    usa = pk.load_contributions(start="2009-11", end="2012-12", contributors="USA")
    monthly = usa.groupby("date")["total"].sum()
    assert len(monthly) == 38
    assert monthly.between(75, 150).all()
    assert int(monthly.sum()) == 4171
    assert usa["mission"].isna().all()
    assert usa["female"].isna().all()
    assert set(usa["source"].astype(str)) == {USA_FILE}


def test_december_totals_2009_2012_equal_the_printed_totals_and_say_why_they_needed_a_fill():
    rec = quality.reconciliation()
    grand = rec[(rec["level"] == "grand") & (rec["source"] == IPI_GENDER)].copy()
    grand["date"] = pd.to_datetime(grand["date"])
    table = pk.load_contributions(start="2009", end="2012").groupby("date")["total"].sum()
    for year in (2009, 2010, 2011, 2012):
        december = grand[grand["date"] == pd.Timestamp(f"{year}-12-31")].iloc[0]
        assert table[december["date"]] == december["total"]
        assert december["status"] == "explained"
        assert december["reason"].startswith("printed total counts contributors whose rows here")
        assert "USA: " in december["reason"]
    assert not grand["reason"].fillna("").str.contains("printed line inconsistent").any()
