"""The report runner on tiny notebooks: parallel runs, a failing job, validation, Dask, browser."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from conftest import launch_chromium, needs_chromium
from pkanalysis import report


def _notebook(path: Path, parameters: str, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "pkanalysis",
        "display_name": "Python (pkanalysis)",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, path)


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    # Writes a figure and a table where the runner says, so the index has something to link.
    _notebook(
        folder / "ok.ipynb",
        "label = 'a'  # a label\nn = 2  # rows",
        "import os, pathlib\nimport matplotlib\nmatplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "out = pathlib.Path(os.environ['PKANALYSIS_OUTPUT'])\n"
        "fig, ax = plt.subplots(); ax.plot(range(n)); fig.savefig(out / f'fig_{label}.png')\n"
        "from IPython.display import HTML, display\n"
        'display(HTML(f\'<figure><img src="fig_{label}.png" alt="a line"></figure>\'))\n'
        "(out / f'table_{label}.csv').write_text('x\\n1\\n')\nprint('done', label)",
    )
    _notebook(
        folder / "broken.ipynb",
        "label = 'x'  # a label",
        "raise RuntimeError('deliberate failure ' + label)",
    )
    return folder


def _suite(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "suite.yml"
    path.write_text(text)
    return path


def test_failing_job_does_not_stop_the_others(tmp_path, notebooks):
    suite = _suite(
        tmp_path,
        "jobs:\n  - notebook: ok\n    parameters:\n      - {label: a}\n"
        "      - {label: b}\n  - notebook: broken\n",
    )
    result = report.run_suite(
        suite, out=tmp_path / "reports", workers=2, progress=False, notebooks=notebooks
    )
    assert not result.ok
    status = {j.slug: j.status for j in result.jobs}
    assert status == {"broken": "failed", "ok__label-a": "ok", "ok__label-b": "ok"}
    broken = next(j for j in result.jobs if j.notebook == "broken")
    assert "deliberate failure x" in broken.error
    assert (result.folder / "broken" / "broken.ipynb").exists()  # kept, with the error
    assert (result.folder / "ok__label-a" / "fig_a.png").exists()
    assert (result.folder / "ok__label-a" / "ok.html").exists()
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert [j["status"] for j in manifest["jobs"]] == ["failed", "ok", "ok"]
    assert "FAILED: broken" in result.summary()
    assert (tmp_path / "reports" / "latest").resolve() == result.folder.resolve()
    assert not list((tmp_path / "reports").glob(".tmp-*"))


def test_cli_exit_status_is_non_zero_when_a_job_fails(tmp_path, notebooks, monkeypatch):
    from pkanalysis.cli import main

    monkeypatch.setattr(report.suite, "NOTEBOOKS_DIR", notebooks)
    suite = _suite(tmp_path, "jobs:\n  - notebook: broken\n")
    assert (
        main(["report", "--suite", str(suite), "--out", str(tmp_path / "r"), "--workers", "1"]) == 1
    )


def test_parameters_are_checked_before_any_kernel_starts(tmp_path, notebooks):
    ok_params = "jobs:\n  - notebook: ok\n    parameters: "
    cases = {
        ok_params + "{colour: red}\n": (
            "suite.yml: line 3: ok: unknown parameter 'colour'; valid parameters: label, n"
        ),
        ok_params + "{n: 'two'}\n": (
            "suite.yml: line 3: ok: parameter 'n' must be of type int like its default 2, "
            "not str 'two'"
        ),
        "jobs:\n  - notebook: nope\n": (
            f"suite.yml: line 2: notebook: unknown notebook 'nope'; suites name a notebook of "
            f"{notebooks}: broken, ok"
        ),
    }
    for text, message in cases.items():
        with pytest.raises(report.SuiteError) as err:
            report.load_suite(_suite(tmp_path, text), notebooks)
        assert str(err.value) == message


def test_unknown_values_name_the_valid_choices(tmp_path):
    suite = _suite(
        tmp_path,
        "jobs:\n  - notebook: conference_brief\n    parameters: {conference: '2020 Oslo'}\n",
    )
    with pytest.raises(report.SuiteError) as err:
        report.load_suite(suite)
    assert str(err.value).startswith(
        "suite.yml: line 3: conference_brief: parameter 'conference': unknown conference "
        "'2020 Oslo'; valid conferences: 2014 New York, 2015 New York"
    )


def test_generated_sets_and_default_suites_are_valid():
    jobs, _ = report.load_suite(report.SUITES_DIR / "all_briefs.yml")
    conferences = [j for j in jobs if j.notebook == "conference_brief"]
    assert len(conferences) == 9 * 2  # in English and French
    assert any(j.parameters == {"mission": "UNMISS", "lang": "fr"} for j in jobs)
    assert any(j.parameters == {"iso3": "NPL", "lang": "en"} for j in jobs)
    default, _ = report.load_suite()
    assert {j.notebook for j in default} == {p.stem for p in report.NOTEBOOKS_DIR.glob("*.ipynb")}


def test_parameter_values_cannot_write_outside_the_run(tmp_path, notebooks):
    suite = _suite(tmp_path, "jobs:\n  - notebook: ok\n    parameters: {label: '../../evil'}\n")
    result = report.run_suite(
        suite, out=tmp_path / "reports", workers=1, progress=False, notebooks=notebooks
    )
    assert result.jobs[0].slug == "ok__label-.._.._evil"  # one path component, no separator
    assert not list(tmp_path.glob("evil*"))
    assert not list((tmp_path / "reports").glob("evil*"))
    job_dir = result.folder / result.jobs[0].slug
    assert job_dir.resolve().is_relative_to(result.folder.resolve())


def test_runs_on_a_local_dask_cluster(tmp_path, notebooks):
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed")
    suite = _suite(
        tmp_path,
        "jobs:\n  - notebook: ok\n    parameters:\n      - {label: a}\n      - {label: b}\n",
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = report.run_suite(
            suite,
            out=tmp_path / "reports",
            progress=False,
            notebooks=notebooks,
            executor=client.get_executor(),
        )
    assert result.ok
    assert [j.status for j in result.jobs] == ["ok", "ok"]


@needs_chromium
def test_index_links_resolve_and_report_figures_load_in_a_browser(tmp_path, notebooks):
    from playwright.sync_api import sync_playwright

    suite = _suite(tmp_path, "jobs:\n  - notebook: ok\n  - notebook: broken\n")
    result = report.run_suite(
        suite, out=tmp_path / "reports", workers=2, progress=False, notebooks=notebooks
    )
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.goto((result.folder / "index.html").as_uri())
        hrefs = page.eval_on_selector_all("a[href]:not([href^='#'])", "els => els.map(e => e.href)")
        assert len(hrefs) >= 5
        for href in hrefs:
            assert Path(href.removeprefix("file://").split("#")[0]).exists(), href
        assert "failed" in page.inner_text("body")
        page.click("td[id='ok'] a[hreflang]")  # the report, whose figure loads from its folder
        loaded = page.eval_on_selector_all(
            "img", "els => els.map(e => e.complete && e.naturalWidth > 0)"
        )
        assert loaded
        assert all(loaded)
        browser.close()


def test_jobs_start_longest_first_by_the_last_run(tmp_path):
    from pkanalysis.report.runner import _longest_first

    jobs = [report.Job(n, {}, n) for n in ("short", "new", "long", "middle")]
    assert _longest_first(jobs, tmp_path) == jobs  # no earlier run: as listed
    (tmp_path / "run1").mkdir()
    (tmp_path / "run1" / "manifest.json").write_text(
        json.dumps(
            {
                "jobs": [
                    {"slug": s, "seconds": t}
                    for s, t in [("short", 1.0), ("long", 9.5), ("middle", 4.0)]
                ]
            }
        )
    )
    (tmp_path / "latest").symlink_to("run1")
    assert [j.slug for j in _longest_first(jobs, tmp_path)] == ["new", "long", "middle", "short"]
