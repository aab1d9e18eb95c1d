"""``pkanalysis data build``: the stages in order.

    raw PDFs --extract/parse (workers, cached per report)--+
    raw CSVs --read (this process, meanwhile)--------------+-> reconcile -> harmonise
                                                             -> validate -> write beside,
                                                                verify, switch

One pool of worker processes (:mod:`~pkanalysis.build.workers`, the only parallel work)
parses the reports not in the parse cache while this process reads the CSV sources; the pool
is then shut down, so that the workers' memory is returned before the tables are assembled.
The command line starts the pool before this module is imported, so the workers parse while
pandas and the rest load.  When only new months' reports were added,
:mod:`~pkanalysis.build.extend` extends the previous snapshot instead (their parses taken from
the early workers if any, else made here).
"""

from __future__ import annotations

import contextlib
import os
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__, arrow_tables, checksums, curated, paths
from ..checksums import sha256
from ..parse import ipi
from . import changes, extend, harmonise, parse, reconcile, reports, validate, write
from .common import IPI_DIR, IPI_GENDER, BuildError
from .workers import Parsing, worker_pool


@dataclass
class BuildSummary:
    outputs: dict[str, int]
    seconds: float
    mismatches: pd.DataFrame
    months_missing: list[str]
    notes: list[str] = field(default_factory=list)
    parsed: int = 0
    cached: int = 0
    changes: dict = field(default_factory=dict)
    mode: str = "full build"

    @property
    def ok(self) -> bool:
        return self.mismatches.empty

    def describe(self) -> str:
        lines = [
            f"built in {self.seconds:.1f} s ({self.mode}; {self.parsed} report(s) parsed, "
            f"{self.cached} from the parse cache)"
        ]
        lines += [f"  {name}: {rows:,} rows" for name, rows in self.outputs.items()]
        lines.append(f"  months with no source: {', '.join(self.months_missing) or 'none'}")
        lines += [f"  note: {n}" for n in self.notes]
        if self.changes:
            lines.append("what changed:")
            lines += [f"  {line}" for line in changes.table(self.changes).splitlines()]
        if self.mismatches.empty:
            lines.append("every printed total reproduced or explained")
        else:
            lines.append(
                f"{len(self.mismatches)} printed total(s) NOT reproduced; "
                "see `pkanalysis data check`"
            )
        return "\n".join(lines)


def build(
    raw: str | os.PathLike[str] | None = None,
    data_home: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    strict: bool = True,
    cache: str | os.PathLike[str] | None = None,
    incremental: bool = True,
    parsing: Parsing | None = None,
) -> BuildSummary:
    """Parse the raw sources and switch in a new processed snapshot.

    Parameters
    ----------
    raw : path-like, optional
        Raw source folder (default :func:`pkanalysis.paths.raw_dir`).
    data_home : path-like, optional
        Data folder to write (default :func:`pkanalysis.paths.data_dir`).
    workers : int, optional
        Processes for PDF parsing (default: all cores).
    strict : bool, default True
        Refuse to switch in the snapshot if a printed total is not reproduced and not
        explained (it is kept in ``<data>/processed.refused/`` for inspection).
    cache : path-like, optional
        Parse cache folder (default ``<cache>/parsed``, see :func:`pkanalysis.paths.cache_dir`).
    incremental : bool, default True
        Extend the previous snapshot when only new months' reports were added
        (:mod:`pkanalysis.build.extend`); False always runs the full build.
    parsing : Parsing, optional
        Reports already being parsed (:func:`pkanalysis.build.workers.early`), with the
        pool that parses them; without it the build starts its own pool.

    Returns
    -------
    BuildSummary

    Raises
    ------
    BuildError
        If the data folder cannot be written (before anything is parsed), a source cannot be
        read, or the snapshot is refused; ``data/processed/`` is then unchanged.
    """
    started = time.perf_counter()
    raw_path, data = paths.raw_dir(raw), paths.data_dir(data_home)
    workers = workers or os.cpu_count() or 1
    if not data.is_dir():
        raise BuildError(f"data folder {data} does not exist")
    with write.exclusive(data):
        return _build_locked(raw_path, data, workers, strict, cache, incremental, started, parsing)


