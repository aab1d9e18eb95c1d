"""Mission names as the UN writes them in French (``data/mission_names_fr.csv``).

The English acronym is the project's key for a mission (``load_missions()``); the French
documents of the UN use their own acronyms (UNMISS is the MINUSS, UNIFIL the FINUL) and names
("Mission des Nations Unies au Soudan du Sud").  Each row of the table cites the UN page or
document that gives the French form, and the date of that statement.

Briefs read the names through :func:`pkanalysis.i18n.mission_name`; a mission a brief can show
without a row here is an error naming the mission and the file, never an English fallback.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from . import paths

FILE = "mission_names_fr.csv"


class MissionNamesFr(pa.DataFrameModel):
    """One mission's French acronym and name, with their source."""

    mission: Series[str] = pa.Field(unique=True, description="the project's (English) acronym")
    acronym_fr: Series[str] = pa.Field(
        str_length={"min_value": 2}, description="acronym in UN French documents"
    )
    name_fr: Series[str] = pa.Field(
        str_length={"min_value": 8}, description="full name in UN French documents"
    )
    source: Series[str] = pa.Field(
        str_matches=r"^(https?://|[A-Z]+/)", description="UN page (URL) or document symbol"
    )
    source_date: Series[pd.Timestamp] = pa.Field(description="date of the page or document")
    note: Series[str] = pa.Field(description="where the form was read, or why it is so")

    class Config:
        strict = True
        coerce = True


def path():
    """Where the table lives (``<data>/mission_names_fr.csv``)."""
    return paths.data_dir() / FILE


@cache
def load_mission_names_fr() -> pd.DataFrame:
    """The French acronyms and names of missions, checked against :class:`MissionNamesFr`.

    Raises
    ------
    pandera.errors.SchemaError
        For a row without a source, a repeated mission or an empty name (the message names
        the column and the row).
    """
    df = pd.read_csv(path(), dtype=str, keep_default_na=False)
    return MissionNamesFr.validate(df).reset_index(drop=True)


def french(acronym: str, long: bool = False) -> str:
    """The French acronym (``long=False``) or name of a mission.

    Examples
    --------
    >>> french("UNMISS"), french("UNIFIL", long=True)
    ('MINUSS', 'Force intérimaire des Nations Unies au Liban')

    Raises
    ------
    KeyError
        For a mission without a row, naming it, the file and the closest missions that have one.
    """
    table = load_mission_names_fr().set_index("mission")
    if acronym not in table.index:
        import difflib

        close = difflib.get_close_matches(str(acronym), list(table.index), n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise KeyError(
            f"no French name for the mission {acronym!r} in {path()} "
            f"(add a sourced row: mission, acronym_fr, name_fr, source, source_date){hint}"
        )
    row = table.loc[acronym]
    return str(row["name_fr"] if long else row["acronym_fr"])
