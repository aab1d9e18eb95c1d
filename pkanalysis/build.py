"""``pkanalysis data build``: raw sources -> harmonised, validated snapshot under data/processed.

Outputs (all committed, so loaders work offline on a fresh clone):

``contributions.arrow``
    One row per month x mission x contributor x personnel type, at one grain per month.
``mission_strength.arrow``
    IPI's mission x month totals (1990-11..2017-03), where no contributor split exists.
``missions.arrow``, ``fatalities.arrow``, ``countries.arrow``
    The reference tables behind the other loaders (Arrow IPC: see :mod:`pkanalysis.arrow_tables`).
``reconciliation.parquet``
    Every printed total of every report beside the sum of the parsed rows.
``sources.csv``
    One row per source file: sha256, layout, printed date, status and rows out.
``conferences.arrow``, ``pledges.arrow``, ... and ``curated.json``
    Validated copies of the curated tables, used by loaders while the CSVs are unchanged.
``manifest.json``
    Build time, package version, per-output row counts and checksums, months covered and gaps.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from . import __version__, arrow_tables, curated, paths
from .checksums import sha256
from .harmonise import hdx_country, normalise_missions, squash_spaces, to_iso3, un_name
from .parse import dpo_reports, ipi
from .reconcile import check_source, reconcile
from .vocab import personnel_type

PDF_DIR = "un_dpo_contributions_monthly_pdfs"
T = TypeVar("T")
IPI_GENDER = f"ipi_providing_for_peacekeeping/{ipi.GENDER_FILE}"
# The columns every source's rows share before harmonisation.
ROW_COLUMNS = [
    "date",
    "mission",
    "country",
    "personnel_type_source",
    "personnel_type",
    "male",
    "female",
    "total",
    "source",
]
FIRST_MONTH = pd.Timestamp("1990-11-30")
LAST_MONTH = pd.Timestamp("2025-07-31")


class BuildError(RuntimeError):
    """The build cannot produce a trustworthy snapshot; the message says why."""


@dataclass
class BuildSummary:
    outputs: dict[str, int]
    seconds: float
    mismatches: pd.DataFrame
    months_missing: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.mismatches.empty

    def describe(self) -> str:
        lines = [f"built in {self.seconds:.1f} s"]
        lines += [f"  {name}: {rows:,} rows" for name, rows in self.outputs.items()]
        lines.append(f"  months with no source: {', '.join(self.months_missing) or 'none'}")
        lines += [f"  note: {n}" for n in self.notes]
        if self.mismatches.empty:
            lines.append("every printed total reproduced or explained")
        else:
            lines.append(
                f"{len(self.mismatches)} printed total(s) NOT reproduced; "
                "see `pkanalysis data check`"
            )
        return "\n".join(lines)


def _previous_parse_seconds(data: Path) -> dict[str, float]:
    """Seconds each report took to parse in the last build (by sha256), from its manifest."""
    try:
        manifest = json.loads((data / "processed" / "manifest.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return {k: float(v) for k, v in manifest.get("parse_seconds", {}).items()}


def _date_overrides(data: Path) -> dict[str, pd.Timestamp]:
    table = pd.read_csv(data / "report_date_overrides.csv")
    return {row.sha256: pd.Timestamp(row.report_date) for row in table.itertuples()}


def parse_pdf(path: Path, overrides: dict[str, pd.Timestamp] | None = None) -> dict:
    """Parse one report: detect its layout, read its date, return rows and printed totals.

    Raises
    ------
    dpo_reports.ReportDateError
        If the report prints no date and no override (keyed by sha256) supplies one.
    """
    started = time.perf_counter()
    digest = sha256(path)
    report = dpo_reports.open_report(path)
    try:
        spec = dpo_reports.detect_layout(report)
        printed = spec.read_date(report)
        date, basis = printed, "printed"
        if printed is None:
            if overrides and digest in overrides:
                date, basis = overrides[digest], "override"
            else:
                raise dpo_reports.ReportDateError(
                    f"{path.name}: no report date printed (layout {spec.name}) and no override "
                    "for its sha256 in data/report_date_overrides.csv"
                )
        result = spec.parse(report)
    finally:
        report.pdf.close()
    file = f"{PDF_DIR}/{path.name}"
    rows = pd.DataFrame(result.rows, columns=dpo_reports.Row._fields).assign(date=date, source=file)
    totals = pd.DataFrame(result.totals, columns=dpo_reports.PrintedTotal._fields).assign(
        date=date, source=file
    )
    return {
        "file": file,
        "sha256": digest,
        "layout": spec.name,
        "printed_date": None if printed is None else printed.date().isoformat(),
        "date": date,
        "date_basis": basis,
        "rows": rows,
        "totals": totals,
        "notes": list(result.notes),
        "seconds": time.perf_counter() - started,
    }


def _pdf_files(raw: Path) -> list[Path]:
    files = sorted((raw / PDF_DIR).glob("*.pdf"))
    if not files:
        raise BuildError(f"no report PDFs found in {raw / PDF_DIR}")
    return files


def parse_pdfs(
    raw: Path,
    data: Path,
    workers: int | None = None,
    meanwhile: Callable[[], T] | None = None,
    pool: Executor | None = None,
) -> tuple[list[dict], T | None]:
    """Parse every report PDF, in parallel (one process per core by default, or on ``pool``).

    ``meanwhile`` runs in this process while the workers parse, so the CSV sources are read in
    time that would otherwise be spent waiting; its result is returned beside the reports.
    """
    files = _pdf_files(raw)
    overrides = _date_overrides(data)
    # Byte-identical files (a mislabelled copy of another month) are parsed once.
    by_digest: dict[str, list[Path]] = {}
    for f in files:
        by_digest.setdefault(sha256(f), []).append(f)
    unique = [paths_[0] for paths_ in by_digest.values()]
    digest_of = {paths_[0]: digest for digest, paths_ in by_digest.items()}
    took = _previous_parse_seconds(data)
    workers = workers or os.cpu_count() or 1
    if pool is None and workers == 1:
        other = meanwhile() if meanwhile else None
        parsed = [parse_pdf(f, overrides) for f in unique]
    else:
        with contextlib.ExitStack() as stack:
            if pool is None:
                pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            # Longest parses first, so none is left for the end of the run: files new since the
            # last build, then by the seconds each took then (a small file in a layout read from
            # character positions can take ten times longer than its size suggests), then size.
            order = sorted(
                unique,
                key=lambda f: (
                    digest_of[f] not in took,
                    took.get(digest_of[f], 0.0),
                    f.stat().st_size,
                ),
                reverse=True,
            )
            pending = pool.map(parse_pdf, order, [overrides] * len(order), chunksize=1)
            other = meanwhile() if meanwhile else None
            parsed = list(pending)
    copies = []
    for rep in parsed:
        for copy in by_digest[rep["sha256"]][1:]:
            file = f"{PDF_DIR}/{copy.name}"
            copies.append(
                {
                    **rep,
                    "file": file,
                    "rows": rep["rows"].assign(source=file),
                    "totals": rep["totals"].assign(source=file),
                }
            )
    return sorted(parsed + copies, key=lambda r: r["file"]), other


def _choose_reports(parsed: list[dict]) -> tuple[list[dict], list[dict]]:
    """Keep one report per printed month; identical duplicates are reported, not counted."""
    kept, sources = [], []
    by_date: dict[pd.Timestamp, dict] = {}
    for rep in sorted(parsed, key=lambda r: (r["date"], r["file"])):
        first = by_date.get(rep["date"])
        status = "used"
        if first is not None:
            if first["sha256"] != rep["sha256"]:
                raise BuildError(
                    f"{rep['file']} and {first['file']} both report {rep['date']:%Y-%m} but "
                    "differ in content; decide which one to use before building"
                )
            status = f"duplicate of {Path(first['file']).name} (identical bytes)"
        else:
            by_date[rep["date"]] = rep
            kept.append(rep)
        sources.append(
            {
                "file": rep["file"],
                "sha256": rep["sha256"],
                "layout": rep["layout"],
                "printed_date": rep["printed_date"],
                "date": rep["date"].date().isoformat(),
                "date_basis": rep["date_basis"],
                "status": status,
                "rows_parsed": len(rep["rows"]),
                "rows_out": len(rep["rows"]) if status == "used" else 0,
                "notes": "; ".join(rep["notes"]),
            }
        )
    return kept, sources


def _drop_placeholders(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
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


def _harmonise(rows: pd.DataFrame) -> pd.DataFrame:
    """Names to ISO3 and UN names, labels to the vocabulary, acronyms normalised."""
    rows = rows.copy()
    rows["contributor_iso3"] = to_iso3(rows["country"], rows["date"], what="contributor")
    rows["contributor"] = rows["contributor_iso3"].map(
        {code: un_name(code) for code in rows["contributor_iso3"].unique()}
    )
    labels = squash_spaces(rows["personnel_type_source"].astype(str))
    rows["personnel_type_source"] = labels
    mapped = labels.map(
        {lab: personnel_type(lab) for lab in labels[rows["personnel_type"].isna()].unique()}
    )
    rows["personnel_type"] = rows["personnel_type"].fillna(mapped)
    rows["mission"] = normalise_missions(rows["mission"])
    return rows


def _merge_same_key(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
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


def build(
    raw: str | os.PathLike[str] | None = None,
    data_home: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    strict: bool = True,
) -> BuildSummary:
    """Parse every raw source and write the processed snapshot.

    Parameters
    ----------
    raw : path-like, optional
        Raw source folder (default :func:`pkanalysis.paths.raw_dir`).
    data_home : path-like, optional
        Data folder to write (default :func:`pkanalysis.paths.data_dir`).
    workers : int, optional
        Processes for PDF parsing (default: all cores).
    strict : bool, default True
        Refuse to write the snapshot if a printed total is not reproduced and not explained.

    Returns
    -------
    BuildSummary
    """
    started = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    # One pool for the whole build: it parses the PDFs, then checks their printed totals while
    # this process assembles the table.
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ProcessPoolExecutor(workers)) if workers > 1 else None
        return _build(paths.raw_dir(raw), paths.data_dir(data_home), pool, strict, started)


def _submit(pool: Executor | None, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
    """Run ``fn`` on ``pool``, or here and now when there is no pool."""
    if pool is not None:
        return pool.submit(fn, *args, **kwargs)
    done: Future[T] = Future()
    done.set_result(fn(*args, **kwargs))
    return done


def _build(
    raw_path: Path, data: Path, pool: Executor | None, strict: bool, started: float
) -> BuildSummary:
    out = data / "processed"
    notes: list[str] = []

    def read_csv_sources():
        # Imported only once the PDF workers have started (they need neither), so that
        # pandera's import runs beside the parsing instead of before it.
        from . import reference
        from .schemas import Contributions, MissionStrength

        # Warm the country list and the schemas (pandera builds them on first use) while the
        # PDF workers run.
        hdx_country()
        for model in (Contributions, MissionStrength):
            model.to_schema()
        gender = ipi.read_gender(raw_path)
        gender_checks = check_source(gender.rows, gender.totals, IPI_GENDER, unit=["date"])
        countries = ipi.read_countries(raw_path)
        # IPI's rows are harmonised here, beside the parsing; which months they serve is
        # decided once the reports' months are known.
        ipi_rows = _harmonise(
            pd.concat(
                [
                    gender.rows.assign(source=IPI_GENDER, personnel_type=pd.NA)[ROW_COLUMNS],
                    countries.rows.rename(columns={"file": "source"})[ROW_COLUMNS],
                ],
                ignore_index=True,
            )
        )
        return (
            (gender, gender_checks, ipi_rows),
            countries,
            ipi.read_missions(raw_path),
            reference.build_fatalities(raw_path),
            reference.build_missions(raw_path, data),
            curated.validate_all(data),
        )

    parsed, csv_sources = parse_pdfs(raw_path, data, meanwhile=read_csv_sources, pool=pool)
    import pandera.pandas as pa

    from . import reference
    from .schemas import Contributions, MissionStrength

    ipi_gender, countries, strength_raw, fatality_result, missions, curated_tables = csv_sources
    gender, gender_checks, ipi_rows = ipi_gender
    fatalities, fatality_notes = fatality_result
    kept, sources = _choose_reports(parsed)
    pdf_rows = pd.concat([rep["rows"] for rep in kept], ignore_index=True)
    pdf_rows, placeholders = _drop_placeholders(pdf_rows)
    if placeholders:
        notes.append(
            f"report rows printed with no total and no non-zero count dropped: {placeholders}"
        )
    pdf_totals = pd.concat([rep["totals"] for rep in kept], ignore_index=True)
    pdf_checks = _submit(pool, check_source, pdf_rows, pdf_totals, unit=["date"])

    notes += gender.notes
    # One grain per month: the UN reports where they exist, then IPI's contributor x mission
    # file, then IPI's per-country totals.
    pdf_months = set(pdf_rows["date"].unique())
    from_gender = ipi_rows["source"] == IPI_GENDER
    gender_kept = from_gender & ~ipi_rows["date"].isin(pdf_months)
    gender_months = set(ipi_rows.loc[gender_kept, "date"].unique())
    country_kept = ~from_gender & ~ipi_rows["date"].isin(pdf_months | gender_months)
    gender_out, countries_out = int(gender_kept.sum()), int(country_kept.sum())
    ipi_rows = ipi_rows[gender_kept | country_kept]
    notes.append(
        f"IPI per-country rows for months covered by finer sources set aside: "
        f"{len(countries.rows) - countries_out:,}"
    )

    faults = pd.read_csv(data / "sex_split_faults.csv")
    faulty = {rep["file"] for rep in kept if rep["sha256"] in set(faults["sha256"])}
    out_rows = pdf_rows.copy()
    set_aside = out_rows["source"].isin(faulty)
    out_rows.loc[set_aside, ["male", "female"]] = pd.NA
    if set_aside.any():
        notes.append(
            f"sex split set aside (data/sex_split_faults.csv) for {int(set_aside.sum())} "
            f"rows of {', '.join(sorted(Path(f).name for f in faulty))}"
        )
    combined = pd.concat(
        [_harmonise(out_rows.assign(personnel_type=pd.NA)[ROW_COLUMNS]), ipi_rows],
        ignore_index=True,
    )
    combined, merged = _merge_same_key(combined)
    if merged:
        notes.append(f"rows sharing month, mission, contributor and type summed: {merged:,}")

    contributions = combined[list(Contributions.to_schema().columns)]
    contributions = contributions.sort_values(
        ["date", "mission", "contributor_iso3", "personnel_type"], na_position="first"
    ).reset_index(drop=True)
    try:
        contributions = Contributions.validate(contributions, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise BuildError(f"contributions failed validation:\n{exc.failure_cases.head(20)}") from exc

    strength = MissionStrength.validate(
        strength_raw.assign(mission=lambda d: normalise_missions(d["mission"]))
    )

    notes += fatality_notes
    used = (
        set(contributions["mission"].dropna())
        | set(strength["mission"])
        | set(fatalities["mission"])
    )
    reference.check_missions_known(missions, used)
    hosts = {c for h in missions["host_iso3"].dropna() for c in h.split(";")}
    pledgers = set(pd.read_csv(data / "pledges.csv", usecols=["pledger_iso3"])["pledger_iso3"])
    countries_table = reference.build_countries(
        set(contributions["contributor_iso3"])
        | set(fatalities["nationality_iso3"].dropna())
        | hosts
        | pledgers,
        data,
    )

    recon = reconcile([pdf_checks.result(), gender_checks], data)
    mismatches = recon[recon["status"] == "mismatch"]

    months = pd.date_range(FIRST_MONTH, LAST_MONTH, freq="ME")
    covered = set(contributions["date"].unique())
    missing = [f"{m:%Y-%m}" for m in months if m not in covered]

    if strict and not mismatches.empty:
        out.mkdir(parents=True, exist_ok=True)
        _write_parquet(recon, out / "reconciliation.parquet")
        raise BuildError(
            f"{len(mismatches)} printed total(s) not reproduced and not explained; see "
            f"{out / 'reconciliation.parquet'} (build with --allow-mismatch to write anyway)"
        )

    out.mkdir(parents=True, exist_ok=True)
    written = {
        "contributions": _write_table(contributions, out / "contributions.arrow"),
        "mission_strength": _write_table(strength, out / "mission_strength.arrow"),
        "missions": _write_table(missions, out / "missions.arrow"),
        "fatalities": _write_table(fatalities, out / "fatalities.arrow"),
        "countries": _write_table(countries_table, out / "countries.arrow"),
    }
    _write_parquet(recon, out / "reconciliation.parquet")
    curated.write_snapshot(curated_tables, out)
    source_table = _source_table(
        sources, raw_path, gender, countries, gender_out, countries_out, len(strength)
    )
    source_table.to_csv(out / "sources.csv", index=False)
    seconds = time.perf_counter() - started
    manifest = {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "package_version": __version__,
        "seconds": round(seconds, 2),
        # What each report took to parse: the next build schedules the longest first.
        "parse_seconds": {rep["sha256"]: round(rep["seconds"], 3) for rep in parsed},
        "outputs": written,
        "months_covered": [f"{min(covered):%Y-%m}", f"{max(covered):%Y-%m}"],
        "months_missing": missing,
        "reconciliation": recon["status"].value_counts().to_dict(),
        "notes": notes,
        "sources": source_table.to_dict(orient="records"),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str) + "\n")
    return BuildSummary(
        {k: v["rows"] for k, v in written.items()}, seconds, mismatches, missing, notes
    )


def _write_parquet(df: pd.DataFrame, path: Path) -> dict:
    df.to_parquet(path, index=False, compression="zstd")
    return {"file": path.name, "rows": len(df), "sha256": sha256(path)}


def _write_table(df: pd.DataFrame, path: Path) -> dict:
    """A loader's table, as Arrow IPC: read far more often than written (see arrow_tables)."""
    arrow_tables.write_frame(df, path)
    return {"file": path.name, "rows": len(df), "sha256": sha256(path)}


