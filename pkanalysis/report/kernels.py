"""Kernels for report jobs, forked from a warm template process.

Starting a kernel the usual way costs about a second of CPU (a new interpreter, then ipykernel,
pandas, matplotlib and pkanalysis imported again), which is as long as a brief's own cells.  A
*template* process pays that once: it imports ipykernel and the modules the notebooks use, then
waits.  For each job it forks a child, and the child becomes an ordinary ipykernel (``IPKernelApp``
on a connection file written by jupyter_client).  Every job so gets a fresh process, hence a fresh
namespace, fresh figures and fresh rcParams, for the price of a fork.  Kernels are forked one job
ahead (a *spare* per worker), so a job finds its kernel running; the runner then moves it into the
job's folder and environment before the first cell.

The template runs the interpreter and flags of the kernelspec's ``argv`` (it has to be a
``python -m ipykernel_launcher -f {connection_file}`` kernelspec); any other kernel is started the
usual way.  Lifetimes follow the parent: the template and every kernel ask Linux to kill them when
their parent dies (``PR_SET_PDEATHSIG``), so none outlives a runner that is killed, and each kernel
leads its own process group so a kill reaches whatever it started.

jupyter_client does the rest: :func:`kernel_manager` gives an ``AsyncKernelManager`` whose
provisioner adopts the forked process instead of calling ``Popen``.  Kernels talk over IPC sockets
(local files), which keeps ipykernel from warning about unencrypted TCP on every job.
"""

from __future__ import annotations

import asyncio
import collections
import ctypes
import ctypes.util
import importlib
import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Loaded once in the template instead of once per job: the kernel itself and the libraries every
# notebook uses; the modules the notebooks import are added (see notebook_imports).
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",  # imports debugpy when a kernel starts (0.1 s)
    "matplotlib_inline.backend_inline",
    "numpy",
    "pandas",
    "pyarrow",
    "matplotlib.pyplot",
    "pkanalysis.loaders",
    "pkanalysis.figures",
    "pkanalysis.tables",
    "great_tables",
)


def warm_languages() -> None:
    """Read what every report needs in each language once, in the template: the catalogues,
    Babel's locale data, the countries' names, and great-tables' first rendering (0.5 s)."""
    import pandas as pd

    from .. import i18n, tables

    for lang in i18n.LANGUAGES:
        i18n.format_number(1234.5, lang, 1)
        i18n.format_percent(0.5, lang)
        i18n.format_month("2020-01-31", lang)
        i18n.country_name("NPL", lang)
        if lang != "en":
            i18n.catalogue(lang)
    tables.table(pd.DataFrame({"total": [1]}), "en").as_raw_html()


def notebook_imports(folder: str | os.PathLike[str]) -> list[str]:
    """The modules the code cells of the notebooks in ``folder`` import, sorted.

    Examples
    --------
    >>> from pkanalysis.report.suite import NOTEBOOKS_DIR
    >>> "pkanalysis.figures" in notebook_imports(NOTEBOOKS_DIR)
    True
    """
    import ast

    found: set[str] = set()
    for path in Path(folder).glob("*.ipynb"):
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell.get("source", ""))
            try:
                tree = ast.parse(source)
            except SyntaxError:  # IPython magics
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module)
                    found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(found)


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask Linux to SIGKILL this process when its parent exits (no-op elsewhere).

    ``parent_pid`` closes the race where the parent died before the request was made.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


# --- the template process ---------------------------------------------------------------------


def _become_kernel(request: dict[str, Any], template_pid: int) -> None:
    """In a freshly forked child: turn into an ipykernel for one job.  Never returns."""
    code = 1
    try:
        os.setpgid(0, 0)
        die_with_parent(template_pid)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses need it
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # drop the template's pipes; outputs travel over the kernel's sockets
            os.dup2(null, fd)
        os.close(null)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # A fresh process would seed numpy's global generator afresh (Python's random module
        # reseeds itself after a fork); jobs must not share the template's sequence.
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(request["argv"])
        _inline_figures(app.shell)
        app.start()
        code = 0
    finally:
        os._exit(code)


