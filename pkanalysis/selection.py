"""How loaders read their keywords: month windows and names as users type them.

Dates
    ``start`` and ``end`` are ISO strings (``"2024"``, ``"2024-06"``, ``"2024-06-30"``) or date
    objects (``datetime.date``, ``pandas.Timestamp``, ``pandas.Period``).  A year or a month
    means all of it: ``start="2024", end="2024"`` is January to December 2024, and
    ``end="2024-06"`` includes June.  Numbers (``2024``) and ambiguous strings
    (``"05/01/2024"``) are refused with the accepted forms.
Names
    Codes and names are matched without regard to case; contributors also by the names the UN
    and OCHA use (``"United States"``, ``"UK"``, ``"Türkiye"`` or ``"Turkey"``).  An unknown
    value is an error that suggests the closest valid ones; a valid one with no rows in the
    window is a warning that says where its rows are.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import warnings
from collections.abc import Callable
from functools import cache

import pandas as pd

ACCEPTED_DATES = (
    "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' strings, datetime.date, pandas.Timestamp or pandas.Period"
)
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\s*$")


class SelectionError(ValueError):
    """A keyword value a loader or a brief cannot select by: the message names the value and
    the valid choices (the command line prints it on one line)."""


class NoRowsWarning(UserWarning):
    """A valid value has no rows in the window asked for."""


def month_bound(value, side: str, what: str) -> pd.Timestamp | None:
    """The first (``side="start"``) or last (``side="end"``) instant a date value covers.

    Examples
    --------
    >>> month_bound("2024", "start", "start").date(), month_bound("2024", "end", "end").date()
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> month_bound("2024-06-15", "end", "end").date()
    datetime.date(2024, 6, 30)
    >>> month_bound(2024, "start", "start")
    Traceback (most recent call last):
    ...
    pkanalysis.selection.SelectionError: start=2024 is not a date; use 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' strings, datetime.date, pandas.Timestamp or pandas.Period
    """  # noqa: E501
    if value is None:
        return None
    if isinstance(value, pd.Period):
        period = value.asfreq("M") if value.freqstr not in ("Y", "Y-DEC") else value
    elif isinstance(value, dt.date):  # datetime and pandas.Timestamp are dates too
        period = pd.Timestamp(value).to_period("M")
    elif isinstance(value, str) and (match := _ISO.match(value)):
        year, month, day = match.groups()
        if month and not 1 <= int(month) <= 12:
            raise SelectionError(f"{what}={value!r}: month {month} does not exist")
        if day:
            pd.Timestamp(value.strip())  # raises on 2024-02-31
        period = pd.Period(f"{year}-{month}", "M") if month else pd.Period(year, "Y")
    else:
        raise SelectionError(f"{what}={value!r} is not a date; use {ACCEPTED_DATES}")
    return period.start_time if side == "start" else period.end_time


def window(
    start, end, dates: pd.Series, what: str = "table"
) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Check ``start``/``end`` against each other and against the dates the table holds.

    Raises
    ------
    ValueError
        If ``start`` is after ``end``, or the window lies wholly outside the table's dates.
    """
    lo, hi = month_bound(start, "start", "start"), month_bound(end, "end", "end")
    if lo is not None and hi is not None and lo > hi:
        raise SelectionError(f"start={start!r} is after end={end!r}")
    first, last = dates.min(), dates.max()
    if pd.isna(first):
        return lo, hi
    span = f"{what} runs {first:%Y-%m} to {last:%Y-%m}"
    if lo is not None and lo > last:
        raise SelectionError(f"start={start!r} is after the last month in the data: the {span}")
    if hi is not None and hi < first:
        raise SelectionError(f"end={end!r} is before the first month in the data: the {span}")
    return lo, hi


def between(df: pd.DataFrame, start, end, column: str = "date", what: str = "table"):
    """Rows of ``df`` whose ``column`` falls in the months from ``start`` to ``end``."""
    lo, hi = window(start, end, df[column], what)
    if lo is not None:
        df = df[df[column] >= lo]
    if hi is not None:
        df = df[df[column] <= hi]
    return df


def as_list(values, keyword: str) -> list | None:
    """``None`` stays ``None``; one value becomes a list; an empty list is refused."""
    if values is None:
        return None
    out = [values] if isinstance(values, str) else list(values)
    if not out:
        raise SelectionError(f"{keyword}=[] keeps nothing; pass None (the default) to keep all")
    return out


@cache
def _contributor_names() -> dict[str, str]:
    """Upper-cased names users type for a state -> ISO3: UN short names, OCHA's names and the
    project's full-name aliases (names clipped in print by the reports are left out)."""
    from . import harmonise

    names: dict[str, str] = {}
    aliases = harmonise.country_aliases()
    full = aliases[~aliases["note"].str.contains("clipped", na=False)]
    unique = full.drop_duplicates("alias", keep=False)
    for alias, iso3, name in zip(unique["alias"], unique["iso3"], unique["name"], strict=True):
        names[str(alias).upper()] = iso3
        if isinstance(name, str) and name:
            names[name.upper()] = iso3
    return names