def _build_locked(
    raw_path: Path,
    data: Path,
    workers: int,
    strict: bool,
    cache: str | os.PathLike[str] | None,
    incremental: bool,
    started: float,
    parsing: Parsing | None,
) -> BuildSummary:
    staging = write.prepare(data)
    parse_cache = parse.ParseCache(cache)
    try:
        key = extend.inputs_key(raw_path, data)
        result, why = None, "full build requested"
        if incremental:
            files = {f: sha for f, (_, sha) in checksums.digests(parse.pdf_files(raw_path)).items()}
            try:
                old, new = extend.plan(raw_path, data, files, key)
                result = extend.extend(
                    raw_path, data, staging, old, new, parse_cache, key, started, parsing
                )
            except extend.NotExtendable as exc:
                why = str(exc)
                for leftover in staging.iterdir():  # nothing is kept from the attempt
                    leftover.unlink()
        if result is None:
            # the pool started before the build if there is one, else one of its own
            pool_of = (
                worker_pool(workers) if parsing is None else contextlib.nullcontext(parsing.pool)
            )
            with pool_of as pool:
                result = _build(raw_path, data, staging, pool, parse_cache, started, key, parsing)
            result[0].mode = f"full build: {why}"
        summary, recon_ok = result
        if strict and not recon_ok:
            refused = write.keep_refused(staging, data)
            raise BuildError(
                f"{len(summary.mismatches)} printed total(s) not reproduced and not explained; "
                f"data/processed/ is unchanged; the refused build is in {refused} (see "
                f"{refused / 'reconciliation.parquet'}; build with --allow-mismatch to switch "
                "it in anyway)"
            )
        write.switch(staging, data)
        from .. import harmonise as names

        names.save_lookups()  # the next build (one more month, say) may then skip loading hdx
        return summary
    finally:
        write.discard(staging)


def _read_csv_sources(raw: Path, data: Path) -> dict[str, Any]:
    """Everything the CSV sources give, read while the workers parse the PDFs."""
    # Imported only once the PDF workers have started (they need neither), so that pandera's
    # import runs beside the parsing instead of before it.
    from .. import harmonise as names
    from .. import reference
    from ..schemas import Contributions, MissionStrength

    # Warm the country list and the schemas (pandera builds them on first use).
    names.hdx_country()
    for model in (Contributions, MissionStrength):
        model.to_schema()
    gender = ipi.read_gender(raw)
    countries = ipi.read_countries(raw)
    validate.copies_name_one_state(countries.copies)
    strength_notes: list[str] = []
    strength = ipi.read_missions(raw, strength_notes)
    # Only counts and notes of the IPI tables are kept: their rows are in ipi_rows.
    return {
        "gender_notes": gender.notes,
        "gender_counts": (len(gender.rows), len(gender.totals)),
        "gender_checks": reconcile.check_ipi_gender(gender.rows, gender.totals),
        "countries_rows": len(countries.rows),
        "countries_notes": countries.notes,
        # IPI's rows are harmonised here, beside the parsing; which months they serve is
        # decided once the reports' months are known.
        "ipi_rows": harmonise.ipi_rows(gender.rows, countries.rows),
        "strength": strength,
        "strength_notes": strength_notes,
        "fatalities": reference.build_fatalities(raw),
        "missions": reference.build_missions(raw, data),
        "curated": curated.validate_all(data),
    }


