"""Build the reference tables (missions, fatalities, countries) during ``pkanalysis data build``.

Sourced corrections live in ``data/`` (``mission_fixes.csv``, ``missions_supplement.csv``,
``country_groups.csv``); this module applies them and records each one in the output.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .harmonise import hdx_country, to_iso3, un_name
from .parse import datahub
from .schemas import Country, Fatality, Mission

SUPPLEMENT = "missions_supplement.csv"


class ReferenceTableError(ValueError):
    """A reference table cannot be built consistently; the message lists the offending values."""


def _apply_fixes(missions: pd.DataFrame, fixes: pd.DataFrame) -> pd.DataFrame:
    missions = missions.set_index("mission")
    unknown = sorted(set(fixes["mission"]) - set(missions.index))
    if unknown:
        raise ReferenceTableError(f"mission_fixes.csv: missions not in the list: {unknown}")
    for fix in fixes.itertuples():
        value: object = fix.value
        if fix.field in ("counted_in_71", "active", "umbrella"):
            value = {"true": True, "false": False}[str(fix.value).lower()]
        elif fix.field in ("start_date", "end_date"):
            value = pd.Timestamp(fix.value)
        elif fix.field in ("longitude", "latitude"):
            value = float(fix.value)
        missions.loc[fix.mission, fix.field] = value
        note = f"{fix.field} set to {fix.value} ({fix.source})"
        old = missions.loc[fix.mission, "corrections"]
        missions.loc[fix.mission, "corrections"] = f"{old}; {note}" if old else note
    return missions.reset_index()


def build_missions(raw: Path, data: Path) -> pd.DataFrame:
    """Data Hub list + fixes + sourced supplement, validated (see :func:`check_missions_known`).

    Raises
    ------
    ReferenceTableError
        If a fix names an unknown mission or the supplement repeats a Data Hub acronym.
    """
    hub = datahub.read_mission_list(raw)
    hub["kind"] = "peacekeeping operation"
    hub["counted_in_71"] = ~hub["umbrella"]
    hub = _apply_fixes(hub, pd.read_csv(data / "mission_fixes.csv", dtype=str))
    supp = pd.read_csv(data / SUPPLEMENT, dtype=str, keep_default_na=False, na_values=[""])
    supp = supp.assign(
        counted_in_71=supp["kind"].eq("peacekeeping operation"),
        umbrella=False,
        active=supp["end_date"].isna(),
        start_date=pd.to_datetime(supp["start_date"]),
        end_date=pd.to_datetime(supp["end_date"]),
        location=pd.NA,
        longitude=float("nan"),
        latitude=float("nan"),
        corrections="added: not in the Data Hub export",
    )
    clash = sorted(set(supp["mission"]) & set(hub["mission"]))
    if clash:
        raise ReferenceTableError(f"{SUPPLEMENT}: already in the Data Hub list: {clash}")
    columns = list(Mission.to_schema().columns)
    table = pd.concat([hub[columns], supp[columns]], ignore_index=True)
    return Mission.validate(table.sort_values("mission").reset_index(drop=True))


def check_missions_known(missions: pd.DataFrame, used: Iterable[str]) -> None:
    """Every mission acronym used in the data must be in the mission table.

    Raises
    ------
    ReferenceTableError
        Listing every acronym used in the data that the mission table does not know.
    """
    unknown = sorted(set(used) - set(missions["mission"]))
    if unknown:
        raise ReferenceTableError(
            f"{len(unknown)} mission acronym(s) in the data are not in the mission table: "
            f"{', '.join(unknown)}; add them to data/{SUPPLEMENT} with a source"
        )


def build_fatalities(raw: Path) -> tuple[pd.DataFrame, list[str]]:
    """Fatalities de-duplicated on ``casualty_id``; missing ISO3 codes filled from the name."""
    df, notes = datahub.read_fatalities(raw)
    iso = df["isocode3"].astype("string")
    missing = iso.isna()
    nationality = df["casualty_nationality"].astype("string")
    undetermined = nationality.isna() | nationality.str.startswith("ZZ").fillna(False)
    fill = missing & ~undetermined
    iso[fill] = to_iso3(df.loc[fill, "casualty_nationality"], what="nationality")
    fixes = df["corrections"].astype("string")
    fixes[fill] = fixes[fill] + "nationality ISO3 filled from the name; "
    notes.append(
        f"{int(fill.sum())} nationality codes filled from the name; "
        f"{int(undetermined.sum())} rows have an undetermined nationality"
    )
    out = pd.DataFrame(
        {
            "casualty_id": df["casualty_id"],
            "incident_date": pd.to_datetime(df["incident_date"], format="%Y-%m-%d"),
            "mission": df["mission_acronym"].str.strip(),
            "gender": df["gender"],
            "nationality": nationality,
            "nationality_iso3": iso,
            "m49_code": pd.to_numeric(df["m49_code"]).astype("Int64"),
            "personnel_type": df["casualty_personnel_type"],
            "incident_type": df["type_of_incident"],
            "corrections": fixes.str.rstrip("; ").replace("", pd.NA),
            "source": datahub.FATALITIES_FILE,
        }
    )
    return Fatality.validate(out.reset_index(drop=True)), notes


def _french_name(info: dict) -> str | None:
    # UNTERM's French short name; UN style writes the apostrophe straight, as in English.
    name = info.get("French Short") or info.get("M49 French")
    return name.replace("\u2019", "'") if name else None


def _curated_french(data: Path) -> dict[str, str]:
    """French names of historic and disputed codes the country list lacks (sourced CSV)."""
    path = data / "country_names_fr.csv"
    if not path.exists():
        return {}
    names = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(names["iso3"], names["un_name_fr"], strict=True))


def build_countries(iso3s: Iterable[str], data: Path) -> pd.DataFrame:
    """One row per ISO3 code used anywhere, with M49 data and sourced group memberships."""
    codes = sorted({c for c in iso3s if isinstance(c, str) and c})
    country = hdx_country()
    rows = []
    for code in codes:
        info = country.get_country_info_from_iso3(code, use_live=False) or {}
        rows.append(
            {
                "iso3": code,
                "m49": info.get("m49 numerical code"),
                "un_name": un_name(code),
                "un_name_fr": _french_name(info),
                "region": info.get("Region Name"),
                "sub_region": info.get("Sub-region Name"),
            }
        )
    table = pd.DataFrame(rows)
    table["un_name_fr"] = table["un_name_fr"].fillna(table["iso3"].map(_curated_french(data)))
    groups_file = data / "country_groups.csv"
    group_cols = ["un_regional_group", "au", "eu", "nam", "g77", "p5"]
    if groups_file.exists():
        groups = pd.read_csv(groups_file, dtype=str, keep_default_na=False, na_values=[""])
        groups = groups.drop_duplicates("iso3").set_index("iso3")
        for col in group_cols[1:]:
            groups[col] = groups[col].str.lower().map({"true": True, "false": False})
        table = table.join(groups[group_cols + ["source"]], on="iso3")
        table = table.rename(columns={"source": "groups_source"})
    else:
        for col in group_cols + ["groups_source"]:
            table[col] = pd.NA
    return Country.validate(table)
