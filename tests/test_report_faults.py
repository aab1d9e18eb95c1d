"""The report runner under faults: isolation between jobs, timeouts, signals, a full disk and a
read-only output folder.  Each fault ends in one line, leaves no partial run (or one the next run
removes and reports), leaves ``latest`` alone and leaves no process behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from pkanalysis import report


def _ctrl_c_as_at_a_terminal() -> None:
    """Run in the child before it starts: pytest-xdist's workers ignore SIGINT, and an ignored
    signal stays ignored across exec; a command started from a terminal has its default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _notebook(path: Path, parameters: str, *cells: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "pkanalysis",
        "display_name": "Python (pkanalysis)",
        "language": "python",
    }
    first = nbformat.v4.new_code_cell(parameters)
    first.metadata["tags"] = ["parameters"]
    nb.cells = [first, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nbformat.write(nb, path)


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "ok.ipynb", "label = 'a'", "print('done', label)")
    # Leaves every kind of state a later job could trip over.
    _notebook(
        folder / "dirty.ipynb",
        "label = 'd'",
        "import os, pathlib\nimport matplotlib as mpl\nimport matplotlib.pyplot as plt\n"
        "import pandas as pd\nimport pkanalysis\n"
        "leak = 'from dirty'\nfig = plt.figure()\nmpl.rcParams['lines.linewidth'] = 7.5\n"
        "pd.set_option('display.max_rows', 3)\npkanalysis._leak = True\nos.environ['LEAK'] = '1'\n"
        "pathlib.Path(os.environ['PKANALYSIS_OUTPUT'], 'pid').write_text(str(os.getpid()))\n"
        "import random, numpy\n"
        "pathlib.Path(os.environ['PKANALYSIS_OUTPUT'], 'draws').write_text("
        "str([random.random(), numpy.random.random()]))",
    )
    _notebook(
        folder / "clean.ipynb",
        "label = 'c'",
        "import os, pathlib\nimport matplotlib as mpl\nimport matplotlib.pyplot as plt\n"
        "import pandas as pd\nimport pkanalysis\n"
        "state = {'leak': 'leak' in globals(), 'figures': plt.get_fignums(),\n"
        "         'linewidth': mpl.rcParams['lines.linewidth'],\n"
        "         'max_rows': pd.get_option('display.max_rows'),\n"
        "         'module': hasattr(pkanalysis, '_leak'), 'env': 'LEAK' in os.environ,\n"
        "         'cwd': os.getcwd(), 'output': os.environ['PKANALYSIS_OUTPUT']}\n"
        "out = pathlib.Path(os.environ['PKANALYSIS_OUTPUT'])\n"
        "(out / 'pid').write_text(str(os.getpid()))\n"
        "(out / 'state.json').write_text(__import__('json').dumps(state))\n"
        "import random, numpy\n"
        "(out / 'draws').write_text(str([random.random(), numpy.random.random()]))",
    )
    _notebook(folder / "slow.ipynb", "label = 's'", "import time\ntime.sleep(120)")
    # About 2 MB of output, to fill a small disk.
    _notebook(folder / "big.ipynb", "label = 'b'", "print('x' * 2_000_000)")
    return folder