def _inline_figures(shell) -> None:
    """Show figures in the notebook, as a kernel started afresh would.

    matplotlib's inline backend hooks figures into IPython's display when it is imported inside
    a running shell; the template imported it before any shell existed, so the kernel does it
    here.  Without it ``display(fig)`` shows "<Figure size ...>" instead of the image.
    """
    if "matplotlib_inline.backend_inline" not in sys.modules:
        return
    from IPython.core.pylabtools import activate_matplotlib
    from matplotlib_inline.backend_inline import configure_inline_support

    backend = "module://matplotlib_inline.backend_inline"
    activate_matplotlib(backend)
    configure_inline_support(shell, backend)


def serve(parent_pid: int, notebooks: str | None = None) -> None:
    """Main loop of the template: one JSON request per line on stdin, one pid per line back."""
    die_with_parent(parent_pid)
    # Ctrl-C is the runner's to handle; SIGCHLD ignored means the kernels are reaped by the OS.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    # What ipykernel would set before the notebook imports pyplot.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does: the runner's folder is not the kernel's
    for name in PRELOAD:
        importlib.import_module(name)
    try:
        warm_languages()
    except Exception:  # the data may be missing or broken: each job reports it itself
        pass
    for name in notebook_imports(notebooks) if notebooks else ():
        try:
            importlib.import_module(name)
        except Exception:  # a name imported from a module rather than a module, or a notebook
            pass  # error that its own job will report
    out = sys.stdout.buffer
    out.write(b"ready\n")
    out.flush()
    me = os.getpid()
    for line in sys.stdin.buffer:  # EOF: the runner is done (or gone)
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request, me)
        out.write(f"{pid}\n".encode())
        out.flush()


_runtime_dir: str | None = None


def _socket_prefix() -> str:
    # IPC socket paths are limited to ~107 bytes, so they live in a short folder of their own.
    global _runtime_dir
    if _runtime_dir is None or not Path(_runtime_dir).is_dir():
        _runtime_dir = tempfile.mkdtemp(prefix="pkk-")
    return f"{_runtime_dir}/{uuid.uuid4().hex[:12]}"


@dataclass
class Spare:
    """A kernel forked ahead of its job: its process, connection file and working folder."""

    process: ForkedProcess
    connection_file: str
    cwd: str


class TemplateError(RuntimeError):
    """The template process could not be started or stopped answering."""


