"""Reconciliation: every printed total against the sum of the rows parsed from the same file.

Statuses:

``match``
    The parsed rows reproduce the printed figure(s) exactly.
``explained``
    They do not, and ``data/reconciliation_explanations.csv`` records why (a printed total that
    is itself inconsistent, say).
``mismatch``
    They do not, and nobody has explained it: the build fails by default.
``source_inconsistent``
    A printed detail row whose male + female differs from its printed total; kept as printed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import paths
from .harmonise import squash_spaces

VALUES = ["male", "female", "total"]
LEVEL_KEYS = {
    "grand": [],
    "mission": ["mission"],
    "country": ["country"],
    "mission_country": ["mission", "country"],
    "type": ["personnel_type_source"],
}


def _norm(series: pd.Series) -> pd.Series:
    return squash_spaces(series).astype("string")


def _against(rows: pd.DataFrame, totals: pd.DataFrame, unit: list[str]) -> pd.DataFrame:
    """Compare printed totals with row sums; ``unit`` names the columns of one report."""
    rows = rows.copy()
    for col in ("mission", "country", "personnel_type_source"):
        if col in rows:
            rows[col] = _norm(rows[col])
    for col in VALUES:  # summed as integers (a report's counts may arrive as Python objects)
        rows[col] = rows[col].astype("Int64")
    results = []
    for level, keys in LEVEL_KEYS.items():
        part = totals[totals["level"] == level].copy()
        if part.empty:
            continue
        if level == "type":  # C2 prints per-type column totals; the label sits in `country`
            part["personnel_type_source"] = part["country"]
        for col in keys:
            part[col] = _norm(part[col])
        sums = (
            rows.groupby(unit + keys, dropna=False)[VALUES]
            .sum(min_count=1)
            .add_prefix("parsed_")
            .reset_index()
        )
        merged = part.merge(sums, on=unit + keys, how="left")
        results.append(merged)
    if not results:
        return pd.DataFrame()
    out = pd.concat(results, ignore_index=True)
    for v in VALUES:
        printed = out[v].astype("Int64")
        parsed = out[f"parsed_{v}"].astype("Int64").fillna(0)
        out[v] = printed
        out[f"parsed_{v}"] = parsed
        out[f"diff_{v}"] = (parsed - printed).where(printed.notna())
    differs = pd.concat([out[f"diff_{v}"].fillna(0) != 0 for v in VALUES], axis=1).any(axis=1)
    out["status"] = differs.map({True: "mismatch", False: "match"})
    # A printed total line that does not add up itself (male + female != total) cannot be
    # reproduced by any parse; when its male and female are reproduced, say so.
    self_bad = (out["male"] + out["female"] != out["total"]).fillna(False)
    sexes_ok = (out["diff_male"] == 0) & (out["diff_female"] == 0)
    auto = differs & self_bad & sexes_ok.fillna(False)
    out["reason"] = pd.Series(pd.NA, index=out.index, dtype="string")
    out.loc[auto, "status"] = "explained"
    out.loc[auto, "reason"] = (
        "printed line inconsistent: male + female = "
        + (out["male"] + out["female"]).astype("string")
        + " but total = "
        + out["total"].astype("string")
        + "; male and female reproduced exactly"
    )[auto]
    return out.drop(columns=["personnel_type_source"], errors="ignore")


def _row_checks(rows: pd.DataFrame, unit: list[str]) -> pd.DataFrame:
    both = rows["male"].notna() & rows["female"].notna() & rows["total"].notna()
    bad = rows[
        both
        & (
            rows["male"].astype("Int64") + rows["female"].astype("Int64")
            != rows["total"].astype("Int64")
        )
    ]
    if bad.empty:
        return pd.DataFrame()
    out = bad[unit + ["mission", "country"] + VALUES + [c for c in ("page", "line") if c in bad]]
    out = out.assign(
        level="row",
        status="source_inconsistent",
        reason="printed male + female differs from the printed total; kept as printed",
    )
    return out


def explanations(data_home: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Known, sourced reasons for printed totals that cannot be reproduced."""
    path = paths.data_dir(data_home) / "reconciliation_explanations.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def check_source(
    rows: pd.DataFrame,
    totals: pd.DataFrame,
    source: str | None = None,
    unit: list[str] | None = None,
) -> pd.DataFrame:
    """Printed totals beside the sums of the parsed rows, plus printed rows that do not add up.

    Parameters
    ----------
    rows, totals : DataFrame
        Parsed rows and printed totals.
    source : str, optional
        The source file, relative to the raw folder; if not given, both frames carry a
        ``source`` column (many reports checked at once, which is faster than one by one).
    unit : list of str, optional
        Columns that separate independent reports inside a source (a month's ``date``).
    """
    keys = ["source", *(unit or [])]
    if source is not None:
        rows, totals = rows.assign(source=source), totals.assign(source=source)
    return pd.concat([_against(rows, totals, keys), _row_checks(rows, keys)], ignore_index=True)