def _build(
    raw: Path,
    data: Path,
    staging: Path,
    pool: Executor | None,
    parse_cache: parse.ParseCache,
    started: float,
    key: str,
    parsing: Parsing | None = None,
) -> tuple[BuildSummary, bool]:
    from .. import reference
    from ..harmonise import normalise_missions
    from ..schemas import Contributions, MissionStrength

    # 1-2. extract and parse the reports (workers) while the CSV sources are read (here)
    parsed, csv, counts = reports.parse_pdfs(
        raw,
        data,
        pool=pool,
        parse_cache=parse_cache,
        meanwhile=lambda: _read_csv_sources(raw, data),
        took=parse.previous_parse_seconds(data),
        on_submitted=lambda: write.pause("parse"),
        parsing=parsing,
    )
    if pool is not None:
        # Nothing else runs on the workers: stopping them now gives their memory back before
        # the tables are assembled, when this process needs the most.
        pool.shutdown(wait=True)
    kept, sources, name_notes = reports.choose_reports(parsed)
    parse_seconds = {rep["sha256"]: round(rep["seconds"], 3) for rep in parsed}
    del parsed  # the kept reports hold all that is needed from here on

    # 3. harmonise: one shape, one vocabulary, one grain per month
    pdf_rows, pdf_totals = reports.frames(kept)
    pdf_rows, placeholders = harmonise.drop_placeholders(pdf_rows)
    # The printed totals are checked here, now, while this process holds the least: on a
    # worker, the copy of every row it needs would add as much again to the build's memory.
    pdf_checks = reconcile.check_reports(pdf_rows, pdf_totals)
    del pdf_totals
    for rep in kept:  # their rows are in the frames above now
        del rep["rows"], rep["totals"]

    fills = harmonise.read_fills(data)
    ipi_all = csv.pop("ipi_rows")
    ipi_rows, gender_out, countries_out = harmonise.one_grain_per_month(pdf_rows, ipi_all, fills)
    # Per-country rows in months the gender file covers are the fills.
    gender_months = set(ipi_rows.loc[ipi_rows["source"] == IPI_GENDER, "date"])
    filled = ipi_rows[(ipi_rows["source"] != IPI_GENDER) & ipi_rows["date"].isin(gender_months)]
    del ipi_all
    out_rows, sex_split = harmonise.set_aside_sex_split(pdf_rows, kept, data)
    combined = pd.concat(
        [harmonise.harmonise(harmonise.shape(out_rows.assign(personnel_type=pd.NA))), ipi_rows],
        ignore_index=True,
    )
    del out_rows, ipi_rows
    combined, merged = harmonise.merge_same_key(combined)
    fatalities, fatality_notes = csv["fatalities"]
    note_parts = {
        "names": name_notes,
        "placeholders": placeholders,
        "sources_before": csv["gender_notes"] + csv["countries_notes"],
        "ipi_set_aside": csv["countries_rows"] - countries_out,
        "sex_split": sex_split,
        "merged": merged,
        "filled": harmonise.fill_summary(filled),
        "sources_after": csv["strength_notes"] + fatality_notes,
    }
    notes = harmonise.notes(note_parts)

    # 4. validate: mission acronyms first, while each row still says where it was read
    strength_raw = csv["strength"].assign(mission=lambda d: normalise_missions(d["mission"]))
    missions = csv["missions"]
    validate.missions_known(
        missions,
        {
            "mission": combined[combined["mission"].notna()],
            "Mission": strength_raw,
            "mission_acronym": fatalities.assign(source="un_dppa_dpo_fatalities"),
        },
    )
    contributions = combined[list(Contributions.to_schema().columns)]
    del combined
    contributions = contributions.sort_values(
        ["date", "mission", "contributor_iso3", "personnel_type"], na_position="first"
    ).reset_index(drop=True)
    validate.one_row_per_key(contributions)
    contributions = validate.validated(contributions, Contributions, "contributions")
    strength = validate.validated(
        strength_raw.drop(columns=["line"]), MissionStrength, "mission_strength"
    )
    hosts = {c for h in missions["host_iso3"].dropna() for c in h.split(";")}
    pledgers = set(pd.read_csv(data / "pledges.csv", usecols=["pledger_iso3"])["pledger_iso3"])
    countries_table = reference.build_countries(
        set(contributions["contributor_iso3"])
        | set(fatalities["nationality_iso3"].dropna())
        | hosts
        | pledgers,
        data,
    )

    # 5. reconcile
    gender_checks = reconcile.account_for_fills(csv["gender_checks"], filled)
    recon, mismatches = reconcile.reconcile_all([pdf_checks, gender_checks], data)

    # 6. write the whole snapshot beside the old one (the caller switches it in)
    snap = write.Snapshot(staging)
    written = {
        "contributions": snap.table("contributions", contributions),
        "mission_strength": snap.table("mission_strength", strength),
        "missions": snap.table("missions", missions),
        "fatalities": snap.table("fatalities", fatalities),
        "countries": snap.table("countries", countries_table),
    }
    write.pause("write")
    snap.parquet("reconciliation", recon)
    curated.write_snapshot(csv["curated"], staging)
    snap.add_existing([f"{name}.arrow" for name in csv["curated"]] + [curated.DIGESTS])
    source_table = _source_table(
        sources,
        raw,
        csv["gender_notes"],
        csv["gender_counts"],
        csv["countries_rows"],
        gender_out,
        countries_out,
        len(strength),
    )
    snap.csv("sources", source_table)
    what_changed = changes.compare(_previous_contributions(data), contributions)
    record, seconds, missing = write.manifest_fields(
        contributions,
        recon,
        started,
        package_version=__version__,
        parser_version=parse.parser_version(),
        inputs=key,
        reports_parsed=counts,
        # What each report took to parse: the next build schedules the longest first.
        parse_seconds=parse_seconds,
        outputs=written,
        changes=what_changed,
        notes=notes,
        note_parts=note_parts,
        sources=source_table.to_dict(orient="records"),
    )
    snap.manifest(record)
    summary = BuildSummary(
        {k: v["rows"] for k, v in written.items()},
        seconds,
        mismatches,
        missing,
        notes,
        parsed=counts["parsed"],
        cached=counts["cached"],
        changes=what_changed,
    )
    return summary, mismatches.empty