def resolve_contributor(value: str) -> str | None:
    """ISO3 for a state name as users type it, or ``None``.

    Examples
    --------
    >>> resolve_contributor("United States"), resolve_contributor("UK")
    ('USA', 'GBR')
    >>> resolve_contributor("Turkey"), resolve_contributor("Côte d'Ivoire")
    ('TUR', 'CIV')
    """
    from . import harmonise

    key = " ".join(str(value).split())
    hit = _contributor_names().get(key.upper())
    if hit is None:
        hit = harmonise.hdx_country().get_iso3_country_code(key, use_live=False)
    return hit


@cache
def is_state_code(code: str) -> bool:
    """Whether ``code`` is the ISO3 code of a state (or a historic one the project uses).

    Examples
    --------
    >>> is_state_code("NPL"), is_state_code("SCG"), is_state_code("XXX")
    (True, True, False)
    """
    from . import harmonise

    if code in set(harmonise.country_aliases()["iso3"]):
        return True
    info = harmonise.hdx_country().get_country_info_from_iso3(code, use_live=False)
    return bool(info)


def select(
    df: pd.DataFrame,
    column: str,
    wanted: list | None,
    what: str,
    *,
    known: pd.DataFrame | None = None,
    labels: dict[str, str] | None = None,
    resolver: Callable[[str], str | None] | None = None,
    window_text: str = "",
) -> pd.DataFrame:
    """Keep rows whose ``column`` is in ``wanted``.

    Parameters
    ----------
    df : DataFrame
        The rows in the window.
    what : str
        What a value is, in the singular ("contributor").
    known : DataFrame, optional
        The whole table, so that a valid value with no rows in the window is told apart from
        an unknown one; default ``df``.
    labels : dict, optional
        Value -> a name shown beside it in suggestions (``NPL (Nepal)``) and also accepted as
        input.
    resolver : callable, optional
        Last resort for input that is neither a value nor a label (e.g. "UK" -> "GBR").

    Raises
    ------
    ValueError
        For unknown values, naming up to three close valid ones.

    Warns
    -----
    NoRowsWarning
        For valid values without rows in the window, with the months where they have rows.
    """
    if wanted is None:
        return df
    known = df if known is None else known
    valid = sorted(set(known[column].dropna().astype(str)))
    labels = labels or {}
    lookup = {v.upper(): v for v in valid}
    lookup.update({str(name).upper(): v for v, name in labels.items() if v in lookup})
    resolved, unknown = [], []
    for value in wanted:
        hit = lookup.get(" ".join(str(value).split()).upper())
        if hit is None and resolver is not None:
            code = resolver(str(value))
            hit = code if code in lookup.values() else None
        (resolved.append(hit) if hit is not None else unknown.append(value))
    if unknown:
        raise SelectionError("; ".join(_unknown_message(v, valid, labels, what) for v in unknown))
    out = df[df[column].isin(resolved)]
    present = set(out[column].astype(str))
    for value in dict.fromkeys(resolved):
        if value not in present:
            message = _no_rows_message(value, known, column, what, window_text)
            if df[column].isna().any() and "date" in df:
                months = df.loc[df[column].isna(), "date"].dt.strftime("%Y-%m").unique()
                message += (
                    f"; {len(months)} months in the window do not split by {column} "
                    f"({', '.join(sorted(months)[:6])}{', ...' if len(months) > 6 else ''})"
                )
            warnings.warn(message, NoRowsWarning, stacklevel=3)
    return out


def _label(value: str, labels: dict[str, str]) -> str:
    return f"{value} ({labels[value]})" if value in labels else value


def _plural(word: str) -> str:
    """English plural of a column's noun ("capability" -> "capabilities").

    Examples
    --------
    >>> _plural("capability"), _plural("mission")
    ('capabilities', 'missions')
    """
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _unknown_message(value, valid: list[str], labels: dict[str, str], what: str) -> str:
    choices = {v.upper(): v for v in valid}
    choices.update({str(n).upper(): v for v, n in labels.items() if v in set(valid)})
    close = difflib.get_close_matches(str(value).upper(), list(choices), n=6, cutoff=0.5)
    suggestions = list(dict.fromkeys(choices[c] for c in close))[:3]
    hint = (
        "did you mean " + " or ".join(_label(v, labels) for v in suggestions) + "?"
        if suggestions
        else f"{len(valid)} valid {_plural(what)}, e.g. {', '.join(valid[:3])}"
    )
    return f"unknown {what} {value!r}; {hint}"


def _no_rows_message(value: str, known: pd.DataFrame, column: str, what: str, window: str) -> str:
    rows = known[known[column].astype(str) == value]
    text = f"{what} {value!r} has no rows{window}"
    if "date" in rows and len(rows):
        text += f"; its rows run {rows['date'].min():%Y-%m} to {rows['date'].max():%Y-%m}"
    return text


def window_text(start, end) -> str:
    """`` between 2018-06 and 2018-06`` for messages, or an empty string."""
    if start is None and end is None:
        return ""
    return f" between {start or 'the first month'} and {end or 'the last month'}"


def names_of(df: pd.DataFrame, code: str, name: str) -> dict[str, str]:
    """Code -> name from two columns of a table."""
    pairs = df[[code, name]].dropna().drop_duplicates(code)
    return dict(zip(pairs[code].astype(str), pairs[name].astype(str), strict=True))
