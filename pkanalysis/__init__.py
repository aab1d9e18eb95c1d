"""pkanalysis: reproducible tables and analyses of UN peacekeeping contributions and pledges.

Start with ``pk.list_datasets()`` and ``pk.load_contributions()``.

Names are imported on first use, so ``import pkanalysis`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "list_datasets": "catalog",
    "cite": "catalog",
    "info": "catalog",
    "load": "catalog",
    "load_contributions": "loaders",
    "load_mission_strength": "loaders",
    "load_missions": "loaders",
    "load_conferences": "loaders",
    "load_pledges": "loaders",
    "load_pledge_counts": "loaders",
    "load_parity_targets": "loaders",
    "load_unit_sizes": "loaders",
    "load_capability_requirements": "loaders",
    "load_pledge_coverage": "loaders",
    "load_fatalities": "loaders",
    "load_countries": "loaders",
    "load_bloc_membership": "loaders",
    "panel": "panels",
    "coverage": "months",
    "data_dictionary": "schemas",
    "paths": None,
    "figures": None,
    "schemas": None,
    "cycles": None,
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'pkanalysis' has no attribute {name!r}")
    module = _LAZY[name]
    if module is None:
        return importlib.import_module(f".{name}", __name__)
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return __all__
