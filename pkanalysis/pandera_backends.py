"""pandera for pandas only: its probes for other data frame libraries settled without them.

The first time a ``DataFrameModel`` becomes a schema, pandera asks which data frame types it
supports (``pandera.typing.get_index_types`` and friends), and to answer it imports every
optional library it knows that is installed: ``dask.dataframe`` alone takes about 0.6 s (it
pulls in dask.array and scipy.fft), and geopandas, modin or pyspark would each cost more.
pkanalysis validates pandas objects only, and pandera offers no setting to skip the probes, so
:func:`pandas_only` answers them once with those libraries hidden: their imports fail, pandera
records them as absent, and the libraries stay importable for everything else.  The same goes
for hypothesis, which pandera imports (about 0.1 s) for data synthesis that pkanalysis does not
use.  And pandera tries to import geopandas again for every column type it resolves (some 160
times in a build): where geopandas is not installed, its absence is recorded once.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
from collections.abc import Iterator

# What pandera.typing's dask, modin, pyspark, pyspark_sql and geopandas modules import, and
# the data synthesis library of pandera.strategies.
PROBED = (
    "dask.dataframe",
    "modin.pandas",
    "pyspark.pandas",
    "pyspark.sql",
    "geopandas",
    "hypothesis",
)


def _first_unimported(module: str) -> str | None:
    """The outermost package of ``module`` not imported yet (None if all of it is).

    Examples
    --------
    >>> _first_unimported("no_such_package.pandas")
    'no_such_package'
    >>> _first_unimported("sys") is None
    True
    """
    parts = module.split(".")
    for end in range(1, len(parts) + 1):
        name = ".".join(parts[:end])
        if name not in sys.modules:
            return name
    return None


@contextlib.contextmanager
def _hidden(modules: tuple[str, ...]) -> Iterator[None]:
    """Make importing ``modules`` fail inside the block (a ``None`` entry in ``sys.modules``
    raises ModuleNotFoundError); a module already imported stays visible."""
    hidden = {name for m in modules if (name := _first_unimported(m)) is not None}
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def pandas_only() -> None:
    """Settle pandera's cached lists of supported frame types without the optional libraries.

    Call it before the first schema is built; later calls (and a library already imported
    by then, which pandera then finds as usual) change nothing.

    """
    from pandera import typing

    with _hidden(PROBED):
        typing.get_dataframe_types()
        typing.get_series_types()
        typing.get_index_types()
        importlib.import_module("pandera.strategies.pandas_strategies")
    if importlib.util.find_spec("geopandas") is None:
        sys.modules.setdefault("geopandas", None)  # type: ignore[arg-type]
