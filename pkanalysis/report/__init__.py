"""Run a suite of notebooks through papermill into ``reports/<run-id>/``.

A suite is a YAML file::

    kernel: pkanalysis            # optional; the kernel every job runs on
    timeout: 600                  # optional; seconds allowed for each notebook (> 0)
    languages: [en, fr]           # optional; every job runs once in each language (its `lang`)
    jobs:
      - notebook: data_quality    # a notebook in notebooks/ (".ipynb" optional)
      - notebook: country_brief
        parameters:               # one set, or a list of sets (one job each)
          - {iso3: BGD}
          - {iso3: NPL}
      - notebook: mission_brief
        generate: active_missions # or: current_contributors, top_contributors, conferences
        as: mission               # the parameter that receives each generated value
        n: 20                     # for top_contributors
      - notebook: burden_sharing
        parameters: {lang: fr}    # `lang` is an ordinary parameter too: this job runs in French

Before anything starts, the file is checked against this schema (errors name the file, line and
key), and every parameter set against the notebook's parameters (papermill's inspection), their
valid values and ranges (:mod:`pkanalysis.params`).  Jobs run in parallel on warm workers, each
on a fresh kernel forked from a template that has done the notebooks' imports
(:mod:`~pkanalysis.report.kernels`), with a wall-clock timeout.  The run is written to a hidden
folder and renamed into place when every job has finished, so an interrupted run leaves no half
report; ``reports/latest`` then points at it.  A failing job does not stop the others: its
executed notebook is kept and the run's exit status is non-zero.

Modules: :mod:`~pkanalysis.report.suite` (the file and its checks), :mod:`~.runner` (the run),
:mod:`~.kernels` (the kernel template), :mod:`~.html` (a report's HTML), :mod:`~.index` (the run's
index page), :mod:`~.names` (what each report is called, in its language).
"""

from .html import export_html
from .index import render_changes, render_index
from .names import report_title
from .runner import DEFAULT_WORKERS, JobResult, RunError, RunResult, run_suite
from .suite import (
    DEFAULT_SUITE,
    KERNEL,
    NOTEBOOKS_DIR,
    SUITES_DIR,
    Job,
    SuiteError,
    check_job,
    generate,
    load_suite,
    notebook_parameters,
)

__all__ = [
    "DEFAULT_SUITE",
    "DEFAULT_WORKERS",
    "KERNEL",
    "NOTEBOOKS_DIR",
    "SUITES_DIR",
    "Job",
    "JobResult",
    "RunError",
    "RunResult",
    "SuiteError",
    "check_job",
    "export_html",
    "generate",
    "load_suite",
    "notebook_parameters",
    "render_changes",
    "render_index",
    "report_title",
    "run_suite",
]
