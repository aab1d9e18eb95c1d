"""Conference cycles: which conference's cycle a date falls in, and event windows around one.

A cycle runs from the first day of one cycle-opening conference to the day before the next and
is named after the conference that opens it (``"2021 Seoul"``).  Dates before the 2014 summit
fall in ``"pre-2014"``.  The 2016 Paris francophone ministerial does not open a cycle.
"""

from __future__ import annotations

import pandas as pd

PRE = "pre-2014"


def cycle_table(conferences: pd.DataFrame) -> pd.DataFrame:
    """Cycles with their first and last day (the last cycle is open-ended).

    Parameters
    ----------
    conferences : DataFrame
        As returned by :func:`pkanalysis.load_conferences`.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2014 New York", "2015 New York"],
    ...                      "start_date": pd.to_datetime(["2014-09-26", "2015-09-28"]),
    ...                      "opens_cycle": [True, True]})
    >>> cycle_table(conf)
               cycle      start        end
    0       pre-2014        NaT 2014-09-25
    1  2014 New York 2014-09-26 2015-09-27
    2  2015 New York 2015-09-28        NaT
    """
    openers = conferences[conferences["opens_cycle"]].sort_values("start_date")
    starts = list(openers["start_date"])
    names = list(openers["conference_id"])
    ends = [s - pd.Timedelta(days=1) for s in starts[1:]] + [pd.NaT]
    table = pd.DataFrame(
        {
            "cycle": [PRE, *names],
            "start": [pd.NaT, *starts],
            "end": [starts[0] - pd.Timedelta(days=1), *ends],
        }
    )
    table["cycle"] = pd.Categorical(table["cycle"], categories=table["cycle"], ordered=True)
    return table


def assign(dates, conferences: pd.DataFrame) -> pd.Series:
    """The cycle of each date, as an ordered categorical.

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2014 New York", "2015 New York"],
    ...                      "start_date": pd.to_datetime(["2014-09-26", "2015-09-28"]),
    ...                      "opens_cycle": [True, True]})
    >>> assign(["2014-09-25", "2014-09-30", "2020-01-31"], conf).tolist()
    ['pre-2014', '2014 New York', '2015 New York']
    """
    table = cycle_table(conferences)
    dates = pd.to_datetime(pd.Series(dates))
    bins = list(table["start"].iloc[1:])
    codes = pd.Series(
        pd.cut(dates, [pd.Timestamp.min, *bins, pd.Timestamp.max], right=False, labels=False),
        index=dates.index,
    )
    cats = table["cycle"].cat.categories
    return pd.Series(
        pd.Categorical.from_codes(codes.fillna(-1).astype(int), categories=cats, ordered=True),
        index=dates.index,
        name="cycle",
    )


def validate_cycle(name: str, conferences: pd.DataFrame) -> str:
    """Return ``name`` if it is a cycle, else raise listing the valid cycles."""
    valid = list(cycle_table(conferences)["cycle"].astype(str))
    if name not in valid:
        raise ValueError(f"unknown cycle {name!r}; valid cycles: {', '.join(valid)}")
    return name


def window(
    conference: str, conferences: pd.DataFrame, before: int = 12, after: int = 24
) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """Month-end bounds of an event window around a conference.

    Returns the last month-end of the pre-period start, the month-end of the conference month
    (the event), and the month-end ``after`` months later.

    Raises
    ------
    ValueError
        If ``conference`` is unknown (the message lists the valid ones).

    Examples
    --------
    >>> conf = pd.DataFrame({"conference_id": ["2021 Seoul"],
    ...                      "start_date": pd.to_datetime(["2021-12-07"]), "opens_cycle": [True]})
    >>> [d.date().isoformat() for d in window("2021 Seoul", conf, before=6, after=12)]
    ['2021-06-30', '2021-12-31', '2022-12-31']
    """
    row = conferences[conferences["conference_id"] == conference]
    if row.empty:
        valid = ", ".join(conferences["conference_id"])
        raise ValueError(f"unknown conference {conference!r}; valid conferences: {valid}")
    event = row["start_date"].iloc[0] + pd.offsets.MonthEnd(0)
    return (event - pd.offsets.MonthEnd(before), event, event + pd.offsets.MonthEnd(after))
