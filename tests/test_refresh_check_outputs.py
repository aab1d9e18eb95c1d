"""scripts/refresh_check_outputs.py stores new reference outputs of check cells, and only those."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "refresh_check_outputs.py"


def _script():
    spec = importlib.util.spec_from_file_location("refresh_check_outputs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_cell_output_is_replaced_and_other_outputs_stay_empty(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "pkanalysis", "display_name": "pkanalysis"}
    params = nbformat.v4.new_code_cell("n = 2  # a number")
    params.metadata["tags"] = ["parameters"]
    check = nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(n * 21)")
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="41\n")]
    other = nbformat.v4.new_code_cell("print('not kept')")
    nb.cells = [params, check, other]
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    work = tmp_path / "work"
    work.mkdir()

    changes = _script().refresh(path, work)

    assert changes == ["demo.ipynb: '41' -> '42'"]
    cells = nbformat.read(path, as_version=4).cells
    assert [o.text for o in cells[1].outputs] == ["42\n"]
    assert cells[1].metadata["keep_output"] is True
    assert cells[2].outputs == []
