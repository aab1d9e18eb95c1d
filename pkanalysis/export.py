"""Export a dataset or the state x period panel for Stata, R or any other tool, with a codebook.

``pkanalysis export --format dta --table contributions --panel year`` writes the balanced
contributor x year panel of :func:`pkanalysis.panel` (with COW and Gleditsch-Ward codes, so it
merges with UCDP, V-Dem or peacesciencer data) and ``<name>.codebook.csv`` beside it: one row
per column with its type, unit, meaning, value labels, the dataset's source and vintage.

Stata files are written with pyreadstat: categorical columns become integer codes with value
labels (what R's ``haven::read_dta`` reads as labelled values), dates become Stata dates,
and booleans 0/1.  Stata names are at most 32 characters; longer names are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import catalog

FORMATS = ("csv", "parquet", "dta")
PANELS = ("month", "year")


class ExportError(ValueError):
    """An export cannot be made as asked (unknown table, panel or format, a column Stata cannot
    name); the message lists the valid choices."""


#: Meanings of the columns of the panel and of columns that no schema describes.
_PANEL_COLUMNS = {
    "contributor_iso3": ("", "ISO 3166-1 alpha-3 code of the contributing state"),
    "date": ("month end", "Month (month-end date)"),
    "year": ("year", "Calendar year"),
    "total": ("persons", "Uniformed personnel deployed (monthly; yearly: mean over months)"),
    "female": (
        "persons",
        "Women deployed; missing where the month's source has no sex split",
    ),
    "observed": ("", "Whether a report covers the period (1) or not (0: values missing)"),
    "months_observed": ("months", "Months of the year a report covers"),
    "cow_code": ("", "Correlates of War state number (ccode), from the countrycode crosswalk"),
    "gw_code": ("", "Gleditsch-Ward state number (gwcode), from the countrycode crosswalk"),
}
_SCHEMAS = {
    "contributions": "Contributions",
    "mission_strength": "MissionStrength",
    "conferences": "Conference",
    "pledges": "Pledge",
    "pledge_counts": "PledgeCount",
    "parity_targets": "ParityTarget",
    "unit_sizes": "UnitSize",
    "missions": "Mission",
    "fatalities": "Fatality",
    "countries": "LoadedCountry",
    "bloc_membership": "BlocMembership",
}


def table(name: str, panel: str | None = None, data_home=None) -> pd.DataFrame:
    """The frame an export writes: a dataset, or with ``panel`` the contributor x period panel
    of the contributions joined with COW and G-W codes.

    Raises
    ------
    ExportError
        For an unknown table or panel unit (listing the valid ones), or a panel of a table
        other than ``contributions``.
    """
    names = catalog.list_datasets()
    if name not in names:
        raise ExportError(f"unknown table {name!r}; valid tables: {', '.join(names)}")
    if panel is None:
        return catalog.load(name, data_home=data_home)
    if panel not in PANELS:
        raise ExportError(f"unknown panel {panel!r}; valid panels: {', '.join(PANELS)}")
    if name != "contributions":
        raise ExportError(f"a panel is built from the contributions, not from {name!r}")
    from .loaders import load_countries
    from .panels import panel as build_panel

    out = build_panel(unit=panel, data_home=data_home)
    codes = load_countries(data_home)[["iso3", "cow_code", "gw_code"]]
    out = out.merge(
        codes.rename(columns={"iso3": "contributor_iso3"}).astype({"contributor_iso3": str}),
        left_on=out["contributor_iso3"].astype(str),
        right_on="contributor_iso3",
        how="left",
        suffixes=("", "_"),
    ).drop(columns=["contributor_iso3_", "key_0"], errors="ignore")
    return out


def codebook(df: pd.DataFrame, name: str, panel: str | None = None, data_home=None) -> pd.DataFrame:
    """One row per column: name, dtype, unit, meaning, value labels, source and vintage (of
    the snapshot in ``data_home``)."""
    from . import schemas

    meta = catalog.info(name, data_home)
    described: dict[str, tuple[str, str]] = {}
    if panel is None and name in _SCHEMAS:
        dd = schemas.data_dictionary(getattr(schemas, _SCHEMAS[name]))
        described = {c: (r["unit"], r["description"]) for c, r in dd.iterrows()}
    rows = []
    for col in df.columns:
        unit, meaning = described.get(col) or _PANEL_COLUMNS.get(col, ("", ""))
        labels = ""
        if isinstance(df[col].dtype, pd.CategoricalDtype):
            cats = df[col].cat.categories
            labels = "; ".join(f"{i}={c}" for i, c in enumerate(cats, start=1))
        rows.append(
            {
                "column": col,
                "dtype": str(df[col].dtype),
                "unit": unit,
                "meaning": meaning,
                "value_labels": labels,
                "source": f"{meta.publisher} ({meta.url})",
                "vintage": meta.vintage,
            }
        )
    return pd.DataFrame(rows)


def _for_stata(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[int, str]]]:
    """Categoricals to labelled integer codes (1..n, missing stays missing); booleans to 0/1;
    nullable integers to floats (Stata's missing value); text as str."""
    out = pd.DataFrame(index=df.index)
    labels: dict[str, dict[int, str]] = {}
    for col in df.columns:
        s = df[col]
        too_long = len(col) > 32 or not col.isidentifier()
        if too_long:
            raise ExportError(f"column {col!r} is not a valid Stata name (max 32 characters)")
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes = s.cat.codes.astype(float) + 1
            out[col] = codes.where(s.notna())
            labels[col] = {i: str(c) for i, c in enumerate(s.cat.categories, start=1)}
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[col] = s.astype(float)
        elif pd.api.types.is_datetime64_any_dtype(s.dtype):
            out[col] = s.astype("datetime64[ns]")
        elif pd.api.types.is_numeric_dtype(s.dtype):
            out[col] = s.astype(float)
        else:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
    return out, labels


def write(
    df: pd.DataFrame,
    path: str | os.PathLike[str],
    fmt: str,
    book: pd.DataFrame | None = None,
) -> list[Path]:
    """Write ``df`` as ``fmt`` to ``path`` and the codebook beside it; return both paths."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        import pyreadstat

        data, labels = _for_stata(df)
        column_labels = None
        if book is not None:
            meaning = dict(zip(book["column"], book["meaning"], strict=True))
            # Stata variable labels hold at most 80 characters.
            column_labels = [meaning.get(c, "")[:80] for c in data.columns]
        pyreadstat.write_dta(
            data,
            str(path),
            column_labels=column_labels,
            variable_value_labels=labels or None,
            version=15,
        )
    written = [path]
    if book is not None:
        book_path = path.with_name(f"{path.stem}.codebook.csv")
        book.to_csv(book_path, index=False)
        written.append(book_path)
    return written


def export(
    name: str,
    fmt: str = "csv",
    panel: str | None = None,
    out: str | os.PathLike[str] | None = None,
    data_home=None,
) -> list[Path]:
    """Export a table (or the panel) with its codebook; returns the files written.

    The default file is ``<name>[_panel_<unit>].<fmt>`` in the current folder.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    df = table(name, panel, data_home)
    stem = name if panel is None else f"{name}_panel_{panel}"
    path = Path(out) if out is not None else Path(f"{stem}.{fmt}")
    return write(df, path, fmt, codebook(df, name, panel, data_home))
