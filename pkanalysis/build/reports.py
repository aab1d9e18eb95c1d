"""Stage 2, continued: the parsed reports dated, one kept per month, and their rows as tables.

:mod:`~pkanalysis.build.parse` reads each report into plain values (in the worker processes,
without pandas); here the build, in its own process, dates them (the printed date, else
``report_date_overrides.csv``), keeps one report per printed month, and turns the rows and
printed totals of all of them into one table each.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TypeVar

import pandas as pd

from .. import checksums
from ..parse import dpo_reports
from .common import PDF_DIR, BuildError
from .extract import name_month
from .parse import ParseCache, count, date_overrides, parse_report, report_date, to_parse
from .workers import Parsing

T = TypeVar("T")


def dated_report(path: Path, sha: str, parsed: dict, overrides: dict[str, date] | None) -> dict:
    """A parsed report with its date (:func:`~pkanalysis.build.parse.report_date`); its rows
    stay plain lists (:func:`frames` makes one table of many reports' rows at once).

    Raises
    ------
    dpo_reports.ReportDateError
        If the report prints no date and no override (keyed by sha256) supplies one.
    """
    when, basis = report_date(path, sha, parsed, overrides)
    return {
        "file": f"{PDF_DIR}/{path.name}",
        "sha256": sha,
        "layout": parsed["layout"],
        "printed_date": parsed["printed_date"],
        "date": pd.Timestamp(when.isoformat()),
        "date_basis": basis,
        "rows": parsed["rows"],
        "totals": parsed["totals"],
        "notes": list(parsed["notes"]),
        "seconds": parsed["seconds"],
    }


def frames(reports: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows and the printed totals of ``reports``, each as one table with the report's
    ``date`` and ``source`` file (one table built at once costs a fraction of one per report).

    Counts that may be blank (men and women; every column of a printed total) stay Python
    objects, None where the report prints nothing: the nullable integers they become later,
    and the reconciliation table written from the totals, are then the same whichever
    reports had blanks.
    """
    rows = _table(reports, "rows", dpo_reports.Row._fields, objects={"male", "female"})
    totals = _table(reports, "totals", dpo_reports.PrintedTotal._fields, objects=None)
    return rows, totals


def _table(
    reports: list[dict], key: str, fields: tuple[str, ...], objects: set[str] | None
) -> pd.DataFrame:
    """One table of the ``key`` tables of every report; ``objects`` are the columns kept as
    Python objects (None: all of them), the others get the dtype pandas infers from a list."""
    table = pd.DataFrame(
        {
            name: pd.Series(
                list(chain.from_iterable(rep[key][name] for rep in reports)),
                dtype=object if objects is None or name in objects else None,
            )
            for name in fields
        }
    )
    lengths = [count(rep[key]) for rep in reports]
    for column, key_ in (("date", "date"), ("source", "file")):
        values = pd.Series([rep[key_] for rep in reports]).repeat(lengths)
        table[column] = values.reset_index(drop=True)
    return table


def parse_pdf(path: Path, overrides: dict[str, date] | None = None) -> dict:
    """Parse one report (no cache): detect its layout, read its date, return rows and totals."""
    path = Path(path)
    return dated_report(path, checksums.sha256(path), parse_report(path), overrides)


def parse_pdfs(
    raw: Path,
    data: Path,
    pool: Executor | None = None,
    parse_cache: ParseCache | None = None,
    meanwhile: Callable[[], T] | None = None,
    took: dict[str, float] | None = None,
    on_submitted: Callable[[], None] | None = None,
    parsing: Parsing | None = None,
) -> tuple[list[dict], T | None, dict[str, int]]:
    """Every report PDF parsed, from the cache where possible, the rest on ``pool`` (or taken
    from ``parsing``, started before the build: :func:`~pkanalysis.build.workers.early`).

    ``meanwhile`` runs in this process while the workers parse, so the CSV sources are read in
    time that would otherwise be spent waiting; its result is returned beside the reports.

    Returns
    -------
    (list of dict, meanwhile's result, counts)
        One dict per file (copies of the same bytes included), and how many reports were
        ``parsed`` now and taken ``cached``.
    """
    overrides = date_overrides(data)
    by_digest, found, todo = to_parse(raw, parse_cache, took)
    parsing = parsing or Parsing(pool)
    parsing.submit(todo)
    if parsing.pool is not None and on_submitted:
        on_submitted()
    other = meanwhile() if meanwhile else None
    for sha, path in todo:
        found[sha] = parsing.result(sha, path)
        if parse_cache is not None:
            parse_cache.put(sha, found[sha])
    reports = []
    for sha, same in by_digest.items():
        for path in same:
            reports.append(dated_report(path, sha, found[sha], overrides))
    counts = {"parsed": len(todo), "cached": len(by_digest) - len(todo)}
    return sorted(reports, key=lambda r: r["file"]), other, counts


def name_note(file: str, date: pd.Timestamp, basis: str, status: str) -> str | None:
    """A note for a report whose file name gives another month than the report's date."""
    claimed = name_month(Path(file).name)
    if claimed is None or pd.Timestamp(claimed) == date:
        return None
    return (
        f"{Path(file).name}: the file name says {claimed:%Y-%m} but the report is dated "
        f"{date:%Y-%m} ({basis}); used for {date:%Y-%m}"
        + ("" if status == "used" else f", {status}")
    )


def choose_reports(parsed: list[dict]) -> tuple[list[dict], list[dict], list[str]]:
    """Keep one report per printed month; identical duplicates are reported, not counted.

    Returns
    -------
    (kept, sources, notes)
        The reports used, one ``sources.csv`` record per file, and notes for the build
        (files whose name gives another month than the one they print).

    Raises
    ------
    BuildError
        If two files print the same month but differ in content.
    """
    kept, sources, notes = [], [], []
    by_date: dict[pd.Timestamp, dict] = {}

    # Of identical copies, the one whose file name gives the month it prints is the one rows
    # cite: June 2022's rows should not name a file labelled 2020_06.
    def order(rep: dict) -> tuple:
        claimed = name_month(Path(rep["file"]).name)
        return (rep["date"], claimed is None or pd.Timestamp(claimed) != rep["date"], rep["file"])

    for rep in sorted(parsed, key=order):
        first = by_date.get(rep["date"])
        status = "used"
        if first is not None:
            if first["sha256"] != rep["sha256"]:
                raise BuildError(
                    f"{rep['file']} and {first['file']} both report {rep['date']:%Y-%m} but "
                    "differ in content; decide which one to use before building (a re-issued "
                    "report replaces the old one through `pkanalysis data add`)"
                )
            status = f"duplicate of {Path(first['file']).name} (identical bytes)"
        else:
            by_date[rep["date"]] = rep
            kept.append(rep)
        note = name_note(rep["file"], rep["date"], rep["date_basis"], status)
        if note:
            notes.append(note)
        sources.append(
            {
                "file": rep["file"],
                "sha256": rep["sha256"],
                "layout": rep["layout"],
                "printed_date": rep["printed_date"],
                "date": rep["date"].date().isoformat(),
                "date_basis": rep["date_basis"],
                "status": status,
                "rows_parsed": count(rep["rows"]),
                "rows_out": count(rep["rows"]) if status == "used" else 0,
                "notes": "; ".join(rep["notes"]),
            }
        )
    return kept, sources, notes
