"""What the processed snapshot covers and how it was checked, for the data-quality notebook."""

from __future__ import annotations

import json
import os

import pandas as pd

from . import paths
from .catalog import info, list_datasets

PathLike = str | os.PathLike[str]


def manifest(data_home: PathLike | None = None) -> dict:
    """The build manifest (``data/processed/manifest.json``)."""
    return json.loads(paths.processed_file("manifest.json", data_home).read_text())


def catalogue() -> pd.DataFrame:
    """Every dataset with its publisher, vintage and licence."""
    rows = [vars(info(name)) for name in list_datasets()]
    return pd.DataFrame(rows).set_index("name")[
        ["title", "publisher", "vintage", "licence", "kind"]
    ]


def sources(data_home: PathLike | None = None) -> pd.DataFrame:
    """One row per source file read by the build (layout, printed date, status, rows)."""
    return pd.read_csv(paths.processed_file("sources.csv", data_home))


def source_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Files and rows per layout and status.

    Examples
    --------
    >>> t = pd.DataFrame({"layout": ["A", "A", "C"], "status": ["used"] * 3,
    ...                   "rows_out": [10, 20, 5]})
    >>> source_summary(t)["rows_out"].tolist()
    [30, 5]
    """
    status = table["status"].where(table["status"] == "used", "duplicate (not counted)")
    return (
        table.assign(status=status)
        .groupby(["layout", "status"], as_index=False)
        .agg(files=("layout", "size"), rows_out=("rows_out", "sum"))
    )


def coverage(data_home: PathLike | None = None) -> pd.DataFrame:
    """Months, rows and grain per source family and period."""
    from .loaders import load_contributions

    df = load_contributions(data_home=data_home)
    df = df.assign(
        grain=df["mission"].notna().map({True: "mission x contributor", False: "contributor"}),
        family=df["source"].astype(str).str.split("/").str[0],
    )
    return (
        df.groupby(["family", "grain"], observed=True)
        .agg(
            first=("date", "min"),
            last=("date", "max"),
            months=("date", "nunique"),
            rows=("date", "size"),
        )
        .sort_values("first")
        .reset_index()
    )


def missing_months(data_home: PathLike | None = None) -> list[str]:
    """Months between 1990-11 and 2025-07 that no source covers."""
    return manifest(data_home)["months_missing"]


def reconciliation(data_home: PathLike | None = None) -> pd.DataFrame:
    """Every printed total beside the sum of parsed rows (see :mod:`pkanalysis.reconcile`)."""
    return pd.read_parquet(paths.processed_file("reconciliation.parquet", data_home))


def reconciliation_summary(data_home: PathLike | None = None) -> pd.DataFrame:
    """Printed totals per source family, level and status."""
    rec = reconciliation(data_home)
    rec["family"] = rec["source"].str.split("/").str[0]
    return rec.pivot_table(
        index=["family", "level"], columns="status", values="source", aggfunc="count", fill_value=0
    )


def exceptions(data_home: PathLike | None = None) -> pd.DataFrame:
    """Printed totals not reproduced exactly, and printed rows that do not add up."""
    rec = reconciliation(data_home)
    return rec[rec["status"] != "match"].reset_index(drop=True)


#: The sourced tables in ``data/`` that correct or complete what the raw sources say.
CORRECTIONS: dict[str, str] = {
    "country_aliases.csv": "country names that UN OCHA's list does not know",
    "mission_aliases.csv": "alternative mission acronyms",
    "mission_fixes.csv": "corrected fields of the Data Hub's mission list",
    "missions_supplement.csv": "missions the Data Hub's list lacks",
    "report_date_overrides.csv": "reports that print no date",
    "reconciliation_explanations.csv": "printed totals explained by hand",
    "sex_split_faults.csv": "reports whose male/female columns are set aside",
    "contributor_fills.csv": "contributor-months taken from IPI's per-country files",
}


def corrections(data_home: PathLike | None = None) -> pd.DataFrame:
    """Every sourced correction table in ``data/`` (:data:`CORRECTIONS`) and how many entries
    it holds, then the build's notes on what it set aside or repaired."""
    base = paths.data_dir(data_home)
    rows = []
    for name, purpose in CORRECTIONS.items():
        table = pd.read_csv(base / name)
        rows.append({"table": name, "purpose": purpose, "entries": len(table)})
    notes = manifest(data_home).get("notes", [])
    rows += [{"table": "build", "purpose": note, "entries": pd.NA} for note in notes]
    return pd.DataFrame(rows)


