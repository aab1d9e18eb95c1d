"""Running a checked suite: warm workers, one fresh kernel per job, a run folder switched in whole.

The default workers are threads of the runner process, which has imported papermill and nbconvert
once; the notebooks' own imports (pandas, matplotlib, pkanalysis) are done once in the kernel
template (:mod:`pkanalysis.report.kernels`).  Per job there is left a fork, the notebook's cells
(executed by papermill, so the notebook carries papermill's metadata) and the HTML export.

Faults end the run cleanly: jobs are written into a hidden ``.tmp-<run-id>`` folder that is
renamed into place only when every job has finished, so an interrupted or failed run (Ctrl-C,
SIGTERM, a full disk, a folder that cannot be written) removes its folder and leaves
``reports/latest`` as it was.  A run killed outright (SIGKILL) cannot clean up: its kernels die
with it (see :mod:`~pkanalysis.report.kernels`) and the next run removes its folder and says so.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import queue
import re
import shutil
import signal
import threading
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__, paths
from . import kernels
from . import suite as suite_file
from .html import export_html
from .html import warm_up as html_warm_up
from .index import render_index
from .names import report_title
from .suite import DEFAULT_SUITE, KERNEL, Job, import_papermill, load_suite

DEFAULT_WORKERS = os.cpu_count() or 1
ENGINE = "pkanalysis"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class RunError(RuntimeError):
    """A run stopped before it completed; its partial folder was removed."""


@dataclass
class JobResult:
    notebook: str
    parameters: dict[str, Any]
    slug: str
    status: str  # "ok", "failed" or "timeout"
    seconds: float
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    lang: str = "en"
    title: str = ""


@dataclass
class RunResult:
    run_id: str
    folder: Path
    jobs: list[JobResult]
    seconds: float = 0.0
    cleaned: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(job.status == "ok" for job in self.jobs)

    def summary(self) -> str:
        passed = sum(job.status == "ok" for job in self.jobs)
        lines = [f"removed {name}, left by an interrupted run" for name in self.cleaned]
        lines.append(
            f"run {self.run_id}: {passed}/{len(self.jobs)} job(s) ok in "
            f"{self.seconds:.1f} s -> {self.folder}"
        )
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


# --- papermill engine ---------------------------------------------------------------------------

# nbclient logs a job's failure ("Kernel died while waiting for execute reply") as well as raising
# it; the job's result carries the error, so the log would only repeat it on the terminal.
_client_log = logging.getLogger("pkanalysis.report.nbclient")
_client_log.addHandler(logging.NullHandler())
_client_log.propagate = False

_engine_lock = threading.Lock()
_engine_registered = False


async def _until_ready(kc, km, timeout: float) -> None:
    """Wait until the kernel answers ``kernel_info`` on both shell and IOPub.

    jupyter_client's ``wait_for_ready`` does the same, then spends a fixed 0.2 s draining IOPub
    (and 0.5 s more when the first status message is published before IOPub has subscribed).
    Here the shell reply says the kernel is up; the kernel's "idle" status for a request of ours
    then proves IOPub is connected, asked again every 20 ms until it arrives.
    """
    deadline = time.monotonic() + timeout
    msg_id = kc.kernel_info()
    while True:
        try:
            reply = await kc.shell_channel.get_msg(timeout=0.5)
        except queue.Empty:
            reply = None
            if not await km.is_alive():
                raise RuntimeError("kernel died before replying to kernel_info") from None
        if reply is not None and reply["parent_header"].get("msg_id") == msg_id:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"kernel did not answer within {timeout:g} s")
    pending = {msg_id}
    while time.monotonic() < deadline:
        try:
            while True:
                msg = await kc.iopub_channel.get_msg(timeout=0.02)
                if (
                    msg["parent_header"].get("msg_id") in pending
                    and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"
                ):
                    return
        except queue.Empty:
            if not await km.is_alive():
                raise RuntimeError("kernel died before its IOPub connected") from None
            pending.add(kc.kernel_info())
    raise RuntimeError(f"kernel IOPub did not connect within {timeout:g} s")


async def _apply_job(kc, km, cwd: str | None, env: dict[str, str], timeout: float) -> None:
    """Move a kernel that was forked ahead into its job's folder and environment.

    Executed silently: no execution count, no history, no output in the notebook.
    """
    code = (
        "import os as _pk_os\n"
        + (f"_pk_os.chdir({cwd!r})\n" if cwd else "")
        + f"_pk_os.environ.update({env!r})\n"
        + "del _pk_os"
    )
    msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reply = await kc.shell_channel.get_msg(timeout=0.5)
        except queue.Empty:
            if not await km.is_alive():
                raise RuntimeError("kernel died before taking the job's folder") from None
            continue
        if reply["parent_header"].get("msg_id") == msg_id:
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"could not set the job's folder: {reply['content']}")
            return
    raise RuntimeError(f"kernel did not take the job's folder within {timeout:g} s")


def _register_engine() -> None:
    """Register the ``pkanalysis`` papermill engine: nbclient's, on a kernel we provide."""
    global _engine_registered
    with _engine_lock:
        if _engine_registered:
            return
        from jupyter_core.utils import ensure_async, run_sync
        from nbclient.util import run_hook
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import NBClientEngine, papermill_engines
        from papermill.utils import remove_args

        class Client(PapermillNotebookClient):
            job_cwd: str | None = None
            job_env: dict[str, str] = {}

            async def async_start_new_kernel_client(self):
                self.kc = self.km.client()
                await ensure_async(self.kc.start_channels())
                try:
                    await _until_ready(self.kc, self.km, self.startup_timeout)
                    await _apply_job(
                        self.kc, self.km, self.job_cwd, self.job_env, self.startup_timeout
                    )
                except Exception:
                    await self._async_cleanup_kernel()
                    raise
                self.kc.allow_stdin = False
                await run_hook(self.on_notebook_start, notebook=self.nb)
                return self.kc

            # nbclient binds the sync name to its own coroutine; papermill calls the sync one.
            start_new_kernel_client = run_sync(async_start_new_kernel_client)

        class WarmEngine(NBClientEngine):
            """nbclient's engine with a given kernel manager, working folder and environment."""

            @classmethod
            def execute_managed_notebook(
                cls,
                nb_man,
                kernel_name,
                log_output=False,
                stdout_file=None,
                stderr_file=None,
                start_timeout=60,
                execution_timeout=None,
                km=None,
                kernel_cwd=None,
                kernel_env=None,
                **kwargs,
            ):
                kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
                client = Client(
                    nb_man,
                    km=km,
                    timeout=execution_timeout,
                    startup_timeout=start_timeout,
                    kernel_name=kernel_name,
                    log=_client_log,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                    shutdown_kernel="immediate",  # every kernel serves one job only
                    **kwargs,
                )
                client.job_cwd, client.job_env = kernel_cwd, kernel_env or {}
                # cleanup_kc: stop the client and the kernel even though the manager is ours;
                # cwd and env count only for a kernel that nbclient starts itself.
                return client.execute(
                    cleanup_kc=True, cwd=kernel_cwd, env={**os.environ, **client.job_env}
                )

        papermill_engines.register(ENGINE, WarmEngine)
        _engine_registered = True


