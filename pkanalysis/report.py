"""Run a suite of notebooks through papermill into ``reports/<run-id>/``.

A suite is a YAML file::

    kernel: pkanalysis            # optional; the kernel every job runs on
    timeout: 600                  # optional; seconds allowed for each notebook
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

Before any kernel starts, every parameter set is checked against the notebook's parameters
(papermill's inspection) and the valid values (:mod:`pkanalysis.params`).  Jobs run in parallel
on any ``concurrent.futures`` executor; each runs in its own process with a wall-clock timeout.
The run is written to a hidden folder and renamed into place when every job has finished, so an
interrupted run leaves no half report; ``reports/latest`` then points at it.  A failing job does
not stop the others: its executed notebook is kept and the run's exit status is non-zero.
"""

from __future__ import annotations

import ast
import html
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from . import __version__, paths
from .outputs import safe_stem

KERNEL = "pkanalysis"
NOTEBOOKS_DIR = paths.PROJECT_DIR / "notebooks"
SUITES_DIR = paths.PROJECT_DIR / "suites"
DEFAULT_SUITE = SUITES_DIR / "default.yml"


class SuiteError(ValueError):
    """A suite or one of its parameter sets is invalid; the message names notebook and parameter."""


@dataclass
class Job:
    notebook: str
    parameters: dict[str, Any]
    slug: str


@dataclass
class JobResult:
    notebook: str
    parameters: dict[str, Any]
    slug: str
    status: str  # "ok", "failed" or "timeout"
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class RunResult:
    run_id: str
    folder: Path
    jobs: list[JobResult]
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(job.status == "ok" for job in self.jobs)

    def summary(self) -> str:
        passed = sum(job.status == "ok" for job in self.jobs)
        lines = [
            f"run {self.run_id}: {passed}/{len(self.jobs)} job(s) ok in "
            f"{self.seconds:.1f} s -> {self.folder}"
        ]
        for job in self.jobs:
            if job.status != "ok":
                last = (job.error or "").strip().splitlines()[-1:] or [""]
                lines.append(f"  {job.status.upper():<8} {job.slug}: {last[0][:160]}")
        lines.append(
            "all jobs passed"
            if self.ok
            else f"FAILED: {', '.join(j.slug for j in self.jobs if j.status != 'ok')}"
        )
        lines.append(f"index: {self.folder / 'index.html'}")
        return "\n".join(lines)


def _slug(notebook: str, parameters: dict[str, Any]) -> str:
    parts = [notebook] + [f"{k}={v}" for k, v in sorted(parameters.items())]
    return "__".join(safe_stem(str(p)) for p in parts)[:150]


# --- generated parameter sets -----------------------------------------------------------------


def _latest(contributions):
    return contributions[contributions["date"] == contributions["date"].max()]


def generate(kind: str, n: int = 20) -> list[str]:
    """Values for a generated parameter set.

    ``active_missions``: missions with personnel in the latest month; ``current_contributors``:
    every contributor in the latest month; ``top_contributors``: the ``n`` largest then;
    ``conferences``: every conference id.

    Raises
    ------
    SuiteError
        For an unknown generator (the message lists the valid ones).
    """
    import pkanalysis as pk

    if kind == "conferences":
        return list(pk.load_conferences()["conference_id"])
    if kind in ("active_missions", "current_contributors", "top_contributors"):
        latest = _latest(pk.load_contributions())
        if kind == "active_missions":
            return sorted(latest["mission"].dropna().unique())
        sizes = latest.groupby("contributor_iso3")["total"].sum().sort_values(ascending=False)
        sizes = sizes[sizes > 0]
        return list(sizes.index[:n] if kind == "top_contributors" else sorted(sizes.index))
    raise SuiteError(
        f"unknown generator {kind!r}; valid generators: active_missions, "
        "current_contributors, top_contributors, conferences"
    )


# --- validation ---------------------------------------------------------------------------------


def notebook_parameters(notebook: str, notebooks: Path = NOTEBOOKS_DIR) -> dict[str, Any]:
    """The parameters a notebook declares, with their literal defaults (papermill inspection)."""
    import papermill as pm

    found = pm.inspect_notebook(str(notebooks / f"{notebook}.ipynb"))
    return {name: ast.literal_eval(spec["default"]) for name, spec in found.items()}


def _type_ok(value: Any, default: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, list | tuple):
        return isinstance(value, list | tuple)
    return isinstance(value, type(default))


def check_job(job: Job, notebooks: Path = NOTEBOOKS_DIR) -> None:
    """Check a parameter set: names, types (from the literal defaults) and values.

    Raises
    ------
    SuiteError
        Naming the notebook, the parameter and the valid names, type or values.
    """
    from . import params

    declared = notebook_parameters(job.notebook, notebooks)
    for name, value in job.parameters.items():
        if name not in declared:
            raise SuiteError(
                f"{job.notebook}: unknown parameter {name!r}; valid parameters: "
                f"{', '.join(declared)}"
            )
        default = declared[name]
        if not _type_ok(value, default):
            raise SuiteError(
                f"{job.notebook}: parameter {name!r} must be of type "
                f"{type(default).__name__} like its default {default!r}, "
                f"not {type(value).__name__} {value!r}"
            )
        try:
            params.check(name, value)
        except ValueError as exc:
            raise SuiteError(f"{job.notebook}: parameter {name!r}: {exc}") from None


