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

mutmut stops a mutant whose tests run far longer than in the clean run (a timeout, counted as
killed); its limit is wall time, which a busy machine stretches.  The follow-through module's
1,600-odd mutants each fit regressions (an hour or more on two cores), and mutmut underestimates
some of their tests' time; it is scored on a random sample, with timeouts tried twice:

    .venv/bin/python scripts/mutation_score.py followthrough --sample 300 \
        --timeout-multiplier 3 --timeout-constant 10 --retry-timeouts 30
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


def _config(name: str, timeout: tuple[float, float]) -> str:
    """The pyproject of a module's folder: pytest's options and mutmut's for this module."""
    target, _ = MODULES[name]
    pytest_opts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    addopts = pytest_opts["ini_options"].get("addopts", "")
    # Doctests stay out: mutmut copies each function with its docstring, and the doctest of a
    # mutant's copy would run the mutant directly.
    addopts = addopts.replace("--doctest-modules", "").strip()
    return (
        "[tool.pytest.ini_options]\n"
        f"addopts = {json.dumps(addopts)}\n"
        "[tool.mutmut]\n"
        'source_paths = ["pkanalysis"]\n'
        f"only_mutate = [{json.dumps(target)}]\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(_tests(name))}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:cov"]\n'
        f"timeout_multiplier = {timeout[0]}\n"
        f"timeout_constant = {timeout[1]}\n"
    )


def _prepare(name: str, timeout: tuple[float, float]) -> Path:
    """A fresh folder holding the package, the tests and a pyproject that mutates one file."""
    work = WORK / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "pkanalysis", work / "pkanalysis", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    shutil.copy2(ROOT / "conftest.py", work / "conftest.py")
    (work / "pyproject.toml").write_text(_config(name, timeout))
    return work


def _mutmut(work: Path, env: dict, children: int, log: str, names: list[str] = ()) -> dict:
    """``mutmut run`` in ``work`` (of the mutants ``names`` only, if given); returns its counts
    (mutmut keeps earlier verdicts)."""
    mutmut = [sys.executable, "-m", "mutmut"]
    with open(work / log, "w") as out:
        done = subprocess.run(
            [*mutmut, "run", "--max-children", str(children), *names],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    log_text = (work / log).read_text()
    # mutmut stops before testing when no selected test calls a mutated function: then every
    # mutant survives for want of a test.
    untested = "could not find any test case for any mutant" in log_text
    # asked for no mutant at all (to generate the mutants and time the tests): mutmut stops
    # there with an assertion, its work done
    setup_only = "Filtered for specific mutants, but nothing matches" in log_text
    if done.returncode != 0 and not untested and not setup_only:
        raise SystemExit(
            f"{work.name}: mutmut failed (exit {done.returncode}):\n{log_text[-2000:]}"
        )
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=work, env=env, check=True,
                   capture_output=True)  # fmt: skip
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text())
    if untested:
        stats["no_tests"] = stats["total"] - stats["skipped"]
    return stats


STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no_tests", 33: "no_tests", 34: "skipped",
          36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout"}  # fmt: skip


def _verdicts(work: Path, name: str) -> dict[str, int | None]:
    """mutmut's exit code per mutant of the module (None: not run)."""
    meta = work / "mutants" / f"{MODULES[name][0]}.meta"
    return json.loads(meta.read_text())["exit_code_by_key"]


