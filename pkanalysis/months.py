"""What each month's sources allow: grain, source, sex split, repeats, breaks in definitions.

:func:`coverage` gives one row per month from the first month of the contribution table to the
last, read from the data themselves plus the sourced notes in ``data/coverage_notes.csv``.
Loaders attach the same flags to their rows with ``flags=True`` (:func:`flag_rows`), and
:func:`pkanalysis.panel` uses them: no zero women where there is no split by sex, no repeated
month counted as new information.
"""

from __future__ import annotations

import os

import pandas as pd

from . import paths
from .vocab import COARSE_PERSONNEL_TYPES, POLICE, STAFF_OFFICERS

PathLike = str | os.PathLike[str]

GRAINS = (
    "contributor x mission x type",
    "contributor x type",
    "mission totals only",
    "none",
)
SOURCES = {
    "un_dpo_contributions_monthly_pdfs": "UN DPO monthly report",
    "ipi_providing_for_peacekeeping/full_gender_data.csv": "IPI gender data",
    "ipi_providing_for_peacekeeping/countries": "IPI per-country files",
}
FLAG_COLUMNS = ("sex_split", "carried_forward", "staff_officers_in_troops", "police_split")


def _family(source: str) -> str:
    for prefix, name in SOURCES.items():
        if source.startswith(prefix):
            return name
    return source


def carried_forward(contributions: pd.DataFrame) -> pd.Series:
    """Months whose every row repeats the month before: the source re-issued the last report."""
    key = ["contributor_iso3", "mission", "personnel_type", "total"]
    previous, out = None, {}
    for month, rows in contributions.groupby("date", sort=True):
        signature = frozenset(map(tuple, rows[key].astype(str).to_numpy()))
        out[month] = signature == previous
        previous = signature
    return pd.Series(out, dtype=bool)


def notes_table(data_home: PathLike | None = None) -> pd.DataFrame:
    """The sourced notes on months (``data/coverage_notes.csv``)."""
    path = paths.data_dir(data_home) / "coverage_notes.csv"
    table = pd.read_csv(path, dtype=str)
    missing = {"first_month", "last_month", "note", "source", "source_date"} - set(table)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    for column in ("first_month", "last_month"):
        bad = table[pd.to_datetime(table[column], format="%Y-%m", errors="coerce").isna()]
        if not bad.empty:
            line = int(bad.index[0]) + 2
            raise ValueError(
                f"{path}, line {line}, column {column}: {bad[column].iloc[0]!r} is not YYYY-MM"
            )
    return table


def coverage(
    contributions: pd.DataFrame | None = None,
    mission_strength: pd.DataFrame | None = None,
    data_home: PathLike | None = None,
) -> pd.DataFrame:
    """One row per month: what the contribution table can and cannot say about it.

    Parameters
    ----------
    contributions, mission_strength : DataFrame, optional
        :func:`pkanalysis.load_contributions` and :func:`pkanalysis.load_mission_strength`;
        loaded when omitted.
    data_home : path-like, optional
        Data directory for the loaders and the notes.

    Returns
    -------
    DataFrame
        ``date`` (month-end), ``observed`` (the table has rows), ``grain`` (one of
        :data:`GRAINS`), ``source`` (UN DPO monthly report, IPI gender data, IPI per-country
        files, or IPI mission totals where only those exist), ``sex_split``,
        ``carried_forward`` (every row repeats the month before), ``staff_officers_in_troops``
        (staff officers not yet reported apart, before May 2017), ``police_split`` (formed and
        individual police reported apart), ``break`` (a change of source or definition that
        starts this month) and ``notes`` (from ``data/coverage_notes.csv``, with sources).

    Examples
    --------
    >>> cov = coverage().set_index("date")
    >>> cov.loc["2018-06-30", "grain"], bool(cov.loc["2020-08-31", "sex_split"])
    ('contributor x type', False)
    """
    from . import loaders

    if contributions is None:
        contributions = loaders.load_contributions(data_home=data_home)
    if mission_strength is None:
        mission_strength = loaders.load_mission_strength(data_home=data_home)
    c = contributions
    months = pd.date_range(c["date"].min(), c["date"].max(), freq="ME")
    by_month = c.groupby("date")
    types = by_month["personnel_type"].agg(lambda s: frozenset(s.astype(str)))
    table = pd.DataFrame(index=pd.DatetimeIndex(months, name="date"))
    table["observed"] = table.index.isin(types.index)
    # A month with any mission named has the split; rows filled from coarser files
    # (data/contributor_fills.csv) lack it, and the notes say so.
    has_mission = by_month["mission"].agg(lambda s: s.notna().any())
    strength_months = set(mission_strength["date"])
    grain = pd.Series("none", index=table.index)
    grain[table.index.isin(strength_months)] = "mission totals only"
    grain[has_mission.reindex(table.index).eq(False)] = "contributor x type"
    grain[has_mission.reindex(table.index).eq(True)] = "contributor x mission x type"
    table["grain"] = grain
    # The month's source is the one most of its rows come from (a few may be filled from a
    # coarser file, see data/contributor_fills.csv).
    source = by_month["source"].agg(lambda s: s.astype(str).map(_family).mode().iloc[0])
    table["source"] = source.reindex(table.index)
    only_totals = table["grain"] == "mission totals only"
    table.loc[only_totals, "source"] = "IPI mission totals"
    table["source"] = table["source"].fillna("")
    sex = by_month["female"].agg(lambda s: s.notna().any())
    table["sex_split"] = sex.reindex(table.index, fill_value=False).astype(bool)
    table["carried_forward"] = carried_forward(c).reindex(table.index, fill_value=False)
    first_staff = c.loc[c["personnel_type"] == STAFF_OFFICERS, "date"].min()
    table["staff_officers_in_troops"] = table["observed"] & (table.index < first_staff)
    police = types.map(lambda t: bool(t & set(COARSE_PERSONNEL_TYPES[POLICE])))
    table["police_split"] = police.reindex(table.index, fill_value=False)
    table["break"] = _breaks(table)
    table["notes"] = _notes(table.index, notes_table(data_home))
    return table.reset_index()


