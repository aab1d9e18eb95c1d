"""The dataset catalogue: what each table is, where it comes from, and how to cite it.

Modelled on Our World in Data's catalog: every table carries its source, vintage and licence,
so a figure or a notebook can always say where its numbers come from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd


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
    """

    name: str
    title: str
    publisher: str
    url: str
    licence: str
    vintage: str
    kind: str
    files: tuple[str, ...] = field(default_factory=tuple)

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


def cite(name: str) -> str:
    """How to cite dataset ``name`` (publisher, title, vintage, URL and licence).

    Examples
    --------
    >>> cite("contributions").startswith("United Nations")
    True
    """
    return info(name).citation()


def load(name: str, **kwargs) -> pd.DataFrame:
    """Load dataset ``name``; keyword arguments go to its ``load_<name>()``."""
    info(name)
    return _LOADERS[name](**kwargs)


def _ensure_loaded() -> None:
    # Loaders register themselves on import; importing here keeps `import pkanalysis` light.
    from . import loaders  # noqa: F401
