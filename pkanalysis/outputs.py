"""Where notebooks write figures and tables: the report job's folder, or reports/ by default."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from . import paths


def output_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Folder for a notebook's outputs: ``path``, else ``$PKANALYSIS_OUTPUT`` (set by the report
    runner for each job), else ``<reports>/scratch``.  Created if missing."""
    if path is not None:
        folder = Path(path)
    elif os.environ.get("PKANALYSIS_OUTPUT"):
        folder = Path(os.environ["PKANALYSIS_OUTPUT"])
    else:
        folder = paths.reports_dir() / "scratch"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_stem(name: str) -> str:
    """A file stem that cannot leave its folder.

    Examples
    --------
    >>> safe_stem("../../etc/passwd")
    'etc_passwd'
    >>> safe_stem("trend by cycle (2021 Seoul)")
    'trend_by_cycle_2021_Seoul'
    """
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "_", name.replace("=", "-")).strip("._-")
    return cleaned[:100] or "output"


def save_table(df: pd.DataFrame, name: str, folder: str | os.PathLike[str] | None = None) -> Path:
    """Write ``df`` as ``<name>.csv`` in the output folder and return the path."""
    path = output_dir(folder) / f"{safe_stem(name)}.csv"
    df.to_csv(path, index=False)
    return path