def ipi_overlap(contributions: pd.DataFrame, strength: pd.DataFrame) -> pd.DataFrame:
    """Per month where both exist: mission totals of the UN reports beside IPI's.

    Returns one row per month with both totals, the missions in both, how many of them agree
    exactly, and the missions that differ (with the difference, reports minus IPI).

    Examples
    --------
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2015-01-31"] * 2), "mission": ["X", "Y"],
    ...                   "total": [5, 7]})
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2015-01-31"] * 2), "mission": ["X", "Y"],
    ...                   "total": [5, 6]})
    >>> ipi_overlap(c, s)[["reports", "ipi", "missions", "equal", "differ"]].values.tolist()
    [[12, 11, 2, 1, 'Y +1']]
    """
    ours = (
        contributions.dropna(subset=["mission"])
        .groupby(["date", "mission"], observed=True)["total"]
        .sum()
        .rename("reports")
    )
    theirs = strength.set_index(["date", "mission"])["total"].rename("ipi")
    both = ours.to_frame().join(theirs, how="inner").reset_index()
    both["mission"] = both["mission"].astype(str)
    both["diff"] = (both["reports"] - both["ipi"]).astype("Int64")
    rows = []
    for date, grp in both.groupby("date"):
        bad = grp[grp["diff"] != 0]
        rows.append(
            {
                "date": date.date(),
                "reports": int(grp["reports"].sum()),
                "ipi": int(grp["ipi"].sum()),
                "missions": len(grp),
                "equal": int((grp["diff"] == 0).sum()),
                "differ": ", ".join(
                    f"{m} {d:+d}" for m, d in zip(bad["mission"], bad["diff"], strict=True)
                ),
            }
        )
    return pd.DataFrame(rows)


def requirement_papers(requirements: pd.DataFrame) -> pd.DataFrame:
    """Rows per requirements paper: capabilities named, how many with a number of units, and
    the readiness levels named, with the paper's source.

    Examples
    --------
    >>> r = pd.DataFrame({"paper": ["p", "p"], "cycle": ["C", "C"],
    ...                   "paper_date": pd.to_datetime(["2021-06-01"] * 2),
    ...                   "capability": ["ISR", "training"], "units_requested": [2, None],
    ...                   "pcrs_level": [None, None], "source": ["s", "s"]})
    >>> requirement_papers(r)[["rows", "with_units"]].values.tolist()
    [[2, 1]]
    """
    return (
        requirements.groupby(["cycle", "paper"], sort=False, dropna=False)
        .agg(
            paper_date=("paper_date", "first"),
            rows=("capability", "size"),
            with_units=("units_requested", "count"),
            with_readiness=("pcrs_level", "count"),
            sources=("source", lambda s: " ; ".join(dict.fromkeys(s))),
        )
        .reset_index()
        .sort_values(["paper_date", "cycle"], na_position="first")
        .reset_index(drop=True)
    )


def pledge_classification(pledges: pd.DataFrame) -> pd.DataFrame:
    """Pledge rows per commitment: how many name a capability, how many state a quantity, and
    how many deployment or standby rows carry a personnel equivalent.

    Examples
    --------
    >>> p = pd.DataFrame({"commitment": ["deployment", "deployment", "financial"],
    ...                   "capability": ["ISR", "unspecified", "training"],
    ...                   "quantity": [1.0, None, 5.0],
    ...                   "personnel_equivalent": pd.array([100, None, None], dtype="Int64")})
    >>> pledge_classification(p).loc["deployment"].tolist()
    [2, 1, 1, 1]
    """
    df = pledges.assign(commitment=pledges["commitment"].astype(str))
    return df.groupby("commitment").agg(
        rows=("capability", "size"),
        capability_named=("capability", lambda s: int((s.astype(str) != "unspecified").sum())),
        with_quantity=("quantity", "count"),
        with_personnel_equivalent=("personnel_equivalent", "count"),
    )