class KernelTemplate:
    """A running template process; :meth:`fork` gives a new kernel process for one job.

    Parameters
    ----------
    python : list of str
        The interpreter and its flags, from the kernelspec's ``argv``.
    env : dict, optional
        Extra environment of the kernelspec.
    notebooks : str, optional
        Folder of the notebooks whose imports to preload.
    """

    def __init__(
        self, python: list[str], env: dict[str, str] | None = None, notebooks: str | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._log = tempfile.TemporaryFile()
        code = f"from pkanalysis.report.kernels import serve; serve({os.getpid()}, {notebooks!r})"
        self.proc = subprocess.Popen(
            [*python, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env={**os.environ, **(env or {})},
            process_group=0,  # a Ctrl-C in the terminal goes to the runner only
        )
        self._ready = False
        self.failed: str | None = None
        self._spares: collections.deque[Spare] = collections.deque()
        self._spares_lock = threading.Lock()

    def wait_ready(self) -> None:
        """Block until the template has done its imports; TemplateError if it failed."""
        with self._lock:
            self._wait_ready()

    def _wait_ready(self) -> None:
        if self._ready:
            return
        if self.failed:
            raise TemplateError(self.failed)
        line = self.proc.stdout.readline()
        if line != b"ready\n":
            self.proc.kill()
            self.proc.wait()
            try:
                self._log.seek(0)
                tail = self._log.read().decode(errors="replace").strip().splitlines()[-1:]
            except (OSError, ValueError):  # closed meanwhile: the runner is stopping
                tail = []
            self.failed = f"kernel template did not start: {tail[0] if tail else line!r}"
            raise TemplateError(self.failed)
        self._ready = True

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel that runs ``IPKernelApp`` with ``argv`` in ``cwd``; return its pid."""
        request = json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n"
        with self._lock:
            self._wait_ready()
            try:
                self.proc.stdin.write(request.encode())
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except (BrokenPipeError, OSError) as exc:
                raise TemplateError(f"kernel template stopped: {exc}") from None
        if not line.strip().isdigit():
            raise TemplateError("kernel template stopped answering")
        return int(line)

    def _fork_spare(self) -> Spare:
        from jupyter_client.connect import write_connection_file

        prefix = _socket_prefix()
        connection_file, _ = write_connection_file(
            f"{prefix}.json", ip=prefix, transport="ipc", key=secrets.token_hex(32).encode()
        )
        cwd = str(Path(prefix).parent)  # a neutral folder until the job's is applied
        argv = ["-f", connection_file, "--HistoryManager.hist_file=:memory:"]
        pid = self.fork(argv, cwd, dict(os.environ))
        return Spare(ForkedProcess(pid), connection_file, cwd)

    def prefill(self, spares: int) -> None:
        """Fork kernels until ``spares`` are ready (quietly gives up if the template failed)."""
        try:
            self.wait_ready()
            while len(self._spares) < spares:
                forked = self._fork_spare()
                with self._spares_lock:
                    self._spares.append(forked)
        except Exception:  # best effort: take() reports a failure to the job
            pass

    def take(self, spares: int = 1) -> Spare:
        """A running kernel for one job; forks replacements so ``spares`` stay ready.

        Raises
        ------
        TemplateError
            If the template did not start or stopped.
        """
        self.wait_ready()
        spare = None
        with self._spares_lock:
            while self._spares and spare is None:
                spare = self._spares.popleft()
                if spare.process.poll() is not None:  # died waiting (killed from outside)
                    Path(spare.connection_file).unlink(missing_ok=True)
                    spare = None
        if spare is None:
            spare = self._fork_spare()
        self.prefill(spares)
        return spare

    @property
    def alive(self) -> bool:
        return self.failed is not None or self.proc.poll() is None

    def close(self) -> None:
        """Stop the template (kernels it forked die with it)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        with self._spares_lock:
            for spare in self._spares:
                spare.process.kill()
                Path(spare.connection_file).unlink(missing_ok=True)
            self._spares.clear()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe:
                pipe.close()
        self._log.close()


_templates: dict[tuple, KernelTemplate] = {}
_templates_lock = threading.Lock()


def template_for(
    argv: list[str], env: dict[str, str] | None, notebooks: str | None = None
) -> KernelTemplate | None:
    """The template for a kernelspec, started on first use; None if it cannot be forked from.

    Start it from a long-lived thread: Linux's parent-death signal follows the *thread* that
    started the process.  Elsewhere (no ``prctl``, no pidfd) kernels start the usual way.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        i = argv.index("-m")
    except ValueError:
        return None
    if argv[i + 1 : i + 2] != ["ipykernel_launcher"] or "{connection_file}" not in argv:
        return None
    key = (tuple(argv[:i]), tuple(sorted((env or {}).items())))
    with _templates_lock:
        template = _templates.get(key)
        if template is None or not template.alive:
            template = _templates[key] = KernelTemplate(argv[:i], env, notebooks)
    return template


def warm(kernel_name: str, notebooks: str | None = None) -> KernelTemplate | None:
    """Start the template for a kernelspec ahead of the first job (None if it cannot fork).

    The template only imports; no kernel is forked until a job (or :meth:`~KernelTemplate.prefill`)
    asks for one.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return None
    return template_for(spec.argv, spec.env, notebooks)


def close_templates() -> None:
    """Stop every template this process started, and the kernels they forked."""
    global _runtime_dir
    with _templates_lock:
        for template in _templates.values():
            template.close()
        _templates.clear()
        if _runtime_dir is not None:
            shutil.rmtree(_runtime_dir, ignore_errors=True)
            _runtime_dir = None


# --- the jupyter_client side ------------------------------------------------------------------


class ForkedProcess:
    """The part of ``subprocess.Popen`` jupyter_client uses, for a kernel forked by the template.

    The kernel is the template's child, not ours, so its exit is watched through a pidfd; its exit
    status stays with the template (reported as -1).
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):  # already gone (or no pidfd): treat as exited
            self._pidfd, self.returncode = None, -1

    def poll(self) -> int | None:
        if self.returncode is None and self._pidfd is not None:
            ready, _, _ = select.select([self._pidfd], [], [], 0)
            if ready:
                self._exited()
        return self.returncode

    def _exited(self) -> None:
        self.returncode = -1
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and self._pidfd is not None:
            ready, _, _ = select.select([self._pidfd], [], [], timeout)
            if not ready:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            self._exited()
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.killpg(self.pid, signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)
        # Wait the few milliseconds SIGKILL takes, so jupyter_client's next poll sees the kernel
        # gone rather than sleeping 0.1 s before looking again.
        if self._pidfd is not None and select.select([self._pidfd], [], [], 1.0)[0]:
            self._exited()

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _provisioner_class():
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        """LocalProvisioner for a kernel that a :class:`KernelTemplate` forked ahead."""

        spare: Spare | None = None

        def adopt(self, spare: Spare) -> None:
            self.spare = spare
            self.process = spare.process
            self.pid = spare.process.pid
            self.pgid = None  # ForkedProcess signals the kernel's own group
            self.cwd = spare.cwd
            self.connection_info = self.parent.get_connection_info()

        async def launch_kernel(self, cmd: list[str], **kwargs: Any):
            raise RuntimeError("a forked kernel is adopted running, not launched")

        async def kill(self, restart: bool = False) -> None:
            if self.process is not None:
                self.process.kill()  # waits for the kernel to be gone (see ForkedProcess.kill)

        async def wait(self) -> int | None:
            # LocalProvisioner polls every 0.1 s; the pidfd says at once when the kernel is gone.
            process = self.process
            if process is None:
                return 0
            fd = process._pidfd
            if process.poll() is None and fd is not None:
                loop = asyncio.get_running_loop()
                gone = loop.create_future()
                loop.add_reader(fd, lambda: gone.done() or gone.set_result(None))
                try:
                    await gone
                finally:
                    loop.remove_reader(fd)
            self.process = None
            return process.wait()

        async def cleanup(self, restart: bool = False) -> None:
            await super().cleanup(restart)
            if self.spare is not None:
                Path(self.spare.connection_file).unlink(missing_ok=True)

    return ForkProvisioner


def kernel_manager(kernel_name: str, spares: int = 1, notebooks: str | None = None):
    """An ``AsyncKernelManager`` for one job, on a kernel forked ahead when possible.

    The kernel talks over IPC sockets.  When the kernelspec can be forked from a template, the
    manager adopts a spare kernel that is already running (and forks a replacement, so the next
    job finds one ready too); the job's folder and environment are then applied by the runner
    before the first cell (the spare was forked before the job was known).  Otherwise jupyter_client
    starts the kernel the usual way.

    Parameters
    ----------
    kernel_name : str
        Kernelspec name.
    spares : int
        Kernels to keep forked ahead (the number of jobs that may start at once).
    notebooks : str, optional
        Folder of the notebooks, whose imports a new template preloads.
    """
    from jupyter_client import AsyncKernelManager

    km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=_socket_prefix())
    template = template_for(km.kernel_spec.argv, km.kernel_spec.env, notebooks)
    if template is not None:
        try:
            spare = template.take(spares)
        except TemplateError:
            template = None  # e.g. the kernel's Python lacks pkanalysis: start it the usual way
    if template is not None:
        km.load_connection_file(spare.connection_file)
        km.kernel_id = str(uuid.uuid4())
        km.provisioner = _provisioner_class()(
            kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km
        )
        km.provisioner.adopt(spare)
    return km
