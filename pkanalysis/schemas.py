"""Data dictionary: one pandera ``DataFrameModel`` per table, validated where data enters.

Each field states its meaning (``description``) and unit (``metadata["unit"]``); dtypes are
declared here once.  :func:`data_dictionary` renders any schema as a table for notebooks.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .vocab import ALL_PERSONNEL_TYPES

PERSONS = {"unit": "persons"}


def _count(description: str) -> pa.Field:
    return pa.Field(ge=0, nullable=True, description=description, metadata=PERSONS)


class Contributions(pa.DataFrameModel):
    """Uniformed personnel by month, mission, contributor, personnel type and sex."""

    date: Series[pd.Timestamp] = pa.Field(description="Month end of the report (printed date)")
    mission: Series[pd.StringDtype] = pa.Field(
        nullable=True,
        description="Mission acronym (normalised); missing for months without a mission split",
    )
    contributor_iso3: Series[pd.StringDtype] = pa.Field(
        str_length={"min_value": 3, "max_value": 3},
        description="ISO 3166-1 alpha-3 code of the contributing state (SCG, YUG for historic)",
    )
    contributor: Series[pd.StringDtype] = pa.Field(description="UN short name of the contributor")
    personnel_type: Series[pd.CategoricalDtype] = pa.Field(
        isin=list(ALL_PERSONNEL_TYPES),
        dtype_kwargs={"categories": list(ALL_PERSONNEL_TYPES), "ordered": False},
        description="Personnel type; 'Police' is the parent of FPU and IPO in IPI's 1990-2009 data",
    )
    personnel_type_source: Series[pd.StringDtype] = pa.Field(
        description="Personnel-type label as printed in the source"
    )
    # male + female == total is not enforced: 17 IPI rows print inconsistent sums, kept as
    # printed and listed by `pkanalysis data check`.
    male: Series[pd.Int64Dtype] = _count("Men; missing where the source has no sex split")
    female: Series[pd.Int64Dtype] = _count("Women; missing where the source has no sex split")
    total: Series[pd.Int64Dtype] = pa.Field(
        ge=0, description="All personnel of the row", metadata=PERSONS
    )
    source: Series[pd.CategoricalDtype] = pa.Field(
        description="Source file, relative to the raw directory"
    )

    class Config:
        strict = True
        coerce = True


class MissionStrength(pa.DataFrameModel):
    """Uniformed personnel by mission and month where no contributor split exists (IPI)."""

    date: Series[pd.Timestamp] = pa.Field(description="Month end")
    mission: Series[pd.StringDtype] = pa.Field(description="Mission acronym (normalised)")
    troops: Series[pd.Int64Dtype] = _count("Troops (including staff officers)")
    police: Series[pd.Int64Dtype] = _count("Police (formed units and individual officers)")
    observers: Series[pd.Int64Dtype] = _count("Military observers / experts on mission")
    total: Series[pd.Int64Dtype] = _count("All uniformed personnel")
    contributors: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="Number of contributing states",
        metadata={"unit": "states"},
    )
    source: Series[pd.CategoricalDtype] = pa.Field(description="Source file")

    class Config:
        strict = True
        coerce = True


def data_dictionary(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Describe a schema's columns: dtype, nullability, unit and description.

    Examples
    --------
    >>> data_dictionary(Contributions).loc["total", "unit"]
    'persons'
    """
    schema = model.to_schema()
    rows = [
        {
            "column": name,
            "dtype": str(col.dtype),
            "nullable": col.nullable,
            "unit": (col.metadata or {}).get("unit", ""),
            "description": col.description or "",
        }
        for name, col in schema.columns.items()
    ]
    return pd.DataFrame(rows).set_index("column")
