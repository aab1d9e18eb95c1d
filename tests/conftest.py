from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, settings

from pkanalysis import paths

# Property tests draw the same examples on every run (a failure in CI is one anyone can
# repeat) and keep no example database in the checkout; the first call of a reader may load
# hdx-python-country's tables, so no per-example deadline.
settings.register_profile(
    "pkanalysis",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("pkanalysis")


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The official raw sources; CI has them beside the clone, so a missing folder is a failure."""
    return paths.raw_dir()


@pytest.fixture(scope="session")
def pdf_dir(raw_dir: Path) -> Path:
    return raw_dir / "un_dpo_contributions_monthly_pdfs"


@pytest.fixture(scope="session", autouse=True)
def _cache_of_its_own(tmp_path_factory):
    """The tests' parsed reports and file digests go to a temporary cache, never the user's."""
    before = os.environ.get("PKANALYSIS_CACHE")
    os.environ["PKANALYSIS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("PKANALYSIS_CACHE", None)
    else:
        os.environ["PKANALYSIS_CACHE"] = before


# --- one run of every notebook through the report runner, shared by the tests of its output ---

#: Parameters of the French runs where the defaults would only make the session slower.
QUICKER = {"pledge_follow_through": {"placebo_draws": 20}}


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory, worker_id):
    """Every notebook of ``notebooks/`` that takes ``lang``, run once in each language.

    English runs take each notebook's non-default parameters from ``test_notebooks.CASES`` (so
    those tests read this run's files instead of running the notebooks again); the other
    languages run with the defaults.  Notebooks without ``lang`` are left out here; the tests
    of each notebook fail for them.  Returns the :class:`~pkanalysis.report.RunResult`.

    The run takes about a minute of both cores.  Under pytest-xdist the first worker to ask
    makes it in the session's shared temporary folder and the others wait for it and read it,
    instead of each making its own.
    """
    if worker_id == "master":  # not under xdist: this session alone
        return _run_every_notebook(tmp_path_factory.mktemp("notebook-run"))
    shared = tmp_path_factory.getbasetemp().parent  # this session's, the same for every worker
    done = shared / "notebook-run.pickle"
    with FileLock(shared / "notebook-run.lock"):
        if not done.exists():
            done.write_bytes(pickle.dumps(_run_every_notebook(shared / "notebook-run")))
    return pickle.loads(done.read_bytes())


def _run_every_notebook(folder: Path):
    import yaml
    from test_notebooks import CASES

    from pkanalysis import i18n, report

    folder.mkdir(exist_ok=True)
    jobs = []
    for path in sorted(report.NOTEBOOKS_DIR.glob("*.ipynb")):
        if "lang" not in report.notebook_parameters(path.stem):
            continue
        for lang in i18n.LANGUAGES:
            parameters = CASES[path.stem][0] if lang == "en" else QUICKER.get(path.stem, {})
            jobs.append({"notebook": path.stem, "parameters": {**parameters, "lang": lang}})
    suite = folder / "suite.yml"
    suite.write_text(yaml.safe_dump({"jobs": jobs}, allow_unicode=True))
    return report.run_suite(suite, out=folder / "reports", progress=False)


def run_job(result, notebook: str, lang: str):
    """The job of ``notebook`` in ``lang`` in a run (fails the test if the run has none)."""
    for job in result.jobs:
        if job.notebook == notebook and job.lang == lang:
            return job
    pytest.fail(
        f'{notebook} did not run in {lang}: it needs a `lang` parameter (default "en") in its '
        "parameters cell"
    )


# --- Chromium for the browser tests (Debian's; Playwright never downloads one) ---

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (.ci/run installs Debian's)"
)


def launch_chromium(playwright):
    """A headless Chromium that makes no requests of its own (updates, sync, first run)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )
