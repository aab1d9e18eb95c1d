"""Parse the UN Peace and Security Data Hub exports: the mission list and mission fatalities.

Both exports have known faults (see the raw folder's PROVENANCE.md).  Each fix applied here is
recorded in a ``corrections`` column, so a reader can see what changed and why.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .ipi import SourceFileError, read_csv_checked

MISSIONS_FILE = "un_dppa_dpo_missions/DPPADPOSS-PKO.csv"
CROSSWALK_FILE = "tdballesteros_mission_country_crosswalk/unpko_country_crosswalk.xlsx"
FATALITIES_FILE = "un_dppa_dpo_fatalities/DPPADPOSS-FATALITIES.csv"

# Rows of the Data Hub list that group phases listed separately, and the phases they group.
UMBRELLAS = {
    "UNAVEM": ("UNAVEM I", "UNAVEM II", "UNAVEM III"),
    "UNEF": ("UNEF I", "UNEF II"),
    "UNOSOM": ("UNOSOM I", "UNOSOM II"),
}
# Crosswalk codes that are not ISO 3166-1 alpha-3, and the code used instead.
NON_ISO_HOSTS = {"KSV": "XKX", "YAR": "YEM"}


def _decimal_comma(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.astype("string").str.replace(",", ".", regex=False), errors="raise")


def read_mission_list(raw: Path) -> pd.DataFrame:
    """The Data Hub mission list with its faults fixed, and host countries from the crosswalk.

    Fixes: ``mission_isactive`` "NO" -> "No"; coordinates with decimal commas; umbrella rows
    (UNAVEM, UNEF, UNOSOM) flagged; host codes KSV/YAR (not ISO) -> XKX/YEM.
    """
    path = raw / MISSIONS_FILE
    df = read_csv_checked(path, dtype=str, keep_default_na=False, na_values=[""])
    dup = df["mission_acronym"].duplicated(keep=False)
    if dup.any():
        raise SourceFileError(
            f"{path.name}: duplicate mission acronyms {sorted(set(df.loc[dup, 'mission_acronym']))}"
        )
    fixes = pd.Series("", index=df.index, dtype="string")
    active = df["mission_isactive"].str.strip()
    fixes[active != active.str.capitalize()] += "mission_isactive case fixed; "
    for col in ("mission_longitude", "mission_latitude"):
        fixes[df[col].fillna("").str.contains(",")] += f"{col} decimal comma; "
    out = pd.DataFrame(
        {
            "mission": df["mission_acronym"].str.strip(),
            "name": df["mission_name"].str.strip().str.strip('"'),
            "active": active.str.capitalize().map({"Yes": True, "No": False}),
            "start_date": pd.to_datetime(df["start_date"], format="%Y-%m-%d"),
            "end_date": pd.to_datetime(df["end_date"], format="%Y-%m-%d"),
            "location": df["mission_location"].str.strip(),
            "longitude": _decimal_comma(df["mission_longitude"]),
            "latitude": _decimal_comma(df["mission_latitude"]),
            "lead_department": df["lead_department"],
            "last_update": df["last_update"],
        }
    )
    out["umbrella"] = out["mission"].isin(list(UMBRELLAS))
    phase_of = {phase: umbrella for umbrella, phases in UMBRELLAS.items() for phase in phases}
    out["part_of"] = out["mission"].map(phase_of).astype("string")
    fixes[out["umbrella"]] += "umbrella row grouping phases listed separately; "

    hosts = pd.read_excel(raw / CROSSWALK_FILE, dtype=str)
    hosts["iso3c"] = hosts["iso3c"].str.strip()
    remapped = hosts["iso3c"].isin(list(NON_ISO_HOSTS))
    hosts["iso3c"] = hosts["iso3c"].replace(NON_ISO_HOSTS)
    host_map = (
        hosts.dropna(subset=["iso3c"])
        .groupby("mission_acronym")["iso3c"]
        .agg(lambda s: ";".join(dict.fromkeys(s)))
    )
    out["host_iso3"] = out["mission"].map(host_map).astype("string")
    remapped_missions = set(hosts.loc[remapped, "mission_acronym"])
    fixes[out["mission"].isin(remapped_missions)] += "non-ISO host code replaced; "
    unknown = sorted(set(hosts["mission_acronym"]) - set(out["mission"]))
    if unknown:
        raise SourceFileError(f"{CROSSWALK_FILE}: missions not in the mission list: {unknown}")
    out["corrections"] = fixes.str.rstrip("; ")
    out["source"] = MISSIONS_FILE
    return out


def read_fatalities(raw: Path) -> tuple[pd.DataFrame, list[str]]:
    """Data Hub fatalities, de-duplicated on ``casualty_id`` with codes repaired.

    Returns
    -------
    (DataFrame, list of str)
        The table, and notes describing every change (rows removed, values repaired).
    """
    path = raw / FATALITIES_FILE
    df = read_csv_checked(path, dtype=str, keep_default_na=False, na_values=[""])
    notes: list[str] = []
    fixes = pd.Series("", index=df.index, dtype="string")

    ptype = df["casualty_personnel_type"].str.strip()
    fixes[ptype != df["casualty_personnel_type"]] += "personnel type trimmed; "
    df["casualty_personnel_type"] = ptype

    # The six UNMIK deaths of 2003-2005 listed under both MNE and SCG: Serbia and Montenegro
    # was the state at the time, so the SCG row is kept.
    dup = df["casualty_id"].duplicated(keep=False)
    if dup.any():
        ranked = (
            df[dup]
            .assign(prefer=lambda d: (d["isocode3"] != "SCG").astype(int))
            .sort_values(["casualty_id", "prefer"])
        )
        dropped = ranked[ranked.duplicated("casualty_id")]
        notes.append(
            f"{len(dropped)} duplicate casualty_id rows removed (kept the row listing the state "
            f"of the time): {', '.join(dropped['casualty_id'])}"
        )
        df = df.drop(index=dropped.index)
        fixes = fixes.drop(index=dropped.index)
    return df.assign(corrections=fixes), notes