# --- one job ------------------------------------------------------------------------------------

_active: set = set()  # kernel managers of running jobs, so an abort can kill their kernels
_active_lock = threading.Lock()
_aborting = threading.Event()


def _kill(km) -> None:
    process = getattr(km.provisioner, "process", None) if km.provisioner else None
    if process is not None:
        try:
            process.kill()
        except OSError:
            pass


def _kill_active() -> None:
    with _active_lock:
        for km in list(_active):
            _kill(km)


def _error_text(exc: BaseException) -> str:
    lines = [line for line in _ANSI.sub("", str(exc)).strip().splitlines() if line.strip()]
    return "\n".join(lines[-15:]) or type(exc).__name__


def _run_job(
    job: Job, folder: str, kernel: str, timeout: float, notebooks: str, spares: int = 1
) -> JobResult:
    """Execute one notebook on a fresh kernel, then export it to HTML, in this worker.

    OSErrors of the runner's own writes (a full disk, a read-only folder) propagate: they end
    the run.  Errors inside the notebook make the job "failed"; running out of time "timeout".
    """
    pm = import_papermill()
    if _aborting.is_set():
        raise RunError("run aborted")
    _register_engine()
    out_dir = Path(folder) / job.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{job.notebook}.ipynb"
    started = time.perf_counter()
    km = kernels.kernel_manager(kernel, spares, notebooks)
    timed_out = threading.Event()

    def expire() -> None:
        timed_out.set()
        _kill(km)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    status, error, nb = "ok", None, None
    with _active_lock:
        _active.add(km)
    timer.start()
    try:
        if _aborting.is_set():
            raise RunError("run aborted")
        nb = pm.execute_notebook(
            str(Path(notebooks) / f"{job.notebook}.ipynb"),
            str(target),
            parameters=job.parameters,
            engine_name=ENGINE,
            kernel_name=kernel,
            progress_bar=False,
            km=km,
            kernel_cwd=str(out_dir),
            kernel_env={"PKANALYSIS_OUTPUT": str(out_dir)},
        )
    except (OSError, RunError):
        raise
    except Exception as exc:  # any error of the notebook or its kernel fails the job
        status, error = "failed", _error_text(exc)
    finally:
        timer.cancel()
        with _active_lock:
            _active.discard(km)
    if timed_out.is_set():
        status, error = "timeout", f"notebook did not finish within {timeout:g} s"
    if _aborting.is_set():
        raise RunError("run aborted")
    if nb is None and target.exists():
        import nbformat

        nb = nbformat.read(target, as_version=4)
    title = report_title(job.notebook, job.parameters, job.lang, job.defaults)
    if nb is not None:
        html = export_html(nb, job.lang, title, f"../index.html#{job.slug}")
        target.with_suffix(".html").write_text(html, encoding="utf-8")
    outputs = sorted(str(p.relative_to(folder)) for p in out_dir.rglob("*") if p.is_file())
    return JobResult(
        job.notebook,
        job.parameters,
        job.slug,
        status,
        round(time.perf_counter() - started, 2),
        outputs,
        error,
        job.lang,
        title,
    )


