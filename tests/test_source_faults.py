"""The source faults of issue 13, each on a small file: refused with file, line, column and
value, or handled and said in the build notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pkanalysis.build import BuildError, harmonise, parse, reports, validate
from pkanalysis.parse import ipi

IPI = "ipi_providing_for_peacekeeping"
GENDER_HEADER = "Date,Contributor,Contributor_ISO-3,Mission," + ",".join(
    f"{p}_{s}"
    for p in ["Individual_Police", "Formed_Police_Units", "Experts_on_Mission", "Troops", "Total"]
    for s in ["Male", "Female", "Total"]
)
NEPAL_UNMIL = "2010-01-31,Nepal,NPL,UNMIL,1,0,1,NA,NA,NA,NA,NA,NA,NA,NA,NA,1,0,1"


def _ipi_file(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / IPI / Path(name).parent
    folder.mkdir(parents=True, exist_ok=True)
    (tmp_path / IPI / name).write_text(text)
    return tmp_path


def _copy_countries(raw_dir: Path, tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / IPI / "countries"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copyfile(raw_dir / IPI / "countries" / name, folder / name)
    return tmp_path


# --- the same per-country file under two names ------------------------------------------------


def test_same_country_file_under_two_names_is_counted_once(raw_dir, tmp_path):
    raw = _copy_countries(raw_dir, tmp_path, ["Iran.csv", "Nepal.csv"])
    alone = ipi.read_countries(raw)
    # the same rows under IPI's other spelling, and with other line endings: found by content
    text = (raw / IPI / "countries" / "Iran.csv").read_text()
    (raw / IPI / "countries" / "Iran (Islamic Republic of).csv").write_text(
        text.replace("\n", "\r\n")
    )
    both = ipi.read_countries(raw)
    assert both.notes == [
        "Iran.csv holds the same rows as Iran (Islamic Republic of).csv: set aside, counted once"
    ]
    assert both.rows["total"].sum() == alone.rows["total"].sum()
    assert len(both.rows) == len(alone.rows)
    validate.copies_name_one_state(both.copies)  # both names are Iran: no error


def test_same_rows_under_two_states_names_is_refused(raw_dir, tmp_path):
    raw = _copy_countries(raw_dir, tmp_path, ["Nepal.csv"])
    shutil.copyfile(raw / IPI / "countries" / "Nepal.csv", raw / IPI / "countries" / "India.csv")
    table = ipi.read_countries(raw)
    with pytest.raises(BuildError) as err:
        validate.copies_name_one_state(table.copies)
    assert str(err.value) == (
        f"{IPI}/countries/Nepal.csv and {IPI}/countries/India.csv hold the same rows but name "
        "different states (NPL and IND); remove the file that is wrong"
    )


def test_one_state_in_two_files_with_different_numbers_is_refused(raw_dir, tmp_path):
    raw = _copy_countries(raw_dir, tmp_path, ["Iran.csv"])
    # Iran.csv prints 2 experts for 2002-11; the other name says 5
    (raw / IPI / "countries" / "Iran (Islamic Republic of).csv").write_text(
        "Date,Troops,Police,Experts\n2002-11-30,NA,NA,5\n"
    )
    countries = ipi.read_countries(raw)
    rows = harmonise.ipi_rows(countries.rows.iloc[:0].assign(line=0), countries.rows)
    with pytest.raises(BuildError) as err:
        validate.one_row_per_key(rows)
    assert str(err.value) == (
        "2 rows give a month, mission, contributor and type already given by another file, "
        f"e.g. IRN Experts on Mission 2002-11 in {IPI}/countries/Iran (Islamic Republic of).csv, "
        f"{IPI}/countries/Iran.csv (column 'total': 5, 2); remove or rename the file that is wrong"
    )


# --- conflicting or repeated rows ----------------------------------------------------------------


def test_conflicting_month_rows_in_a_country_file_are_refused_not_summed(tmp_path):
    raw = _ipi_file(
        tmp_path,
        "countries/Nepal.csv",
        "Date,Troops,Police,Experts\n2001-01-31,10,2,3\n2001-02-28,10,2,3\n2001-01-31,12,2,3\n",
    )
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_countries(raw)
    assert str(err.value) == (
        "Nepal.csv, lines 2, 4, column 'Troops': month 2001-01 is given 2 times with different "
        "counts (10, 12); keep the right line and delete the others"
    )


def test_repeated_identical_month_row_is_dropped_and_noted(tmp_path):
    raw = _ipi_file(
        tmp_path,
        "countries/Nepal.csv",
        "Date,Troops,Police,Experts\n2001-01-31,10,2,3\n2001-01-31,10,2,3\n",
    )
    table = ipi.read_countries(raw)
    assert table.rows["total"].sum() == 15
    assert table.notes == ["countries/*.csv: 3 repeated identical month rows dropped"]


def test_duplicated_data_mission_row_is_dropped_and_noted(raw_dir, tmp_path):
    lines = (raw_dir / IPI / "data_mission.csv").read_text().splitlines(keepends=True)
    first = lines[1]  # ONUCA 1990-11
    raw = _ipi_file(tmp_path, "data_mission.csv", "".join([lines[0], first, *lines[1:]]))
    notes: list[str] = []
    strength = ipi.read_missions(raw, notes)
    assert notes == ["data_mission.csv: 1 repeated identical row(s) dropped (line(s) 3)"]
    nov_1990 = strength[strength["date"] == "1990-11-30"]["total"].sum()
    assert nov_1990 == 10329  # not 10,752 with ONUCA's 423 counted twice
    assert len(strength) == 5330


def test_conflicting_data_mission_rows_are_refused(raw_dir, tmp_path):
    lines = (raw_dir / IPI / "data_mission.csv").read_text().splitlines(keepends=True)
    changed = lines[1].replace(",423\n", ",424\n")
    assert changed != lines[1]
    raw = _ipi_file(tmp_path, "data_mission.csv", "".join([lines[0], changed, *lines[1:]]))
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_missions(raw)
    assert str(err.value) == (
        "data_mission.csv, lines 2, 3, column 'Total': ONUCA 1990-11-30 is given 2 times with "
        "different values (424, 423); keep the right line"
    )


# --- malformed IPI files -------------------------------------------------------------------------


def test_gender_file_without_a_column_names_it(tmp_path):
    header = GENDER_HEADER.replace(",Troops_Total", "")
    line = NEPAL_UNMIL.replace(",NA,NA,NA,1,0,1", ",NA,NA,1,0,1")
    raw = _ipi_file(tmp_path, "full_gender_data.csv", f"{header}\n{line}\n")
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_gender(raw)
    message = str(err.value)
    assert message.startswith(
        "full_gender_data.csv, line 1 (header): missing column(s) 'Troops_Total'; the header has "
        "'Date', 'Contributor', "
    )


def test_data_mission_without_troops_names_it(raw_dir, tmp_path):
    table = pd.read_csv(raw_dir / IPI / "data_mission.csv", dtype=str).head(3)
    raw = tmp_path
    (raw / IPI).mkdir()
    table.drop(columns=["Troops"]).to_csv(raw / IPI / "data_mission.csv", index=False)
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_missions(raw)
    assert str(err.value).startswith(
        "data_mission.csv, line 1 (header): missing column(s) 'Troops'; the header has 'Date', "
    )


def test_bad_date_in_gender_file_names_line_column_and_value(tmp_path):
    bad = NEPAL_UNMIL.replace("2010-01-31", "2010-13-31")
    raw = _ipi_file(tmp_path, "full_gender_data.csv", f"{GENDER_HEADER}\n{NEPAL_UNMIL}\n{bad}\n")
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_gender(raw)
    assert str(err.value) == (
        "full_gender_data.csv, line 3, column 'Date': '2010-13-31' is not a date in the form "
        "YYYY-MM-DD (1 such value(s) in the column)"
    )


def test_bad_date_in_country_file_names_file_line_column_and_value(tmp_path):
    raw = _ipi_file(
        tmp_path,
        "countries/Nepal.csv",
        "Date,Troops,Police,Experts\n2001-01-31,1,2,3\n31/02/2001,1,2,3\n",
    )
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_countries(raw)
    assert str(err.value) == (
        "Nepal.csv, line 3, column 'Date': '31/02/2001' is not a date in the form YYYY-MM-DD "
        "(1 such value(s) in the column)"
    )


def test_bad_date_in_data_mission_names_line_column_and_value(raw_dir, tmp_path):
    lines = (raw_dir / IPI / "data_mission.csv").read_text().splitlines(keepends=True)
    raw = _ipi_file(
        tmp_path, "data_mission.csv", "".join([lines[0], lines[1].replace("1990-11-30", "1990")])
    )
    with pytest.raises(ipi.SourceFileError) as err:
        ipi.read_missions(raw)
    assert str(err.value) == (
        "data_mission.csv, line 2, column 'Date': '1990' is not a date in the form YYYY-MM-DD "
        "(1 such value(s) in the column)"
    )


def test_unknown_contributor_names_file_line_column_and_value(tmp_path):
    narnia = NEPAL_UNMIL.replace("Nepal", "Narnia")
    raw = _ipi_file(tmp_path, "full_gender_data.csv", f"{GENDER_HEADER}\n{narnia}\n")
    gender = ipi.read_gender(raw)
    no_countries = pd.DataFrame(columns=["date", "country", "file", "line", "total"])
    with pytest.raises(BuildError) as err:
        harmonise.ipi_rows(gender.rows, no_countries)
    assert str(err.value).startswith(
        f"{IPI}/full_gender_data.csv, line 2, column 'Contributor': contributor 'Narnia' is not "
        "a known country (1 unknown contributor name(s): 'Narnia'; add them to "
        "data/country_aliases.csv with a source)"
    )


def test_unknown_mission_names_file_line_column_and_value():
    missions = pd.DataFrame({"mission": ["UNMIL", "UNMISS"]})
    strength = pd.DataFrame(
        {
            "mission": ["UNMIL", "UNXYZ"],
            "source": [f"{IPI}/data_mission.csv"] * 2,
            "line": [2, 3],
        }
    )
    with pytest.raises(BuildError) as err:
        validate.missions_known(missions, {"Mission": strength})
    assert str(err.value) == (
        f"{IPI}/data_mission.csv, line 3, column 'Mission': 'UNXYZ' is not in the mission table; "
        "add it to data/missions_supplement.csv with a source (unknown acronyms: UNXYZ)"
    )


# --- a report renamed to another month ------------------------------------------------------------


def test_report_renamed_to_another_month_is_used_for_its_printed_month_and_reported(
    pdf_dir, tmp_path
):
    folder = tmp_path / "raw" / parse.PDF_DIR
    folder.mkdir(parents=True)
    # May 2016's report under June's name, and no June file
    shutil.copyfile(
        pdf_dir / "UN_country_contributions_2016_05.pdf",
        folder / "UN_country_contributions_2016_06.pdf",
    )
    parsed, _, _ = reports.parse_pdfs(tmp_path / "raw", Path("data").resolve())
    kept, sources, notes = reports.choose_reports(parsed)
    assert kept[0]["date"] == pd.Timestamp("2016-05-31")
    assert sources[0]["status"] == "used"
    assert notes == [
        "UN_country_contributions_2016_06.pdf: the file name says 2016-06 but the report is "
        "dated 2016-05 (printed); used for 2016-05"
    ]