def _suite(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "suite.yml"
    path.write_text(text)
    return path


def test_a_job_sees_nothing_of_the_job_before(tmp_path, notebooks):
    # One worker: dirty then clean run one after the other in the same worker.
    suite = _suite(tmp_path, "jobs:\n  - notebook: dirty\n  - notebook: clean\n")
    result = report.run_suite(
        suite, out=tmp_path / "reports", workers=1, progress=False, notebooks=notebooks
    )
    assert [j.status for j in result.jobs] == ["ok", "ok"], result.summary()
    import matplotlib as mpl
    import pandas as pd

    state = json.loads((result.folder / "clean" / "state.json").read_text())
    job_folder = result.folder.parent / f".tmp-{result.run_id}" / "clean"  # while it ran
    assert state == {
        "leak": False,
        "figures": [],
        "linewidth": mpl.rcParamsDefault["lines.linewidth"],
        "max_rows": pd.get_option("display.max_rows"),
        "module": False,
        "env": False,
        "cwd": str(job_folder),
        "output": str(job_folder),
    }
    slugs = ("dirty", "clean")
    pids = {(result.folder / s / "pid").read_text() for s in slugs}
    assert len(pids) == 2  # a fresh kernel process for each job
    dirty, clean = (json.loads((result.folder / s / "draws").read_text()) for s in slugs)
    # random and numpy.random seeded afresh in each kernel, not inherited from the template
    assert dirty[0] != clean[0]
    assert dirty[1] != clean[1]


def test_papermill_stays_the_executor_of_record(tmp_path, notebooks):
    suite = _suite(tmp_path, "jobs:\n  - notebook: ok\n    parameters: {label: z}\n")
    result = report.run_suite(
        suite, out=tmp_path / "reports", workers=1, progress=False, notebooks=notebooks
    )
    nb = json.loads((result.folder / "ok__label-z" / "ok.ipynb").read_text())
    assert nb["metadata"]["papermill"]["parameters"] == {"label": "z"}
    assert not nb["metadata"]["papermill"]["exception"]
    assert "injected-parameters" in nb["cells"][1]["metadata"]["tags"]
    assert all("duration" in c["metadata"]["papermill"] for c in nb["cells"])
    assert nb["cells"][2]["outputs"][0]["text"] == ["done z\n"]
    assert (result.folder / "ok__label-z" / "ok.html").stat().st_size > 1000


def test_a_notebook_over_its_time_is_stopped_and_the_others_finish(tmp_path, notebooks):
    suite = _suite(tmp_path, "timeout: 2\njobs:\n  - notebook: slow\n  - notebook: ok\n")
    result = report.run_suite(
        suite, out=tmp_path / "reports", workers=2, progress=False, notebooks=notebooks
    )
    status = {j.slug: (j.status, j.error) for j in result.jobs}
    assert status == {"ok": ("ok", None), "slow": ("timeout", "notebook did not finish within 2 s")}
    assert (result.folder / "slow" / "slow.ipynb").exists()  # the executed part is kept


# --- the runner as an operator runs it: a process of its own ------------------------------------


def _runner_cmd(suite: Path, out: Path, notebooks: Path, *extra: str) -> list[str]:
    code = (
        "import sys\nfrom pkanalysis.report import suite\n"
        f"suite.NOTEBOOKS_DIR = __import__('pathlib').Path({str(notebooks)!r})\n"
        "from pkanalysis.cli import main\nsys.exit(main(sys.argv[1:]))"
    )
    return [sys.executable, "-c", code, "report", "--suite", str(suite), "--out", str(out), *extra]


def _messages(stderr: str) -> list[str]:
    """The lines of stderr that are not the progress bar's."""
    return [
        line for line in stderr.splitlines() if line.strip() and not line.startswith("notebooks:")
    ]


def _descendants(pid: int) -> set[int]:
    found, stack = set(), [pid]
    while stack:
        for task in Path(f"/proc/{stack.pop()}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(children)
            stack.extend(children)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _start_slow_run(tmp_path: Path, notebooks: Path) -> tuple[subprocess.Popen, Path, set[int]]:
    """A runner with two slow jobs under way; returns it, its reports folder and its processes."""
    out = tmp_path / "reports"
    (out / "earlier").mkdir(parents=True)
    (out / "latest").symlink_to("earlier")
    suite = _suite(
        tmp_path,
        "jobs:\n  - notebook: slow\n    parameters:\n      - {label: a}\n      - {label: b}\n",
    )
    proc = subprocess.Popen(
        _runner_cmd(suite, out, notebooks, "--workers", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_at_a_terminal,
    )
    # Under way: a template and two kernels, each job's notebook written by papermill.
    assert _wait_until(
        lambda: (
            len(_descendants(proc.pid)) >= 3
            and len(list(out.glob(".tmp-*/slow__label-*/slow.ipynb"))) == 2
        )
    ), proc.stderr.read() if proc.poll() is not None else "run did not get under way"
    time.sleep(0.5)  # let the kernels enter the cell
    return proc, out, _descendants(proc.pid)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_ends_in_one_line_and_leaves_nothing(tmp_path, notebooks, signum):
    proc, out, processes = _start_slow_run(tmp_path, notebooks)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert _messages(stderr) == [
        "pkanalysis: interrupted; the partial run was removed and 'latest' is unchanged"
    ]
    assert sorted(p.name for p in out.iterdir()) == ["earlier", "latest"]
    assert os.readlink(out / "latest") == "earlier"
    assert _wait_until(lambda: not any(_alive(p) for p in processes), 10)


def test_kill_leaves_no_process_and_the_next_run_cleans_up(tmp_path, notebooks):
    proc, out, processes = _start_slow_run(tmp_path, notebooks)
    proc.kill()
    proc.wait()
    assert _wait_until(lambda: not any(_alive(p) for p in processes), 10), [
        p for p in processes if _alive(p)
    ]
    leftover = [p.name for p in out.glob(".tmp-*")]
    assert len(leftover) == 1
    assert os.readlink(out / "latest") == "earlier"

    suite = _suite(tmp_path, "jobs:\n  - notebook: ok\n")
    result = report.run_suite(suite, out=out, workers=1, progress=False, notebooks=notebooks)
    assert result.cleaned == leftover
    assert f"removed {leftover[0]}, left by an interrupted run" in result.summary()
    assert not list(out.glob(".tmp-*"))
    assert os.readlink(out / "latest") == result.run_id


# --- a full disk and a read-only folder, on a real file system ----------------------------------

UNSHARE = shutil.which("unshare") or "unshare (util-linux) is needed for these tests"


def _in_private_mount(tmp_path: Path, mount_options: str, cmd: list[str]) -> tuple[int, str, str]:
    """Run ``cmd`` with ``tmp_path/reports`` on a fresh tmpfs of its own (a user and mount
    namespace, so no privileges are needed); return its exit status, stderr and what the
    folder holds afterwards (``latest`` shown with its target)."""
    out = tmp_path / "reports"
    out.mkdir()
    script = (
        f"mount -t tmpfs -o size=512k tmpfs {out} && mkdir {out}/earlier "
        f"&& ln -s earlier {out}/latest && mount -o remount,{mount_options} {out} || exit 99\n"
        '"$@" 2> "$ERR"; rc=$?\n'
        f"cd {out} && for f in $(ls -A); do if [ -L $f ]; then echo $f "
        '"->" $(readlink $f); else echo $f; fi; done; exit $rc'
    )
    err = tmp_path / "stderr"
    proc = subprocess.run(
        [UNSHARE, "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *cmd],
        capture_output=True,
        text=True,
        env={**os.environ, "ERR": str(err)},
    )
    assert proc.returncode != 99, f"could not mount a tmpfs: {proc.stderr}"
    return proc.returncode, err.read_text(), proc.stdout


def test_full_disk_ends_in_one_line_and_leaves_nothing(tmp_path, notebooks):
    suite = _suite(tmp_path, "jobs:\n  - notebook: big\n  - notebook: ok\n")
    rc, stderr, listing = _in_private_mount(
        tmp_path, "rw", _runner_cmd(suite, tmp_path / "reports", notebooks, "--workers", "2")
    )
    assert rc == 2, stderr
    assert _messages(stderr) == [
        f"pkanalysis: error: cannot write the run in {tmp_path / 'reports'}: no space left on "
        "device; the partial run was removed and 'latest' is unchanged"
    ]
    assert listing.split("\n") == ["earlier", "latest -> earlier", ""]


def test_read_only_output_folder_ends_in_one_line(tmp_path, notebooks):
    suite = _suite(tmp_path, "jobs:\n  - notebook: ok\n")
    rc, stderr, listing = _in_private_mount(
        tmp_path, "ro", _runner_cmd(suite, tmp_path / "reports", notebooks)
    )
    assert rc == 2, stderr
    assert _messages(stderr) == [
        f"pkanalysis: error: cannot write the run in {tmp_path / 'reports'}: Read-only file "
        "system; the partial run was removed and 'latest' is unchanged"
    ]
    assert listing.split("\n") == ["earlier", "latest -> earlier", ""]


def test_no_unencrypted_tcp_warning(tmp_path, notebooks):
    suite = _suite(tmp_path, "jobs:\n  - notebook: ok\n")
    proc = subprocess.run(
        _runner_cmd(suite, tmp_path / "reports", notebooks), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "all jobs passed" in proc.stdout
    assert "without encryption" not in proc.stderr
    assert "WARNING" not in proc.stderr


def test_the_kernel_template_starts_with_the_projects_notebooks():
    # A preload that fails to import would quietly send every job to a cold kernel.
    from pkanalysis.report import kernels

    template = kernels.warm(report.KERNEL, str(report.NOTEBOOKS_DIR))
    try:
        template.wait_ready()
        assert template.alive
        assert template.failed is None
    finally:
        kernels.close_templates()


def test_a_failed_write_at_the_end_removes_the_run_and_keeps_ctrl_c(
    tmp_path, notebooks, monkeypatch
):
    # The index is the last file written; a full disk there still removes the whole run.
    import errno

    from pkanalysis.report import runner

    def full(_manifest):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runner, "render_index", full)
    before = signal.getsignal(signal.SIGINT)
    suite = _suite(tmp_path, "jobs:\n  - notebook: ok\n")
    with pytest.raises(report.RunError) as err:
        report.run_suite(suite, out=tmp_path / "r", workers=1, progress=False, notebooks=notebooks)
    assert str(err.value) == f"cannot write the run in {tmp_path / 'r'}: no space left on device"
    assert list((tmp_path / "r").iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is before  # a library caller keeps its Ctrl-C
