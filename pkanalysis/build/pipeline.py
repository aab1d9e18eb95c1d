"""``pkanalysis data build``: the stages in order, and the only place that runs work in parallel.

    raw PDFs --extract/parse (workers, cached per report)--+
    raw CSVs --read (this process, meanwhile)--------------+-> reconcile -> harmonise
                                                             -> validate -> write beside,
                                                                verify, switch

One pool of worker processes parses the reports not in the parse cache while this process
reads the CSV sources; the pool is then shut down, so that the workers' memory is returned
before the tables are assembled.  Workers ignore Ctrl-C (this process stops them) and are
killed by the kernel if this process dies (``PR_SET_PDEATHSIG``), so no build leaves a process
behind.  When only new months' reports were added, :mod:`~pkanalysis.build.extend` extends the
previous snapshot instead (no workers at all).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__, arrow_tables, checksums, curated, paths
from ..checksums import sha256
from ..parse import ipi
from . import changes, extend, harmonise, parse, reconcile, validate, write
from .common import IPI_DIR, IPI_GENDER, BuildError

_PR_SET_PDEATHSIG = 1


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


def _worker_start(parent: int) -> None:
    """Run in each worker as it starts: die with the build, leave Ctrl-C to the build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the C library's symbols are already loaded: no find_library(), which runs ldconfig
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # Linux only
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the build died before the signal was armed
        os._exit(1)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A process pool that is torn down at once, not drained, if the build fails or is stopped.

    ``ProcessPoolExecutor``'s own exit waits for every queued task; after Ctrl-C that would
    parse the remaining reports first.  Here queued tasks are cancelled and running workers
    killed, so the build stops within moments and its staging folder can be removed.
    """
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(workers, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.kill()
        for proc in processes:
            proc.join()
        raise
    else:
        pool.shutdown(wait=True)


def previous_parse_seconds(data: Path) -> dict[str, float]:
    """Seconds each report took to parse in the last build (by sha256), from its manifest."""
    try:
        manifest = json.loads((data / "processed" / "manifest.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return {k: float(v) for k, v in manifest.get("parse_seconds", {}).items()}


def build(
    raw: str | os.PathLike[str] | None = None,
    data_home: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    strict: bool = True,
    cache: str | os.PathLike[str] | None = None,
    incremental: bool = True,
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
        return _build_locked(raw_path, data, workers, strict, cache, incremental, started)


def _build_locked(
    raw_path: Path,
    data: Path,
    workers: int,
    strict: bool,
    cache: str | os.PathLike[str] | None,
    incremental: bool,
    started: float,
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
                result = extend.extend(raw_path, data, staging, old, new, parse_cache, key, started)
            except extend.NotExtendable as exc:
                why = str(exc)
                for leftover in staging.iterdir():  # nothing is kept from the attempt
                    leftover.unlink()
        if result is None:
            with worker_pool(workers) as pool:
                result = _build(raw_path, data, staging, pool, parse_cache, started, key)
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
) -> tuple[BuildSummary, bool]:
    from .. import reference
    from ..harmonise import normalise_missions
    from ..schemas import Contributions, MissionStrength

    # 1-2. extract and parse the reports (workers) while the CSV sources are read (here)
    parsed, csv, counts = parse.parse_pdfs(
        raw,
        data,
        pool=pool,
        parse_cache=parse_cache,
        meanwhile=lambda: _read_csv_sources(raw, data),
        took=previous_parse_seconds(data),
        on_submitted=lambda: write.pause("parse"),
    )
    if pool is not None:
        # Nothing else runs on the workers: stopping them now gives their memory back before
        # the tables are assembled, when this process needs the most.
        pool.shutdown(wait=True)
    kept, sources, name_notes = parse.choose_reports(parsed)
    parse_seconds = {rep["sha256"]: round(rep["seconds"], 3) for rep in parsed}
    del parsed  # the kept reports hold all that is needed from here on

    # 3. harmonise: one shape, one vocabulary, one grain per month
    pdf_rows, pdf_totals = parse.frames(kept)
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
