"""Re-run notebooks and store the outputs of their ``# NBVAL_CHECK_OUTPUT`` cells.

Those cells are what nbval compares against, so when the committed data changes on purpose
(a new pledge, a rebuilt snapshot) their reference output must follow.  Every other output
stays stripped.  Review the diff before committing: a changed number should be one you expect.

    .venv/bin/python scripts/refresh_check_outputs.py [NOTEBOOK ...]   # default: all
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import nbformat
import papermill as pm

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MARK = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path, workdir: Path) -> list[str]:
    """Execute ``path`` with its defaults; copy stream outputs of check cells back into it.

    Returns the changed outputs, as "old -> new" lines.
    """
    executed = workdir / path.name
    pm.execute_notebook(
        str(path), str(executed), kernel_name="pkanalysis", cwd=str(workdir), progress_bar=False
    )
    nb = nbformat.read(path, as_version=4)
    ran = [
        c
        for c in nbformat.read(executed, as_version=4).cells
        if "injected-parameters" not in c.metadata.get("tags", [])
    ]
    if len(ran) != len(nb.cells):
        raise SystemExit(f"{path.name}: executed copy has {len(ran)} cells, source {len(nb.cells)}")
    changes = []
    for cell, done in zip(nb.cells, ran, strict=True):
        if cell.cell_type != "code" or MARK not in cell.source:
            continue
        streams = [
            nbformat.v4.new_output("stream", name=o.name, text=o.text)
            for o in done.outputs
            if o.output_type == "stream"
        ]
        old = "".join(o.get("text", "") for o in cell.get("outputs", [])).strip()
        new = "".join(o.text for o in streams).strip()
        if old != new:
            changes.append(f"{path.name}: {old!r} -> {new!r}")
        cell.outputs = streams
        cell.execution_count = 1  # nbval rejects a reference output without a count ("unrun")
        cell.metadata["keep_output"] = True
    nbformat.write(nb, path)
    return changes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", help="notebook names (default: all)")
    args = ap.parse_args(argv)
    names = args.notebooks or sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    unknown = [n for n in names if not (NOTEBOOKS / f"{n}.ipynb").exists()]
    if unknown:
        valid = ", ".join(sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")))
        raise SystemExit(f"unknown notebook(s) {', '.join(unknown)}; valid: {valid}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            for line in refresh(NOTEBOOKS / f"{name}.ipynb", Path(tmp)) or [f"{name}: unchanged"]:
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
