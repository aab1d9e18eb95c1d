"""Data dictionary: one pandera ``DataFrameModel`` per table, validated where data enters.

Each field states its meaning (``description``) and unit (``metadata["unit"]``); dtypes are
declared here once.  :func:`data_dictionary` renders any schema as a table for notebooks.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .pandera_backends import pandas_only
from .vocab import (
    ALL_PERSONNEL_TYPES,
    CAPABILITIES,
    COMMITMENTS,
    NEW_OR_REAFFIRMED,
    PCRS_LEVELS,
    PERSONNEL_TYPES,
)

pandas_only()  # before any schema is built: pandera would import dask (0.6 s) to probe it

PERSONS = {"unit": "persons"}


class StrictModel(pa.DataFrameModel):
    """Base of every table schema: no column beyond those declared (``strict``), and values
    converted to the declared dtypes before they are checked (``coerce``)."""

    class Config:
        strict = True
        coerce = True


def _count(description: str) -> pa.Field:
    return pa.Field(ge=0, nullable=True, description=description, metadata=PERSONS)


class Contributions(StrictModel):
    """Uniformed personnel by month, mission, contributor, personnel type and sex."""

    date: Series[pd.Timestamp] = pa.Field(description="Month end of the report (printed date)")
    # Repeated labels are categoricals: the table loads several times faster than as strings.
    mission: Series[pd.CategoricalDtype] = pa.Field(
        nullable=True,
        description="Mission acronym (normalised); missing for months without a mission split",
    )
    contributor_iso3: Series[pd.CategoricalDtype] = pa.Field(
        str_length={"min_value": 3, "max_value": 3},
        description="ISO 3166-1 alpha-3 code of the contributing state (SCG, YUG for historic)",
    )
    contributor: Series[pd.CategoricalDtype] = pa.Field(
        description="UN short name of the contributor"
    )
    personnel_type: Series[pd.CategoricalDtype] = pa.Field(
        isin=list(ALL_PERSONNEL_TYPES),
        dtype_kwargs={"categories": list(ALL_PERSONNEL_TYPES), "ordered": False},
        description="Personnel type; 'Police' is the parent of FPU and IPO in IPI's 1990-2009 data",
    )
    personnel_type_source: Series[pd.CategoricalDtype] = pa.Field(
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


class MissionStrength(StrictModel):
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


def data_dictionary(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """Describe a schema's columns: dtype, nullability, unit and description.

    String columns are listed as ``str``, the dtype the loaders return (pandas' default string
    dtype), whatever string storage the schema validates with.

    Examples
    --------
    >>> data_dictionary(Contributions).loc["total", "unit"]
    'persons'
    >>> data_dictionary(Mission).loc["mission", "dtype"]
    'str'
    """
    schema = model.to_schema()
    rows = [
        {
            "column": name,
            "dtype": "str" if str(col.dtype).startswith("string") else str(col.dtype),
            "nullable": col.nullable,
            "unit": (col.metadata or {}).get("unit", ""),
            "description": col.description or "",
        }
        for name, col in schema.columns.items()
    ]
    return pd.DataFrame(rows).set_index("column")


# --- curated and reference tables -------------------------------------------------------------

PLEDGE_CATEGORIES: tuple[str, ...] = (
    "units/troops",
    "police",
    "aviation",
    "engineering",
    "medical",
    "other enabling capability",
    "rapid deployment",
    "training and capacity building",
    "women and gender",
    "technology",
    "protection",
    "financial",
    "political",
)
MISSION_KINDS: tuple[str, ...] = ("peacekeeping operation", "special political mission", "other")
REGIONAL_GROUPS: tuple[str, ...] = ("African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG")


def _source() -> pa.Field:
    return pa.Field(str_length={"min_value": 4}, description="URL or UN document symbol")


def _source_date() -> pa.Field:
    return pa.Field(nullable=True, description="Date of the statement or page cited")


def _vocabulary(values: tuple[str, ...], description: str, nullable: bool = False) -> pa.Field:
    # A fixed category list lets curated.validate name an unknown value with the valid choices.
    return pa.Field(
        isin=list(values),
        nullable=nullable,
        dtype_kwargs={"categories": list(values), "ordered": False},
        description=description,
    )


def _iso3(description: str, nullable: bool = False) -> pa.Field:
    return pa.Field(str_matches=r"^[A-Z]{3}$", nullable=nullable, description=description)


class Conference(StrictModel):
    """Peacekeeping summits and ministerials since 2014, one row per conference."""

    conference_id: Series[pd.StringDtype] = pa.Field(unique=True, description="Year and city")
    name: Series[pd.StringDtype] = pa.Field(description="Official name")
    kind: Series[pd.StringDtype] = pa.Field(isin=["summit", "ministerial", "regional ministerial"])
    opens_cycle: Series[bool] = pa.Field(description="Whether the conference opens a cycle")
    start_date: Series[pd.Timestamp] = pa.Field(description="First day")
    end_date: Series[pd.Timestamp] = pa.Field(description="Last day")
    city: Series[pd.StringDtype]
    host_iso3: Series[pd.StringDtype] = pa.Field(nullable=True, description="Host state")
    co_host_iso3: Series[pd.StringDtype] = pa.Field(
        nullable=True, description="Co-hosts or co-chairs, ';'-separated ISO3"
    )
    delegations_attending: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    states_pledging: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    pledges_announced: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True)
    notes: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()


class Pledge(StrictModel):
    """One pledge of one member state at one conference."""

    conference_id: Series[pd.StringDtype] = pa.Field(description="See load_conferences()")
    pledger_iso3: Series[pd.StringDtype] = _iso3("ISO3 of the pledging state")
    pledger: Series[pd.StringDtype] = pa.Field(description="UN short name of the pledging state")
    category: Series[pd.CategoricalDtype] = pa.Field(
        isin=list(PLEDGE_CATEGORIES),
        dtype_kwargs={"categories": list(PLEDGE_CATEGORIES), "ordered": False},
        description="Controlled vocabulary of pledge categories",
    )
    commitment: Series[pd.CategoricalDtype] = _vocabulary(
        COMMITMENTS, "Kind of promise: deployment, standby (held ready), equipment, training, ..."
    )
    capability: Series[pd.CategoricalDtype] = _vocabulary(
        CAPABILITIES, "What was pledged, in the vocabulary shared with the requirement papers"
    )
    description: Series[pd.StringDtype] = pa.Field(description="What was pledged, in plain words")
    quantity: Series[pd.Float64Dtype] = pa.Field(ge=0, nullable=True, description="As stated")
    unit: Series[pd.StringDtype] = pa.Field(nullable=True, description="Unit of the quantity")
    unit_type: Series[pd.StringDtype] = pa.Field(
        nullable=True,
        description="Row of load_unit_sizes() that converts a count of units into personnel",
    )
    personnel_equivalent: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="Uniformed personnel a deployment or standby pledge stands for: the quantity "
        "where it counts people, units x the unit size where it counts units; else missing",
        metadata=PERSONS,
    )
    pcrs_level: Series[pd.CategoricalDtype] = _vocabulary(
        PCRS_LEVELS, "Readiness level in the UN readiness system, where the source states it", True
    )
    new_or_reaffirmed: Series[pd.CategoricalDtype] = _vocabulary(
        NEW_OR_REAFFIRMED, "Whether the source presents the pledge as new or as a restatement", True
    )
    notes: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()


class UnitSize(StrictModel):
    """Personnel in one unit of a type, to turn a pledged count of units into personnel."""

    unit_type: Series[pd.StringDtype] = pa.Field(unique=True, description="Kind of unit")
    personnel: Series[pd.Int64Dtype] = pa.Field(
        ge=1, description="Personnel in one unit of this type", metadata=PERSONS
    )
    notes: Series[pd.StringDtype] = pa.Field(
        nullable=True, description="Whether the size is a UN standard or one observed unit"
    )
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()


class CapabilityRequirement(StrictModel):
    """One capability the UN asked member states for in one requirements paper (x mission)."""

    paper_date: Series[pd.Timestamp] = pa.Field(
        nullable=True,
        description="Date of the paper (the 1st where it prints only a month; missing where "
        "the readable text has none)",
    )
    paper: Series[pd.StringDtype] = pa.Field(description="Title or kind of the paper")
    cycle: Series[pd.StringDtype] = pa.Field(
        description="Conference the paper prepares: the first conference on or after its date "
        "(a conference_id of load_conferences())"
    )
    capability: Series[pd.CategoricalDtype] = _vocabulary(
        CAPABILITIES, "Capability asked for, in the vocabulary shared with the pledges"
    )
    units_requested: Series[pd.Int64Dtype] = pa.Field(
        ge=0,
        nullable=True,
        description="Units asked for, where the paper gives a number",
        metadata={"unit": "units"},
    )
    pcrs_level: Series[pd.CategoricalDtype] = _vocabulary(
        PCRS_LEVELS, "Readiness level asked for, where the paper states one", True
    )
    mission: Series[pd.StringDtype] = pa.Field(
        nullable=True, description="Mission acronym where the paper names one"
    )
    notes: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()


class PledgeCount(StrictModel):
    """Conference-level counts of pledges by category, where no per-state list is public."""

    conference_id: Series[pd.StringDtype]
    category: Series[pd.StringDtype] = pa.Field(isin=[*PLEDGE_CATEGORIES, "all"])
    n_pledges: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True, metadata={"unit": "pledges"})
    n_states: Series[pd.Int64Dtype] = pa.Field(ge=0, nullable=True, metadata={"unit": "states"})
    notes: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()


class ParityTarget(StrictModel):
    """Uniformed Gender Parity Strategy 2018-2028: target share of women by type and year."""

    personnel_type: Series[pd.StringDtype] = pa.Field(isin=list(PERSONNEL_TYPES))
    year: Series[pd.Int64Dtype] = pa.Field(ge=2018, le=2028)
    target_female_share: Series[float] = pa.Field(ge=0, le=1, metadata={"unit": "share"})
    strategy_category: Series[pd.StringDtype] = pa.Field(description="The strategy's own label")
    notes: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()

    class Config:
        unique = ["personnel_type", "year"]


class Mission(StrictModel):
    """UN peace operations: the Data Hub list (fixed) plus sourced additions."""

    mission: Series[pd.StringDtype] = pa.Field(unique=True, description="UN acronym")
    name: Series[pd.StringDtype]
    kind: Series[pd.StringDtype] = pa.Field(isin=list(MISSION_KINDS))
    counted_in_71: Series[bool] = pa.Field(
        description="One of the 71 peacekeeping operations the UN counts since 1948"
    )
    umbrella: Series[bool] = pa.Field(description="Row groups phases that are listed separately")
    part_of: Series[pd.StringDtype] = pa.Field(nullable=True, description="Umbrella row")
    active: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    start_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    end_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    host_iso3: Series[pd.StringDtype] = pa.Field(nullable=True, description="';'-separated")
    location: Series[pd.StringDtype] = pa.Field(nullable=True, description="Headquarters")
    longitude: Series[float] = pa.Field(nullable=True, ge=-180, le=180)
    latitude: Series[float] = pa.Field(nullable=True, ge=-90, le=90)
    corrections: Series[pd.StringDtype] = pa.Field(nullable=True, description="Fixes applied")
    source: Series[pd.StringDtype] = _source()


class Fatality(StrictModel):
    """One fatality in a UN peace operation (Data Hub), de-duplicated on casualty_id."""

    casualty_id: Series[pd.StringDtype] = pa.Field(unique=True)
    incident_date: Series[pd.Timestamp]
    mission: Series[pd.StringDtype]
    gender: Series[pd.StringDtype] = pa.Field(isin=["M", "F"], nullable=True)
    nationality: Series[pd.StringDtype] = pa.Field(
        nullable=True, description="As printed by the Data Hub"
    )
    nationality_iso3: Series[pd.StringDtype] = _iso3("ISO3; missing if undetermined", True)
    m49_code: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    personnel_type: Series[pd.StringDtype] = pa.Field(description="Data Hub category, trimmed")
    incident_type: Series[pd.StringDtype]
    corrections: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.CategoricalDtype]


class Country(StrictModel):
    """States that contribute, pledge or host: codes, names, regions, groups and blocs."""

    iso3: Series[pd.StringDtype] = pa.Field(unique=True, str_matches=r"^[A-Z]{3}$")
    m49: Series[pd.Int64Dtype] = pa.Field(nullable=True, description="UN M49 numeric code")
    un_name: Series[pd.StringDtype]
    un_name_fr: Series[pd.StringDtype] = pa.Field(
        description="UN short name in French (UNTERM; data/country_names_fr.csv for historic codes)"
    )
    region: Series[pd.StringDtype] = pa.Field(nullable=True, description="M49 region")
    sub_region: Series[pd.StringDtype] = pa.Field(nullable=True, description="M49 sub-region")
    un_regional_group: Series[pd.StringDtype] = pa.Field(isin=list(REGIONAL_GROUPS), nullable=True)
    au: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="African Union member")
    eu: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="EU member (2025)")
    nam: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Non-Aligned Movement")
    g77: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Group of 77")
    p5: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Permanent SC member")
    groups_source: Series[pd.StringDtype] = pa.Field(nullable=True)


BLOCS: tuple[str, ...] = ("au", "eu", "nam", "g77", "p5")


class StateCode(StrictModel):
    """Correlates of War and Gleditsch-Ward state codes for each ISO3 code (a crosswalk)."""

    iso3: Series[pd.StringDtype] = pa.Field(unique=True, str_matches=r"^[A-Z]{3}$")
    cow_code: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=2, le=999, description="Correlates of War state number (ccode)"
    )
    cow_abb: Series[pd.StringDtype] = pa.Field(nullable=True, description="COW abbreviation")
    gw_code: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=2, le=999, description="Gleditsch-Ward state number (gwcode)"
    )
    gw_abb: Series[pd.StringDtype] = pa.Field(nullable=True, description="G-W abbreviation")
    notes: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()


class BlocMembership(StrictModel):
    """Dated joining or leaving of a bloc; overrides the static flag of the country table."""

    iso3: Series[pd.StringDtype] = _iso3("ISO3 of the state")
    bloc: Series[pd.CategoricalDtype] = _vocabulary(BLOCS, "Bloc (column of load_countries())")
    member_from: Series[pd.Timestamp] = pa.Field(
        nullable=True, description="First day of membership; missing: before the data begin"
    )
    member_until: Series[pd.Timestamp] = pa.Field(
        nullable=True, description="Last day of membership; missing: still a member"
    )
    notes: Series[pd.StringDtype] = pa.Field(nullable=True)
    source: Series[pd.StringDtype] = _source()
    source_date: Series[pd.Timestamp] = _source_date()

    class Config:
        unique = ["iso3", "bloc"]


class LoadedCountry(Country):
    """The country table as ``load_countries()`` returns it: the built table plus COW and
    Gleditsch-Ward codes joined from the curated crosswalk (``data/state_codes.csv``)."""

    cow_code: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="Correlates of War state number (ccode); countrycode crosswalk"
    )
    cow_abb: Series[pd.StringDtype] = pa.Field(nullable=True, description="COW abbreviation")
    gw_code: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, description="Gleditsch-Ward state number (gwcode); countrycode crosswalk"
    )
    gw_abb: Series[pd.StringDtype] = pa.Field(nullable=True, description="G-W abbreviation")
