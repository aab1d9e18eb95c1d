"""The dataset catalogue: what each table is, where it comes from, and how to cite it.

Modelled on Our World in Data's catalog: every table carries its source, vintage and licence,
so a figure or a notebook can always say where its numbers come from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace

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
        Period covered and the date of the source, in words a reader can check.  A
        ``{span}`` in it is filled by ``span`` from the snapshot, so that the period a built
        table covers is never written by hand.
    kind : str
        ``"processed"`` (built by ``pkanalysis data build``) or ``"curated"`` (hand-written CSV).
    files : tuple of str
        Files under the data directory that hold the table.
    retrieved : str
        When the sources were retrieved: the date of the copy the build read (ISO date), or
        for curated tables the date of their latest source.
    span : callable, optional
        ``span(data_home) -> str``: the period the built table covers, read from the snapshot
        (see :func:`info`).
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
    span: Callable[..., str] | None = field(default=None, repr=False, compare=False)

    def citation(self) -> str:
        return (
            f"{self.publisher}. {self.title} ({self.vintage}). {self.url}. "
            f"Licence: {self.licence}. Processed with pkanalysis."
        )


_REGISTRY: dict[str, DatasetInfo] = {}
_LOADERS: dict[str, Callable[..., pd.DataFrame]] = {}


def register(info: DatasetInfo, loader: Callable[..., pd.DataFrame]) -> None:
    """Record a loader and its provenance in the catalogue (``pkanalysis.loaders`` does, for
    every entry of its ``CATALOGUE``).

    Raises
    ------
    ValueError
        If another loader is already registered under the same name.
    """
    if _LOADERS.get(info.name, loader) is not loader:
        raise ValueError(f"dataset {info.name!r} is registered twice")
    _REGISTRY[info.name] = info
    _LOADERS[info.name] = loader


def _known() -> str:
    return ", ".join(sorted(_REGISTRY))


def info(name: str, data_home=None) -> DatasetInfo:
    """Provenance of dataset ``name``, its vintage completed from the snapshot in
    ``data_home`` (see :attr:`DatasetInfo.span`).

    Raises
    ------
    ValueError
        If ``name`` is not in the catalogue; the message lists the valid names.
    """
    _ensure_loaded()
    try:
        meta = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; valid names: {_known()}") from None
    if meta.span is None:
        return meta
    try:
        span = meta.span(data_home)
    except FileNotFoundError:
        span = "period unknown: the snapshot is not built"
    return replace(meta, vintage=meta.vintage.format(span=span), span=None)


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
    meta = info(name, data_home)
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
