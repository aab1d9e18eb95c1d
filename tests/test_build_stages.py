"""The build's stages on small hand-made frames: each decides a number, so each is checked on
rows whose answer was worked out by hand (placeholders, grain, same-key merges, names, keys)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from pkanalysis.build import changes, choose_reports, harmonise, validate, write
from pkanalysis.build.common import IPI_GENDER, BuildError
from pkanalysis.schemas import MissionStrength

JAN, FEB, MAR = (pd.Timestamp(d) for d in ("2016-01-31", "2016-02-29", "2016-03-31"))
COUNTRY_FILE = "ipi_providing_for_peacekeeping/countries/Nepal.csv"


def frame(columns: str, *rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


# --- placeholders ------------------------------------------------------------------------------


def test_lines_without_a_total_and_without_counts_are_dropped_and_counted():
    rows = frame(
        "source page mission country male female total",
        ("r.pdf", 1, "UNMISS", "Nepal", 10, 2, 12),
        ("r.pdf", 1, "UNMISS", "Fiji", None, None, None),  # placeholder: blank
        ("r.pdf", 2, "UNIFIL", "Peru", 0, 0, None),  # placeholder: zeros
        ("r.pdf", 2, "UNIFIL", "Chad", 0, None, 0),  # a real zero row stays
    )
    kept, dropped = harmonise.drop_placeholders(rows)
    assert dropped == 2
    assert kept["country"].tolist() == ["Nepal", "Chad"]
    assert kept.index.tolist() == [0, 1]


def test_a_count_without_a_total_is_an_error_naming_the_place():
    rows = frame(
        "source page mission country male female total",
        ("r.pdf", 1, "UNMISS", "Nepal", 10, 2, 12),
        ("r.pdf", 3, "UNIFIL", "Peru", 0, 4, None),
        ("r.pdf", 4, "UNIFIL", "Chad", 7, None, None),
    )
    with pytest.raises(BuildError) as err:
        harmonise.drop_placeholders(rows)
    assert str(err.value) == (
        "r.pdf, page 3: 2 row(s) print a count but no total, e.g. Peru in UNIFIL"
    )


# --- one grain per month -----------------------------------------------------------------------


def test_each_month_comes_from_the_finest_source_that_covers_it():
    pdf_rows = frame("date", (MAR,))
    ipi = frame(
        "date contributor_iso3 mission total source",
        (JAN, "NPL", "UNMIL", 10, IPI_GENDER),
        (JAN, "NPL", None, 99, COUNTRY_FILE),  # January has the finer file: set aside
        (FEB, "NPL", None, 11, COUNTRY_FILE),  # February only per country: kept
        (MAR, "NPL", "UNMIL", 12, IPI_GENDER),  # March has a UN report: IPI set aside
        (MAR, "NPL", None, 12, COUNTRY_FILE),
    )
    kept, from_gender, from_countries = harmonise.one_grain_per_month(pdf_rows, ipi)
    assert (from_gender, from_countries) == (1, 1)
    assert kept["total"].tolist() == [10, 11]
    assert kept["source"].tolist() == [IPI_GENDER, COUNTRY_FILE]


# --- same-key merge ----------------------------------------------------------------------------


def _lines(*rows):
    cols = "date mission contributor_iso3 contributor personnel_type personnel_type_source "
    return frame(cols + "male female total source", *rows)


def test_a_merged_line_keeps_its_source_and_names():
    rows = _lines(
        (JAN, "UNMISS", "NPL", "Nepal", "Troops", "Troops", 10, 1, 11, "a.pdf"),
        (JAN, "UNMISS", "NPL", "Nepal", "Troops", "Contingent Troop", 5, 2, 7, "a.pdf"),
    )
    merged, count = harmonise.merge_same_key(rows)
    assert count == 1
    assert merged.to_dict("records") == [
        {
            "date": JAN,
            "mission": "UNMISS",
            "contributor_iso3": "NPL",
            "personnel_type": "Troops",
            "source": "a.pdf",
            "contributor": "Nepal",
            "personnel_type_source": "Contingent Troop + Troops",
            "male": 15,
            "female": 3,
            "total": 18,
        }
    ]


def test_lines_of_one_key_from_two_files_are_not_summed_here():
    # Two files giving the same month, mission, contributor and type is a fault the validate
    # stage names; merging them here would hide it.
    rows = _lines(
        (JAN, "UNMISS", "NPL", "Nepal", "Troops", "Troops", 10, 1, 11, "a.pdf"),
        (JAN, "UNMISS", "NPL", "Nepal", "Troops", "Troops", 10, 1, 11, "b.pdf"),
    )
    merged, count = harmonise.merge_same_key(rows)
    assert count == 0
    assert len(merged) == 2
    with pytest.raises(BuildError, match=r"^2 rows give a month, .* in a\.pdf, b\.pdf "):
        validate.one_row_per_key(merged)


def test_lines_without_a_mission_merge_by_month_contributor_and_type():
    rows = _lines(
        (JAN, None, "NPL", "Nepal", "Troops", "Troops", None, None, 4, COUNTRY_FILE),
        (JAN, None, "NPL", "Nepal", "Troops", "Troops", None, None, 6, COUNTRY_FILE),
        (JAN, None, "NPL", "Nepal", "Experts on Mission", "Experts", None, None, 1, COUNTRY_FILE),
    )
    merged, count = harmonise.merge_same_key(rows)
    assert count == 1
    assert sorted(merged["total"].tolist()) == [1, 10]
    assert merged["male"].isna().all()


# --- names and labels --------------------------------------------------------------------------


def _raw(*rows):
    return frame(
        "date mission country personnel_type_source personnel_type male female total source "
        "line page",
        *rows,
    )


def test_names_labels_and_acronyms_are_harmonised():
    rows = _raw(
        (JAN, "onuci'", "Republic of Korea", "Contingent  Troop", None, 1, 0, 1, "r.pdf", None, 2),
        (JAN, "UNMISS", "Turkey", "UNPOL", None, 0, 1, 1, "r.pdf", None, 2),
        (JAN, None, "Nepal", "Police", "Police", None, None, 5, COUNTRY_FILE, 7, None),
    )
    out = harmonise.harmonise(rows)
    assert out["contributor_iso3"].tolist() == ["KOR", "TUR", "NPL"]
    assert out["contributor"].tolist() == ["Republic of Korea", "Türkiye", "Nepal"]
    assert out["personnel_type_source"].tolist() == ["Contingent Troop", "UNPOL", "Police"]
    # A type set by the reader (IPI's coarse "Police") is kept; printed labels are mapped.
    assert out["personnel_type"].tolist() == ["Troops", "Individual Police", "Police"]
    assert out["mission"].tolist() == ["UNOCI", "UNMISS", pd.NA]


@pytest.mark.parametrize(
    ("source", "line", "page", "place", "column"),
    [
        ("r.pdf", None, 4, "r.pdf, page 4", "country"),
        (COUNTRY_FILE, 9, None, f"{COUNTRY_FILE}, line 9", "file name"),
        (IPI_GENDER, 12, None, f"{IPI_GENDER}, line 12", "Contributor"),
    ],
)
def test_an_unknown_contributor_names_file_place_and_column(source, line, page, place, column):
    rows = _raw(
        (JAN, "UNMISS", "Nepal", "Troops", None, 1, 0, 1, "ok.pdf", None, 1),
        (JAN, "UNMISS", "Atlantis", "Troops", None, 1, 0, 1, source, line, page),
    )
    with pytest.raises(BuildError) as err:
        harmonise.harmonise(rows)
    assert str(err.value).startswith(
        f"{place}, column {column!r}: contributor 'Atlantis' is not a known country (1 unknown "
        "contributor name(s): 'Atlantis'; add them to data/country_aliases.csv with a source)"
    )


def test_ipi_rows_get_their_source_and_one_shape():
    gender = frame(
        "date mission country personnel_type_source male female total line",
        (JAN, "UNMIL", "Nepal", "Troops", 9, 1, 10, 2),
    )
    countries = frame(
        "date country personnel_type_source personnel_type total file line mission male female",
        (FEB, "Nepal", "Experts", "Experts on Mission", 3, COUNTRY_FILE, 5, None, None, None),
    )
    out = harmonise.ipi_rows(gender, countries)
    assert out["source"].tolist() == [IPI_GENDER, COUNTRY_FILE]
    assert out["personnel_type"].tolist() == ["Troops", "Experts on Mission"]
    assert out["contributor_iso3"].tolist() == ["NPL", "NPL"]
    assert out["line"].tolist() == [2, 5]


# --- sex split set aside, notes ----------------------------------------------------------------


def test_reports_listed_as_faulty_lose_their_sex_split_and_keep_their_totals(tmp_path):
    pd.DataFrame({"sha256": ["bad"], "report_date": ["2020-08-31"]}).to_csv(
        tmp_path / "sex_split_faults.csv", index=False
    )
    rows = frame(
        "source male female total",
        ("un/2020_08.pdf", 5, 9, 14),
        ("un/2020_08.pdf", 1, 1, 2),
        ("un/2020_09.pdf", 3, 1, 4),
    )
    kept = [{"file": "un/2020_08.pdf", "sha256": "bad"}, {"file": "un/2020_09.pdf", "sha256": "ok"}]
    out, info = harmonise.set_aside_sex_split(rows, kept, tmp_path)
    assert info == {"rows": 2, "files": ["2020_08.pdf"]}
    assert out["male"].isna().tolist() == [True, True, False]
    assert out["female"].isna().tolist() == [True, True, False]
    assert out["total"].tolist() == [14, 2, 4]
    assert rows["male"].tolist() == [5, 1, 3]  # the input is not changed


def test_build_notes_say_what_each_stage_set_aside():
    parts = {
        "names": ["a.pdf: renamed"],
        "placeholders": 3,
        "sources_before": ["before"],
        "ipi_set_aside": 12345,
        "sex_split": {"rows": 2, "files": ["x.pdf"]},
        "merged": 1500,
        "filled": "USA 2009-11..2012-12",
        "sources_after": ["after"],
    }
    assert harmonise.notes(parts) == [
        "a.pdf: renamed",
        "report rows printed with no total and no non-zero count dropped: 3",
        "before",
        "IPI per-country rows for months covered by finer sources set aside: 12,345",
        "sex split set aside (data/sex_split_faults.csv) for 2 rows of x.pdf",
        "rows sharing month, mission, contributor and type summed: 1,500",
        "rows taken from IPI per-country files where the contributor x mission file is blank "
        "(data/contributor_fills.csv): USA 2009-11..2012-12",
        "after",
    ]
    quiet = {**parts, "placeholders": 0, "sex_split": {"rows": 0, "files": []}, "merged": 0}
    quiet.pop("filled")
    assert harmonise.notes(quiet) == [
        "a.pdf: renamed",
        "before",
        "IPI per-country rows for months covered by finer sources set aside: 12,345",
        "after",
    ]


def test_fill_summary_counts_person_months_and_months():
    filled = frame(
        "date contributor_iso3 total",
        (JAN, "USA", 1000),
        (FEB, "USA", 2171),
        (FEB, "MDA", 4),
    )
    assert harmonise.fill_summary(filled) == (
        "MDA 2016-02..2016-02 (4 person-months over 1 months); "
        "USA 2016-01..2016-02 (3,171 person-months over 2 months)"
    )


# --- validation --------------------------------------------------------------------------------


def test_one_row_per_key_names_both_files_and_both_counts():
    rows = frame(
        "date mission contributor_iso3 personnel_type total source",
        (JAN, None, "IRN", "Troops", 5, "countries/Iran.csv"),
        (JAN, None, "IRN", "Troops", 7, "countries/Iran (Islamic Republic of).csv"),
        (JAN, "UNIFIL", "IRN", "Troops", 7, "r.pdf"),
        (FEB, None, "IRN", "Troops", 5, "countries/Iran.csv"),
    )
    with pytest.raises(BuildError) as err:
        validate.one_row_per_key(rows)
    assert str(err.value) == (
        "2 rows give a month, mission, contributor and type already given by another file, "
        "e.g. IRN Troops 2016-01 in countries/Iran (Islamic Republic of).csv, countries/Iran.csv "
        "(column 'total': 7, 5); remove or rename the file that is wrong"
    )
    validate.one_row_per_key(rows.iloc[1:])  # one row per key: nothing to say


def test_unknown_mission_acronyms_are_named_with_the_first_place_they_appear():
    missions = pd.DataFrame({"mission": ["UNMISS", "UNIFIL"]})
    used = {
        "mission_acronym": frame(
            "mission source", ("UNMISS", "fat.csv"), ("UNXYZ", "fat.csv"), (None, "fat.csv")
        ),
        "Mission": frame(
            "mission source line", ("UNABC", "gender.csv", 4), ("UNXYZ", "gender.csv", 9)
        ),
    }
    with pytest.raises(BuildError) as err:
        validate.missions_known(missions, used)
    assert str(err.value) == (
        "fat.csv, column 'mission_acronym': 'UNXYZ' is not in the mission table; add it to "
        "data/missions_supplement.csv with a source (unknown acronyms: UNABC, UNXYZ)"
    )
    used.pop("mission_acronym")
    with pytest.raises(BuildError, match=r"^gender\.csv, line 4, column 'Mission': 'UNABC' "):
        validate.missions_known(missions, used)
    validate.missions_known(missions, {"x": frame("mission source", ("UNIFIL", "f"))})


def test_copies_of_a_country_file_must_name_the_same_state():
    validate.copies_name_one_state(
        [("countries/Iran.csv", "countries/Iran (Islamic Republic of).csv")]
    )
    with pytest.raises(BuildError) as err:
        validate.copies_name_one_state([("countries/Niger.csv", "countries/Nigeria.csv")])
    assert str(err.value) == (
        "countries/Niger.csv and countries/Nigeria.csv hold the same rows but name different "
        "states (NER and NGA); remove the file that is wrong"
    )


def test_a_table_breaking_its_schema_is_a_build_error_listing_the_cells():
    bad = pd.DataFrame(
        {
            "date": [JAN],
            "mission": ["UNMIL"],
            "troops": [-1],
            "police": [0],
            "observers": [0],
            "total": [0],
            "contributors": [1],
            "source": ["ipi.csv"],
        }
    )
    with pytest.raises(BuildError, match=r"(?s)^mission strength failed validation:\n.*troops.*-1"):
        validate.validated(bad, MissionStrength, "mission strength")
    good = bad.assign(troops=1)
    assert validate.validated(good, MissionStrength, "mission strength")["troops"].tolist() == [1]


# --- choosing reports, manifest fields, changes ------------------------------------------------


def _report(file, date, sha, basis="printed"):
    return {
        "file": file,
        "sha256": sha,
        "layout": "C",
        "printed_date": date,
        "date": pd.Timestamp(date),
        "date_basis": basis,
        "rows": {"contributor": ["a", "b", "c"]},  # one list per field
        "notes": [],
    }


def test_one_report_per_month_and_the_copy_named_for_its_month_is_cited():
    parsed = [
        _report("un/UN_2020_06.pdf", "2022-06-30", "s1"),  # mislabelled copy
        _report("un/UN_2022_06.pdf", "2022-06-30", "s1"),
        _report("un/UN_2022_07.pdf", "2022-07-31", "s2"),
    ]
    kept, sources, notes = choose_reports(parsed)
    assert [k["file"] for k in kept] == ["un/UN_2022_06.pdf", "un/UN_2022_07.pdf"]
    status = {s["file"]: (s["status"], s["rows_out"]) for s in sources}
    assert status == {
        "un/UN_2022_06.pdf": ("used", 3),
        "un/UN_2020_06.pdf": ("duplicate of UN_2022_06.pdf (identical bytes)", 0),
        "un/UN_2022_07.pdf": ("used", 3),
    }
    assert notes == [
        "UN_2020_06.pdf: the file name says 2020-06 but the report is dated 2022-06 (printed); "
        "used for 2022-06, duplicate of UN_2022_06.pdf (identical bytes)"
    ]
    parsed[0]["sha256"] = "other"
    with pytest.raises(BuildError, match=r"both report 2022-06 but differ in content"):
        choose_reports(parsed)


def test_the_manifest_records_months_covered_missing_and_the_reconciliation():
    contributions = pd.DataFrame(
        {"date": pd.to_datetime(["1990-11-30", "1990-12-31", "2025-07-31", "2025-09-30"])}
    )
    recon = pd.DataFrame({"status": ["match", "match", "explained"]})
    record, seconds, missing = write.manifest_fields(
        contributions, recon, started=0.0, reconciliation={"stale": 1}, extra="kept"
    )
    assert record["extra"] == "kept"
    assert record["months_covered"] == ["1990-11", "2025-09"]
    assert record["reconciliation"] == {"match": 2, "explained": 1}
    assert missing[0] == "1991-01"
    assert missing[-2:] == ["2025-06", "2025-08"]
    assert len(missing) == 415  # 419 months from 1990-11 to 2025-09, four of them covered
    assert record["months_missing"] == missing
    assert seconds > 0


def test_changes_name_new_and_revised_months_and_the_largest_movers():
    def table(*rows):
        df = frame("date mission contributor_iso3 personnel_type total", *rows)
        df["date"] = pd.to_datetime(df["date"])
        return df

    old = table(
        ("2025-05-31", "UNMISS", "NPL", "Troops", 100),
        ("2025-06-30", "UNMISS", "NPL", "Troops", 100),
        ("2025-06-30", "UNIFIL", "IND", "Troops", 50),
    )
    new = table(
        ("2025-05-31", "UNMISS", "NPL", "Troops", 100),
        ("2025-06-30", "UNMISS", "NPL", "Troops", 90),  # revised -10
        ("2025-06-30", "UNIFIL", "IND", "Troops", 50),
        ("2025-07-31", "UNMISS", "NPL", "Troops", 95),  # new month: +5 against June
        ("2025-07-31", "UNIFIL", "IND", "Troops", 30),  # -20 against June
        ("2025-07-31", None, "GHA", "Troops", 7),  # no mission: not a mission mover
    )
    got = changes.compare(old, new, n=2)
    assert got["new_months"] == ["2025-07"]
    assert got["revised_months"] == ["2025-06"]
    assert got["contributors"] == [
        {"contributor_iso3": "IND", "change": -20},
        {"contributor_iso3": "GHA", "change": 7},
    ]
    assert got["missions"] == [
        {"mission": "UNIFIL", "change": -20},
        {"mission": "UNMISS", "change": -5},
    ]
    assert changes.compare(None, new)["first_build"] is True
    assert changes.table(changes.compare(None, new)) == (
        "first build: no previous snapshot to compare with"
    )


# --- writing the snapshot: folders, locks, the switch -----------------------------------------


def test_a_process_is_alive_until_it_has_exited(monkeypatch):
    assert write._alive(os.getpid())
    # no process can have an id above the system's largest (a finished one's could be reused)
    beyond = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1
    assert not write._alive(beyond)

    def not_yours(_pid, _sig):
        raise PermissionError

    monkeypatch.setattr(write.os, "kill", not_yours)
    assert write._alive(12345)  # someone else's process is alive too


def test_recover_puts_back_a_snapshot_left_aside_and_removes_dead_builds(tmp_path):
    aside = tmp_path / f"{write.ASIDE_PREFIX}999999-x"
    (aside / "processed").mkdir(parents=True)
    (aside / "processed" / "manifest.json").write_text("{}")
    dead = tmp_path / f"{write.STAGING_PREFIX}999999-y"  # no process 999999: a dead build
    dead.mkdir()
    odd = tmp_path / f"{write.STAGING_PREFIX}notapid"
    odd.mkdir()
    mine = tmp_path / f"{write.STAGING_PREFIX}{os.getpid()}-z"
    mine.mkdir()
    write.recover(tmp_path)
    assert (tmp_path / "processed" / "manifest.json").exists()
    assert not aside.exists()
    assert not dead.exists()
    assert odd.exists()  # not named by a build: left alone
    assert mine.exists()  # this process's own staging folder


def test_a_folder_that_is_missing_or_locked_is_refused_before_any_work(tmp_path):
    with pytest.raises(BuildError, match=r"data folder .*nowhere does not exist"):
        write.prepare(tmp_path / "nowhere")
    with pytest.raises(BuildError, match=r"^cannot write the snapshot: data folder .* is not "):
        with write.exclusive(tmp_path / "nowhere"):
            pass
    with write.exclusive(tmp_path):
        with pytest.raises(BuildError, match=r"^another build is writing to "):
            with write.exclusive(tmp_path):
                pass
    with write.exclusive(tmp_path):  # released: taken again
        pass


def test_switch_replaces_the_snapshot_with_or_without_an_atomic_exchange(tmp_path, monkeypatch):
    def staged(text):
        folder = write.prepare(tmp_path)
        (folder / "manifest.json").write_text(text)
        return folder

    write.switch(staged("one"), tmp_path)  # no snapshot yet: a rename
    assert (tmp_path / "processed" / "manifest.json").read_text() == "one"
    write.switch(staged("two"), tmp_path)  # renameat2 where the system has it
    assert (tmp_path / "processed" / "manifest.json").read_text() == "two"
    monkeypatch.setattr(write, "_exchange", lambda _a, _b: False)
    write.switch(staged("three"), tmp_path)  # else aside, in, and the old one removed
    assert (tmp_path / "processed" / "manifest.json").read_text() == "three"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != write.LOCK) == ["processed"]


def test_an_exchange_with_a_missing_folder_is_an_os_error(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(OSError, match="missing"):
        write._exchange(tmp_path / "a", tmp_path / "missing")


def test_a_refused_build_replaces_an_older_refused_one(tmp_path):
    old = tmp_path / write.REFUSED
    old.mkdir()
    (old / "stale").write_text("x")
    staging = write.prepare(tmp_path)
    (staging / "reconciliation.parquet").write_text("new")
    kept = write.keep_refused(staging, tmp_path)
    assert kept == old
    assert sorted(p.name for p in kept.iterdir()) == ["reconciliation.parquet"]
