"""The dataset catalogue: what each table is, where it comes from, and how to cite it.

Modelled on Our World in Data's catalog: every table carries its source, vintage and licence,
so a figure or a notebook can always say where its numbers come from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from . import __version__


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance of one dataset.

    Attributes
    ----------
    name : str
        Name used by ``load_<name>()`` and :func:`list_datasets`.
    title : str
        One-line description.
    publisher : str
        Who published the underlying data.
    url : str
        Where the original data can be found.
    licence : str
        Terms under which the original data are published.
    vintage : str
        Period covered and the date of the source, in words a reader can check.
    kind : str
        ``"processed"`` (built by ``pkanalysis data build``) or ``"curated"`` (hand-written CSV).
    files : tuple of str
        Files under the data directory that hold the table.
    retrieved : str
        When the sources were retrieved: the date of the copy the build read (ISO date), or
        for curated tables the date of their latest source.
    """

    name: str
    title: str
    publisher: str
    url: str
    licence: str
    vintage: str
    kind: str
    files: tuple[str, ...] = field(default_factory=tuple)
    retrieved: str = ""

    def citation(self) -> str:
        return (
            f"{self.publisher}. {self.title} ({self.vintage}). {self.url}. "
            f"Licence: {self.licence}. Processed with pkanalysis."
        )


_REGISTRY: dict[str, DatasetInfo] = {}
_LOADERS: dict[str, Callable[..., pd.DataFrame]] = {}


def register(
    info: DatasetInfo,
) -> Callable[[Callable[..., pd.DataFrame]], Callable[..., pd.DataFrame]]:
    """Decorator that records a loader and its provenance in the catalogue."""

    def wrap(loader: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        _REGISTRY[info.name] = info
        _LOADERS[info.name] = loader
        return loader

    return wrap


def _known() -> str:
    return ", ".join(sorted(_REGISTRY))


def info(name: str) -> DatasetInfo:
    """Provenance of dataset ``name``.

    Raises
    ------
    ValueError
        If ``name`` is not in the catalogue; the message lists the valid names.
    """
    _ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; valid names: {_known()}") from None


def list_datasets() -> list[str]:
    """Names of every dataset pkanalysis can load, like seaborn's ``get_dataset_names``.

    Examples
    --------
    >>> "contributions" in list_datasets()
    True
    """
    _ensure_loaded()
    return sorted(_REGISTRY)


CITE_STYLES = ("text", "bibtex", "csl-json")


def _snapshot(data_home=None) -> dict[str, str]:
    """Version and build date of the processed snapshot, from its manifest."""
    from . import paths

    path = paths.data_dir(data_home) / "processed" / "manifest.json"
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):
        return {"version": __version__, "built": "unknown"}
    return {
        "version": str(manifest.get("package_version", __version__)),
        "built": str(manifest.get("built_at", "unknown"))[:10],
    }


def cite(
    name: str, style: str = "text", accessed: str | dt.date | None = None, data_home=None
) -> str:
    """How to cite dataset ``name``, as OWID's catalog and peacesciencer do.

    Parameters
    ----------
    name : str
        A dataset from :func:`list_datasets`.
    style : {"text", "bibtex", "csl-json"}
        A sentence; a BibTeX ``@misc`` entry; or CSL-JSON (for Zotero, pandoc and most
        reference managers).
    accessed : str or date, optional
        The date you used the data (default today).
    data_home : path-like, optional
        Data directory whose snapshot manifest gives the version and build date.

    Returns
    -------
    str
        Publisher, title, vintage, URL, licence, the date the sources were retrieved, the
        pkanalysis snapshot's version and build date, and the access date.

    Examples
    --------
    >>> cite("contributions", accessed="2026-11-30").startswith("United Nations")
    True
    >>> print(cite("conferences", style="bibtex", accessed="2026-11-30").splitlines()[0])
    @misc{pkanalysis_conferences,
    """
    if style not in CITE_STYLES:
        raise ValueError(f"unknown style {style!r}; valid styles: {', '.join(CITE_STYLES)}")
    meta = info(name)
    when = pd.Timestamp(accessed or dt.date.today()).date().isoformat()
    snap = _snapshot(data_home)
    built = f"pkanalysis {snap['version']}, snapshot built {snap['built']}"
    retrieved = f"sources retrieved {meta.retrieved}" if meta.retrieved else ""
    note = "; ".join(x for x in (meta.vintage, retrieved, built, f"licence: {meta.licence}") if x)
    if style == "text":
        return f"{meta.publisher}. {meta.title} ({note}). {meta.url}. Accessed {when}."
    year = (meta.retrieved or snap["built"])[:4]
    if style == "bibtex":
        fields = {
            "author": "{" + meta.publisher + "}",
            "title": "{" + meta.title + "}",
            "year": year,
            "howpublished": "\\url{" + meta.url + "}",
            "note": note,
            "version": snap["version"],
            "urldate": when,
        }
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
        return f"@misc{{pkanalysis_{name},\n{body}\n}}"
    y, m, d = (int(x) for x in when.split("-"))
    item = {
        "id": f"pkanalysis_{name}",
        "type": "dataset",
        "title": meta.title,
        "author": [{"literal": meta.publisher}],
        "issued": {"date-parts": [[int(year)]]} if year.isdigit() else {"literal": year},
        "accessed": {"date-parts": [[y, m, d]]},
        "URL": meta.url,
        "version": snap["version"],
        "note": note,
    }
    return json.dumps([item], ensure_ascii=False, indent=1)


def load(name: str, **kwargs) -> pd.DataFrame:
    """Load dataset ``name``; keyword arguments go to its ``load_<name>()``."""
    info(name)
    return _LOADERS[name](**kwargs)


def _ensure_loaded() -> None:
    # Loaders register themselves on import; importing here keeps `import pkanalysis` light.
    from . import loaders  # noqa: F401
