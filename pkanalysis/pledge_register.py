"""The pledge register: what a pledge row stands for in personnel, and how complete it is."""

from __future__ import annotations

import pandas as pd

from .vocab import PERSON_UNITS

#: Commitments that put (or hold ready) uniformed personnel; others have no personnel equivalent.
PERSONNEL_COMMITMENTS = ("deployment", "standby")


def personnel_equivalent(pledges: pd.DataFrame, unit_sizes: pd.DataFrame) -> pd.Series:
    """Uniformed personnel each deployment or standby pledge stands for.

    The quantity itself where the unit counts people (``vocab.PERSON_UNITS``), the quantity
    times the size of its ``unit_type`` where it counts units, else missing.  Training, money,
    equipment and policy pledges are missing: the people trained are not deployed by the
    pledger.  ``data/pledges.csv`` stores the result; the tests check it against this function.

    Examples
    --------
    >>> p = pd.DataFrame({"commitment": ["deployment", "standby", "training", "deployment"],
    ...                   "quantity": [2.0, 300.0, 50.0, 1.0],
    ...                   "unit": ["police units", "personnel", "personnel", "helicopters"],
    ...                   "unit_type": ["formed police unit", None, None, None]})
    >>> sizes = pd.DataFrame({"unit_type": ["formed police unit"], "personnel": [140]})
    >>> personnel_equivalent(p, sizes).tolist()
    [280, 300, <NA>, <NA>]
    """
    size = pledges["unit_type"].map(unit_sizes.set_index("unit_type")["personnel"])
    quantity = pledges["quantity"].astype("Float64")
    counted = quantity * size.astype("Float64")
    people = quantity.where(pledges["unit"].isin(PERSON_UNITS))
    out = counted.fillna(people).where(pledges["commitment"].isin(PERSONNEL_COMMITMENTS))
    return out.round().astype("Int64").rename("personnel_equivalent")
