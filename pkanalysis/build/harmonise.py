"""Stage 3: rows of every source in one shape, one vocabulary, one grain per month.

Country names become ISO3 codes and UN names, personnel labels the project's vocabulary, and
mission acronyms their normalised form (:mod:`pkanalysis.harmonise` holds the mappings).  Each
month is then taken from the finest source that covers it: the UN reports, else IPI's
contributor x mission file, else IPI's per-country totals.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from .. import harmonise as names
from ..vocab import personnel_type
from .common import IPI_GENDER, ROW_COLUMNS, BuildError


def shape(rows: pd.DataFrame) -> pd.DataFrame:
    """The shared row columns (:data:`~.common.ROW_COLUMNS`), blank where a source has none."""
    return rows.reindex(columns=ROW_COLUMNS)


def drop_placeholders(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop rows printed without a total whose other cells are blank or zero (February 2015
    prints such placeholder lines); a missing total beside a non-zero count is an error."""
    no_total = rows["total"].isna()
    counts = rows[["male", "female"]].apply(pd.to_numeric).fillna(0)
    placeholder = no_total & (counts.sum(axis=1) == 0)
    broken = rows[no_total & ~placeholder]
    if not broken.empty:
        first = broken.iloc[0]
        raise BuildError(
            f"{first['source']}, page {first['page']}: {len(broken)} row(s) print a count but no "
            f"total, e.g. {first['country']} in {first['mission']}"
        )
    return rows[~placeholder].reset_index(drop=True), int(placeholder.sum())


def _where(rows: pd.DataFrame, hit: pd.Series) -> str:
    """'file, line N' (or 'file, page N') of the first row where ``hit`` is true."""
    first = rows[hit].iloc[0]
    place = ""
    if "line" in rows and pd.notna(first.get("line")):
        place = f", line {int(first['line'])}"
    elif "page" in rows and pd.notna(first.get("page")):
        place = f", page {int(first['page'])}"
    return f"{first['source']}{place}"


def _column_of(source: str) -> str:
    """The column a contributor's name is read from, in the words of its source."""
    if source.startswith("ipi_providing_for_peacekeeping/countries/"):
        return "file name"
    if source == IPI_GENDER:
        return "Contributor"
    return "country"


def harmonise(rows: pd.DataFrame) -> pd.DataFrame:
    """Names to ISO3 and UN names, labels to the vocabulary, acronyms normalised.

    Raises
    ------
    BuildError
        For a contributor name no table knows, naming the file, line, column and value.
    """
    rows = rows.copy()
    try:
        rows["contributor_iso3"] = names.to_iso3(rows["country"], rows["date"], what="contributor")
    except names.UnknownValuesError as exc:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            iso3 = names.to_iso3(rows["country"], rows["date"], what="contributor", errors="warn")
        bad = iso3.isna()
        first = rows[bad].iloc[0]
        raise BuildError(
            f"{_where(rows, bad)}, column {_column_of(str(first['source']))!r}: contributor "
            f"{first['country']!r} is not a known country ({exc})"
        ) from None
    rows["contributor"] = rows["contributor_iso3"].map(
        {code: names.un_name(code) for code in rows["contributor_iso3"].unique()}
    )
    labels = names.squash_spaces(rows["personnel_type_source"].astype(str))
    rows["personnel_type_source"] = labels
    mapped = labels.map(
        {lab: personnel_type(lab) for lab in labels[rows["personnel_type"].isna()].unique()}
    )
    rows["personnel_type"] = rows["personnel_type"].fillna(mapped)
    rows["mission"] = names.normalise_missions(rows["mission"])
    return rows


def merge_same_key(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Sum rows that share month, mission, contributor and type (e.g. two printed lines of one
    country in one mission, or two spellings of one state); returns the count merged."""
    key = ["date", "mission", "contributor_iso3", "personnel_type", "source"]
    dup = rows.duplicated(key, keep=False)
    if not dup.any():
        return rows, 0
    agg = (
        rows[dup]
        .groupby(key, dropna=False, observed=True, sort=False)
        .agg(
            contributor=("contributor", "first"),
            personnel_type_source=("personnel_type_source", lambda s: " + ".join(sorted(set(s)))),
            male=("male", "sum"),
            female=("female", "sum"),
            total=("total", "sum"),
            male_known=("male", "count"),
            female_known=("female", "count"),
            lines=("total", "size"),
        )
    )
    # A sex split is summed only where every line prints one: a partial sum would look exact.
    for col in ("male", "female"):
        agg[col] = agg[col].where(agg[f"{col}_known"] == agg["lines"])
    agg = agg.drop(columns=["male_known", "female_known", "lines"]).reset_index()
    return pd.concat([rows[~dup], agg], ignore_index=True), int(dup.sum() - len(agg))


def ipi_rows(gender_rows: pd.DataFrame, country_rows: pd.DataFrame) -> pd.DataFrame:
    """IPI's contributor x mission rows and per-country totals, harmonised, in one frame."""
    return harmonise(
        pd.concat(
            [
                shape(gender_rows.assign(source=IPI_GENDER, personnel_type=pd.NA)),
                shape(country_rows.rename(columns={"file": "source"})),
            ],
            ignore_index=True,
        )
    )


FILLS = "contributor_fills.csv"
FILL_COLUMNS = ["contributor_iso3", "first_month", "last_month", "file", "reason", "source",
                "source_date"]  # fmt: skip


def read_fills(data: Path) -> pd.DataFrame:
    """The sourced table of contributor-months taken from IPI's per-country files although
    its contributor x mission file covers the month (its rows for them are blank).

    Raises
    ------
    BuildError
        For a missing column, a month not written YYYY-MM or a row without a source, naming
        the file, line and column.
    """
    path = data / FILLS
    if not path.exists():
        return pd.DataFrame(columns=FILL_COLUMNS)
    fills = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in FILL_COLUMNS if c not in fills]
    if missing:
        raise BuildError(f"{FILLS}: missing columns {missing}")
    for i, row in fills.iterrows():
        for col in ("first_month", "last_month"):
            if pd.isna(pd.to_datetime(row[col], format="%Y-%m", errors="coerce")):
                raise BuildError(
                    f"{FILLS}, line {i + 2}, column {col!r}: {row[col]!r} is not YYYY-MM"
                )
        if not row["source"].strip():
            raise BuildError(f"{FILLS}, line {i + 2}, column 'source': a fill needs a source")
    return fills


