"""Loader windows and name selection on hand-made frames, and as properties (hypothesis): a
window keeps exactly the months from its first to its last, both ends included, whatever form
the dates are given in."""

from __future__ import annotations

import datetime as dt
import re
import warnings

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pkanalysis import selection

MONTHS = pd.date_range("2000-01-31", "2009-12-31", freq="ME")
TABLE = pd.DataFrame({"date": MONTHS, "n": range(len(MONTHS))})

months = st.sampled_from(list(pd.period_range("2000-01", "2009-12", freq="M")))
years = st.integers(2000, 2009)


def as_text(period: pd.Period, form: str):
    """A month written as users write it, in one of the accepted forms."""
    day = st.integers(1, period.days_in_month)
    return {
        "month": f"{period:%Y-%m}",
        "day": st.builds(lambda d: f"{period:%Y-%m}-{d:02d}", day),
        "date": st.builds(lambda d: dt.date(period.year, period.month, d), day),
        "timestamp": st.builds(lambda d: pd.Timestamp(period.year, period.month, d), day),
        "period": period,
    }[form]


forms = st.sampled_from(["month", "day", "date", "timestamp", "period"])


@st.composite
def month_value(draw):
    period = draw(months)
    value = as_text(period, draw(forms))
    return period, (draw(value) if isinstance(value, st.SearchStrategy) else value)


@given(month_value(), month_value())
def test_a_window_keeps_the_months_from_start_to_end_both_included(first, last):
    (lo, start), (hi, end) = first, last
    assume(lo <= hi)
    kept = selection.between(TABLE, start, end)
    periods = kept["date"].dt.to_period("M")
    assert periods.min() == lo
    assert periods.max() == hi
    assert len(kept) == (hi - lo).n + 1


@given(month_value())
def test_an_open_end_keeps_everything_on_that_side(first):
    lo, start = first
    assert selection.between(TABLE, start, None)["date"].dt.to_period("M").min() == lo
    assert len(selection.between(TABLE, start, None)) == (MONTHS[-1].to_period("M") - lo).n + 1
    assert selection.between(TABLE, None, start)["date"].dt.to_period("M").max() == lo
    assert len(selection.between(TABLE, None, start)) == (lo - MONTHS[0].to_period("M")).n + 1


@given(years, years)
def test_a_year_means_all_of_it(a, b):
    assume(a <= b)
    kept = selection.between(TABLE, str(a), str(b))
    assert kept["date"].min() == pd.Timestamp(f"{a}-01-31")
    assert kept["date"].max() == pd.Timestamp(f"{b}-12-31")
    assert len(kept) == 12 * (b - a + 1)


@given(st.integers(1000, 3000), st.integers(1, 12), st.integers(1, 28))
def test_month_bounds_are_the_first_and_last_instant_of_the_month(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    start = selection.month_bound(text, "start", "start")
    end = selection.month_bound(text, "end", "end")
    assert start == pd.Timestamp(year, month, 1)
    assert end == pd.Period(f"{year:04d}-{month:02d}", "M").end_time
    assert selection.month_bound(f"{year:04d}-{month:02d}", "end", "end") == end
    assert selection.month_bound(pd.Period(text, "D"), "start", "start") == start


@given(month_value(), month_value())
def test_a_start_after_the_end_is_refused(first, last):
    (lo, start), (hi, end) = first, last
    assume(lo > hi)
    with pytest.raises(ValueError, match=r"^start=.* is after end="):
        selection.between(TABLE, start, end)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2010-01", None, "start='2010-01' is after the last month in the data: the table runs "
                          "2000-01 to 2009-12"),
        (None, "1999-12", "end='1999-12' is before the first month in the data: the table runs "
                          "2000-01 to 2009-12"),
        ("2024-02-30", None, None),
        ("2024-00", None, "start='2024-00': month 00 does not exist"),
        ("24-01", None, "start='24-01' is not a date; use"),
        (20240101, None, "start=20240101 is not a date; use"),
    ],
)  # fmt: skip
def test_windows_outside_the_table_or_not_dates_are_refused(start, end, message):
    with pytest.raises(ValueError, match=None if message is None else f"^{re.escape(message)}"):
        selection.between(TABLE, start, end)


def test_a_window_on_the_table_edges_keeps_the_edges():
    assert len(selection.between(TABLE, "2000-01", "2000-01")) == 1
    assert len(selection.between(TABLE, "2009-12", "2009-12")) == 1
    assert len(selection.between(TABLE.iloc[:0], "2030", "2031")) == 0  # nothing to check against


def test_a_yearly_period_means_the_whole_year():
    kept = selection.between(TABLE, pd.Period("2004", "Y"), pd.Period("2004", "Y"))
    assert kept["date"].dt.month.tolist() == list(range(1, 13))


# --- choosing values ---------------------------------------------------------------------------

ROWS = pd.DataFrame(
    {
        "date": pd.to_datetime(["2020-01-31", "2020-01-31", "2020-02-29", "2020-02-29"]),
        "mission": ["UNMISS", "UNIFIL", "UNMISS", None],
        "iso3": ["NPL", "IND", "NPL", "GHA"],
    }
)
LABELS = {"NPL": "Nepal", "IND": "India", "GHA": "Ghana"}


