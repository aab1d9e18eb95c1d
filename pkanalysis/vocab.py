"""The shared vocabulary: personnel types and their source labels."""

from __future__ import annotations

TROOPS = "Troops"
STAFF_OFFICERS = "Staff Officers"
EXPERTS_ON_MISSION = "Experts on Mission"
FORMED_POLICE_UNITS = "Formed Police Units"
INDIVIDUAL_POLICE = "Individual Police"
#: IPI's per-country series (1990-2014) reports police without splitting formed units from
#: individual officers: the parent of the two police types.
POLICE = "Police"

#: The five uniformed personnel types used throughout pkanalysis.
PERSONNEL_TYPES: tuple[str, ...] = (
    TROOPS,
    STAFF_OFFICERS,
    EXPERTS_ON_MISSION,
    FORMED_POLICE_UNITS,
    INDIVIDUAL_POLICE,
)

#: Documented parents for sources too coarse for the five types.
COARSE_PERSONNEL_TYPES: dict[str, tuple[str, ...]] = {
    POLICE: (FORMED_POLICE_UNITS, INDIVIDUAL_POLICE),
}

ALL_PERSONNEL_TYPES: tuple[str, ...] = PERSONNEL_TYPES + tuple(COARSE_PERSONNEL_TYPES)

# Printed labels seen in the UN reports and IPI files, lower-cased, mapped to the vocabulary.
_SOURCE_LABELS: dict[str, str] = {
    "troops": TROOPS,
    "troop": TROOPS,
    "contingent troop": TROOPS,
    "contingent troops": TROOPS,
    "contingent": TROOPS,  # B4 reports, 2019-12..2020-12
    "staff officer": STAFF_OFFICERS,
    "staff officers": STAFF_OFFICERS,
    "mso": STAFF_OFFICERS,
    "experts on mission": EXPERTS_ON_MISSION,
    "expert on mission": EXPERTS_ON_MISSION,
    "unmem": EXPERTS_ON_MISSION,
    "experts": EXPERTS_ON_MISSION,
    "formed police units": FORMED_POLICE_UNITS,
    "formed police unit": FORMED_POLICE_UNITS,
    "fpu": FORMED_POLICE_UNITS,
    "individual police": INDIVIDUAL_POLICE,
    "ind police": INDIVIDUAL_POLICE,
    "unpol": INDIVIDUAL_POLICE,
    # B4 reports (2019-11..2020-12) print short lower-case labels and list FPUs separately.
    "police": INDIVIDUAL_POLICE,
    "staff": STAFF_OFFICERS,
}


def personnel_type(label: str) -> str:
    """Map a printed personnel-type label to the pkanalysis vocabulary.

    Raises
    ------
    ValueError
        If the label is unknown; the message lists the labels that are understood.

    Examples
    --------
    >>> personnel_type("Contingent Troop")
    'Troops'
    >>> personnel_type(" Ind  Police ")
    'Individual Police'

    IPI's 1990-2009 "Police" column, which joins formed and individual police, is typed
    ``"Police"`` by its reader, not here.
    """
    key = " ".join(label.split()).lower()
    try:
        return _SOURCE_LABELS[key]
    except KeyError:
        known = ", ".join(sorted(_SOURCE_LABELS))
        raise ValueError(f"unknown personnel type {label!r}; known labels: {known}") from None


# --- pledges and requirements ------------------------------------------------------------------

#: What kind of promise a pledge is.  ``standby`` is a unit held ready for the UN to call on
#: (the Peacekeeping Capability Readiness System, a national standby force) rather than offered
#: for a deployment; ``policy`` covers endorsements, hosting and political undertakings.
#: Cities of the conferences (the ``city`` column of the conference table); briefs and charts
#: write them in the reader's language through the catalogue.
CONFERENCE_CITIES: tuple[str, ...] = (
    "New York",
    "London",
    "Paris",
    "Vancouver",
    "Seoul",
    "Accra",
    "Berlin",
)

COMMITMENTS: tuple[str, ...] = (
    "deployment",
    "standby",
    "equipment",
    "training",
    "financial",
    "policy",
)

#: Capabilities, shared by the UN's requirement papers and the pledges, so that a pledge can be
#: set against what was asked for in the same cycle.  The "(mixed)" and "(unspecified)" entries
#: keep a pledge that bundles several unit types, or names none, from being forced into one.
CAPABILITIES: tuple[str, ...] = (
    "infantry battalion",
    "quick reaction force",
    "special forces",
    "force protection",
    "military police",
    "staff officers and observers",
    "military units (mixed)",
    "formed police unit",
    "specialised police team",
    "individual police",
    "police (mixed)",
    "utility helicopters",
    "armed helicopters",
    "helicopters (unspecified)",
    "fixed-wing aircraft",
    "aviation (unspecified)",
    "ISR",
    "engineering",
    "EOD/counter-IED",
    "medical (level 1)",
    "medical (level 2)",
    "medical (level 3)",
    "medical (other)",
    "riverine",
    "maritime",
    "transport",
    "logistics",
    "armoured vehicles",
    "signals",
    "canine",
    "enablers (mixed)",
    "women peacekeepers",
    "language skills",
    "training",
    "technology",
    "other",
    "unspecified",
)

#: Broader groups of capabilities, for gaps that papers and pledges name at different detail
#: ("helicopter units" in one paper, "utility and attack helicopters" in the next).
CAPABILITY_FAMILIES: dict[str, str] = {
    "utility helicopters": "helicopters",
    "armed helicopters": "helicopters",
    "helicopters (unspecified)": "helicopters",
    "fixed-wing aircraft": "aviation",
    "aviation (unspecified)": "aviation",
    "medical (level 1)": "medical",
    "medical (level 2)": "medical",
    "medical (level 3)": "medical",
    "medical (other)": "medical",
    "formed police unit": "police",
    "specialised police team": "police",
    "individual police": "police",
    "police (mixed)": "police",
}


def capability_family(capability: str) -> str:
    """The family of a capability (itself where it has none).

    Examples
    --------
    >>> capability_family("armed helicopters"), capability_family("ISR")
    ('helicopters', 'ISR')
    """
    return CAPABILITY_FAMILIES.get(capability, capability)


#: Peacekeeping Capability Readiness System levels; RDL is the Rapid Deployment Level (a unit
#: ready to deploy within 60 days of a Security Council decision).
PCRS_LEVELS: tuple[str, ...] = ("level 1", "level 2", "level 3", "RDL")

NEW_OR_REAFFIRMED: tuple[str, ...] = ("new", "reaffirmed")

#: Pledge units that are already counts of people: their quantity is the personnel equivalent.
PERSON_UNITS: tuple[str, ...] = (
    "personnel",
    "troops",
    "police officers",
    "personnel on standby",
    "personnel deployed in total (national goal)",
)