def load_suite(
    suite: str | os.PathLike[str] | None = None, notebooks: Path = NOTEBOOKS_DIR
) -> tuple[list[Job], dict[str, Any]]:
    """Read a suite file into validated jobs, plus its settings (kernel, timeout).

    Raises
    ------
    SuiteError
        If a job names an unknown notebook or carries an invalid parameter set.
    """
    path = Path(suite) if suite else DEFAULT_SUITE
    if not path.exists():
        raise SuiteError(
            f"suite {str(path)!r} does not exist; suites here: "
            f"{', '.join(p.name for p in sorted(SUITES_DIR.glob('*.yml')))}"
        )
    spec = yaml.safe_load(path.read_text()) or {}
    available = sorted(p.stem for p in notebooks.glob("*.ipynb"))
    jobs: list[Job] = []
    for entry in spec.get("jobs", []):
        name = Path(str(entry.get("notebook", ""))).stem
        if name not in available:
            raise SuiteError(
                f"{path.name}: unknown notebook {entry.get('notebook')!r}; "
                f"available: {', '.join(available)}"
            )
        if "generate" in entry:
            if "as" not in entry:
                raise SuiteError(f"{path.name}: {name}: 'generate' needs 'as: <parameter>'")
            sets = [{entry["as"]: v} for v in generate(entry["generate"], entry.get("n", 20))]
        else:
            sets = entry.get("parameters") or {}
            sets = sets if isinstance(sets, list) else [sets]
        for params_set in sets:
            job = Job(name, dict(params_set), _slug(name, params_set))
            check_job(job, notebooks)
            jobs.append(job)
    slugs = [j.slug for j in jobs]
    if len(set(slugs)) != len(slugs):
        raise SuiteError(f"{path.name}: the same notebook and parameters appear twice")
    settings = {"kernel": spec.get("kernel", KERNEL), "timeout": int(spec.get("timeout", 900))}
    return jobs, settings


# --- running ------------------------------------------------------------------------------------


def _run_job(job: Job, folder: str, kernel: str, timeout: int, notebooks: str) -> JobResult:
    """Execute one notebook in a child process (so a timeout can stop it), then export HTML."""
    out_dir = Path(folder) / job.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{job.notebook}.ipynb"
    started = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(Path(notebooks) / f"{job.notebook}.ipynb"),
        str(target),
        "-k",
        kernel,
        "--cwd",
        str(out_dir),
        "--no-progress-bar",
        "-y",
        json.dumps(job.parameters),
    ]
    env = {**os.environ, "PKANALYSIS_OUTPUT": str(out_dir)}
    status, error = "ok", None
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        if proc.returncode:
            status, error = "failed", _papermill_error(proc.stderr)
    except subprocess.TimeoutExpired:
        status, error = "timeout", f"notebook did not finish within {timeout} s"
    if target.exists():
        try:
            _export_html(target)
        except Exception as exc:  # the executed notebook is still kept
            error = (error or "") + f"\nHTML export failed: {exc}"
    outputs = sorted(str(p.relative_to(folder)) for p in out_dir.rglob("*") if p.is_file())
    return JobResult(
        job.notebook,
        job.parameters,
        job.slug,
        status,
        round(time.perf_counter() - started, 2),
        outputs,
        error,
    )


def _papermill_error(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return "\n".join(lines[-15:])


def _export_html(notebook: Path) -> Path:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def run_suite(
    suite: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    timeout: int | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    notebooks: str | os.PathLike[str] | None = None,
) -> RunResult:
    """Run every job of a suite and write ``<out>/<run-id>/``.

    Parameters
    ----------
    suite : path-like, optional
        Suite YAML (default ``suites/default.yml``).
    out : path-like, optional
        Reports folder (default :func:`pkanalysis.paths.reports_dir`).
    workers : int, optional
        Size of the process pool when no ``executor`` is given (default: CPU count).
    timeout : int, optional
        Seconds allowed per notebook (default: the suite's ``timeout``, else 900).
    executor : concurrent.futures.Executor, optional
        Any executor, e.g. ``distributed.Client(...).get_executor()`` to run beyond one machine.
    progress : bool
        Show a progress bar.
    notebooks : path-like, optional
        Folder of the notebooks (default: the project's ``notebooks/``).

    Returns
    -------
    RunResult
    """
    from tqdm.auto import tqdm

    t0 = time.perf_counter()
    nb_dir = Path(notebooks) if notebooks else NOTEBOOKS_DIR
    jobs, settings = load_suite(suite, nb_dir)
    timeout = timeout or settings["timeout"]
    root = paths.reports_dir(out)
    root.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    tmp = root / f".tmp-{run_id}"
    tmp.mkdir()
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    results: list[JobResult] = []
    try:
        futures = [
            pool.submit(_run_job, job, str(tmp), settings["kernel"], timeout, str(nb_dir))
            for job in jobs
        ]
        bar = tqdm(total=len(futures), desc="notebooks", unit="job", disable=not progress)
        for fut in as_completed(futures):
            result = fut.result()
            results.append(result)
            bar.set_postfix_str(f"{result.status} {result.slug[:40]}")
            bar.update()
        bar.close()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # an interrupted run leaves nothing behind
        raise
    finally:
        if own:
            pool.shutdown(cancel_futures=True)
    results.sort(key=lambda r: (r.notebook, r.slug))
    manifest = {
        "run_id": run_id,
        "started": started.isoformat(timespec="seconds"),
        "ended": datetime.now(UTC).isoformat(timespec="seconds"),
        "package_version": __version__,
        "suite": str(Path(suite) if suite else DEFAULT_SUITE),
        "kernel": settings["kernel"],
        "data_snapshot": _data_manifest_digest(),
        "jobs": [asdict(r) for r in results],
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))
    (tmp / "index.html").write_text(render_index(manifest), encoding="utf-8")
    final = root / run_id
    tmp.rename(final)
    latest = root / "latest"
    if latest.is_symlink() or latest.exists():
        latest.unlink()
    latest.symlink_to(run_id, target_is_directory=True)
    return RunResult(run_id, final, results, round(time.perf_counter() - t0, 2))


