"""Reconciliation on small hand-made reports: match, mismatch, explained, and the male/female rule.

Every figure below was added up by hand from the rows of the frame it is checked against.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pkanalysis import reconcile
from pkanalysis.build import reconcile as stage
from pkanalysis.build.common import IPI_GENDER

JAN, FEB = pd.Timestamp("2016-01-31"), pd.Timestamp("2016-02-29")


def rows(*lines, date=JAN):
    """Parsed rows: (mission, country, type label, male, female, total)."""
    df = pd.DataFrame(
        lines, columns=["mission", "country", "personnel_type_source", "male", "female", "total"]
    )
    for col in ("male", "female", "total"):
        df[col] = df[col].astype("Int64")
    return df.assign(date=date, page=1, line=range(1, len(df) + 1))


def totals(*lines, date=JAN):
    """Printed totals: (level, mission, country, male, female, total)."""
    df = pd.DataFrame(lines, columns=["level", "mission", "country", "male", "female", "total"])
    return df.assign(date=date)


REPORT = rows(
    ("UNMISS", "Nepal", "Troops", 90, 10, 100),
    ("UNMISS", "Ghana", "Troops", 45, 5, 50),
    ("UNIFIL", "Nepal", "Individual Police", 8, 2, 10),
)


def check(printed, parsed=REPORT, source="r.pdf"):
    out = reconcile.check_source(parsed, printed, source, unit=["date"])
    return out.set_index(["level", "mission", "country"], drop=False)


def test_totals_reproduced_by_the_rows_match():
    out = check(
        totals(
            ("grand", None, None, 143, 17, 160),
            ("mission", "UNMISS", None, 135, 15, 150),
            ("country", None, "Nepal", 98, 12, 110),
            ("mission_country", "UNIFIL", "Nepal", 8, 2, 10),
        )
    )
    assert out["status"].tolist() == ["match"] * 4
    assert out["parsed_total"].tolist() == [160, 150, 110, 10]
    assert out[["diff_male", "diff_female", "diff_total"]].to_numpy().tolist() == [[0, 0, 0]] * 4
    assert out["reason"].isna().all()
    assert set(out["source"]) == {"r.pdf"}


def test_a_total_the_rows_do_not_reproduce_is_a_mismatch_with_the_signed_difference():
    out = check(totals(("grand", None, None, 144, 17, 161), ("mission", "UNIFIL", None, 9, 2, 11)))
    grand = out.loc[("grand", None, None)]
    assert grand["status"] == "mismatch"
    # diff = parsed - printed: the rows hold one man fewer than the printed total
    assert (grand["diff_male"], grand["diff_female"], grand["diff_total"]) == (-1, 0, -1)
    unifil = out.loc[("mission", "UNIFIL", None)]
    assert (unifil["status"], unifil["diff_male"], unifil["diff_total"]) == ("mismatch", -1, -1)
    assert out["reason"].isna().all()


def test_a_printed_line_that_does_not_add_up_is_explained_when_men_and_women_are_reproduced():
    # The report prints 143 men and 17 women but a total of 161: no parse can give 161.
    out = check(totals(("grand", None, None, 143, 17, 161)))
    row = out.iloc[0]
    assert row["status"] == "explained"
    assert row["reason"] == (
        "printed line inconsistent: male + female = 160 but total = 161; "
        "male and female reproduced exactly"
    )


def test_a_line_that_does_not_add_up_stays_a_mismatch_when_men_or_women_differ():
    # 144 + 17 = 161 != 162, but the rows hold 143 men: the line is wrong *and* the parse
    # differs, so nothing explains it.
    out = check(totals(("grand", None, None, 144, 17, 162), ("grand", None, None, 143, 18, 162)))
    assert out["status"].tolist() == ["mismatch", "mismatch"]
    assert out["reason"].isna().all()


def test_a_consistent_line_with_a_differing_total_only_is_not_explained():
    # Printed male + female = total, parsed men and women equal: still a mismatch if the
    # total differs? It cannot: the parsed total is the sum of the same rows.  A printed line
    # that adds up and differs in men only is a plain mismatch.
    out = check(totals(("grand", None, None, 142, 17, 159)))
    assert out.iloc[0]["status"] == "mismatch"
    assert out.iloc[0]["diff_male"] == 1


def test_missing_printed_figures_are_not_compared():
    out = check(totals(("grand", None, None, None, None, 160)))
    row = out.iloc[0]
    assert row["status"] == "match"
    assert pd.isna(row["diff_male"])
    assert pd.isna(row["diff_female"])
    assert row["diff_total"] == 0


def test_a_printed_total_with_no_rows_behind_it_compares_with_zero():
    out = check(totals(("mission", "MINUSMA", None, 5, 0, 5)))
    row = out.iloc[0]
    assert (row["parsed_total"], row["diff_total"], row["status"]) == (0, -5, "mismatch")


def test_labels_broken_over_lines_are_compared_after_squashing_spaces():
    parsed = rows(("UN  MISS", "United Republic of\nTanzania", "Troops", 1, 1, 2))
    out = check(
        totals(
            ("mission", "UN MISS", None, 1, 1, 2),
            ("country", None, "United Republic of  Tanzania", 1, 1, 2),
        ),
        parsed,
    )
    assert out["status"].tolist() == ["match", "match"]


def test_per_type_column_totals_are_read_from_the_country_column():
    # Layout C2 prints one total per personnel type, with the label where a country would be.
    out = check(
        totals(("type", None, "Troops", 135, 15, 150), ("type", None, "Individual Police", 8, 2, 9))
    )
    assert out["status"].tolist() == ["match", "explained"]
    assert "personnel_type_source" not in out.columns


def test_printed_rows_that_do_not_add_up_are_listed_with_their_place():
    parsed = rows(
        ("UNMISS", "Nepal", "Troops", 90, 10, 101),
        ("UNMISS", "Ghana", "Troops", None, None, 50),
        ("UNMISS", "Fiji", "Troops", 3, 1, 4),
    )
    out = reconcile.check_source(parsed, totals(), "r.pdf", unit=["date"])
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["level"], row["status"], row["country"]) == ("row", "source_inconsistent", "Nepal")
    assert (row["page"], row["line"], row["total"]) == (1, 1, 101)
    assert row["reason"] == "printed male + female differs from the printed total; kept as printed"


def test_nothing_printed_and_nothing_wrong_gives_an_empty_check():
    assert reconcile.check_source(REPORT, totals(), "r.pdf", unit=["date"]).empty


def test_months_and_sources_are_reconciled_apart():
    both = pd.concat(
        [REPORT.assign(source="a.pdf"), REPORT.assign(date=FEB, source="a.pdf")],
        ignore_index=True,
    )
    printed = pd.concat(
        [
            totals(("grand", None, None, 143, 17, 160)).assign(source="a.pdf"),
            totals(("grand", None, None, 143, 17, 160), date=FEB).assign(source="a.pdf"),
            totals(("grand", None, None, 1, 0, 1)).assign(source="b.pdf"),
        ],
        ignore_index=True,
    )
    out = reconcile.check_source(both, printed, unit=["date"])
    got = out.set_index(["source", "date"])[["parsed_total", "status"]]
    assert got.loc[("a.pdf", JAN)].tolist() == [160, "match"]
    assert got.loc[("a.pdf", FEB)].tolist() == [160, "match"]
    assert got.loc[("b.pdf", JAN)].tolist() == [0, "mismatch"]


def _explanations(tmp_path: Path, *lines) -> Path:
    table = pd.DataFrame(lines, columns=["file", "level", "mission", "country", "reason"])
    table.assign(source="https://example.org/note").to_csv(
        tmp_path / "reconciliation_explanations.csv", index=False
    )
    return tmp_path


def test_sourced_explanations_apply_to_mismatches_only_and_to_the_place_they_name(tmp_path):
    checks = [
        check(
            totals(
                ("grand", None, None, 143, 17, 160),  # match: an explanation must not touch it
                ("mission", "UNMISS", None, 136, 15, 151),  # mismatch, explained below
                ("mission", "UNIFIL", None, 9, 2, 11),  # mismatch in another mission: stays
            ),
            source="un/UN_2016_01.pdf",
        ).reset_index(drop=True),
        check(totals(("mission", "UNMISS", None, 1, 0, 1)), source="un/other.pdf").reset_index(
            drop=True
        ),
    ]
    data = _explanations(
        tmp_path,
        ("UN_2016_01.pdf", "mission", "UNMISS", "", "a page is missing from the report"),
        ("UN_2016_01.pdf", "grand", "", "", "should not apply: the total matches"),
    )
    out = reconcile.reconcile(checks, data)
    got = out.set_index(["source", "level", out["mission"].fillna("-")])
    assert got.loc[("un/UN_2016_01.pdf", "grand", "-"), "status"] == "match"
    assert pd.isna(got.loc[("un/UN_2016_01.pdf", "grand", "-"), "reason"])
    explained = got.loc[("un/UN_2016_01.pdf", "mission", "UNMISS")]
    assert (explained["status"], explained["reason"]) == (
        "explained",
        "a page is missing from the report",
    )
    assert got.loc[("un/UN_2016_01.pdf", "mission", "UNIFIL"), "status"] == "mismatch"
    # The same mission in another file is not covered by the explanation.
    assert got.loc[("un/other.pdf", "mission", "UNMISS"), "status"] == "mismatch"
    # Dates become calendar dates, columns come in the documented order, sorted by source.
    assert out["date"].tolist() == [JAN.date()] * 4
    assert list(out.columns[:7]) == ["source", "date", "level", "mission", "country", "status",
                                     "male"]  # fmt: skip
    assert out["source"].tolist() == ["un/UN_2016_01.pdf"] * 3 + ["un/other.pdf"]


def test_an_explanation_naming_a_country_needs_that_country(tmp_path):
    checks = [
        check(
            totals(
                ("country", None, "Nepal", 97, 12, 109),
                ("country", None, "Ghana", 44, 5, 49),
            )
        ).reset_index(drop=True)
    ]
    data = _explanations(tmp_path, ("r.pdf", "country", "", "Ghana", "Ghana's line is misprinted"))
    recon, unexplained = stage.reconcile_all(checks, data)
    status = recon.set_index("country")["status"]
    assert status.to_dict() == {"Nepal": "mismatch", "Ghana": "explained"}
    assert unexplained["country"].tolist() == ["Nepal"]


def test_the_reports_stage_and_the_ipi_stage_name_their_sources():
    parsed = REPORT.assign(source="x.pdf")
    printed = totals(("grand", None, None, 143, 17, 160)).assign(source="x.pdf")
    assert stage.check_reports(parsed, printed)["status"].tolist() == ["match"]
    ipi = stage.check_ipi_gender(REPORT, totals(("grand", None, None, 143, 17, 160)))
    assert ipi["source"].tolist() == [IPI_GENDER]


def _grand(parsed_total, diff_male=0, diff_female=0, total=100, date=JAN):
    return pd.DataFrame(
        {
            "source": [IPI_GENDER],
            "date": [date],
            "level": ["grand"],
            "status": ["mismatch"],
            "reason": pd.array([pd.NA], dtype="string"),
            "total": [total],
            "parsed_total": [parsed_total],
            "diff_male": [diff_male],
            "diff_female": [diff_female],
        }
    )


FILLED = pd.DataFrame(
    {
        "date": [JAN, JAN, FEB],
        "contributor_iso3": ["USA", "MDA", "USA"],
        "total": [7, 3, 5],
    }
)


def test_a_grand_total_closed_exactly_by_the_filled_rows_is_explained_by_them():
    out = stage.account_for_fills(_grand(parsed_total=90), FILLED)
    row = out.iloc[0]
    assert row["status"] == "explained"
    assert row["reason"] == (
        "printed total counts contributors whose rows here are blank (MDA, USA: 10 persons, "
        "taken from IPI's per-country files, data/contributor_fills.csv); with them the total "
        "is reproduced, and men and women are reproduced exactly"
    )


@pytest.mark.parametrize(
    ("checks", "why"),
    [
        (_grand(parsed_total=91), "the fills overshoot the printed total by one"),
        (_grand(parsed_total=89), "the fills fall one short"),
        (_grand(parsed_total=90, diff_male=1), "men are not reproduced"),
        (_grand(parsed_total=90, diff_female=-1), "women are not reproduced"),
        (_grand(parsed_total=95, date=pd.Timestamp("2016-03-31")), "no fill that month"),
    ],
)
def test_fills_explain_nothing_they_do_not_close_exactly(checks, why):
    out = stage.account_for_fills(checks, FILLED)
    assert out["status"].tolist() == ["mismatch"], why
    assert out["reason"].isna().all(), why


def test_fills_leave_other_levels_and_empty_inputs_alone():
    mission = _grand(parsed_total=90).assign(level="mission")
    assert stage.account_for_fills(mission, FILLED)["status"].tolist() == ["mismatch"]
    assert stage.account_for_fills(_grand(90), FILLED.iloc[:0])["status"].tolist() == ["mismatch"]
    empty = pd.DataFrame()
    assert stage.account_for_fills(empty, FILLED) is empty


def _snapshot(tmp_path: Path, recon: pd.DataFrame) -> Path:
    """A data folder whose snapshot holds only ``recon``, listed in a manifest."""
    import hashlib
    import json

    processed = tmp_path / "processed"
    processed.mkdir()
    path = processed / "reconciliation.parquet"
    recon.to_parquet(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    files = {path.name: {"bytes": path.stat().st_size, "sha256": digest}}
    (processed / "manifest.json").write_text(json.dumps({"files": files}))
    return tmp_path


def _recon_table() -> pd.DataFrame:
    checks = [
        check(
            totals(
                ("grand", None, None, 143, 17, 160),
                ("mission", "UNMISS", None, 136, 15, 151),
                ("mission", "UNIFIL", None, 8, 2, 11),
            ),
            source="un/a.pdf",
        ).reset_index(drop=True),
        reconcile.check_source(
            rows(("UNMISS", "Nepal", "Troops", 90, 10, 101)),
            totals(("grand", None, None, 90, 10, 101)),
            "un/b.pdf",
            unit=["date"],
        ),
    ]
    empty = pd.DataFrame(columns=["file", "level", "mission", "country", "reason"])
    return checks, empty


def test_check_report_counts_statuses_and_lists_every_exception(tmp_path):
    checks, empty = _recon_table()
    empty.to_csv(tmp_path / "reconciliation_explanations.csv", index=False)
    recon = reconcile.reconcile(checks, tmp_path)
    text, ok = reconcile.check_report(_snapshot(tmp_path, recon))
    assert not ok
    assert text.splitlines() == [
        "snapshot: 1 files match the sizes and SHA-256 in manifest.json",
        "2 sources, 4 printed totals checked: match 2, mismatch 1, explained 1",
        "",
        "mismatch (1):",
        "  a.pdf 2016-01-31 mission UNMISS: male -1, total -1",
        "",
        "explained (1):",
        "  a.pdf 2016-01-31 mission UNIFIL: total -1 -- printed line inconsistent: male + female "
        "= 10 but total = 11; male and female reproduced exactly",
        "",
        "printed rows whose male + female != total (kept as printed): 1",
        "  b.pdf: 1",
        "",
        "FAILED: unexplained differences above",
    ]
    verbose, _ = reconcile.check_report(tmp_path, verbose=True)
    # -v adds the table of statuses per file after the counts
    table = [line.split() for line in verbose.splitlines() if line.startswith("un/")]
    assert table == [["un/a.pdf", "1", "1", "1"], ["un/b.pdf", "0", "1", "0"]]
    assert not any(line.startswith("un/") for line in text.splitlines())


def test_check_report_passes_when_every_total_is_reproduced_or_explained(tmp_path):
    checks, empty = _recon_table()
    empty.to_csv(tmp_path / "reconciliation_explanations.csv", index=False)
    recon = reconcile.reconcile(checks[1:], tmp_path)
    text, ok = reconcile.check_report(_snapshot(tmp_path, recon))
    assert ok
    assert text.splitlines()[-1] == "OK: every printed total reproduced or explained"


def test_check_report_without_a_snapshot_says_how_to_build_one(tmp_path):
    with pytest.raises(
        FileNotFoundError,
        match=r"reconciliation\.parquet is missing: the processed snapshot has not been built",
    ):
        reconcile.check_report(tmp_path)


def test_the_stages_reconcile_each_month_of_a_source_apart():
    both = pd.concat([REPORT, REPORT.assign(date=FEB)], ignore_index=True)
    printed = pd.concat(
        [totals(("grand", None, None, 143, 17, 160)),
         totals(("grand", None, None, 143, 17, 160), date=FEB)],
        ignore_index=True,
    )  # fmt: skip
    reports = stage.check_reports(both.assign(source="x.pdf"), printed.assign(source="x.pdf"))
    assert reports["parsed_total"].tolist() == [160, 160]
    assert reports["status"].tolist() == ["match", "match"]
    ipi = stage.check_ipi_gender(both, printed)
    assert ipi["status"].tolist() == ["match", "match"]


def test_fills_explain_a_total_whose_sex_split_is_not_printed():
    # IPI prints no men or women for the line: nothing to reproduce, the total decides.
    unsplit = _grand(parsed_total=90, diff_male=None, diff_female=None)
    assert stage.account_for_fills(unsplit, FILLED)["status"].tolist() == ["explained"]
    no_total = _grand(parsed_total=90).assign(total=pd.array([None], dtype="Int64"))
    assert stage.account_for_fills(no_total, FILLED)["status"].tolist() == ["mismatch"]


def test_a_consistent_line_whose_total_alone_differs_is_not_explained():
    # The rows print 90 + 10 but a total of 101 (a row that does not add up); the printed
    # line 90 / 10 / 100 adds up and its men and women are reproduced: the total differs, and
    # nothing about the printed line explains it.
    parsed = rows(("UNMISS", "Nepal", "Troops", 90, 10, 101))
    out = check(totals(("grand", None, None, 90, 10, 100)), parsed)
    grand = out[out["level"] == "grand"].iloc[0]
    assert (grand["status"], grand["diff_total"]) == ("mismatch", 1)
    assert out.loc[out["level"] == "row", "status"].tolist() == ["source_inconsistent"]


def test_type_labels_broken_over_lines_are_compared_after_squashing_spaces():
    parsed = rows(("UNMISS", "Nepal", "Individual\nPolice", 8, 2, 10))
    out = check(totals(("type", None, "Individual  Police", 8, 2, 10)), parsed)
    assert out["status"].tolist() == ["match"]


def test_reasons_are_a_string_column_from_the_check_to_the_reconciliation(tmp_path):
    out = check(totals(("grand", None, None, 143, 17, 160)))
    assert str(out["reason"].dtype) == "string"
    _explanations(tmp_path)
    recon = reconcile.reconcile([out.reset_index(drop=True)], tmp_path)
    assert str(recon["reason"].dtype) == "string"


def test_check_report_lists_explained_totals_by_place_even_without_mismatches(tmp_path):
    checks = [
        check(
            totals(
                ("grand", None, None, 143, 17, 161),
                ("mission_country", "UNMISS", "Nepal", 90, 10, 101),
            ),
            source="un/c.pdf",
        ).reset_index(drop=True)
    ]
    _explanations(tmp_path)
    recon = reconcile.reconcile(checks, tmp_path)
    text, ok = reconcile.check_report(_snapshot(tmp_path, recon))
    assert ok
    explained = [line for line in text.splitlines() if line.startswith("  c.pdf")]
    assert [line.split(" -- ")[0] for line in explained] == [
        "  c.pdf 2016-01-31 grand grand total: total -1",
        "  c.pdf 2016-01-31 mission_country UNMISS / Nepal: total -1",
    ]
