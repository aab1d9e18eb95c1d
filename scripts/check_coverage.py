"""Fail when a module that decides numbers is covered less than its floor by the tests.

``make test`` runs it after pytest has written ``.coverage``; coverage's own ``--fail-under``
judges a total, and a well-covered module would hide a poorly covered one beside it.

    .venv/bin/python scripts/check_coverage.py [--data .coverage]
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent

#: Modules (glob patterns relative to the checkout) and the least share of their lines tests
#: must run.
FLOORS: dict[str, float] = {
    "pkanalysis/build/*.py": 90.0,
    "pkanalysis/reconcile.py": 90.0,
}


def shares(data: Path) -> dict[str, float]:
    """Per source file (relative to the checkout): the share of its statements run."""
    cov = coverage.Coverage(data_file=str(data))
    cov.load()
    out = {}
    for file in cov.get_data().measured_files():
        if not file.endswith(".py"):
            continue  # Jinja compiles the report templates to code that names the template file
        _, statements, _, missing, _ = cov.analysis2(file)
        rel = Path(file).resolve().relative_to(ROOT).as_posix()
        out[rel] = (
            100.0 * (len(statements) - len(missing)) / len(statements) if statements else 100.0
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".coverage")
    args = parser.parse_args(argv)
    measured = shares(args.data)
    failed = []
    for pattern, floor in FLOORS.items():
        files = sorted(f for f in measured if fnmatch.fnmatch(f, pattern))
        if not files:
            failed.append(f"{pattern}: no measured file")
        for file in files:
            if measured[file] < floor:
                failed.append(f"{file}: {measured[file]:.1f}% of statements run, floor {floor}%")
    if failed:
        print("coverage below the floor:\n  " + "\n  ".join(failed), file=sys.stderr)
        return 1
    print(f"coverage floors met: {', '.join(f'{p} >= {f:g}%' for p, f in FLOORS.items())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
