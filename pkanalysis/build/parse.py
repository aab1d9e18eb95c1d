"""Stage 2 of a report: rows and printed totals, cached per report by content and parser version.

A report's parse depends only on its bytes and on the parser's code, so it is kept in
``<cache>/parsed/<sha256>-<parser version>.json`` and a rebuild parses only reports it has not
seen (one after a new month).  The parser version is a digest of the parser's source files
and of pypdfium2's version, so any change to a layout module invalidates every entry without
anyone having to remember to bump a number.  The cache holds what the file prints (rows as
plain lists, the printed date); the dating rules (``report_date_overrides.csv``) are applied
afterwards, so editing them needs no re-parse.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from functools import cache
from itertools import chain
from pathlib import Path
from typing import TypeVar

import pandas as pd

from .. import checksums, paths
from ..parse import dpo_reports
from .common import PDF_DIR, BuildError
from .extract import extract, name_month

T = TypeVar("T")


@cache
def parser_version() -> str:
    """Digest of the code that turns a PDF into rows (layout modules, this stage, pypdfium2)."""
    import pypdfium2

    h = hashlib.sha256(f"{pypdfium2.PYPDFIUM_INFO} {pypdfium2.PDFIUM_INFO}".encode())
    package = Path(dpo_reports.__file__).parent
    here = Path(__file__).parent
    for source in sorted(package.glob("*.py")) + [here / "extract.py", here / "parse.py"]:
        h.update(source.name.encode())
        h.update(source.read_bytes())
    return h.hexdigest()[:16]


def parse_report(path: str | os.PathLike[str]) -> dict:
    """Parse one report into plain Python values (what a worker sends back, what the cache keeps).

    Returns
    -------
    dict
        ``layout``, ``printed_date`` (ISO date or None), ``rows`` and ``totals`` (one list
        per :class:`~dpo_reports.Row` / :class:`~dpo_reports.PrintedTotal` field: a few long
        lists cost a worker and this process far less to send than one short list per row),
        ``notes``, ``seconds``.
    """
    started = time.perf_counter()
    opened = extract(Path(path))
    try:
        result = opened.layout.parse(opened.report)
    finally:
        opened.close()
    return {
        "layout": opened.layout.name,
        "printed_date": None if opened.printed_date is None else opened.printed_date.isoformat(),
        "rows": _by_field(result.rows, dpo_reports.Row._fields),
        "totals": _by_field(result.totals, dpo_reports.PrintedTotal._fields),
        "notes": list(result.notes),
        "seconds": round(time.perf_counter() - started, 3),
    }


def _by_field(records: list[tuple], fields: tuple[str, ...]) -> dict[str, list]:
    """Named tuples as one list per field."""
    columns = list(zip(*records, strict=True)) or [()] * len(fields)
    return {name: list(values) for name, values in zip(fields, columns, strict=True)}


def count(table: dict[str, list]) -> int:
    """The number of rows of a table held as one list per field."""
    return len(next(iter(table.values())))


class ParseCache:
    """Parsed reports on disk, keyed by the report's SHA-256 and :func:`parser_version`."""

    def __init__(self, folder: str | os.PathLike[str] | None = None):
        self.folder = Path(folder) if folder is not None else paths.cache_dir() / "parsed"

    def _path(self, sha: str) -> Path:
        return self.folder / f"{sha}-{parser_version()}.json"

    def get(self, sha: str) -> dict | None:
        try:
            return json.loads(self._path(sha).read_text())
        except (OSError, ValueError):  # absent, or left unreadable: parse again
            return None

    def put(self, sha: str, parsed: dict) -> None:
        """Keep a parse; written beside its final name and renamed, so never seen half-written.
        A cache that cannot be written only costs a re-parse next time."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{sha[:12]}-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(json.dumps(parsed))  # one C call; json.dump writes piece by piece
            os.replace(tmp, self._path(sha))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def date_overrides(data: Path) -> dict[str, pd.Timestamp]:
    """``report_date_overrides.csv``: the month of reports that print none, by SHA-256."""
    table = pd.read_csv(data / "report_date_overrides.csv")
    return {row.sha256: pd.Timestamp(row.report_date) for row in table.itertuples()}


def dated_report(
    path: Path, sha: str, parsed: dict, overrides: dict[str, pd.Timestamp] | None
) -> dict:
    """A parsed report dated (printed date, else an override); its rows stay plain lists
    (:func:`frames` makes one table of many reports' rows at once).

    Raises
    ------
    dpo_reports.ReportDateError
        If the report prints no date and no override (keyed by sha256) supplies one.
    """
    printed = None if parsed["printed_date"] is None else pd.Timestamp(parsed["printed_date"])
    date, basis = printed, "printed"
    if printed is None:
        if overrides and sha in overrides:
            date, basis = overrides[sha], "override"
        else:
            raise dpo_reports.ReportDateError(
                f"{path.name}: no report date printed (layout {parsed['layout']}) and no "
                "override for its sha256 in data/report_date_overrides.csv"
            )
    return {
        "file": f"{PDF_DIR}/{path.name}",
        "sha256": sha,
        "layout": parsed["layout"],
        "printed_date": parsed["printed_date"],
        "date": date,
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


def parse_pdf(path: Path, overrides: dict[str, pd.Timestamp] | None = None) -> dict:
    """Parse one report (no cache): detect its layout, read its date, return rows and totals."""
    path = Path(path)
    return dated_report(path, checksums.sha256(path), parse_report(path), overrides)


def pdf_files(raw: Path) -> list[Path]:
    files = sorted((raw / PDF_DIR).glob("*.pdf"))
    if not files:
        raise BuildError(f"no report PDFs found in {raw / PDF_DIR}")
    return files


def parse_pdfs(
    raw: Path,
    data: Path,
    pool: Executor | None = None,
    parse_cache: ParseCache | None = None,
    meanwhile: Callable[[], T] | None = None,
    took: dict[str, float] | None = None,
    on_submitted: Callable[[], None] | None = None,
) -> tuple[list[dict], T | None, dict[str, int]]:
    """Every report PDF parsed, from the cache where possible, the rest on ``pool``.

    ``meanwhile`` runs in this process while the workers parse, so the CSV sources are read in
    time that would otherwise be spent waiting; its result is returned beside the reports.

    Returns
    -------
    (list of dict, meanwhile's result, counts)
        One dict per file (copies of the same bytes included), and how many reports were
        ``parsed`` now and taken ``cached``.
    """
    files = pdf_files(raw)
    overrides = date_overrides(data)
    # Byte-identical files (a mislabelled copy of another month) are parsed once.
    by_digest: dict[str, list[Path]] = {}
    for f, (_, sha) in checksums.digests(files).items():
        by_digest.setdefault(sha, []).append(f)
    found: dict[str, dict] = {}
    todo: list[tuple[str, Path]] = []
    for sha, same in by_digest.items():
        hit = parse_cache.get(sha) if parse_cache is not None else None
        if hit is not None:
            found[sha] = hit
        else:
            todo.append((sha, same[0]))
    # Longest parses first, so none is left for the end of the run: reports new since the last
    # build, then by the seconds each took then (a small file in a layout read from character
    # positions can take ten times longer than its size suggests), then size.
    took = took or {}
    todo.sort(key=lambda t: (t[0] not in took, took.get(t[0], 0.0), t[1].stat().st_size))
    todo.reverse()
    if pool is None:
        other = meanwhile() if meanwhile else None
        results: Iterable[dict] = [parse_report(f) for _, f in todo]
    else:
        results = pool.map(parse_report, [f for _, f in todo], chunksize=1)
        if on_submitted:
            on_submitted()
        other = meanwhile() if meanwhile else None
    for (sha, _), result in zip(todo, results, strict=True):
        found[sha] = result
        if parse_cache is not None:
            parse_cache.put(sha, result)
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
