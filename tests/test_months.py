"""pk.coverage(): every month's grain, source and flags, checked on the months named in the
sources' documentation."""

from __future__ import annotations

import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis import months


@pytest.fixture(scope="module")
def cov() -> pd.DataFrame:
    return pk.coverage().set_index("date")


def month(cov, text):
    return cov.loc[pd.Period(text, "M").end_time.normalize()]


def test_every_month_from_the_first_to_the_last_is_listed(cov):
    assert cov.index[0] == pd.Timestamp("1990-11-30")
    assert cov.index[-1] == pd.Timestamp("2025-07-31")
    assert len(cov) == (2025 - 1990) * 12 + 7 - 10
    assert set(cov["grain"]) <= set(months.GRAINS)


@pytest.mark.parametrize(
    ("text", "grain", "source"),
    [
        ("1995-06", "contributor x type", "IPI per-country files"),
        ("2010-06", "contributor x mission x type", "IPI gender data"),
        ("2014-10", "mission totals only", "IPI mission totals"),
        ("2016-03", "mission totals only", "IPI mission totals"),
        ("2018-06", "contributor x type", "UN DPO monthly report"),
        ("2021-06", "contributor x mission x type", "UN DPO monthly report"),
        ("2022-07", "none", ""),
        ("2020-06", "none", ""),
        ("2023-09", "contributor x type", "UN DPO monthly report"),
    ],
)
def test_grain_and_source(cov, text, grain, source):
    row = month(cov, text)
    assert (row["grain"], row["source"]) == (grain, source)
    assert row["observed"] == (grain not in ("none", "mission totals only"))


def test_months_without_a_sex_split(cov):
    assert not month(cov, "2020-08")["sex_split"]
    assert not month(cov, "2023-09")["sex_split"]
    assert month(cov, "2020-09")["sex_split"]
    assert month(cov, "2010-01")["sex_split"]
    assert not month(cov, "2005-01")["sex_split"]


def test_carried_forward_months_are_the_repeated_reports(cov):
    repeated = cov.index[cov["carried_forward"]].strftime("%Y-%m").tolist()
    assert repeated == [
        "1990-12", "1991-01", "1991-02", "1992-05", "1992-06", "1992-07", "1998-12", "2001-02"
    ]  # fmt: skip


def test_breaks_in_source_and_definitions(cov):
    breaks = cov.loc[cov["break"] != "", "break"]
    assert breaks.index.strftime("%Y-%m").tolist() == ["2009-11", "2015-01", "2017-05"]
    assert "police split into formed police units" in breaks.iloc[0]
    assert "source changes from IPI gender data to UN DPO monthly report" == breaks.iloc[1]
    assert breaks.iloc[2] == "staff officers reported apart from troops"
    assert month(cov, "2017-04")["staff_officers_in_troops"]
    assert not month(cov, "2017-05")["staff_officers_in_troops"]
    assert not month(cov, "2009-10")["police_split"]
    assert month(cov, "2009-11")["police_split"]


def test_notes_name_their_source(cov):
    assert "byte-identical to the April 2015 report" in month(cov, "2015-03")["notes"]
    assert "[source: un_dpo_contributions_monthly_pdfs/" in month(cov, "2015-03")["notes"]
    assert "United States" in month(cov, "2011-06")["notes"]
    china = month(cov, "1992-08")["notes"]
    assert "China" in china
    assert "police column" in china
    assert "Moldova" in month(cov, "2014-01")["notes"]
    assert month(cov, "2024-06")["notes"] == ""


def test_loader_flags_match_the_coverage_table(cov):
    rows = pk.load_contributions(start="2020-07", end="2020-09", flags=True)
    for column in months.FLAG_COLUMNS:
        per_month = rows.groupby("date")[column].agg(["min", "max"])
        assert (per_month["min"] == per_month["max"]).all(), column  # one value per month
        assert per_month["min"].to_dict() == cov.loc[per_month.index, column].to_dict(), column
    by_month = rows.groupby("date")["sex_split"].agg(["min", "max"])
    assert by_month.loc["2020-08-31"].tolist() == [False, False]
    assert by_month.loc["2020-09-30"].tolist() == [True, True]
    assert set(months.FLAG_COLUMNS) <= set(rows.columns)


def test_a_bad_notes_file_names_the_line(tmp_path):
    (tmp_path / "coverage_notes.csv").write_text(
        "first_month,last_month,note,source,source_date\n2015-03,2015/04,x,y,2015-04-30\n"
    )
    with pytest.raises(ValueError, match=r"line 2, column last_month: '2015/04' is not YYYY-MM"):
        months.notes_table(tmp_path)


def test_coverage_chart_draws_a_lane_per_flag_and_a_line_per_break(cov):
    from matplotlib.collections import PolyCollection

    from pkanalysis import figures

    table = cov.reset_index()
    fig, ax = figures.coverage_chart(table, title="t", source="s")
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert lanes == ["grain", "source", "sex split", "repeated month"]
    bars = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bars) >= len(months.spans(table, ("grain",)))
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == int((table["break"] != "").sum()) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "UN DPO monthly report" in legend
    assert "none" not in legend


def test_rows_whose_men_and_women_do_not_add_up_are_marked():
    rows = pk.load_contributions(flags=True)
    marked = rows[rows["sex_sum_differs"]]
    assert len(marked) == 17
    egypt = marked[(marked["contributor_iso3"] == "EGY") & (marked["mission"] == "UNMISS")]
    assert egypt.set_index("date").loc["2011-08-31", ["male", "female", "total"]].tolist() == [
        9, 0, 1506
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["2015-04", "2016-04", "2017-04", "2022-06"])
def test_rows_cite_the_copy_named_for_the_month_it_prints(text):
    rows = pk.load_contributions(start=text, end=text)
    year, mon = text.split("-")
    assert set(rows["source"].astype(str)) == {
        f"un_dpo_contributions_monthly_pdfs/UN_country_contributions_{year}_{mon}.pdf"
    }
