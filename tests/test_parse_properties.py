"""Property-based tests of the parsers' number and row readers (hypothesis).

The readers meet tens of thousands of printed cells; these tests let hypothesis write the cells
instead: every count a report can print must read back as the number printed, and everything
else must be refused with the file, page (or line) and value named.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pkanalysis.parse import ipi
from pkanalysis.parse.dpo_reports import layouts_2019_2025 as late
from pkanalysis.parse.dpo_reports import text as text_helpers
from pkanalysis.parse.dpo_reports.model import ReportError, ReportText, month_end
from pkanalysis.parse.dpo_reports.text import parse_count

REPORT = ReportText(Path("UN_country_contributions_2019_01.pdf"), pages=[])
counts = st.integers(min_value=0, max_value=10**7)


def grouped(n: int) -> str:
    return f"{n:,}"


@given(counts, st.booleans())
def test_a_printed_count_reads_back_as_the_number_printed(n, with_commas):
    token = grouped(n) if with_commas else str(n)
    assert parse_count(token, REPORT, 3, f"Nepal {token}") == n
    assert parse_count(f" {token} ", REPORT, 3, "x") == n  # cells keep stray spaces


@given(
    st.one_of(
        st.integers(min_value=1, max_value=10**6).map(lambda n: f"-{n}"),  # negative
        st.integers(min_value=1000, max_value=10**6).map(lambda n: f"{n:,}0"),  # 2,8090
        st.integers(min_value=10, max_value=999).map(lambda n: f"{n // 10},{n % 10}"),  # 1,5
        st.text(alphabet="abcxyz.-/ ", min_size=1).filter(lambda s: s.strip()),
        st.floats(min_value=0.01, max_value=1e5).map(lambda x: f"{x:.2f}"),
    )
)
def test_anything_else_is_refused_naming_the_file_page_line_and_token(token):
    with pytest.raises(ReportError) as err:
        parse_count(token, REPORT, 4, "Fiji line")
    assert str(err.value) == (
        f"UN_country_contributions_2019_01.pdf, page 4, line 'Fiji line': count "
        f"{token.strip()!r} is not a non-negative whole number"
    )


words = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()'-", min_size=1)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)


@given(names, st.lists(counts.map(grouped), max_size=4))
def test_a_line_splits_into_its_label_and_its_trailing_numbers(label, numbers):
    text = " ".join([label, *numbers])
    assert text_helpers.split_numbers(text) == (label, numbers)


@given(names, st.sampled_from(late._C_TYPES), counts, counts)
def test_a_layout_c_detail_line_gives_country_type_and_three_counts(country, kind, male, female):
    line = f"{country} {kind} {grouped(male)} {grouped(female)} {grouped(male + female)}"
    match = late._C_DETAIL.match(line)
    assert match is not None
    assert match["country"] == country
    assert match["type"] == kind
    numbers = [parse_count(t, REPORT, 1, line) for t in match["n"].split(" ")]
    assert numbers == [male, female, male + female]


@given(st.sampled_from(late._C_TYPES), counts)
def test_a_continuation_line_has_no_country(kind, n):
    # The country sits on the line before; the type starts the line.
    match = late._C_DETAIL.match(f"{kind} {n} 0 {n}")
    assert match is not None
    assert match["country"] == ""
    assert match["type"] == kind


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2030))
def test_a_printed_day_month_year_gives_the_month_end(day, month, year):
    got = late._date_from(late._DATE.search(f"As of {day}/{month}/{year}"))
    assert got == month_end(year, month)
    assert (got + dt.timedelta(days=1)).day == 1  # a month end


@given(st.integers(13, 99), st.integers(1990, 2030))
def test_a_month_that_does_not_exist_gives_no_date(month, year):
    assert late._date_from(late._DATE.search(f"As of 1/{month}/{year}")) is None


# --- IPI's CSV readers -------------------------------------------------------------------------


@given(st.lists(st.one_of(st.none(), counts), min_size=1, max_size=20))
def test_ipi_counts_read_whole_numbers_and_keep_blanks_missing(values):
    df = pd.DataFrame({"Troops": [None if v is None else str(v) for v in values]})
    out = ipi.counts(df, ["Troops"], Path("Nepal.csv"))
    assert str(out["Troops"].dtype) == "Int64"
    assert [None if pd.isna(v) else int(v) for v in out["Troops"]] == values


@given(
    st.lists(counts.map(str), max_size=5),
    st.one_of(
        st.integers(1, 10**5).map(lambda n: f"-{n}"),
        st.sampled_from(["two", "1.5", "x1", "3e", "--"]),
    ),
    st.lists(counts.map(str), max_size=5),
)
def test_ipi_counts_name_the_line_and_column_of_the_first_bad_value(before, bad, after):
    df = pd.DataFrame({"Police": [*before, bad, *after]})
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.counts(df, ["Police"], Path("Fiji.csv"))
    assert str(err.value) == (
        f"Fiji.csv, line {len(before) + 2}, column 'Police': count {bad!r} is not a "
        "non-negative whole number (1 such value(s) in the column)"
    )


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_ipi_dates_become_the_month_end_of_their_month(day):
    out = ipi.month_ends(pd.DataFrame({"Date": [day.isoformat()]}), "Date", Path("x.csv"))
    assert out.iloc[0] == pd.Timestamp(month_end(day.year, day.month))


@pytest.mark.parametrize("text", ["2010-13-01", "2010-02-30", "31/01/2010", "2010/01/31", ""])
def test_ipi_dates_not_written_yyyy_mm_dd_are_refused_with_their_line(text):
    df = pd.DataFrame({"Date": ["2010-01-31", text]})
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.month_ends(df, "Date", Path("data_mission.csv"))
    assert str(err.value).startswith(f"data_mission.csv, line 3, column 'Date': {text!r} is not")