def _source_table(
    sources: list[dict],
    raw: Path,
    gender: ipi.IpiTable,
    countries: ipi.IpiTable,
    gender_out: int,
    countries_out: int,
    strength_rows: int,
) -> pd.DataFrame:
    extra = []
    base = raw / "ipi_providing_for_peacekeeping"
    extra.append(
        {
            "file": IPI_GENDER,
            "sha256": sha256(base / ipi.GENDER_FILE),
            "layout": "ipi-gender",
            "status": "used",
            "rows_parsed": len(gender.rows),
            "rows_out": gender_out,
            "notes": "; ".join(
                gender.notes + [f"{len(gender.totals)} aggregate rows kept as totals"]
            ),
        }
    )
    extra.append(
        {
            "file": f"ipi_providing_for_peacekeeping/{ipi.COUNTRIES_DIR}/*.csv",
            "sha256": "",
            "layout": "ipi-countries",
            "status": "used",
            "rows_parsed": len(countries.rows),
            "rows_out": countries_out,
            "notes": "months covered by finer sources set aside",
        }
    )
    extra.append(
        {
            "file": f"ipi_providing_for_peacekeeping/{ipi.MISSION_FILE}",
            "sha256": sha256(base / ipi.MISSION_FILE),
            "layout": "ipi-mission",
            "status": "used",
            "rows_parsed": strength_rows,
            "rows_out": strength_rows,
            "notes": "mission_strength",
        }
    )
    return pd.DataFrame(sources + extra)