def _breaks(table: pd.DataFrame) -> pd.Series:
    """Text for the months where a source or a definition changes."""
    out = pd.Series("", index=table.index)
    seen = table[table["observed"]]
    previous = seen.shift(1)
    for month, row in seen.iterrows():
        before = previous.loc[month]
        if pd.isna(before["source"]):
            continue
        changes = []
        if row["source"] != before["source"]:
            changes.append(f"source changes from {before['source']} to {row['source']}")
        if before["staff_officers_in_troops"] and not row["staff_officers_in_troops"]:
            changes.append("staff officers reported apart from troops")
        if row["police_split"] and not before["police_split"]:
            changes.append("police split into formed police units and individual police")
        out[month] = "; ".join(changes)
    return out


def _notes(months: pd.DatetimeIndex, notes: pd.DataFrame) -> pd.Series:
    out = pd.Series("", index=months)
    for row in notes.itertuples():
        first = pd.Period(row.first_month, "M").end_time.normalize()
        last = pd.Period(row.last_month, "M").end_time.normalize()
        span = (months >= first) & (months <= last)
        text = f"{row.note} [source: {row.source}]"
        out[span] = out[span].where(out[span] == "", out[span] + "; ") + text
    return out


def flag_rows(df: pd.DataFrame, table: pd.DataFrame, column: str = "date") -> pd.DataFrame:
    """``df`` with the month's flags (:data:`FLAG_COLUMNS`) beside each row, and
    ``sex_sum_differs``: the row's printed men and women do not add up to its printed total
    (kept as printed; the reconciliation lists these rows)."""
    flags = table.set_index("date")[list(FLAG_COLUMNS)]
    out = df.join(flags, on=column)
    both = df["male"].notna() & df["female"].notna()
    out["sex_sum_differs"] = (both & (df["male"] + df["female"] != df["total"])).astype(bool)
    return out


def spans(table: pd.DataFrame, columns: tuple[str, ...] = ("grain", "source", "sex_split")):
    """Runs of consecutive months that share ``columns``: ``first``, ``last``, ``months``.

    Examples
    --------
    >>> t = pd.DataFrame({"date": pd.date_range("2020-01-31", periods=4, freq="ME"),
    ...                   "grain": ["a", "a", "b", "a"]})
    >>> spans(t, ("grain",))[["grain", "months"]].values.tolist()
    [['a', 2], ['b', 1], ['a', 1]]
    """
    keys = table[list(columns)].astype(str).agg("|".join, axis=1)
    run = keys.ne(keys.shift()).cumsum()
    grouped = table.groupby(run)
    out = grouped[list(columns)].first()
    out.insert(0, "last", grouped["date"].max())
    out.insert(0, "first", grouped["date"].min())
    out["months"] = grouped.size()
    return out.reset_index(drop=True)