def _previous_contributions(data: Path) -> pd.DataFrame | None:
    """The contributions table of the snapshot being replaced, if it verifies."""
    from .. import snapshot

    path = data / "processed" / "contributions.arrow"
    if not path.exists():
        return None
    try:
        snapshot.verify_file(path)
    except snapshot.SnapshotError:
        return None
    return arrow_tables.read_frame(path)


def _source_table(
    sources: list[dict],
    raw: Path,
    gender_notes: list[str],
    gender_counts: tuple[int, int],
    countries_rows: int,
    gender_out: int,
    countries_out: int,
    strength_rows: int,
) -> pd.DataFrame:
    base = raw / IPI_DIR
    extra = [
        {
            "file": IPI_GENDER,
            "sha256": sha256(base / ipi.GENDER_FILE),
            "layout": "ipi-gender",
            "status": "used",
            "rows_parsed": gender_counts[0],
            "rows_out": gender_out,
            "notes": "; ".join(
                gender_notes + [f"{gender_counts[1]} aggregate rows kept as totals"]
            ),
        },
        {
            "file": f"{IPI_DIR}/{ipi.COUNTRIES_DIR}/*.csv",
            "sha256": "",
            "layout": "ipi-countries",
            "status": "used",
            "rows_parsed": countries_rows,
            "rows_out": countries_out,
            "notes": "months covered by finer sources set aside",
        },
        {
            "file": f"{IPI_DIR}/{ipi.MISSION_FILE}",
            "sha256": sha256(base / ipi.MISSION_FILE),
            "layout": "ipi-mission",
            "status": "used",
            "rows_parsed": strength_rows,
            "rows_out": strength_rows,
            "notes": "mission_strength",
        },
    ]
    return pd.DataFrame(sources + extra)
