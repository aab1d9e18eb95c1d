"""One brief without writing a suite: ``pkanalysis brief country NPL --lang fr``.

The subject is checked first (a bad one is one line naming it and the closest valid values);
then a one-job suite runs through the report runner (:func:`pkanalysis.report.run_suite`), so
the brief gets what every report gets: its HTML, figures (PNG, SVG, PDF) and tables (CSV) in a
run folder under ``reports/``, a manifest and an index.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import subjects


@dataclass
class BriefRun:
    """A brief written by :func:`run_brief`: the HTML page, the run folder, the time taken."""

    html: Path
    folder: Path
    seconds: float
    ok: bool
    error: str | None = None


def suite_text(kind: str, subject: str, lang: str) -> str:
    """The one-job suite of a brief, as YAML."""
    job = {
        "notebook": subjects.NOTEBOOKS[kind],
        "parameters": {subjects.PARAMETERS[kind]: subject, "lang": lang},
    }
    return yaml.safe_dump({"jobs": [job]}, allow_unicode=True, sort_keys=False)


def run_brief(
    kind: str,
    subject: str,
    lang: str = "en",
    out: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    progress: bool = False,
) -> BriefRun:
    """Write one brief (HTML, figures, tables) into a run folder under ``out``.

    Parameters
    ----------
    kind : {"country", "mission", "conference"}
    subject : str
        ISO3 code or name of a state, mission acronym, or conference id (``"2021 Seoul"``,
        also ``seoul-2021``).
    lang : {"en", "fr"}
    out : path-like, optional
        Reports folder (default ``$PKANALYSIS_REPORTS`` or ``reports/``).
    timeout : float, optional
        Seconds allowed for the notebook.

    Raises
    ------
    ValueError
        For an unknown kind, subject or language, before anything runs.
    """
    from ..report import run_suite

    lang = subjects.check_lang(lang)
    value = subjects.check_subject(kind, subject)
    with tempfile.TemporaryDirectory(prefix="pkanalysis-brief-") as tmp:
        suite = Path(tmp) / f"{kind}_brief.yml"
        suite.write_text(suite_text(kind, value, lang), encoding="utf-8")
        result = run_suite(suite=suite, out=out, workers=1, timeout=timeout, progress=progress)
    job = result.jobs[0]
    html = result.folder / job.slug / f"{job.notebook}.html"
    return BriefRun(html, result.folder, job.seconds, job.status == "ok", job.error)
