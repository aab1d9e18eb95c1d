"""Run a suite of notebooks through papermill into ``reports/<run-id>/``.

A suite is a YAML file::

    kernel: pkanalysis          # optional; the kernel every job runs on
    jobs:
      - notebook: data_quality  # a file in notebooks/ (".ipynb" optional)
        parameters: {}          # one parameter set ...
      - notebook: country_brief
        parameters:             # ... or a list of sets, one job each
          - {iso3: BGD}
          - {iso3: NPL}

The run is written to a temporary folder beside the target and renamed into place when every
job has finished, so an interrupted run leaves no half report; ``reports/latest`` then points at
it.  A failing job does not stop the others; the run's exit status says whether all passed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import traceback
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from . import __version__, paths

KERNEL = "pkanalysis"
NOTEBOOKS_DIR = paths.PROJECT_DIR / "notebooks"
DEFAULT_SUITE = paths.PROJECT_DIR / "suites" / "default.yml"


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
    status: str  # "ok" or "failed"
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class RunResult:
    run_id: str
    folder: Path
    jobs: list[JobResult]

    @property
    def ok(self) -> bool:
        return all(job.status == "ok" for job in self.jobs)

    def summary(self) -> str:
        lines = [f"run {self.run_id}: {len(self.jobs)} job(s) -> {self.folder}"]
        for job in self.jobs:
            lines.append(f"  {job.status:<6} {job.seconds:6.1f}s  {job.slug}")
            if job.error:
                lines.append(f"         {job.error.splitlines()[-1]}")
        failed = [j.slug for j in self.jobs if j.status != "ok"]
        lines.append("all jobs passed" if not failed else f"FAILED: {', '.join(failed)}")
        return "\n".join(lines)


def safe_name(text: str) -> str:
    """A file-name fragment that cannot leave its folder.

    Examples
    --------
    >>> safe_name("../../etc/passwd")
    'etc_passwd'
    >>> safe_name("iso3=CIV")
    'iso3-CIV'
    """
    text = text.replace("=", "-")
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._-")
    return cleaned[:80] or "x"


def _slug(notebook: str, parameters: dict[str, Any]) -> str:
    parts = [notebook] + [f"{k}={v}" for k, v in sorted(parameters.items())]
    return "__".join(safe_name(str(p)) for p in parts)


def load_suite(suite: str | os.PathLike[str] | None = None) -> tuple[list[Job], str]:
    """Read a suite file into jobs.

    Raises
    ------
    ValueError
        If a job names a notebook that does not exist (the message lists those that do).
    """
    path = Path(suite) if suite else DEFAULT_SUITE
    spec = yaml.safe_load(path.read_text()) or {}
    available = sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    jobs: list[Job] = []
    for entry in spec.get("jobs", []):
        name = Path(entry["notebook"]).stem
        if name not in available:
            raise ValueError(
                f"{path.name}: unknown notebook {entry['notebook']!r}; available: "
                f"{', '.join(available)}"
            )
        sets = entry.get("parameters") or {}
        for params in sets if isinstance(sets, list) else [sets]:
            jobs.append(Job(name, dict(params), _slug(name, params)))
    return jobs, spec.get("kernel", KERNEL)


def _run_job(job: Job, folder: str, kernel: str, timeout: int) -> JobResult:
    import papermill as pm

    out_dir = Path(folder) / job.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{job.notebook}.ipynb"
    started = time.perf_counter()
    error = None
    env_before = os.environ.get("PKANALYSIS_OUTPUT")
    # Notebooks save figures and tables next to their executed copy.
    os.environ["PKANALYSIS_OUTPUT"] = str(out_dir)
    try:
        pm.execute_notebook(
            str(NOTEBOOKS_DIR / f"{job.notebook}.ipynb"),
            str(target),
            parameters=job.parameters,
            kernel_name=kernel,
            cwd=str(out_dir),
            execution_timeout=timeout,
            progress_bar=False,
        )
    except Exception as exc:  # a failed job is reported, never fatal to the run
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    finally:
        if env_before is None:
            os.environ.pop("PKANALYSIS_OUTPUT", None)
        else:
            os.environ["PKANALYSIS_OUTPUT"] = env_before
    outputs = sorted(str(p.relative_to(folder)) for p in out_dir.rglob("*") if p.is_file())
    return JobResult(
        job.notebook,
        job.parameters,
        job.slug,
        "failed" if error else "ok",
        round(time.perf_counter() - started, 2),
        outputs,
        error,
    )


def run_suite(
    suite: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    timeout: int = 600,
    executor: Executor | None = None,
) -> RunResult:
    """Run every job of a suite and write ``<out>/<run-id>/`` with a ``manifest.json``.

    Parameters
    ----------
    suite : path-like, optional
        Suite YAML (default ``suites/default.yml``).
    out : path-like, optional
        Reports folder (default :func:`pkanalysis.paths.reports_dir`).
    workers : int, optional
        Size of the process pool when no ``executor`` is given (default: CPU count).
    timeout : int
        Seconds allowed for each cell.
    executor : concurrent.futures.Executor, optional
        Any executor, e.g. a Dask cluster's ``client.get_executor()``.
    """
    jobs, kernel = load_suite(suite)
    root = paths.reports_dir(out)
    root.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    run_id = started.strftime("%Y%m%dT%H%M%SZ")
    tmp = root / f".tmp-{run_id}-{os.getpid()}"
    tmp.mkdir()
    own = executor is None
    pool = executor or ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    try:
        futures = [pool.submit(_run_job, job, str(tmp), kernel, timeout) for job in jobs]
        results = [f.result() for f in as_completed(futures)]
    finally:
        if own:
            pool.shutdown()
    results.sort(key=lambda r: r.slug)
    manifest = {
        "run_id": run_id,
        "started": started.isoformat(),
        "ended": datetime.now(UTC).isoformat(),
        "package_version": __version__,
        "suite": str(Path(suite) if suite else DEFAULT_SUITE),
        "data_manifest": _data_manifest_digest(),
        "jobs": [asdict(r) for r in results],
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))
    final = root / run_id
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    latest = root / "latest"
    if latest.is_symlink() or latest.exists():
        latest.unlink()
    latest.symlink_to(run_id, target_is_directory=True)
    return RunResult(run_id, final, results)


def _data_manifest_digest() -> dict[str, Any]:
    path = paths.processed_dir() / "manifest.json"
    if not path.exists():
        return {}
    manifest = json.loads(path.read_text())
    return {k: manifest.get(k) for k in ("built_at", "package_version", "outputs")}
