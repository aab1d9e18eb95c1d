"""The loaders' catalogue and documents say what is true of the code and the snapshot."""

from __future__ import annotations

import inspect
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis import catalog, loaders, paths, quality, snapshot

README = Path(__file__).resolve().parent.parent / "README.md"


def _keywords(loader) -> list[str]:
    return list(inspect.signature(loader).parameters)


def _docstring_table() -> dict[str, list[str]]:
    """``load_x`` -> keywords, from the table in the loaders module's docstring."""
    table: dict[str, list[str]] = {}
    last = None
    for line in loaders.__doc__.splitlines():
        if match := re.match(r"^``(load_\w+)``\s+(.*)$", line):
            last = match[1]
            table[last] = [w.strip() for w in match[2].split(",") if w.strip()]
        elif last and re.match(r"^\s{20,}\w", line):  # a continuation line
            table[last] += [w.strip() for w in line.split(",") if w.strip()]
        elif line.startswith("="):
            last = None
    return table


def _readme_table() -> dict[str, list[str]]:
    rows = re.findall(r"^\| `(load_\w+)\(\)` \| ([^|]*) \|", README.read_text(), flags=re.M)
    return {name: [w.strip() for w in words.split(",")] for name, words in rows}


def test_every_dataset_has_a_loader_and_the_documents_list_its_real_keywords():
    names = pk.list_datasets()
    assert len(names) == len(loaders.CATALOGUE) == 13
    real = {f"load_{n}": _keywords(getattr(loaders, f"load_{n}")) for n in names}
    assert _docstring_table() == real
    assert _readme_table() == real


def test_each_loaders_docstring_describes_every_keyword_it_takes():
    for meta in loaders.CATALOGUE:
        loader = getattr(loaders, f"load_{meta.name}")
        assert "Parameters\n    ----------" in loader.__doc__, loader.__name__
        described = loader.__doc__.split("Parameters\n    ----------")[1]
        for keyword in _keywords(loader):
            pattern = rf"^    (\w+, )*{keyword}(, \w+)* : "
            assert re.search(pattern, described, flags=re.M), (loader.__name__, keyword)


def test_a_dataset_registered_twice_under_one_name_is_refused():
    meta = catalog.info("conferences")
    catalog.register(meta, loaders.load_conferences)  # the same loader again: harmless
    with pytest.raises(ValueError, match="^dataset 'conferences' is registered twice$"):
        catalog.register(meta, loaders.load_pledges)


def test_curated_and_processed_entries_name_their_files():
    by_name = {meta.name: meta for meta in loaders.CATALOGUE}
    assert by_name["contributions"].files == ("processed/contributions.arrow",)
    assert by_name["contributions"].kind == "processed"
    assert by_name["pledge_counts"].files == ("pledge_category_counts.csv",)
    assert by_name["unit_sizes"].files == ("unit_sizes.csv",)
    assert by_name["unit_sizes"].licence == loaders.CURATED_LICENCE
    for meta in loaders.CATALOGUE:
        for file in meta.files:
            assert (paths.data_dir() / file).exists(), (meta.name, file)


def test_the_vintage_of_built_tables_is_read_from_the_snapshot():
    manifest = snapshot.manifest(paths.processed_dir())
    first, last = manifest["months_covered"]
    assert catalog.info("contributions").vintage == (
        f"monthly, {first} to {last} (UN reports 2015-01 to {last}, IPI before)"
    )
    strength = pk.load_mission_strength()
    assert catalog.info("mission_strength").vintage == (
        f"monthly, {strength['date'].min():%Y-%m} to {strength['date'].max():%Y-%m} "
        "(2016-11 missing)"
    )
    deaths = pk.load_fatalities()["incident_date"]
    assert catalog.info("fatalities").vintage == (
        f"{deaths.min():%Y-%m} to {deaths.max():%Y-%m}; Data Hub update of 2025-04-04"
    )
    assert "{span}" not in pk.cite("contributions")


