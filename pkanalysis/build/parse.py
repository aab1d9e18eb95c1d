"""Stage 2 of a report: rows and printed totals, cached per report by content and parser version.

A report's parse depends only on its bytes and on the parser's code, so it is kept in
``<cache>/parsed/<sha256>-<parser version>.json`` and a rebuild parses only reports it has not
seen (one after a new month).  The parser version is a digest of the parser's source files
and of pypdfium2's version, so any change to a layout module invalidates every entry without
anyone having to remember to bump a number.  The cache holds what the file prints (rows as
plain lists, the printed date); the dating rules (``report_date_overrides.csv``) are applied
afterwards, so editing them needs no re-parse.

Nothing here needs pandas: the worker processes that parse run this module alone, and can be
started before the rest of the build is imported (:mod:`~pkanalysis.build.workers`).
:mod:`~pkanalysis.build.reports` turns the parsed reports into the build's tables.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
import time
from datetime import date
from functools import cache
from pathlib import Path

from .. import checksums, paths
from ..parse import dpo_reports
from .common import PDF_DIR, BuildError
from .extract import extract


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

    def has(self, sha: str) -> bool:
        """Whether a parse of the report is kept (without reading it)."""
        return self._path(sha).is_file()

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


def date_overrides(data: Path) -> dict[str, date]:
    """``report_date_overrides.csv``: the month of reports that print none, by SHA-256.

    Raises
    ------
    BuildError
        For a date not written YYYY-MM-DD, naming the line.
    """
    path = data / "report_date_overrides.csv"
    out = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                out[row["sha256"]] = date.fromisoformat(row["report_date"])
            except (TypeError, ValueError):
                raise BuildError(
                    f"{path.name}, line {line}, column 'report_date': {row['report_date']!r} "
                    "is not a date written YYYY-MM-DD"
                ) from None
    return out


def report_date(
    path: Path, sha: str, parsed: dict, overrides: dict[str, date] | None
) -> tuple[date, str]:
    """The month a parsed report is filed under, and why: the date it prints, else the
    override for its SHA-256.

    Raises
    ------
    dpo_reports.ReportDateError
        If the report prints no date and no override supplies one.
    """
    if parsed["printed_date"] is not None:
        return date.fromisoformat(parsed["printed_date"]), "printed"
    if overrides and sha in overrides:
        return overrides[sha], "override"
    raise dpo_reports.ReportDateError(
        f"{path.name}: no report date printed (layout {parsed['layout']}) and no "
        "override for its sha256 in data/report_date_overrides.csv"
    )


def pdf_files(raw: Path) -> list[Path]:
    files = sorted((raw / PDF_DIR).glob("*.pdf"))
    if not files:
        raise BuildError(f"no report PDFs found in {raw / PDF_DIR}")
    return files


def previous_parse_seconds(data: Path) -> dict[str, float]:
    """Seconds each report took to parse in the last build (by sha256), from its manifest."""
    try:
        manifest = json.loads((data / "processed" / "manifest.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return {k: float(v) for k, v in manifest.get("parse_seconds", {}).items()}


def to_parse(
    raw: Path,
    parse_cache: ParseCache | None,
    took: dict[str, float] | None = None,
    load: bool = True,
) -> tuple[dict[str, list[Path]], dict[str, dict], list[tuple[str, Path]]]:
    """The report files by content, the parses the cache holds, and what is left to parse.

    Returns
    -------
    (by_digest, found, todo)
        The files by SHA-256 (byte-identical copies, a mislabelled copy of another month,
        are parsed once), the cached parses by SHA-256 (none read if not ``load``: then a
        kept parse only counts as found), and ``(sha256, file)`` of the reports to parse,
        longest first.
    """
    by_digest: dict[str, list[Path]] = {}
    for f, (_, sha) in checksums.digests(pdf_files(raw)).items():
        by_digest.setdefault(sha, []).append(f)
    found: dict[str, dict] = {}
    todo: list[tuple[str, Path]] = []
    for sha, same in by_digest.items():
        if parse_cache is not None and not load and parse_cache.has(sha):
            continue
        hit = parse_cache.get(sha) if parse_cache is not None and load else None
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
    return by_digest, found, todo
