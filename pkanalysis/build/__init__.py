"""``pkanalysis data build``: raw sources -> harmonised, validated snapshot under data/processed.

The stages, in the order the data flows (one module each):

:mod:`~pkanalysis.build.fetch`
    New reports in: a file, a URL or the UN page listing them, verified before the raw folder
    changes (``pkanalysis data add`` / ``data update``).
:mod:`~pkanalysis.build.extract`
    A report's PDF signature, text, layout and printed date.
:mod:`~pkanalysis.build.parse`
    Rows and printed totals of each report, cached by content and parser version.
:mod:`~pkanalysis.build.harmonise`
    One shape, one vocabulary, one grain per month.
:mod:`~pkanalysis.build.validate`
    Schemas, one row per key, known missions.
:mod:`~pkanalysis.build.reconcile`
    Every printed total against the parsed rows.
:mod:`~pkanalysis.build.write`
    The snapshot written beside the old one, verified, and switched in with one rename;
    :mod:`~pkanalysis.build.changes` says what changed.
:mod:`~pkanalysis.build.pipeline`
    The stages in order, and the worker processes (the only parallelism).

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
    Build time, versions, size and SHA-256 of every other file, row counts, months covered and
    missing, what changed since the previous snapshot, build notes.
"""

from __future__ import annotations

from .common import PDF_DIR, BuildError
from .parse import choose_reports, date_overrides, parse_pdf, parse_pdfs
from .pipeline import BuildSummary, build

__all__ = [
    "PDF_DIR",
    "BuildError",
    "BuildSummary",
    "build",
    "choose_reports",
    "date_overrides",
    "parse_pdf",
    "parse_pdfs",
]
