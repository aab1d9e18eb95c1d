"""The one place where pkanalysis resolves its directories.

Every directory can be given as an argument or through an environment variable; the defaults are
anchored at the project checkout (the parent of this package), never at the working directory, so
that a notebook run by papermill from anywhere finds the same files.

==================  =========================  ===========================================
directory           environment variable       default
==================  =========================  ===========================================
data                ``PKANALYSIS_DATA``        ``<project>/data``
raw sources         ``PKANALYSIS_RAW``         ``<project>/../shared/data/raw`` if it exists
reports             ``PKANALYSIS_REPORTS``     ``<project>/reports``
cache               ``PKANALYSIS_CACHE``       the user cache folder (``platformdirs``)
==================  =========================  ===========================================
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def _resolve(arg: str | os.PathLike[str] | None, env: str, default: Path) -> Path:
    if arg is not None:
        return Path(arg).expanduser().resolve()
    value = os.environ.get(env)
    if value:
        return Path(value).expanduser().resolve()
    return default


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Directory holding curated CSVs and the processed snapshot.

    Parameters
    ----------
    path : path-like, optional
        Explicit directory; wins over ``PKANALYSIS_DATA`` and the default.

    Examples
    --------
    >>> data_dir("/tmp/pk").as_posix()
    '/tmp/pk'
    """
    return _resolve(path, "PKANALYSIS_DATA", PROJECT_DIR / "data")


def processed_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Directory of the built snapshot (``<data>/processed``) unless given explicitly."""
    if path is not None:
        return Path(path).expanduser().resolve()
    return data_dir() / "processed"


def processed_file(name: str, data_home: str | os.PathLike[str] | None = None) -> Path:
    """A file of the built snapshot (``<data>/processed/<name>``), which must exist.

    Parameters
    ----------
    name : str
        File name, e.g. ``"contributions.arrow"`` or ``"manifest.json"``.
    data_home : path-like, optional
        Data directory (see :func:`data_dir`).

    Raises
    ------
    FileNotFoundError
        If the file is missing; the message names it and says how to build the snapshot.
    """
    path = data_dir(data_home) / "processed" / name
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the processed snapshot has not been built; run "
            "`pkanalysis data build --raw PATH` (PATH holds the official raw sources)"
        )
    return path


def reports_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Directory where report runs are written (``PKANALYSIS_REPORTS``)."""
    return _resolve(path, "PKANALYSIS_REPORTS", PROJECT_DIR / "reports")


def raw_dir(path: str | os.PathLike[str] | None = None, *, must_exist: bool = True) -> Path:
    """Directory of the official raw sources (``PKANALYSIS_RAW``).

    Parameters
    ----------
    path : path-like, optional
        Explicit directory; wins over ``PKANALYSIS_RAW`` and the default.
    must_exist : bool, default True
        Raise if the directory is missing.

    Raises
    ------
    FileNotFoundError
        If ``must_exist`` and the directory does not exist; the message says how to set it.
    """
    resolved = _resolve(path, "PKANALYSIS_RAW", (PROJECT_DIR.parent / "shared" / "data" / "raw"))
    if must_exist and not resolved.is_dir():
        raise FileNotFoundError(
            f"raw source directory {str(resolved)!r} does not exist; pass --raw PATH "
            "or set PKANALYSIS_RAW to the folder that holds un_dpo_contributions_monthly_pdfs/"
        )
    return resolved


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Directory of rebuildable caches (``PKANALYSIS_CACHE``): parsed reports, file digests.

    Nothing in it is needed to load data; deleting it only makes the next build parse every
    report again.  The default is the user's cache folder, so that a read-only checkout or data
    folder still gets a cache.
    """
    import platformdirs

    return _resolve(path, "PKANALYSIS_CACHE", Path(platformdirs.user_cache_dir("pkanalysis")))
