"""Suite files are checked before anything starts: errors name the file, line and key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from pkanalysis import params, report


def _notebook(path: Path, parameters: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "pkanalysis",
        "display_name": "Python (pkanalysis)",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("print(label)")]
    nbformat.write(nb, path)


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "ok.ipynb", "label = 'a'  # a label\nn = 2  # rows\nlang = 'en'")
    _notebook(folder / "plain.ipynb", "label = 'a'  # a notebook in one language")
    return folder


def _error(tmp_path: Path, text: str, notebooks: Path | None = None) -> str:
    path = tmp_path / "suite.yml"
    path.write_text(text)
    with pytest.raises(report.SuiteError) as err:
        report.load_suite(path, notebooks)
    return str(err.value)


SCHEMA_ERRORS = {
    "yaml syntax": (
        "jobs:\n  - notebook: ok\n    parameters: {label: a\n",
        "suite.yml: line 4, column 1: not valid YAML: expected ',' or '}', but got '<stream end>' "
        "(while parsing a flow mapping that starts at line 3)",
    ),
    "suite is a list": (
        "- notebook: ok\n",
        "suite.yml: line 1: a suite must be a mapping with a 'jobs' list (and optionally 'kernel', "
        "'timeout' and 'languages'), not a list",
    ),
    "job is a bare string": (
        "kernel: pkanalysis\njobs:\n  - ok\n",
        "suite.yml: line 3: jobs: each job must be a mapping like {notebook: data_quality}, "
        "not str 'ok'",
    ),
    "empty file": ("", "suite.yml: line 1: a suite must be a mapping"),
    "empty jobs": (
        "jobs: []\n",
        "suite.yml: line 1: jobs: the suite has no jobs; list at least one",
    ),
    "no jobs key": ("kernel: pkanalysis\n", "suite.yml: line 1: jobs: the suite has no jobs"),
    "jobs is a mapping": (
        "jobs:\n  notebook: ok\n",
        "suite.yml: line 2: jobs: must be a list of jobs, not a mapping",
    ),
    "unknown suite key": (
        "workers: 3\njobs:\n  - notebook: ok\n",
        "suite.yml: line 1: workers: unknown key in the suite; valid keys: kernel, timeout, "
        "languages, jobs",
    ),
    "unknown job key": (
        "jobs:\n  - notebook: ok\n    parameter: {label: b}\n",
        "suite.yml: line 3: parameter: unknown key in a job; valid keys: notebook, parameters, "
        "generate, as, n",
    ),
    "timeout zero": (
        "timeout: 0\njobs:\n  - notebook: ok\n",
        "suite.yml: line 1: timeout: must be a number of seconds > 0, not int 0",
    ),
    "timeout negative": (
        "jobs:\n  - notebook: ok\ntimeout: -5\n",
        "suite.yml: line 3: timeout: must be a number of seconds > 0, not int -5",
    ),
    "parameter set not a mapping": (
        "jobs:\n  - notebook: ok\n    parameters:\n      - {label: b}\n      - label\n",
        "suite.yml: line 5: parameters: each parameter set must be a mapping like {name: value}, "
        "not str 'label'",
    ),
    "generate without as": (
        "jobs:\n  - notebook: ok\n    generate: conferences\n",
        "suite.yml: line 2: as: 'generate' needs 'as: <parameter>'",
    ),
    "unknown generator": (
        "jobs:\n  - notebook: ok\n    generate: planets\n    as: label\n",
        "suite.yml: line 3: generate: unknown generator 'planets'; valid generators: "
        "active_missions, current_contributors, top_contributors, conferences, latest_conference",
    ),
    "unknown language": (
        "languages:\n  - en\n  - de\njobs:\n  - notebook: ok\n",
        "suite.yml: line 3: languages: unknown language 'de'; choose one of: 'en' (English), "
        "'fr' (français)",
    ),
    "language listed twice": (
        "languages: [fr, fr]\njobs:\n  - notebook: ok\n",
        "suite.yml: line 1: languages: 'fr' is listed twice",
    ),
    "languages empty": (
        "languages: []\njobs:\n  - notebook: ok\n",
        "suite.yml: line 1: languages: must be a list of language codes like [en, fr], not a list",
    ),
    "languages for a notebook without lang": (
        "languages: [en, fr]\njobs:\n  - notebook: ok\n  - notebook: plain\n",
        "suite.yml: line 4: languages: plain has no 'lang' parameter, so it cannot run in the "
        'suite\'s languages (en, fr); declare lang = "en" in its parameters cell',
    ),
    "unknown language of a job": (
        "jobs:\n  - notebook: ok\n    parameters:\n      - {label: b, lang: fr}\n"
        "      - {label: c, lang: es}\n",
        "suite.yml: line 5: ok: parameter 'lang': unknown language 'es'; choose one of: 'en'",
    ),
    "duplicate job": (
        "jobs:\n  - notebook: ok\n  - notebook: ok.ipynb\n",
        "suite.yml: line 3: parameters: ok with these parameters already appears at line 2",
    ),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_ERRORS))
def test_schema_errors_name_file_line_and_key(case, tmp_path, notebooks):
    text, message = SCHEMA_ERRORS[case]
    assert _error(tmp_path, text, notebooks).startswith(message)


def test_languages_run_every_job_once_per_language_unless_it_sets_lang(tmp_path, notebooks):
    suite = tmp_path / "suite.yml"
    suite.write_text(
        "languages: [fr, en]\njobs:\n  - notebook: ok\n    parameters:\n"
        "      - {label: b}\n      - {label: c, lang: fr}\n"
    )
    jobs, settings = report.load_suite(suite, notebooks)
    assert settings["languages"] == ["fr", "en"]
    assert [(j.parameters, j.lang) for j in jobs] == [
        ({"label": "b", "lang": "fr"}, "fr"),
        ({"label": "b", "lang": "en"}, "en"),
        ({"label": "c", "lang": "fr"}, "fr"),
    ]
    assert len({j.slug for j in jobs}) == 3
    suite.write_text("jobs:\n  - notebook: ok\n  - notebook: plain\n")
    jobs, settings = report.load_suite(suite, notebooks)
    assert settings["languages"] is None
    assert [(j.parameters, j.lang) for j in jobs] == [({}, "en"), ({}, "en")]


def test_every_notebook_and_suite_takes_a_language():
    for path in sorted(report.NOTEBOOKS_DIR.glob("*.ipynb")):
        assert report.notebook_parameters(path.stem).get("lang") == "en", path.name
    for path in sorted(report.SUITES_DIR.glob("*.yml")):
        jobs, _ = report.load_suite(path)
        assert all(job.lang in ("en", "fr") for job in jobs), path.name


def test_notebook_outside_the_notebooks_folder_is_refused_not_renamed(tmp_path, notebooks):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    _notebook(elsewhere / "ok.ipynb", "label = 'x'")
    for given in ("../elsewhere/ok.ipynb", "../../../../tmp/elsewhere/ok.ipynb", str(elsewhere)):
        message = _error(tmp_path, f"jobs:\n  - notebook: {given}\n", notebooks)
        assert message.startswith(f"suite.yml: line 2: notebook: is not in notebooks/ {given!r}")


@pytest.mark.parametrize(
    ("notebook", "parameter", "message"),
    [
        ("data_quality", "max_rows: -5", "max_rows must be a number from 1 to 1000; got -5"),
        ("pledge_follow_through", "placebo_draws: -12", "placebo_draws must be a number from 0"),
        ("contribution_trends", "top_n: 0", "top_n must be a number from 1 to 200; got 0"),
    ],
)
def test_numeric_parameters_outside_their_range_are_refused(tmp_path, notebook, parameter, message):
    text = f"jobs:\n  - notebook: {notebook}\n    parameters: {{{parameter}}}\n"
    name = parameter.split(":")[0]
    assert _error(tmp_path, text).startswith(
        f"suite.yml: line 3: {notebook}: parameter '{name}': {message}"
    )


def test_every_numeric_parameter_has_a_declared_range():
    for path in sorted(report.NOTEBOOKS_DIR.glob("*.ipynb")):
        for name, default in report.notebook_parameters(path.stem).items():
            if isinstance(default, int | float) and not isinstance(default, bool):
                # year is checked against the years the data has a sex split for
                assert name in params.RANGES or name == "year", (path.stem, name)
                if name in params.RANGES:
                    params.in_range(default, *params.RANGES[name], name)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pkanalysis.cli", "report", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.mark.parametrize("case", ["yaml syntax", "suite is a list", "job is a bare string"])
def test_cli_reports_a_bad_suite_in_one_line(case, tmp_path):
    text, message = SCHEMA_ERRORS[case]
    (tmp_path / "suite.yml").write_text(text.replace("notebook: ok", "notebook: data_quality"))
    proc = _cli("--suite", "suite.yml", "--out", str(tmp_path / "reports"), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith(f"pkanalysis: error: {message}"), proc.stderr
    assert not (tmp_path / "reports").exists()  # nothing started


def test_workers_and_timeout_must_be_positive(tmp_path, notebooks):
    suite = tmp_path / "suite.yml"
    suite.write_text("jobs:\n  - notebook: ok\n")
    for kwargs, message in [
        ({"workers": 0}, "workers must be at least 1, not 0"),
        ({"timeout": 0}, "timeout must be a number of seconds > 0, not 0"),
        ({"timeout": -5}, "timeout must be a number of seconds > 0, not -5"),
    ]:
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            report.run_suite(suite, out=tmp_path / "r", notebooks=notebooks, **kwargs)
    assert not (tmp_path / "r").exists()
    for args, message in [
        (("--workers", "0"), "argument --workers: must be at least 1, not 0"),
        (("--timeout", "0"), "argument --timeout: must be > 0, not 0"),
        (("--timeout", "-5"), "argument --timeout: must be > 0, not -5"),
    ]:
        proc = _cli("--suite", str(suite), *args, cwd=tmp_path)
        assert proc.returncode == 2
        assert proc.stderr.strip().endswith(message)


def test_help_states_the_default_workers(tmp_path):
    out = _cli("--help", cwd=tmp_path).stdout
    assert f"(default: {os.cpu_count()}, the number of CPU cores)" in " ".join(out.split())