def test_the_vintage_follows_a_snapshot_with_another_last_month(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.processed_dir(), data / "processed")
    path = data / "processed" / "manifest.json"
    meta = json.loads(path.read_text())
    meta["months_covered"] = ["1990-11", "2025-09"]
    meta["sources"].append(
        {"file": "un_dpo_contributions_monthly_pdfs/x.pdf", "date": "2025-09-30",
         "status": "used"}
    )  # fmt: skip
    path.write_text(json.dumps(meta))
    assert catalog.info("contributions", data).vintage == (
        "monthly, 1990-11 to 2025-09 (UN reports 2015-01 to 2025-09, IPI before)"
    )
    assert catalog.info("contributions", tmp_path / "nowhere").vintage == (
        "period unknown: the snapshot is not built"
    )


def test_a_missing_snapshot_file_is_named_with_the_command_that_builds_it(tmp_path):
    message = (
        f"{tmp_path / 'processed' / 'contributions.arrow'} is missing: the processed snapshot "
        "has not been built; run `pkanalysis data build --raw PATH` (PATH holds the official "
        "raw sources)"
    )
    for call in (
        lambda: pk.load_contributions(data_home=tmp_path),
        lambda: paths.processed_file("contributions.arrow", tmp_path),
    ):
        with pytest.raises(FileNotFoundError, match=f"^{re.escape(message)}$"):
            call()
    with pytest.raises(FileNotFoundError, match=r"manifest\.json is missing: the processed "):
        quality.manifest(tmp_path)


def test_kinds_of_missions_and_their_rows():
    assert loaders.missions_of_kind("all") is None
    pko = loaders.missions_of_kind("peacekeeping")
    political = loaders.missions_of_kind("political")
    assert "UNMISS" in pko
    assert "UNAMA" in political
    assert not pko & political
    with pytest.raises(ValueError, match="^unknown kind 'pko'; valid kinds: all, "):
        loaders.missions_of_kind("pko")
    rows = pk.load_contributions(start="2024-06", end="2024-06", kind="political")
    assert set(rows["mission"].astype(str)) <= political
    assert rows["total"].sum() > 0
    everything = pk.load_contributions(start="2024-06", end="2024-06")
    pko_rows = pk.load_contributions(start="2024-06", end="2024-06", kind="peacekeeping")
    # June 2024 is split by mission throughout: the two kinds and the support offices add up
    others = everything[~everything["mission"].astype(str).isin(pko | political)]
    assert len(pko_rows) + len(rows) + len(others) == len(everything)


def test_the_month_list_of_a_warning_is_short():
    assert loaders._month_list(["2020-03", "2020-01"]) == "2020-01, 2020-03"
    many = [f"2020-{m:02d}" for m in range(1, 13)]
    assert loaders._month_list(many) == "2020-01 .. 2020-12"


def test_loaders_return_fresh_frames_that_do_not_share_edits():
    first = pk.load_missions()
    first.loc[0, "name"] = "changed"
    assert pk.load_missions().loc[0, "name"] != "changed"
    assert isinstance(pk.load(name="conferences"), pd.DataFrame)


def test_every_correction_table_is_listed_with_its_entries():
    from pkanalysis import curated

    tables = {p.name for p in paths.data_dir().glob("*.csv")}
    curated_tables = {f"{name}.csv" for name in curated.TABLES}
    # reference tables that add to the sources rather than correct them
    reference = {
        "country_groups.csv",
        "country_names_fr.csv",
        "coverage_notes.csv",
        "mission_names_fr.csv",
    }
    assert tables - curated_tables - reference == set(quality.CORRECTIONS)
    listed = quality.corrections()
    tables_listed = listed[listed["table"] != "build"]
    assert tables_listed["table"].tolist() == list(quality.CORRECTIONS)
    for row in tables_listed.itertuples():
        assert row.entries == len(pd.read_csv(paths.data_dir() / row.table)), row.table
    notes = listed.loc[listed["table"] == "build", "purpose"].tolist()
    assert notes == snapshot.manifest(paths.processed_dir())["notes"]