# --- the run ------------------------------------------------------------------------------------


def _warm_up() -> None:
    try:
        _register_engine()
        html_warm_up()
    except Exception:  # best effort: the first job does it again and reports a failure
        pass


def _longest_first(jobs: list[Job], root: Path) -> list[Job]:
    """Jobs in the order to start them: longest first by their time in the last run (new jobs
    before all), so no long job starts last while the other workers stand idle."""
    try:
        last = json.loads((root / "latest" / "manifest.json").read_text())
        seconds = {job["slug"]: float(job["seconds"]) for job in last["jobs"]}
    except (OSError, ValueError, KeyError, TypeError):
        seconds = {}
    return sorted(jobs, key=lambda job: -seconds.get(job.slug, float("inf")))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_leftovers(root: Path) -> list[str]:
    """Remove the ``.tmp-*`` folders of runs whose process is gone (killed outright)."""
    cleaned = []
    for tmp in sorted(root.glob(".tmp-*")):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)
            cleaned.append(tmp.name)
    for link in root.glob(".latest-*"):  # killed between writing the new link and the rename
        pid = link.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            link.unlink(missing_ok=True)
    return cleaned


def _write_error(exc: OSError, root: Path) -> RunError:
    reason = "no space left on device" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
    return RunError(f"cannot write the run in {root}: {reason}")


def _point_latest(root: Path, run_id: str) -> None:
    """Repoint ``latest`` in one step (a new link renamed over the old one)."""
    link = root / f".latest-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(run_id, target_is_directory=True)
    os.replace(link, root / "latest")


