"""Parse IPI's "Providing for Peacekeeping" CSV files (International Peace Institute).

Three files are used:

* ``full_gender_data.csv``: contributor x mission x month x type x sex, 2009-11..2014-08;
* ``countries/<name>.csv``: one file per contributor, monthly totals by type, 1990-11..2014-03;
* ``data_mission.csv``: mission x month totals, 1990-11..2017-03.

Parsers return what the files say, in long form, with the original labels kept; exact duplicate
rows are dropped and counted, aggregate rows ("all") are returned separately as printed totals.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

GENDER_FILE = "full_gender_data.csv"
MISSION_FILE = "data_mission.csv"
COUNTRIES_DIR = "countries"

# Column prefixes of full_gender_data.csv and the label kept as personnel_type_source.
GENDER_TYPES = {
    "Individual_Police": "Individual Police",
    "Formed_Police_Units": "Formed Police Units",
    "Experts_on_Mission": "Experts on Mission",
    "Troops": "Troops",
}


class SourceFileError(ValueError):
    """A source file is malformed; the message names the file, and the row and column."""


@dataclass
class IpiTable:
    """Long rows plus what was set aside, so nothing read is silently lost."""

    rows: pd.DataFrame
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    dropped_duplicates: int = 0
    notes: list[str] = field(default_factory=list)
    # per-country files set aside as copies of another file: (copy, kept), as raw-relative paths
    copies: list[tuple[str, str]] = field(default_factory=list)


def _read_utf8(path: Path) -> tuple[bytes, str]:
    """The bytes of a file and their text; decoding failures name the file, line and byte."""
    data = path.read_bytes()
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceFileError(
            f"{path.name}, line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); re-save the file as UTF-8"
        ) from None


def read_csv_checked(path: Path, **kwargs) -> pd.DataFrame:
    """Read a UTF-8 CSV, turning decoding failures into an error that names the file.

    Raises
    ------
    SourceFileError
        If the file is not valid UTF-8 (the byte offset is given) or is not a CSV.
    """
    data, _ = _read_utf8(path)
    try:
        return pd.read_csv(io.BytesIO(data), encoding="utf-8", **kwargs)
    except pd.errors.ParserError as exc:
        raise SourceFileError(f"{path.name}: cannot be parsed as CSV ({exc})") from None


def counts(df: pd.DataFrame, columns: list[str], path: Path) -> pd.DataFrame:
    """Convert count columns to nullable integers, rejecting text and negative values.

    The error names the file, the CSV line (header = line 1), the column and the value; for
    rows gathered from several files, ``df`` carries ``file`` and ``line`` columns saying where
    each row came from.

    Raises
    ------
    SourceFileError
        On the first column holding a non-numeric, fractional or negative count.
    """
    out = df.copy()
    for col in columns:
        raw = out[col]
        fast = _whole_numbers(raw)
        if fast is not None:
            out[col] = fast
            continue
        num = pd.to_numeric(raw, errors="coerce")
        bad = (raw.notna() & num.isna()) | (num < 0) | (num.notna() & (num % 1 != 0))
        if bad.any():
            first = bad[bad].index[0]
            name = Path(out.at[first, "file"]).name if "file" in out else path.name
            line = out.at[first, "line"] if "line" in out else first + 2
            bad = bad[out["file"] == out.at[first, "file"]] if "file" in out else bad
            raise SourceFileError(
                f"{name}, line {line}, column {col!r}: count {raw[first]!r} is not a "
                f"non-negative whole number ({int(bad.sum())} such value(s) in the column)"
            )
        out[col] = num.astype("Int64")
    return out


def _whole_numbers(raw: pd.Series) -> pd.Series | None:
    """A text column of non-negative whole numbers (blanks allowed) as nullable integers, read
    by Arrow's parser; None if any cell is anything else, for :func:`counts` to examine."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        values = pc.cast(pa.array(raw, from_pandas=True), pa.int64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if values.null_count < len(values) and pc.min(values).as_py() < 0:
        return None
    mask = values.is_null().to_numpy(zero_copy_only=False)
    # blank cells hold 1, as pandas' own conversion leaves them, so that the snapshot's bytes
    # do not depend on which way a column was read
    data = values.fill_null(1).to_numpy()
    return pd.Series(pd.arrays.IntegerArray(data, mask), index=raw.index, name=raw.name)


