"""Mutation score of the modules that decide numbers, one module at a time (mutmut).

Each module is mutated in a copy of the package under ``build/mutation/<module>/`` and only the
tests listed for it below are run against its mutants (mutmut then runs, for each mutant, just
the tests that call the mutated function).  A mutant is *killed* when a test fails or times
out; the score is killed / (mutants - those mutmut skipped).  Survivors are listed in
``build/mutation/<module>/survivors.txt`` (see one with ``mutmut show NAME`` run in that folder).

Slow (minutes per module on two cores), so it is not part of ``make test``:

    .venv/bin/python scripts/mutation_score.py                # every module
    .venv/bin/python scripts/mutation_score.py cycles trends  # some
    .venv/bin/python scripts/mutation_score.py --list         # modules and their tests
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"

#: Module -> (file to mutate, tests that exercise it).  Test files that do not exist yet are
#: skipped, so the same table serves a checkout from before the tests were written.
MODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "harmonise": (
        "pkanalysis/harmonise.py",
        ("tests/test_harmonise.py", "tests/test_harmonise_properties.py"),
    ),
    "reconcile": ("pkanalysis/reconcile.py", ("tests/test_reconcile.py", "tests/test_fills.py")),
    "build.reconcile": (
        "pkanalysis/build/reconcile.py",
        ("tests/test_reconcile.py", "tests/test_fills.py"),
    ),
    "cycles": ("pkanalysis/cycles.py", ("tests/test_cycles.py", "tests/test_curated.py")),
    "selection": (
        "pkanalysis/selection.py",
        ("tests/test_selection.py", "tests/test_selection_properties.py"),
    ),
    "followthrough": (
        "pkanalysis/followthrough.py",
        ("tests/test_followthrough.py", "tests/test_followthrough_units.py"),
    ),
    "panels": ("pkanalysis/panels.py", ("tests/test_panel.py",)),
    "trends": (
        "pkanalysis/trends.py",
        ("tests/test_analysis.py", "tests/test_specialist.py", "tests/test_trends.py"),
    ),
    "parity": (
        "pkanalysis/parity.py",
        ("tests/test_analysis.py", "tests/test_specialist.py", "tests/test_parity.py"),
    ),
    "burden": (
        "pkanalysis/burden.py",
        (
            "tests/test_analysis.py",
            "tests/test_specialist.py",
            "tests/test_burden_and_fatalities.py",
        ),
    ),
    "fatalities": (
        "pkanalysis/fatalities.py",
        (
            "tests/test_analysis.py",
            "tests/test_specialist.py",
            "tests/test_burden_and_fatalities.py",
        ),
    ),
    "capability_gaps": (
        "pkanalysis/capability_gaps.py",
        ("tests/test_capability_gaps.py", "tests/test_capability_gaps_units.py"),
    ),
}


#: Tests left out of a module's run: slow (each runs hundreds of regressions), and what they
#: exercise is also reached by faster tests of the same file.
SLOW = {
    "followthrough": (
        "test_no_effect_gives_a_large_placebo_share",
        "test_a_real_effect_gives_a_small_placebo_share_by_states_and_by_dates",
    ),
}


THREAD_LIMITS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                 "NUMBA_NUM_THREADS")  # fmt: skip


def _tests(name: str) -> list[str]:
    tests = [t for t in MODULES[name][1] if (ROOT / t).exists()]
    if name in SLOW:
        tests += ["-k", " and ".join(f"not {t}" for t in SLOW[name])]
    return tests


def _prepare(name: str, timeout_multiplier: float) -> Path:
    """A fresh folder holding the package, the tests and a pyproject that mutates one file."""
    target, _ = MODULES[name]
    work = WORK / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "pkanalysis", work / "pkanalysis", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    shutil.copy2(ROOT / "conftest.py", work / "conftest.py")
    pytest_opts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    addopts = pytest_opts["ini_options"].get("addopts", "")
    # Doctests stay out: mutmut copies each function with its docstring, and the doctest of a
    # mutant's copy would run the mutant directly.
    addopts = addopts.replace("--doctest-modules", "").strip()
    (work / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]\n"
        f"addopts = {json.dumps(addopts)}\n"
        "[tool.mutmut]\n"
        'source_paths = ["pkanalysis"]\n'
        f"only_mutate = [{json.dumps(target)}]\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(_tests(name))}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:cov"]\n'
        f"timeout_multiplier = {timeout_multiplier}\n"
    )
    return work


def run(name: str, children: int, timeout_multiplier: float = 15.0) -> dict:
    """Mutate one module and return mutmut's counts with the score."""
    work = _prepare(name, timeout_multiplier)
    env = dict(
        os.environ,
        # The copy sits elsewhere: point it at this checkout's data and the raw sources.
        PKANALYSIS_DATA=str(ROOT / "data"),
        PKANALYSIS_RAW=str(_raw()),
        # One thread per mutant: mutmut's time limit counts CPU seconds, and thread pools that
        # wait by spinning (numba, BLAS) would spend them without doing any work.
        **dict.fromkeys(THREAD_LIMITS, "1"),
    )
    mutmut = [sys.executable, "-m", "mutmut"]
    start = time.monotonic()
    with open(work / "mutmut.log", "w") as log:
        done = subprocess.run(
            [*mutmut, "run", "--max-children", str(children)],
            cwd=work,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.monotonic() - start
    log_text = (work / "mutmut.log").read_text()
    # mutmut stops before testing when no selected test calls a mutated function: then every
    # mutant survives for want of a test.
    untested = "could not find any test case for any mutant" in log_text
    if done.returncode != 0 and not untested:
        raise SystemExit(f"{name}: mutmut failed (exit {done.returncode}):\n{log_text[-2000:]}")
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=work, env=env, check=True,
                   capture_output=True)  # fmt: skip
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text())
    if untested:
        stats["no_tests"] = stats["total"] - stats["skipped"]
    survivors = subprocess.run(
        [*mutmut, "results"], cwd=work, env=env, check=False, capture_output=True, text=True
    ).stdout
    (work / "survivors.txt").write_text(survivors)
    counted = stats["total"] - stats["skipped"]
    killed = stats["killed"] + stats["timeout"]
    stats.update(
        module=name,
        seconds=round(seconds),
        score=killed / counted if counted else float("nan"),
        tests=_tests(name),
    )
    return stats