@contextlib.contextmanager
def _interrupts_ignored():
    """A second Ctrl-C must not break off the clean-up of the first (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _check_positive(name: str, value: Any, kind: type) -> None:
    if isinstance(value, bool) or not isinstance(value, kind | int) or value <= 0:
        rule = "at least 1" if kind is int else "a number of seconds > 0"
        raise ValueError(f"{name} must be {rule}, not {value!r}")


def run_suite(
    suite: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    timeout: float | None = None,
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
        Jobs run at once when no ``executor`` is given (default: the number of CPU cores).
    timeout : float, optional
        Seconds allowed per notebook (default: the suite's ``timeout``, else 900).
    executor : concurrent.futures.Executor, optional
        Any executor, e.g. ``distributed.Client(...).get_executor()`` to run beyond one machine;
        each of its processes keeps its own kernel template.
    progress : bool
        Show a progress bar.
    notebooks : path-like, optional
        Folder of the notebooks (default: the project's ``notebooks/``).

    Returns
    -------
    RunResult

    Raises
    ------
    SuiteError
        If the suite is invalid (nothing has started).
    ValueError
        If ``workers`` < 1 or ``timeout`` <= 0.
    RunError
        If the run could not be written (full disk, read-only folder); the partial run is
        removed and ``latest`` is unchanged.
    KeyboardInterrupt
        On Ctrl-C, after the same clean-up.
    """
    from tqdm.auto import tqdm

    t0 = time.perf_counter()
    workers = DEFAULT_WORKERS if workers is None else workers
    _check_positive("workers", workers, int)
    if timeout is not None:
        _check_positive("timeout", timeout, float)
    own = executor is None
    _aborting.clear()
    nb_dir = Path(notebooks) if notebooks else suite_file.NOTEBOOKS_DIR
    template = None
    if own:
        # Start the kernel template now (from this long-lived thread, which its parent-death
        # signal follows): it imports on another core while the suite is checked, and this
        # process sets up papermill's engine and the HTML exporter meanwhile.  No kernel starts
        # before the suite is valid.
        template = kernels.warm(KERNEL, str(nb_dir))
        threading.Thread(target=_warm_up, daemon=True).start()
    try:
        jobs, settings = load_suite(suite, nb_dir)
        if template is not None and settings["kernel"] == KERNEL:
            threading.Thread(target=template.prefill, args=(workers,), daemon=True).start()
        timeout = timeout or settings["timeout"]
        root = paths.reports_dir(out)
        try:
            root.mkdir(parents=True, exist_ok=True)
            cleaned = _clean_leftovers(root)
            started = datetime.now(UTC)
            run_id = started.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
            tmp = root / f".tmp-{run_id}"
            tmp.mkdir()
        except OSError as exc:
            raise _write_error(exc, root) from None
        pool = executor or ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        futures: list[Future] = []
        results: list[JobResult] = []
        stack = contextlib.ExitStack()
        try:
            for job in _longest_first(jobs, root):
                futures.append(
                    pool.submit(
                        _run_job,
                        job,
                        str(tmp),
                        settings["kernel"],
                        timeout,
                        str(nb_dir),
                        workers if own else 1,
                    )
                )
            bar = tqdm(total=len(futures), desc="notebooks", unit="job", disable=not progress)
            stack.callback(bar.close)
            for fut in as_completed(futures):
                try:
                    result = fut.result()
                except OSError as exc:
                    raise _write_error(exc, root) from None
                results.append(result)
                bar.set_postfix_str(f"{result.status} {result.slug[:40]}")
                bar.update()
            stack.close()
            results.sort(key=lambda r: (r.notebook, r.slug))
            manifest = {
                "run_id": run_id,
                "started": started.isoformat(timespec="seconds"),
                "ended": datetime.now(UTC).isoformat(timespec="seconds"),
                "package_version": __version__,
                "suite": str(Path(suite) if suite else DEFAULT_SUITE),
                "kernel": settings["kernel"],
                "languages": settings["languages"] or sorted({r.lang for r in results}),
                "data_snapshot": _data_manifest_digest(),
                "jobs": [asdict(r) for r in results],
            }
            try:
                (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))
                (tmp / "index.html").write_text(render_index(manifest), encoding="utf-8")
                final = root / run_id
                tmp.rename(final)
            except OSError as exc:
                raise _write_error(exc, root) from None
        except BaseException:
            # Stop everything, then remove the partial run: an interrupted run leaves nothing.
            with _interrupts_ignored():
                stack.close()
                _aborting.set()
                for fut in futures:
                    fut.cancel()
                if own:
                    kernels.close_templates()
                    pool.shutdown(wait=False, cancel_futures=True)
                    # Jobs end as soon as their kernel is gone; one may still be starting one.
                    while not all(fut.done() for fut in futures):
                        _kill_active()
                        time.sleep(0.05)
                shutil.rmtree(tmp, ignore_errors=True)
            raise
        if own:
            pool.shutdown()
        try:
            _point_latest(root, run_id)
        except OSError as exc:
            raise RunError(
                f"run written to {final}, but 'latest' could not be repointed: {exc.strerror}"
            ) from None
    finally:
        if own:
            kernels.close_templates()
    return RunResult(run_id, final, results, round(time.perf_counter() - t0, 2), cleaned)


def _data_manifest_digest() -> dict[str, Any]:
    path = paths.processed_dir() / "manifest.json"
    if not path.exists():
        return {}
    manifest = json.loads(path.read_text())
    return {
        k: manifest.get(k)
        for k in ("built_at", "package_version", "months_covered", "outputs", "changes")
    }