def require_columns(df_columns: list[str], wanted: list[str], path: Path) -> None:
    """Refuse a file whose header lacks a column the parser reads, listing what it has.

    Raises
    ------
    SourceFileError
        Naming the file, line 1 (the header), the missing columns and the columns found.
    """
    missing = [c for c in wanted if c not in df_columns]
    if missing:
        raise SourceFileError(
            f"{path.name}, line 1 (header): missing column(s) {', '.join(map(repr, missing))}; "
            f"the header has {', '.join(map(repr, df_columns))}"
        )


def month_ends(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Parse a ``YYYY-MM-DD`` column to month ends; a bad value names file, line and column.

    Raises
    ------
    SourceFileError
        On the first value that is not a date in that form (rows gathered from several files
        carry ``file`` and ``line`` columns saying where each came from).
    """
    raw = df[column]
    parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna()
    if bad.any():
        first = bad[bad].index[0]
        name = Path(df.at[first, "file"]).name if "file" in df else path.name
        line = df.at[first, "line"] if "line" in df else first + 2
        raise SourceFileError(
            f"{name}, line {line}, column {column!r}: {raw[first]!r} is not a date in the form "
            f"YYYY-MM-DD ({int(bad.sum())} such value(s) in the column)"
        )
    return parsed + pd.offsets.MonthEnd(0)


def _strip_quotes(series: pd.Series) -> pd.Series:
    # 2014-03..2014-08 rows carry a trailing apostrophe on every string ("Bangladesh'").
    return series.astype("string").str.strip().str.rstrip("'")


def read_gender(raw: Path) -> IpiTable:
    """Read ``full_gender_data.csv`` into long rows (one per contributor, mission, month, type).

    Returns
    -------
    IpiTable
        ``rows``: date, mission, country, personnel_type_source, male, female, total, line;
        ``totals``: the file's own "all" rows as printed totals (level ``country`` where
        ``Mission == "all"``, ``grand`` where ``Contributor == "all"``).
    """
    path = raw / "ipi_providing_for_peacekeeping" / GENDER_FILE
    df = read_csv_checked(path, dtype=str, keep_default_na=False, na_values=["NA", ""])
    df["line"] = df.index + 2
    strings = ["Date", "Contributor", "Contributor_ISO-3", "Mission"]
    require_columns(
        list(df.columns)[:-1],
        strings
        + [f"{p}_{s}" for p in [*GENDER_TYPES, "Total"] for s in ("Male", "Female", "Total")],
        path,
    )
    for col in strings:
        df[col] = _strip_quotes(df[col])
    value_cols = [c for c in df.columns if c not in strings + ["line"]]
    df = counts(df, value_cols, path)
    before = len(df)
    df = df.drop_duplicates(subset=strings + value_cols)
    dropped = before - len(df)
    df["date"] = month_ends(df, "Date", path)

    is_total = (df["Contributor"] == "all") | (df["Mission"] == "all")
    detail, agg = df[~is_total], df[is_total]
    long = []
    for prefix, label in GENDER_TYPES.items():
        part = detail[["date", "Mission", "Contributor", "line"]].copy()
        part["personnel_type_source"] = label
        part["male"] = detail[f"{prefix}_Male"]
        part["female"] = detail[f"{prefix}_Female"]
        part["total"] = detail[f"{prefix}_Total"]
        long.append(part[part[["male", "female", "total"]].notna().any(axis=1)])
    rows = pd.concat(long, ignore_index=True).rename(
        columns={"Mission": "mission", "Contributor": "country"}
    )
    key = ["date", "mission", "country", "personnel_type_source"]
    clash = rows[rows.duplicated(key, keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        raise SourceFileError(
            f"{path.name}, line {first['line']}: {len(clash)} rows repeat a (month, mission, "
            f"contributor, type) with different counts, e.g. {first['country']} in "
            f"{first['mission']} {first['date']:%Y-%m}"
        )
    totals = pd.DataFrame(
        {
            "date": agg["date"],
            "level": ["grand" if c == "all" else "country" for c in agg["Contributor"]],
            "mission": pd.NA,
            "country": agg["Contributor"].where(agg["Contributor"] != "all"),
            "male": agg["Total_Male"],
            "female": agg["Total_Female"],
            "total": agg["Total_Total"],
            "line": agg["line"],
        }
    )
    notes = [f"{GENDER_FILE}: {dropped} exact duplicate rows dropped"] if dropped else []
    return IpiTable(rows.reset_index(drop=True), totals.reset_index(drop=True), dropped, notes)


def read_countries(raw: Path) -> IpiTable:
    """Read ``countries/*.csv`` (contributor x month totals) into long rows.

    The contributor is the file name (IPI's spelling).  Types: ``Troops``, ``Police`` (formed and
    individual police together) and ``Experts``; there is no sex split.
    """
    folder = raw / "ipi_providing_for_peacekeeping" / COUNTRIES_DIR
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise SourceFileError(f"{folder}: no per-country CSV files found")
    wanted = ["Date", "Troops", "Police", "Experts"]
    records: list[list] = []
    # 152 small files: the csv module reads them in a fraction of the time pandas' per-call
    # set-up takes; the rows become one frame, converted once.
    for path in files:
        records += _country_file_records(path, wanted)
    records, copies, notes = _set_aside_copies(records, len(wanted))
    frame = pd.DataFrame(records, columns=[*wanted, "line", "country", "file"])
    frame[wanted] = frame[wanted].astype("str")
    df = counts(frame, ["Troops", "Police", "Experts"], folder)
    df["date"] = month_ends(df, "Date", folder)
    long = df.melt(
        id_vars=["date", "country", "file", "line"],
        value_vars=["Troops", "Police", "Experts"],
        var_name="personnel_type_source",
        value_name="total",
    ).dropna(subset=["total"])
    # IPI's "Police" joins formed units and individual officers: the vocabulary's parent type.
    long["personnel_type"] = long["personnel_type_source"].map(
        {"Troops": "Troops", "Police": "Police", "Experts": "Experts on Mission"}
    )
    long["mission"] = pd.NA
    long["male"] = pd.array([pd.NA] * len(long), dtype="Int64")
    long["female"] = pd.array([pd.NA] * len(long), dtype="Int64")
    before = len(long)
    long = long.drop_duplicates(subset=["date", "country", "personnel_type_source", "total"])
    dropped = before - len(long)
    clash = long[long.duplicated(["date", "country", "personnel_type_source"], keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        same = clash[
            (clash["country"] == first["country"])
            & (clash["date"] == first["date"])
            & (clash["personnel_type_source"] == first["personnel_type_source"])
        ]
        raise SourceFileError(
            f"{Path(first['file']).name}, lines {', '.join(map(str, same['line']))}, column "
            f"{first['personnel_type_source']!r}: month {first['date']:%Y-%m} is given "
            f"{len(same)} times with different counts ({', '.join(map(str, same['total']))}); "
            "keep the right line and delete the others"
        )
    if dropped:
        notes.append(f"{COUNTRIES_DIR}/*.csv: {dropped} repeated identical month rows dropped")
    table = IpiTable(long.reset_index(drop=True), dropped_duplicates=dropped, notes=notes)
    table.copies = copies
    return table


def _country_file_records(path: Path, wanted: list[str]) -> list[list]:
    """The ``wanted`` cells of every line of one per-country file (None where blank or "NA"),
    then its line number, the contributor (the file name) and the file.

    Raises
    ------
    SourceFileError
        For a missing column, a line with more fields than the header, or broken CSV.
    """
    _, text = _read_utf8(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        header = next(reader, [])
        missing = set(wanted) - set(header)
        if missing:
            raise SourceFileError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
        where = [header.index(c) for c in wanted]
        country, file = path.stem, f"ipi_providing_for_peacekeeping/{COUNTRIES_DIR}/{path.name}"
        for record in reader:
            if not record:  # a blank line, as pandas skips it
                continue
            if len(record) > len(header):
                raise SourceFileError(
                    f"{path.name}, line {reader.line_num}: {len(record)} fields where the "
                    f"header has {len(header)}"
                )
            values = [record[i] if i < len(record) else "" for i in where]
            records.append(
                [None if v in ("", "NA") else v for v in values] + [reader.line_num, country, file]
            )
    except csv.Error as exc:
        raise SourceFileError(f"{path.name}: cannot be parsed as CSV ({exc})") from None
    return records


def _set_aside_copies(
    records: list[list], width: int
) -> tuple[list[list], list[tuple[str, str]], list[str]]:
    """Keep one of several per-country files that hold the same rows under different names.

    The same data under two names (``Iran.csv`` and ``Iran (Islamic Republic of).csv``) would
    count a contributor twice.  Files are compared by what they say (their rows in any order,
    whatever the line endings or quoting), not by name; the first name in sort order is kept.

    Parameters
    ----------
    records : list of list
        Rows of every file: ``width`` values, then line, country and file.

    Returns
    -------
    (records of the kept files, (copy, kept) file names, notes)
    """
    by_file: dict[str, list[tuple]] = {}
    for record in records:
        by_file.setdefault(record[-1], []).append(tuple(record[:width]))
    first_of: dict[frozenset, str] = {}
    copies: list[tuple[str, str]] = []
    for file in sorted(by_file):
        content = frozenset(Counter(by_file[file]).items())  # the rows, in any order
        if content in first_of:
            copies.append((file, first_of[content]))
        else:
            first_of[content] = file
    notes = [
        f"{Path(copy).name} holds the same rows as {Path(kept).name}: set aside, counted once"
        for copy, kept in copies
    ]
    dropped = {copy for copy, _ in copies}
    if dropped:
        records = [r for r in records if r[-1] not in dropped]
    return records, copies, notes


def read_missions(raw: Path, notes: list[str] | None = None) -> pd.DataFrame:
    """Read ``data_mission.csv``: mission x month strength (troops, police, observers, total).

    Repeated identical rows are dropped (and said in ``notes``, if given); two different rows
    for one mission and month are an error naming both lines.

    Raises
    ------
    SourceFileError
        For a missing column, a bad count or date, or conflicting rows; naming file, line,
        column and value.
    """
    notes = [] if notes is None else notes
    path = raw / "ipi_providing_for_peacekeeping" / MISSION_FILE
    df = read_csv_checked(path, dtype=str, keep_default_na=False, na_values=["NA", ""])
    cols = ["Number of Contributors", "Troops", "Police", "Observers", "Total"]
    require_columns(list(df.columns), ["Date", "Mission", *cols], path)
    df["line"] = df.index + 2
    df = counts(df, cols, path)
    df["Mission"] = _strip_quotes(df["Mission"])
    date = month_ends(df, "Date", path)
    key = ["Date", "Mission"]
    repeated = df.duplicated([c for c in df.columns if c != "line"])
    if repeated.any():
        lines = ", ".join(map(str, df.loc[repeated, "line"]))
        notes.append(
            f"{MISSION_FILE}: {int(repeated.sum())} repeated identical row(s) dropped "
            f"(line(s) {lines})"
        )
        df, date = df[~repeated], date[~repeated]
    clash = df[df.duplicated(key, keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        same = clash[(clash["Date"] == first["Date"]) & (clash["Mission"] == first["Mission"])]
        differ = [c for c in df.columns if c != "line" and same[c].nunique(dropna=False) > 1]
        raise SourceFileError(
            f"{path.name}, lines {', '.join(map(str, same['line']))}, column {differ[0]!r}: "
            f"{first['Mission']} {first['Date']} is given {len(same)} times with different "
            f"values ({', '.join(map(str, same[differ[0]]))}); keep the right line"
        )
    return pd.DataFrame(
        {
            "date": date,
            "mission": df["Mission"],
            "troops": df["Troops"],
            "police": df["Police"],
            "observers": df["Observers"],
            "total": df["Total"],
            "contributors": df["Number of Contributors"],
            "source": f"ipi_providing_for_peacekeeping/{MISSION_FILE}",
            "line": df["line"],
        }
    )
