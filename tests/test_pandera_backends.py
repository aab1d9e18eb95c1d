"""pandera is set up for pandas only: building a schema imports no other frame library."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pkanalysis import pandera_backends


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_building_and_using_a_schema_imports_no_dask_nor_hypothesis():
    code = (
        "import sys; import pandas as pd; import pkanalysis.schemas as s; "
        "s.Contributions.to_schema(); "
        "from pkanalysis import curated, paths; curated.validate_all(paths.data_dir()); "
        "print(*(m in sys.modules for m in ('dask', 'dask.dataframe', 'hypothesis')))"
    )
    assert _run(code) == "False False False"


def test_the_hidden_libraries_stay_importable():
    # dask comes with the dev extras (through distributed)
    code = "import pkanalysis.schemas; import dask.dataframe; print(dask.dataframe.__name__)"
    assert _run(code) == "dask.dataframe"


def test_a_library_imported_before_is_left_visible(monkeypatch):
    monkeypatch.setitem(sys.modules, "no_such_frame_library", object())
    with pandera_backends._hidden(("no_such_frame_library.pandas", "other_missing_lib")):
        assert sys.modules["no_such_frame_library.pandas"] is None
        assert sys.modules["other_missing_lib"] is None
        with pytest.raises(ModuleNotFoundError):
            __import__("other_missing_lib")
    assert "other_missing_lib" not in sys.modules
    assert "no_such_frame_library.pandas" not in sys.modules
    assert sys.modules["no_such_frame_library"] is not None
