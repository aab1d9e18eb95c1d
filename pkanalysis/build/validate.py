"""Stage 4: the assembled tables against their schemas and against each other.

Checks that need the whole table: the pandera schemas (the data dictionary), one row per month,
mission, contributor and type whichever files the rows came from, copies of a per-country file
naming the same state, and every mission acronym known to the mission table.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .. import harmonise as names
from .common import BuildError


def validated(df: pd.DataFrame, model, what: str) -> pd.DataFrame:
    """``df`` checked against a pandera model; failures listed (first 20) in the error.

    Raises
    ------
    BuildError
        If any row breaks the schema.
    """
    import pandera.pandas as pa

    try:
        return model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise BuildError(f"{what} failed validation:\n{exc.failure_cases.head(20)}") from exc


def copies_name_one_state(copies: Iterable[tuple[str, str]]) -> None:
    """Per-country files set aside as copies must name the state of the file kept.

    Raises
    ------
    BuildError
        If a file holding the same rows as another names a different state: which of the two
        is right cannot be decided by the build.
    """
    for copy, kept in copies:
        a, b = (names.to_iso3(pd.Series([Path(f).stem]))[0] for f in (copy, kept))
        if a != b:
            raise BuildError(
                f"{copy} and {kept} hold the same rows but name different states ({a} and "
                f"{b}); remove the file that is wrong"
            )


def one_row_per_key(contributions: pd.DataFrame) -> None:
    """No month, mission, contributor and type may come from two files (the same state's data
    under two names, say): summing them would count the state twice.

    Raises
    ------
    BuildError
        Naming both files, the month, contributor and type, and the two counts.
    """
    key = ["date", "mission", "contributor_iso3", "personnel_type"]
    dup = contributions.duplicated(key, keep=False)
    if not dup.any():
        return
    rows = contributions[dup].sort_values([*key, "source"])
    first = rows.iloc[0]
    same = rows[
        (rows["date"] == first["date"])
        & (rows["contributor_iso3"] == first["contributor_iso3"])
        & (rows["personnel_type"] == first["personnel_type"])
        & (rows["mission"].fillna("") == ("" if pd.isna(first["mission"]) else first["mission"]))
    ]
    files = ", ".join(str(s) for s in same["source"])
    raise BuildError(
        f"{int(dup.sum())} rows give a month, mission, contributor and type already given by "
        f"another file, e.g. {first['contributor_iso3']} {first['personnel_type']} "
        f"{first['date']:%Y-%m} in {files} (column 'total': "
        f"{', '.join(map(str, same['total']))}); remove or rename the file that is wrong"
    )


def missions_known(missions: pd.DataFrame, used: dict[str, pd.DataFrame]) -> None:
    """Every mission acronym in the data must be in the mission table.

    Parameters
    ----------
    missions : DataFrame
        The mission table (``mission`` column).
    used : dict of DataFrame
        Tables using acronyms, by the name of their acronym column in the source (``Mission``,
        ``mission_acronym``); each has ``mission`` and ``source``, and ``line`` or ``page``
        where known.

    Raises
    ------
    BuildError
        Naming the file, line (or page), column and value of the first unknown acronym, and
        every unknown acronym.
    """
    known = set(missions["mission"])
    unknown: list[str] = []
    first = None
    for column, table in used.items():
        bad = table["mission"].notna() & ~table["mission"].isin(known)
        if not bad.any():
            continue
        unknown += [str(m) for m in table.loc[bad, "mission"].unique()]
        if first is None:
            row = table[bad].iloc[0]
            place = ""
            for where in ("line", "page"):
                if where in table and pd.notna(row.get(where)):
                    place = f", {where} {int(row[where])}"
                    break
            first = f"{row['source']}{place}, column {column!r}: {row['mission']!r}"
    if first is not None:
        from ..reference import SUPPLEMENT

        raise BuildError(
            f"{first} is not in the mission table; add it to data/{SUPPLEMENT} with a source "
            f"(unknown acronyms: {', '.join(sorted(set(unknown)))})"
        )