def _sampled(work: Path, env: dict, name: str, children: int, sample: tuple[int, int],
             timeout: tuple[float, float], retry_constant: float | None) -> dict:  # fmt: skip
    """Counts over a random sample of the module's mutants (the same one for the same code)."""
    import random

    prefix = MODULES[name][0].removesuffix(".py").replace("/", ".")
    # a pattern no mutant matches: mutmut generates the mutants and times the tests only
    _mutmut(work, env, children, "mutmut-setup.log", [f"{prefix}.x_no_such_function*"])
    size, seed = sample
    names = sorted(_verdicts(work, name))
    chosen = random.Random(seed).sample(names, min(size, len(names)))
    _mutmut(work, env, children, "mutmut.log", chosen)
    first = {k: _verdicts(work, name)[k] for k in chosen}
    timed_out = [k for k, code in first.items() if STATUS.get(code) == "timeout"]
    if retry_constant is not None and timed_out:
        (work / "pyproject.toml").write_text(_config(name, (timeout[0], retry_constant)))
        _mutmut(work, env, children, "mutmut-retry.log", timed_out)
    codes = {k: _verdicts(work, name)[k] for k in chosen}
    stats = dict.fromkeys(("killed", "survived", "no_tests", "skipped", "timeout",
                           "suspicious"), 0)  # fmt: skip
    for code in codes.values():
        stats[STATUS.get(code, "suspicious")] += 1
    stats.update(total=len(chosen), sampled_from=len(names), first_pass_timeouts=len(timed_out))
    (work / "sample.json").write_text(json.dumps(codes, indent=1))
    return stats


def run(
    name: str,
    children: int,
    timeout: tuple[float, float] = (15.0, 1.0),
    retry_constant: float | None = None,
    sample: tuple[int, int] | None = None,
) -> dict:
    """Mutate one module and return mutmut's counts with the score.

    ``timeout`` is mutmut's multiplier and constant: a mutant whose tests take more than
    ``(their time in the clean run + constant) * multiplier`` seconds of wall time (or twice
    that in CPU time) is stopped and counts as killed.  On a busy machine slow tests can hit
    that limit without any fault of the mutant: with ``retry_constant``, mutants that timed out
    are run again with that constant instead, and only those that time out again count so.
    ``sample`` (size, seed) runs a random sample of the mutants instead of all.
    """
    work = _prepare(name, timeout)
    env = dict(
        os.environ,
        # The copy sits elsewhere: point it at this checkout's data and the raw sources.
        PKANALYSIS_DATA=str(ROOT / "data"),
        PKANALYSIS_RAW=str(_raw()),
        # One thread per mutant: mutmut's time limit counts CPU seconds, and thread pools that
        # wait by spinning (numba, BLAS) would spend them without doing any work.
        **dict.fromkeys(THREAD_LIMITS, "1"),
    )
    start = time.monotonic()
    if sample is not None:
        stats = _sampled(work, env, name, children, sample, timeout, retry_constant)
        stats["seconds"] = round(time.monotonic() - start)
        killed = stats["killed"] + stats["timeout"]
        counted = stats["total"] - stats["skipped"]
        stats.update(module=name, score=killed / counted, tests=_tests(name))
        return stats
    stats = _mutmut(work, env, children, "mutmut.log")
    if retry_constant is not None and stats["timeout"]:
        first_timeouts = stats["timeout"]
        # mutmut keeps every verdict but the timeouts when only the timeout settings change
        (work / "pyproject.toml").write_text(_config(name, (timeout[0], retry_constant)))
        stats = _mutmut(work, env, children, "mutmut-retry.log")
        stats["first_pass_timeouts"] = first_timeouts
    seconds = time.monotonic() - start
    survivors = subprocess.run(
        [sys.executable, "-m", "mutmut", "results"], cwd=work, env=env, check=False,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
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
        help="a mutant times out (and counts as killed) after this many times its tests' time "
        "in the clean run, plus the constant, in wall time (default 15, mutmut's own)",
    )
    parser.add_argument(
        "--timeout-constant",
        type=float,
        default=1.0,
        help="seconds added to the tests' time before multiplying (default 1, mutmut's own; "
        "raise it where mutmut's estimate of a test's time is too low)",
    )
    parser.add_argument(
        "--retry-timeouts",
        type=float,
        metavar="CONSTANT",
        help="run mutants that timed out once more, with this timeout constant",
    )
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="run N mutants drawn at random (the same N for the same code and --seed)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
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
        sample = None if args.sample is None else (args.sample, args.seed)
        s = run(name, args.children, (args.timeout_multiplier, args.timeout_constant),
                args.retry_timeouts, sample)  # fmt: skip
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