def _data_manifest_digest() -> dict[str, Any]:
    path = paths.processed_dir() / "manifest.json"
    if not path.exists():
        return {}
    manifest = json.loads(path.read_text())
    return {
        k: manifest.get(k)
        for k in ("built_at", "package_version", "months_covered", "outputs", "changes")
    }


def render_changes(changes: dict[str, Any] | None) -> str:
    """The data's last update as a short HTML table: new and revised months, top movers.

    Examples
    --------
    >>> html = render_changes({"new_months": ["2025-08"], "revised_months": [],
    ...     "contributors": [{"contributor_iso3": "NPL", "change": 12}], "missions": []})
    >>> "<td>2025-08</td>" in html and "<td>NPL +12</td>" in html
    True
    >>> render_changes(None)
    ''
    """
    if not changes or changes.get("first_build"):
        return ""
    esc = html.escape

    def cell(items: list[str]) -> str:
        return f"<td>{esc(', '.join(items) or 'none')}</td>"

    movers = {
        what: [f"{m[key]} {m['change']:+,}" for m in changes.get(what, [])]
        for what, key in (("contributors", "contributor_iso3"), ("missions", "mission"))
    }
    rows = [
        ("new months", changes.get("new_months", [])),
        ("revised months", changes.get("revised_months", [])),
        ("contributors moving most", movers["contributors"]),
        ("missions moving most", movers["missions"]),
    ]
    body = "".join(f"<tr><th>{esc(label)}</th>{cell(items)}</tr>" for label, items in rows)
    return (
        "<h2>What changed in the data</h2><table class='changes' style='text-align:left'>"
        f"{body}</table>"
    )


def render_index(manifest: dict[str, Any]) -> str:
    """An HTML page linking every output of a run, grouped by notebook and parameters."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>pkanalysis report {esc(manifest['run_id'])}</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}"
        ".failed,.timeout{color:#b00}.ok{color:#070}img{max-width:22em;border:1px solid #ddd;"
        "margin:.3em}li{margin:.2em 0}code{background:#f4f4f4}</style></head><body>",
        f"<h1>pkanalysis report {esc(manifest['run_id'])}</h1>",
        f"<p>Started {esc(manifest['started'])}, ended {esc(manifest['ended'])}; "
        f"pkanalysis {esc(manifest['package_version'])}; data built "
        f"{esc(str(manifest['data_snapshot'].get('built_at', 'unknown')))}. "
        "<a href='manifest.json'>manifest.json</a></p>",
        render_changes(manifest["data_snapshot"].get("changes")),
    ]
    by_notebook: dict[str, list[dict]] = {}
    for job in manifest["jobs"]:
        by_notebook.setdefault(job["notebook"], []).append(job)
    for notebook, jobs in by_notebook.items():
        parts.append(f"<h2>{esc(notebook)}</h2>")
        for job in jobs:
            label = ", ".join(f"{k}={v}" for k, v in job["parameters"].items()) or "defaults"
            status = esc(job["status"])
            parts.append(
                f"<h3 class='{status}'>{esc(label)} <small>({status}, "
                f"{job['seconds']} s)</small></h3><ul>"
            )
            if job["error"]:
                parts.append(f"<li class='failed'><pre>{esc(job['error'][-2000:])}</pre></li>")
            images = []
            for rel in job["outputs"]:
                href = esc(rel)
                name = esc(Path(rel).name)
                if rel.endswith(".png"):
                    images.append(f"<a href='{href}'><img src='{href}' alt='{name}'></a>")
                else:
                    parts.append(f"<li><a href='{href}'>{name}</a></li>")
            parts.append("</ul>" + "".join(images))
    parts.append("</body></html>")
    return "\n".join(parts)
