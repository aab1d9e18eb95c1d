"""``pkanalysis data build``: raw sources -> harmonised, validated snapshot under data/processed.

The stages, in the order the data flows (one module each):

:mod:`~pkanalysis.build.fetch`
    New reports in: a file, a URL or the UN page listing them, verified before the raw folder
    changes (``pkanalysis data add`` / ``data update``).
:mod:`~pkanalysis.build.extract`
    A report's PDF signature, text, layout and printed date.
:mod:`~pkanalysis.build.parse`
    Rows and printed totals of each report, cached by content and parser version.
:mod:`~pkanalysis.build.reports`
    The parsed reports dated, one per month, their rows as tables.
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
    The stages in order.
:mod:`~pkanalysis.build.workers`
    The worker processes that parse reports (the only parallelism), started before the rest.

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

import importlib
from typing import Any

# Names are imported on first use: the stages that do without pandas (fetching, parsing, the
# worker processes) import this package too.
_LAZY = {
    "PDF_DIR": "common",
    "BuildError": "common",
    "BuildSummary": "pipeline",
    "build": "pipeline",
    "choose_reports": "reports",
    "date_overrides": "parse",
    "parse_pdf": "reports",
    "parse_pdfs": "reports",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)


def __dir__() -> list[str]:
    return __all__
