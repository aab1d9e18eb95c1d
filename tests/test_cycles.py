"""Conference cycles: the table of cycles, which cycle a date falls in, and event windows."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pkanalysis as pk
from pkanalysis import cycles

CONF = pd.DataFrame(
    {
        # out of date order on purpose, with one conference that opens no cycle
        "conference_id": ["2019 New York", "2014 New York", "2016 Paris", "2016 London"],
        "start_date": pd.to_datetime(["2019-03-29", "2014-09-26", "2016-10-27", "2016-09-08"]),
        "opens_cycle": [True, True, False, True],
    }
)


def test_cycles_run_from_one_opening_conference_to_the_day_before_the_next():
    table = cycles.cycle_table(CONF)
    assert table["cycle"].astype(str).tolist() == [
        "pre-2014",
        "2014 New York",
        "2016 London",
        "2019 New York",
    ]
    assert table["start"].tolist()[1:] == list(pd.to_datetime(["2014-09-26", "2016-09-08",
                                                                "2019-03-29"]))  # fmt: skip
    assert pd.isna(table["start"].iloc[0])
    assert table["end"].tolist()[:3] == list(pd.to_datetime(["2014-09-25", "2016-09-07",
                                                              "2019-03-28"]))  # fmt: skip
    assert pd.isna(table["end"].iloc[3])
    assert table["cycle"].cat.ordered
    assert table["cycle"].cat.categories.tolist() == table["cycle"].astype(str).tolist()


def test_a_conference_day_belongs_to_the_cycle_it_opens_and_the_day_before_to_the_last():
    got = cycles.assign(
        ["2000-01-31", "2014-09-25", "2014-09-26", "2016-09-07", "2016-09-08", "2016-10-27",
         "2019-03-29", "2040-12-31"],
        CONF,
    )  # fmt: skip
    assert got.astype(str).tolist() == [
        "pre-2014",
        "pre-2014",
        "2014 New York",
        "2014 New York",
        "2016 London",
        "2016 London",  # Paris opens no cycle
        "2019 New York",
        "2019 New York",  # the last cycle is open-ended
    ]
    assert got.name == "cycle"
    assert got.cat.ordered


def test_assign_keeps_the_index_of_a_series_and_leaves_missing_dates_missing():
    dates = pd.Series(pd.to_datetime(["2015-01-31", None]), index=[10, 20])
    got = cycles.assign(dates, CONF)
    assert got.index.tolist() == [10, 20]
    assert got[10] == "2014 New York"
    assert pd.isna(got[20])


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))


@given(st.lists(days, min_size=1, max_size=30))
def test_every_date_falls_in_the_one_cycle_whose_days_hold_it(dates):
    conferences = pk.load_conferences()
    table = cycles.cycle_table(conferences)
    got = cycles.assign(dates, conferences).astype(str).tolist()
    for day, cycle in zip(dates, got, strict=True):
        ts = pd.Timestamp(day)
        holding = [
            str(row.cycle)
            for row in table.itertuples()
            if (pd.isna(row.start) or row.start <= ts) and (pd.isna(row.end) or ts <= row.end)
        ]
        assert holding == [cycle]


@given(st.lists(days, min_size=2, max_size=30))
def test_later_dates_never_fall_in_earlier_cycles(dates):
    got = cycles.assign(sorted(dates), CONF)
    codes = got.cat.codes.tolist()
    assert codes == sorted(codes)


def test_an_unknown_cycle_lists_the_valid_ones():
    assert cycles.validate_cycle("2016 London", CONF) == "2016 London"
    message = (
        "unknown cycle '2016 Paris'; valid cycles: pre-2014, 2014 New York, 2016 London, "
        "2019 New York"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        cycles.validate_cycle("2016 Paris", CONF)


def test_event_windows_are_month_ends_around_the_conference_month():
    lo, event, hi = cycles.window("2016 Paris", CONF, before=3, after=2)
    assert (lo, event, hi) == tuple(pd.to_datetime(["2016-07-31", "2016-10-31", "2016-12-31"]))
    on_month_end = CONF.assign(start_date=pd.to_datetime(["2019-03-31", "2014-09-30",
                                                          "2016-10-31", "2016-09-30"]))  # fmt: skip
    assert cycles.window("2019 New York", on_month_end, before=1, after=1) == tuple(
        pd.to_datetime(["2019-02-28", "2019-03-31", "2019-04-30"])
    )
    assert cycles.window("2019 New York", CONF) == tuple(
        pd.to_datetime(["2018-03-31", "2019-03-31", "2021-03-31"])
    )
    message = (
        "unknown conference '2020 Nowhere'; valid conferences: 2019 New York, 2014 New York, "
        "2016 Paris, 2016 London"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        cycles.window("2020 Nowhere", CONF)
