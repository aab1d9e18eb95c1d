"""Read and validate hand-curated tables (CSV or Excel), with errors that name row and column."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pandera.pandas as pa


class CuratedTableError(ValueError):
    """A curated table breaks its schema; the message lists each bad cell by line and column."""


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a CSV or Excel file as strings, so validation sees exactly what was written.

    Raises
    ------
    CuratedTableError
        If the extension is neither ``.csv`` nor ``.xlsx``/``.xls``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    if suffix in (".xlsx", ".xls"):
        return pd.read_excel(path, dtype=str)
    raise CuratedTableError(f"{path.name}: unsupported file type {suffix!r}; use .csv or .xlsx")


_TRUTH = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def _booleans(df: pd.DataFrame, model: type[pa.DataFrameModel], name: str) -> pd.DataFrame:
    """Read true/false text explicitly: ``astype(bool)`` would take "false" for True."""
    df = df.copy()
    for col, spec in model.to_schema().columns.items():
        if "bool" not in str(spec.dtype).lower() or df[col].dtype == bool:
            continue
        text = df[col].astype("string").str.strip().str.lower()
        mapped = text.map(_TRUTH)
        bad = text.notna() & mapped.isna()
        if bad.any():
            i = bad[bad].index[0]
            raise CuratedTableError(
                f"{name}, line {i + 2}, column {col!r}: {df.loc[i, col]!r} is not true/false"
            )
        df[col] = mapped.astype("boolean") if spec.nullable else mapped.astype(bool)
    return df


def validate(df: pd.DataFrame, model: type[pa.DataFrameModel], name: str) -> pd.DataFrame:
    """Validate ``df`` against ``model``; report every failure with its file line and column.

    Line numbers count the header as line 1, as a spreadsheet or text editor shows them.

    Raises
    ------
    CuratedTableError
        Listing up to 20 failures as ``<name>, line N, column 'c': <problem> (value 'v')``.
    """
    expected = list(model.to_schema().columns)
    missing = [c for c in expected if c not in df.columns]
    extra = [c for c in df.columns if c not in expected]
    if missing or extra:
        raise CuratedTableError(
            f"{name}: columns do not match the schema; missing {missing}, unexpected {extra}; "
            f"expected columns: {', '.join(expected)}"
        )
    df = _booleans(df[expected], model, name)
    try:
        return model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        messages = []
        for case in cases.itertuples():
            line = "" if pd.isna(case.index) else f", line {int(case.index) + 2}"
            column = (
                "" if case.column is None or pd.isna(case.column) else f", column {case.column!r}"
            )
            messages.append(f"{name}{line}{column}: {case.check} (value {case.failure_case!r})")
        unique = list(dict.fromkeys(messages))
        more = f"\n... and {len(unique) - 20} more" if len(unique) > 20 else ""
        raise CuratedTableError("\n".join(unique[:20]) + more) from None