def _raw() -> Path:
    sys.path.insert(0, str(ROOT))
    from pkanalysis import paths

    return paths.raw_dir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"default: all ({', '.join(MODULES)})")
    parser.add_argument("--children", type=int, default=os.cpu_count() or 1,
                        help="mutants run at once (default: cores)")  # fmt: skip
    parser.add_argument(
        "--timeout-multiplier",
        type=float,
        default=15.0,
        help="a mutant times out (and counts as killed) after this many times its tests' "
        "CPU time, doubled, as mutmut counts it (default 15, mutmut's own)",
    )
    parser.add_argument("--list", action="store_true", help="list modules and their tests")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    if args.list:
        for name, (target, _) in MODULES.items():
            print(f"{name:<16} {target:<34} {' '.join(_tests(name))}")
        return 0
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; valid: {', '.join(MODULES)}")
    results = []
    print(f"{'module':<16} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} "
          f"{'no tests':>8} {'score':>6} {'time':>6}")  # fmt: skip
    for name in args.modules or list(MODULES):
        s = run(name, args.children, args.timeout_multiplier)
        results.append(s)
        print(
            f"{name:<16} {s['total'] - s['skipped']:>7} {s['killed']:>6} {s['timeout']:>7} "
            f"{s['survived'] + s['suspicious']:>8} {s['no_tests']:>8} {s['score']:>6.1%} "
            f"{s['seconds']:>5}s",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
