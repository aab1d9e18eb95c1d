"""Read and validate hand-curated tables (CSV or Excel), with errors that name row and column."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pandera is imported only when a table is validated: loading stays quick
    import pandera.pandas as pa

#: Curated tables and the schema (in :mod:`pkanalysis.schemas`) each is validated against.
TABLES: dict[str, str] = {
    "conferences": "Conference",
    "pledges": "Pledge",
    "pledge_category_counts": "PledgeCount",
    "parity_targets": "ParityTarget",
    "unit_sizes": "UnitSize",
    "capability_requirements": "CapabilityRequirement",
    "state_codes": "StateCode",
    "bloc_membership": "BlocMembership",
}
DIGESTS = "curated.json"


class CuratedTableError(ValueError):
    """A curated table breaks its schema; the message lists each bad cell by line and column."""


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a CSV or Excel file as strings, so validation sees exactly what was written.

    CSV files are read as UTF-8 (with or without a byte-order mark) or, when they start with a
    UTF-16 byte-order mark, as UTF-16.  Other encodings are refused rather than guessed, since
    a wrong guess silently changes names such as "Côte d'Ivoire".

    Raises
    ------
    CuratedTableError
        If the extension is neither ``.csv`` nor ``.xlsx``/``.xls``, the file is empty, a CSV
        is not UTF-8 or UTF-16 or has a row with more or fewer fields than its header, or an
        Excel file is not a workbook; the message names the file (and the line).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xls"):
        raise CuratedTableError(f"{path.name}: unsupported file type {suffix!r}; use .csv or .xlsx")
    raw = path.read_bytes()
    if not raw.strip():
        raise CuratedTableError(f"{path.name}: the file is empty; it needs a header row")
    if suffix == ".csv":
        text = _decode(raw, path.name)
        _check_field_counts(text, path.name)
        return pd.read_csv(io.StringIO(text), dtype=str,
                           keep_default_na=False, na_values=[""])  # fmt: skip
    if not raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CuratedTableError(
            f"{path.name}: not an Excel workbook (it starts like a text file); if it is CSV, "
            "name it .csv"
        )
    return pd.read_excel(path, dtype=str)


def _check_field_counts(text: str, name: str) -> None:
    """Refuse a row whose fields do not line up with the header.

    pandas would stop at a row with too many fields with a message that names neither the file
    nor the likely cause, and would fill a row with too few with empty cells, shifting nothing
    but leaving the row's last values silently missing.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    for row in reader:
        if row and len(row) != len(header):
            hint = (
                "a value containing a comma must be quoted"
                if len(row) > len(header)
                else "a value or a separator is missing"
            )
            raise CuratedTableError(
                f"{name}, line {reader.line_num}: {len(row)} fields where the header has "
                f"{len(header)} ({hint})"
            )


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise CuratedTableError(
            f"{name}, line {line}: byte {raw[err.start]:#04x} is not UTF-8; save the file as "
            "UTF-8 (it may be Latin-1 or Windows-1252)"
        ) from None


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
    import pandera.pandas as pa

    df = _booleans(df[expected], model, name)
    df, messages, reported = _off_vocabulary(df, model, name)
    try:
        validated = model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples():
            column = None if case.column is None or pd.isna(case.column) else case.column
            index = None if pd.isna(case.index) else int(case.index)
            if (index, column) in reported:  # already named, with the valid choices
                continue
            line = "" if index is None else f", line {index + 2}"
            where = "" if column is None else f", column {column!r}"
            value = case.failure_case
            value = value.item() if hasattr(value, "item") else value  # numpy scalar -> Python
            messages.append(f"{name}{line}{where}: {case.check} (value {value!r})")
    else:
        if not messages:
            return validated
    unique = list(dict.fromkeys(messages))
    more = f"\n... and {len(unique) - 20} more" if len(unique) > 20 else ""
    raise CuratedTableError("\n".join(unique[:20]) + more) from None


def _off_vocabulary(
    df: pd.DataFrame, model: type[pa.DataFrameModel], name: str
) -> tuple[pd.DataFrame, list[str], set[tuple[int, str]]]:
    """Find values outside a column's fixed categories, before pandera coerces the column.

    Coercing such a value to the categorical dtype is deprecated in pandas (it will raise), and
    pandera would report it three times; here it is reported once, with the valid choices, and
    blanked so that validation can go on to find the file's other faults.
    """
    messages: list[str] = []
    reported: set[tuple[int, str]] = set()
    df = df.copy()
    for col, spec in model.to_schema().columns.items():
        categories = getattr(getattr(spec.dtype, "type", None), "categories", None)
        if categories is None:
            continue
        values = df[col]
        bad = values.notna() & ~values.isin(list(categories))
        for i in bad[bad].index:
            choices = ", ".join(map(str, categories))
            messages.append(
                f"{name}, line {i + 2}, column {col!r}: {values[i]!r} is not one of: {choices}"
            )
            reported.add((int(i), col))
        df.loc[bad, col] = None
    return df, messages, reported


def _model(name: str) -> type[pa.DataFrameModel]:
    from . import schemas

    return getattr(schemas, TABLES[name])


def validate_all(data: Path) -> dict[str, tuple[pd.DataFrame, str]]:
    """Validate every curated table; returns each frame with the SHA-256 of its CSV."""
    from .checksums import sha256

    out = {}
    for name in TABLES:
        csv = data / f"{name}.csv"
        out[name] = (validate(read_table(csv), _model(name), csv.name), sha256(csv))
    return out


def write_snapshot(tables: dict[str, tuple[pd.DataFrame, str]], out: Path) -> None:
    """Keep typed copies of validated curated tables, and the digests of the CSVs they came
    from (``curated.json``): :func:`load` uses a copy only while its CSV is unchanged."""
    from . import arrow_tables

    for name, (frame, _) in tables.items():
        arrow_tables.write_frame(frame, out / f"{name}.arrow")
    digests = {name: {"sha256": digest} for name, (_, digest) in tables.items()}
    (out / DIGESTS).write_text(json.dumps(digests, indent=1) + "\n")


def load(name: str, data: Path, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """A curated table, validated: the build's typed copy when the CSV is unchanged since the
    build (no schema work at all, which keeps notebooks quick), else the CSV validated now.
    A user's own file (``path``) is always validated."""
    from .checksums import sha256

    if path is None:
        csv = data / f"{name}.csv"
        if not csv.exists():
            raise FileNotFoundError(f"{csv} does not exist")
        typed, digests = data / "processed" / f"{name}.arrow", data / "processed" / DIGESTS
        if typed.exists() and digests.exists():
            known = json.loads(digests.read_text()).get(name, {})
            if known.get("sha256") == sha256(csv):
                from . import arrow_tables, snapshot  # keeps every dtype as validated

                snapshot.verify(typed.parent, [typed.name, DIGESTS])

                return arrow_tables.read_frame(typed)
        path = csv
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    return validate(read_table(path), _model(name), path.name)