def reconcile(checks: list[pd.DataFrame], data: Path) -> pd.DataFrame:
    """Gather :func:`check_source` results and apply the sourced explanations.

    Parameters
    ----------
    checks : list of DataFrame
        One frame per source, each with ``date`` set.
    data : Path
        Data folder holding ``reconciliation_explanations.csv``.

    Returns
    -------
    DataFrame
        One row per printed total (and per printed row that does not add up).
    """
    out = pd.concat([c for c in checks if not c.empty], ignore_index=True)
    out["reason"] = out["reason"].astype("string")
    known = explanations(data)
    for ex in known.itertuples():
        hit = (
            out["source"].str.endswith(ex.file)
            & (out["level"] == ex.level)
            & (out["status"] == "mismatch")
        )
        for col in ("mission", "country"):
            value = getattr(ex, col)
            if value:
                hit &= _norm(out[col]) == value
        out.loc[hit, "status"] = "explained"
        out.loc[hit, "reason"] = ex.reason
    out["date"] = pd.to_datetime(out["date"]).dt.date
    order = [
        "source",
        "date",
        "level",
        "mission",
        "country",
        "status",
        *VALUES,
        *[f"parsed_{v}" for v in VALUES],
        *[f"diff_{v}" for v in VALUES],
        "reason",
    ]
    extra = [c for c in out.columns if c not in order]
    return out[order + extra].sort_values(["source", "level"], kind="stable")


def check_report(
    data_home: str | os.PathLike[str] | None = None, verbose: bool = False
) -> tuple[str, bool]:
    """Summarise ``reconciliation.parquet``: counts per report and every exception with its cause.

    Returns
    -------
    (str, bool)
        The report text, and whether every printed total was reproduced or explained.
    """
    from . import snapshot

    path = paths.processed_file("reconciliation.parquet", data_home)
    # Every file against the manifest first: totals read from a mixed or damaged snapshot
    # would prove nothing.
    checked = snapshot.verify(path.parent)
    rec = pd.read_parquet(path)
    totals = rec[rec["level"] != "row"]
    per_file = totals.pivot_table(
        index="source", columns="status", values="level", aggfunc="count", fill_value=0
    )
    lines = [
        f"snapshot: {checked} files match the sizes and SHA-256 in manifest.json",
        f"{len(per_file)} sources, {len(totals):,} printed totals checked: "
        + ", ".join(f"{k} {v:,}" for k, v in totals["status"].value_counts().items()),
    ]
    if verbose:
        lines.append(per_file.to_string())
    for status in ("mismatch", "explained"):
        bad = totals[totals["status"] == status]
        if bad.empty:
            continue
        lines.append(f"\n{status} ({len(bad)}):")
        for r in bad.itertuples():
            what = (
                " / ".join(str(x) for x in (r.mission, r.country) if pd.notna(x)) or "grand total"
            )
            diffs = ", ".join(
                f"{v} {getattr(r, 'diff_' + v):+g}"
                for v in VALUES
                if pd.notna(getattr(r, "diff_" + v)) and getattr(r, "diff_" + v)
            )
            lines.append(
                f"  {Path(r.source).name} {r.date} {r.level} {what}: {diffs}"
                + (f" -- {r.reason}" if pd.notna(r.reason) else "")
            )
    rows = rec[rec["level"] == "row"]
    if not rows.empty:
        lines.append(f"\nprinted rows whose male + female != total (kept as printed): {len(rows)}")
        for src, n in rows["source"].value_counts().items():
            lines.append(f"  {Path(src).name}: {n}")
    ok = not (totals["status"] == "mismatch").any()
    lines.append(
        "\nOK: every printed total reproduced or explained"
        if ok
        else "\nFAILED: unexplained differences above"
    )
    return "\n".join(lines), ok
