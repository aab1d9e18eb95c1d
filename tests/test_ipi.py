"""IPI parsing on the real files, and on small bad files written for each failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from pkanalysis.parse import ipi


@pytest.fixture(scope="module")
def gender(raw_dir: Path) -> ipi.IpiTable:
    return ipi.read_gender(raw_dir)


def test_gender_file_duplicates_and_aggregates(gender):
    # PROVENANCE.md: 4,599 exact duplicate rows; 6,085 "all" rows are aggregates.
    assert gender.dropped_duplicates == 4599
    assert len(gender.totals) == 6085
    assert gender.rows["date"].nunique() == 58
    assert not gender.rows["country"].str.endswith("'").any()
    assert not gender.rows["mission"].eq("all").any()


def test_gender_row_read_off_the_file(gender):
    row = gender.rows[
        (gender.rows["date"] == "2009-11-30")
        & (gender.rows["country"] == "Argentina")
        & (gender.rows["mission"] == "UNMIL")
    ].iloc[0]
    assert (row["personnel_type_source"], row["male"], row["female"], row["total"]) == (
        "Individual Police",
        7,
        2,
        9,
    )


def test_countries_and_missions(raw_dir):
    countries = ipi.read_countries(raw_dir)
    assert countries.rows["country"].nunique() == 148
    assert countries.rows["date"].min().strftime("%Y-%m") == "1990-11"
    missions = ipi.read_missions(raw_dir)
    assert len(missions) == 5330


def _countries_tree(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "ipi_providing_for_peacekeeping" / "countries"
    folder.mkdir(parents=True)
    (folder / name).write_bytes(content)
    return tmp_path


def test_wrong_encoding_names_the_file_and_offset(tmp_path):
    raw = _countries_tree(
        tmp_path,
        "Côte.csv",
        "Date,Troops,Police,Experts\n2001-01-31,1,2,3\n# Côte\n".encode("cp1252"),
    )
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_countries(raw)
    assert str(err.value) == (
        "Côte.csv, line 3: not valid UTF-8 (byte 0xf4 at offset 47); re-save the file as UTF-8"
    )


def test_negative_count_names_line_and_column(tmp_path):
    raw = _countries_tree(
        tmp_path, "Nepal.csv", b"Date,Troops,Police,Experts\n2001-01-31,1,2,3\n2001-02-28,-4,2,3\n"
    )
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_countries(raw)
    assert str(err.value) == (
        "Nepal.csv, line 3, column 'Troops': count '-4' is not a "
        "non-negative whole number (1 such value(s) in the column)"
    )


def test_non_numeric_count_names_line_and_column(tmp_path):
    raw = _countries_tree(
        tmp_path, "Nepal.csv", b"Date,Troops,Police,Experts\n2001-01-31,1,two,3\n"
    )
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_countries(raw)
    assert str(err.value) == (
        "Nepal.csv, line 2, column 'Police': count 'two' is not a "
        "non-negative whole number (1 such value(s) in the column)"
    )


def test_exact_duplicate_rows_are_dropped_and_counted(tmp_path):
    raw = _countries_tree(
        tmp_path, "Nepal.csv", b"Date,Troops,Police,Experts\n2001-01-31,1,2,3\n2001-01-31,1,2,3\n"
    )
    table = ipi.read_countries(raw)
    assert table.dropped_duplicates == 3
    assert len(table.rows) == 3


def test_conflicting_duplicate_rows_are_an_error(tmp_path):
    folder = tmp_path / "ipi_providing_for_peacekeeping"
    folder.mkdir()
    header = "Date,Contributor,Contributor_ISO-3,Mission," + ",".join(
        f"{p}_{s}"
        for p in [
            "Individual_Police",
            "Formed_Police_Units",
            "Experts_on_Mission",
            "Troops",
            "Total",
        ]
        for s in ["Male", "Female", "Total"]
    )
    line = "2010-01-31,Nepal,NPL,UNMIL,1,0,1,NA,NA,NA,NA,NA,NA,NA,NA,NA,1,0,1"
    other = "2010-01-31,Nepal,NPL,UNMIL,2,0,2,NA,NA,NA,NA,NA,NA,NA,NA,NA,2,0,2"
    (folder / "full_gender_data.csv").write_text("\n".join([header, line, other]) + "\n")
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_gender(tmp_path)
    assert str(err.value) == (
        "full_gender_data.csv, line 2: 2 rows repeat a (month, mission, "
        "contributor, type) with different counts, e.g. Nepal in UNMIL 2010-01"
    )


def test_missing_column_is_named(tmp_path):
    raw = _countries_tree(tmp_path, "Nepal.csv", b"Date,Troops,Police\n2001-01-31,1,2\n")
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_countries(raw)
    assert str(err.value) == "Nepal.csv: missing column(s) Experts"


def test_row_with_more_fields_than_the_header_names_its_line(tmp_path):
    raw = _countries_tree(
        tmp_path, "Nepal.csv", b"Date,Troops,Police,Experts\n2001-01-31,1,2,3\n2001-02-28,1,2,3,4\n"
    )
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_countries(raw)
    assert str(err.value) == "Nepal.csv, line 3: 5 fields where the header has 4"


GENDER_HEADER = "Date,Contributor,Contributor_ISO-3,Mission," + ",".join(
    f"{p}_{s}"
    for p in ["Individual_Police", "Formed_Police_Units", "Experts_on_Mission", "Troops", "Total"]
    for s in ["Male", "Female", "Total"]
)


def _gender_file(tmp_path: Path, *lines: str) -> Path:
    folder = tmp_path / "ipi_providing_for_peacekeeping"
    folder.mkdir()
    (folder / "full_gender_data.csv").write_text("\n".join([GENDER_HEADER, *lines]) + "\n")
    return tmp_path


def test_gender_rules_duplicates_aggregates_quotes_and_blank_types(tmp_path):
    raw = _gender_file(
        tmp_path,
        # the same line twice: dropped once, counted, noted
        "2010-01-31,Nepal,NPL,UNMIL,1,0,1,NA,NA,NA,NA,NA,NA,9,1,10,10,1,11",
        "2010-01-31,Nepal,NPL,UNMIL,1,0,1,NA,NA,NA,NA,NA,NA,9,1,10,10,1,11",
        # 2014 rows end every string with an apostrophe
        "2014-03-31,Fiji',FJI',UNDOF',NA,NA,NA,NA,NA,NA,NA,NA,NA,5,0,5,5,0,5",
        # the contributor's own total over missions, and the month's grand total
        "2010-01-31,Nepal,NPL,all,1,0,1,NA,NA,NA,NA,NA,NA,9,1,10,10,1,11",
        "2010-01-31,all,all,all,1,0,1,NA,NA,NA,NA,NA,NA,9,1,10,10,1,11",
    )
    table = ipi.read_gender(raw)
    assert table.dropped_duplicates == 1
    assert table.notes == ["full_gender_data.csv: 1 exact duplicate rows dropped"]
    rows = table.rows.sort_values(["date", "personnel_type_source"])
    # one row per type with any count; types with only NA are not rows
    assert rows[
        ["country", "mission", "personnel_type_source", "total", "line"]
    ].values.tolist() == [
        ["Nepal", "UNMIL", "Individual Police", 1, 2],
        ["Nepal", "UNMIL", "Troops", 10, 2],
        ["Fiji", "UNDOF", "Troops", 5, 4],
    ]
    assert rows["date"].dt.strftime("%Y-%m-%d").tolist() == ["2010-01-31"] * 2 + ["2014-03-31"]
    totals = table.totals.sort_values("level")
    assert totals[["level", "total", "line"]].values.tolist() == [["country", 11, 5],
                                                                   ["grand", 11, 6]]  # fmt: skip
    assert totals["country"].tolist()[0] == "Nepal"
    assert totals["country"].isna().tolist() == [False, True]


def test_a_gender_file_without_duplicates_has_no_note(tmp_path):
    raw = _gender_file(
        tmp_path, "2010-01-31,Nepal,NPL,UNMIL,1,0,1,NA,NA,NA,NA,NA,NA,NA,NA,NA,1,0,1"
    )
    table = ipi.read_gender(raw)
    assert (table.dropped_duplicates, table.notes) == (0, [])