def test_values_are_matched_by_code_or_label_without_regard_to_case_or_spaces():
    got = selection.select(ROWS, "iso3", ["npl", " India "], "contributor", labels=LABELS)
    assert got["iso3"].tolist() == ["NPL", "IND", "NPL"]


def test_a_resolver_is_the_last_resort_and_must_give_a_known_value():
    def resolve(text):
        return {"Federal Democratic Republic of Nepal": "NPL", "Atlantis": "ATL"}.get(text)

    got = selection.select(ROWS, "iso3", ["Federal Democratic Republic of Nepal"], "contributor",
                           resolver=resolve)  # fmt: skip
    assert got["iso3"].tolist() == ["NPL", "NPL"]
    with pytest.raises(ValueError, match="^unknown contributor 'Atlantis'"):
        selection.select(ROWS, "iso3", ["Atlantis"], "contributor", resolver=resolve)


def test_unknown_values_are_all_named_with_suggestions_or_examples():
    message = (
        "unknown contributor 'NPK'; did you mean NPL (Nepal)?; unknown contributor 'ZZZ'; "
        "3 valid contributors, e.g. GHA, IND, NPL"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        selection.select(ROWS, "iso3", ["NPK", "ZZZ"], "contributor", labels=LABELS)


def test_a_known_value_without_rows_in_the_window_warns_where_its_rows_are():
    window = ROWS[ROWS["date"] == "2020-02-29"]
    with pytest.warns(selection.NoRowsWarning) as record:
        got = selection.select(window, "mission", ["UNIFIL"], "mission", known=ROWS,
                               window_text=" between 2020-02 and 2020-02")  # fmt: skip
    assert got.empty
    assert [str(w.message) for w in record] == [
        "mission 'UNIFIL' has no rows between 2020-02 and 2020-02; its rows run 2020-01 to "
        "2020-01; 1 months in the window do not split by mission (2020-02)"
    ]


def test_no_warning_when_every_value_has_rows_and_none_keeps_all():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = selection.select(ROWS, "mission", ["UNMISS"], "mission")
    assert len(got) == 2
    assert selection.select(ROWS, "mission", None, "mission") is ROWS


def test_one_value_becomes_a_list_and_an_empty_list_is_refused():
    assert selection.as_list("NPL", "contributors") == ["NPL"]
    assert selection.as_list(("NPL", "IND"), "contributors") == ["NPL", "IND"]
    assert selection.as_list(None, "contributors") is None
    with pytest.raises(ValueError, match=r"^contributors=\[\] keeps nothing; pass None"):
        selection.as_list([], "contributors")


def test_window_text_and_names_of():
    assert selection.window_text(None, None) == ""
    assert selection.window_text("2020", None) == " between 2020 and the last month"
    assert selection.window_text(None, "2021-03") == " between the first month and 2021-03"
    assert selection.names_of(ROWS.assign(name=ROWS["iso3"].map(LABELS)), "iso3", "name") == LABELS


def test_a_window_of_days_keeps_the_first_and_last_day_of_its_months():
    stamps = ["2020-02-29 23:00", "2020-03-01 00:00", "2020-03-31 23:59", "2020-04-01 00:00"]
    days = pd.DataFrame({"date": pd.to_datetime(stamps)})
    kept = selection.between(days, "2020-03", "2020-03")
    assert kept["date"].dt.day.tolist() == [1, 31]


def test_plurals_of_the_nouns_in_messages():
    assert [selection._plural(w) for w in ("capability", "mission", "day", "country", "key")] == [
        "capabilities",
        "missions",
        "days",
        "countries",
        "keys",
    ]


def test_suggestions_reach_halfway_similar_values_and_labels_of_valid_values_only():
    rows = pd.DataFrame({"date": pd.to_datetime(["2020-01-31"] * 2), "code": ["ABXY", "QQQQ"]})
    with pytest.raises(ValueError, match=r"^unknown code 'ABCD'; did you mean ABXY\?$"):
        selection.select(rows, "code", ["ABCD"], "code")
    labels = {"QQQQ": "Quartz", "ZZZZ": "Quarts"}  # ZZZZ is not a value of the table
    with pytest.raises(ValueError, match=r"^unknown code 'Quarz'; did you mean QQQQ \(Quartz\)\?$"):
        selection.select(rows, "code", ["Quarz"], "code", labels=labels)


def _no_rows_warning(window: pd.DataFrame) -> str:
    with pytest.warns(selection.NoRowsWarning) as record:
        selection.select(window, "mission", ["UNIFIL"], "mission", known=ROWS)
    return str(record[0].message)


def test_a_no_rows_warning_lists_at_most_six_unsplit_months():
    months = pd.date_range("2021-01-31", periods=7, freq="ME")
    unsplit = pd.DataFrame({"date": months, "mission": [None] * 7, "iso3": ["NPL"] * 7})
    seven = _no_rows_warning(unsplit)
    assert seven.endswith("7 months in the window do not split by mission (2021-01, 2021-02, "
                          "2021-03, 2021-04, 2021-05, 2021-06, ...)")  # fmt: skip
    six = _no_rows_warning(unsplit.iloc[:6])
    assert six.endswith("(2021-01, 2021-02, 2021-03, 2021-04, 2021-05, 2021-06)")
    # every month split: nothing said about unsplit months
    split = _no_rows_warning(ROWS[ROWS["mission"] == "UNMISS"])
    assert split == "mission 'UNIFIL' has no rows; its rows run 2020-01 to 2020-01"
