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


def one_grain_per_month(pdf_rows: pd.DataFrame, ipi: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """IPI rows for the months the UN reports do not cover, at the finest grain IPI has.

    Returns
    -------
    (rows kept, rows kept from the gender file, rows kept from the per-country files)
    """
    pdf_months = set(pdf_rows["date"].unique())
    from_gender = ipi["source"] == IPI_GENDER
    gender_kept = from_gender & ~ipi["date"].isin(pdf_months)
    gender_months = set(ipi.loc[gender_kept, "date"].unique())
    country_kept = ~from_gender & ~ipi["date"].isin(pdf_months | gender_months)
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
    return out + parts["sources_after"]