def _fill_rows(ipi: pd.DataFrame, fills: pd.DataFrame) -> pd.Series:
    """Which per-country rows the fills table asks for; checks each fill is still needed."""
    chosen = pd.Series(False, index=ipi.index)
    gender = ipi[ipi["source"] == IPI_GENDER]
    for i, fill in fills.iterrows():
        first = pd.Period(fill["first_month"], "M").end_time.normalize()
        last = pd.Period(fill["last_month"], "M").end_time.normalize()
        months = ipi["date"].between(first, last)
        hit = (
            months
            & (ipi["source"] == fill["file"])
            & (ipi["contributor_iso3"] == fill["contributor_iso3"])
        )
        where = f"{FILLS}, line {i + 2}"
        if not hit.any():
            raise BuildError(f"{where}: {fill['file']} has no {fill['contributor_iso3']} rows "
                             f"in {fill['first_month']}..{fill['last_month']}")  # fmt: skip
        counted = gender[gender["date"].between(first, last)
                         & (gender["contributor_iso3"] == fill["contributor_iso3"])]  # fmt: skip
        if not counted.empty:
            raise BuildError(
                f"{where}: {IPI_GENDER} has counts for {fill['contributor_iso3']} in "
                f"{counted['date'].min():%Y-%m}; filling from {fill['file']} would count twice"
            )
        chosen |= hit
    return chosen


def one_grain_per_month(
    pdf_rows: pd.DataFrame, ipi: pd.DataFrame, fills: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, int, int]:
    """IPI rows for the months the UN reports do not cover, at the finest grain IPI has, plus
    the per-country rows that ``fills`` (:func:`read_fills`) takes where the finer file is
    blank.

    Returns
    -------
    (rows kept, rows kept from the gender file, rows kept from the per-country files)
    """
    pdf_months = set(pdf_rows["date"].unique())
    from_gender = ipi["source"] == IPI_GENDER
    gender_kept = from_gender & ~ipi["date"].isin(pdf_months)
    gender_months = set(ipi.loc[gender_kept, "date"].unique())
    country_kept = ~from_gender & ~ipi["date"].isin(pdf_months | gender_months)
    if fills is not None and len(fills):
        country_kept |= _fill_rows(ipi, fills) & ~ipi["date"].isin(pdf_months)
    return ipi[gender_kept | country_kept], int(gender_kept.sum()), int(country_kept.sum())


def set_aside_sex_split(
    pdf_rows: pd.DataFrame, kept: list[dict], data: Path
) -> tuple[pd.DataFrame, dict]:
    """Blank male/female of reports listed in ``sex_split_faults.csv`` (totals stay).

    Returns
    -------
    (rows, {"rows": rows set aside, "files": their report file names})
    """
    faults = pd.read_csv(data / "sex_split_faults.csv")
    faulty = {rep["file"] for rep in kept if rep["sha256"] in set(faults["sha256"])}
    out = pdf_rows.copy()
    set_aside = out["source"].isin(faulty)
    out.loc[set_aside, ["male", "female"]] = pd.NA
    return out, {"rows": int(set_aside.sum()), "files": sorted(Path(f).name for f in faulty)}


def notes(parts: dict) -> list[str]:
    """The build notes, from the tallies the stages keep (the same words for a full build and
    for one that extends the previous snapshot)."""
    out = list(parts["names"])
    if parts["placeholders"]:
        out.append(
            "report rows printed with no total and no non-zero count dropped: "
            f"{parts['placeholders']}"
        )
    out += parts["sources_before"]
    out.append(
        "IPI per-country rows for months covered by finer sources set aside: "
        f"{parts['ipi_set_aside']:,}"
    )
    if parts["sex_split"]["rows"]:
        out.append(
            f"sex split set aside (data/sex_split_faults.csv) for {parts['sex_split']['rows']} "
            f"rows of {', '.join(parts['sex_split']['files'])}"
        )
    if parts["merged"]:
        out.append(f"rows sharing month, mission, contributor and type summed: {parts['merged']:,}")
    if parts.get("filled"):
        out.append(
            "rows taken from IPI per-country files where the contributor x mission file is "
            f"blank (data/contributor_fills.csv): {parts['filled']}"
        )
    return out + parts["sources_after"]


def fill_summary(filled: pd.DataFrame) -> str:
    """``USA 2009-11..2012-12 (4,171 persons over 38 months); ...`` for the build notes."""
    parts = []
    for iso3, rows in filled.groupby(filled["contributor_iso3"].astype(str)):
        months = rows["date"].nunique()
        parts.append(
            f"{iso3} {rows['date'].min():%Y-%m}..{rows['date'].max():%Y-%m} "
            f"({int(rows['total'].sum()):,} person-months over {months} months)"
        )
    return "; ".join(parts)
