"""Curated tables: schema, primary keys, sourced facts, and a user's own pledge file."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

import pkanalysis as pk
from pkanalysis import cycles
from pkanalysis.curated import CuratedTableError


def test_every_curated_row_has_a_source():
    for frame in (
        pk.load_conferences(),
        pk.load_pledges(),
        pk.load_pledge_counts(),
        pk.load_parity_targets(),
        pk.load_unit_sizes(),
    ):
        assert frame["source"].notna().all()
        assert (frame["source"].str.len() >= 4).all()


def test_conferences_key_and_dates():
    conf = pk.load_conferences().set_index("conference_id")
    assert conf.index.is_unique
    assert conf.loc["2017 Vancouver", "start_date"] == pd.Timestamp("2017-11-14")
    assert conf.loc["2023 Accra", "city"] == "Accra"
    assert not conf.loc["2016 Paris", "opens_cycle"]
    assert (conf["end_date"] >= conf["start_date"]).all()


def test_pledges_refer_to_known_conferences_and_categories():
    pledges = pk.load_pledges()
    assert set(pledges["conference_id"]) <= set(pk.load_conferences()["conference_id"])
    china = pk.load_pledges(conferences="2015 New York", contributors="CHN")
    assert (china["quantity"] == 8000).any()


def test_parity_targets_key():
    targets = pk.load_parity_targets()
    assert not targets.duplicated(["personnel_type", "year"]).any()
    assert (
        targets.set_index(["personnel_type", "year"]).loc[
            ("Individual Police", 2028), "target_female_share"
        ]
        == 0.30
    )


def test_cycles_follow_the_conference_calendar():
    conf = pk.load_conferences()
    table = cycles.cycle_table(conf)
    assert list(table["cycle"].astype(str)) == [
        "pre-2014",
        "2014 New York",
        "2015 New York",
        "2016 London",
        "2017 Vancouver",
        "2019 New York",
        "2021 Seoul",
        "2023 Accra",
        "2025 Berlin",
    ]
    got = cycles.assign(["2014-08-31", "2021-12-06", "2021-12-07", "2025-07-31"], conf)
    assert got.astype(str).tolist() == ["pre-2014", "2019 New York", "2021 Seoul", "2025 Berlin"]


def test_unknown_cycle_and_conference_list_the_valid_ones():
    conf = pk.load_conferences()
    with pytest.raises(ValueError, match=r"unknown cycle '2020 Oslo'; valid cycles: pre-2014, "):
        cycles.validate_cycle("2020 Oslo", conf)
    with pytest.raises(ValueError, match=r"unknown conference 'Oslo'; valid conferences: 2014"):
        cycles.window("Oslo", conf)


PLEDGE_COLUMNS = [
    "conference_id",
    "pledger_iso3",
    "pledger",
    "category",
    "description",
    "quantity",
    "unit",
    "notes",
    "source",
    "source_date",
]
#: The classification columns a test row does not set, with values valid for any row.
CLASSIFIED = {
    "commitment": "deployment",
    "capability": "unspecified",
    "unit_type": "",
    "personnel_equivalent": "",
    "pcrs_level": "",
    "new_or_reaffirmed": "",
}


def _pledge_file(tmp_path, rows, **fields):
    """A user's pledge file: ``rows`` in the order of PLEDGE_COLUMNS, ``fields`` overriding the
    classification columns (one value for every row)."""
    frame = pd.DataFrame(rows, columns=PLEDGE_COLUMNS)
    for column, value in {**CLASSIFIED, **fields}.items():
        frame[column] = value
    path = tmp_path / "my_pledges.csv"
    frame.to_csv(path, index=False)
    return path


def test_user_pledge_file_is_validated_and_loaded(tmp_path):
    good = [
        "2021 Seoul",
        "KOR",
        "Republic of Korea",
        "medical",
        "a level-2 hospital",
        "1",
        "hospital",
        "",
        "https://example.org/statement",
        "2021-12-08",
    ]
    df = pk.load_pledges(path=_pledge_file(tmp_path, [good]))
    assert df.loc[0, "category"] == "medical"
    xlsx = tmp_path / "my_pledges.xlsx"
    pd.read_csv(_pledge_file(tmp_path, [good])).to_excel(xlsx, index=False)
    assert len(pk.load_pledges(path=xlsx)) == 1


def test_user_pledge_file_errors_name_line_and_column(tmp_path):
    good = [
        "2021 Seoul",
        "KOR",
        "Republic of Korea",
        "medical",
        "a hospital",
        "1",
        "hospital",
        "",
        "https://example.org/statement",
        "2021-12-08",
    ]
    bad = [
        "2021 Seoul",
        "Korea",
        "Republic of Korea",
        "naval",
        "ships",
        "-2",
        "ships",
        "",
        "https://example.org/statement",
        "2021-12-08",
    ]
    with pytest.raises(CuratedTableError) as err:
        pk.load_pledges(path=_pledge_file(tmp_path, [good, bad]))
    lines = str(err.value).splitlines()
    assert (
        "my_pledges.csv, line 3, column 'pledger_iso3': str_matches('^[A-Z]{3}$') "
        "(value 'Korea')" in lines
    )
    assert any(
        line.startswith("my_pledges.csv, line 3, column 'category'") and "'naval'" in line
        for line in lines
    )
    assert (
        "my_pledges.csv, line 3, column 'quantity': greater_than_or_equal_to(0) "
        "(value -2.0)" in lines
    )


def test_user_pledge_file_with_wrong_columns(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("conference,state\n2021 Seoul,KOR\n")
    with pytest.raises(CuratedTableError, match=r"^p.csv: columns do not match the schema"):
        pk.load_pledges(path=path)


def test_unknown_conference_in_a_pledge_file(tmp_path):
    row = [
        "2030 Oslo",
        "NOR",
        "Norway",
        "political",
        "support",
        "",
        "",
        "",
        "https://example.org/x",
        "2030-01-01",
    ]
    with pytest.raises(ValueError, match=r"pledges: unknown conference_id \['2030 Oslo'\]"):
        pk.load_pledges(path=_pledge_file(tmp_path, [row]))


def test_typed_copy_equals_a_fresh_validation():
    from pkanalysis import curated, paths

    for name in curated.TABLES:
        csv = paths.data_dir() / f"{name}.csv"
        fresh = curated.validate(curated.read_table(csv), curated._model(name), csv.name)
        pd.testing.assert_frame_equal(curated.load(name, paths.data_dir()), fresh)


def test_an_edited_csv_is_validated_again(tmp_path):
    import shutil

    from pkanalysis import curated, paths

    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    text = (data / "conferences.csv").read_text().replace("2021-12-07", "2021-12-77", 1)
    (data / "conferences.csv").write_text(text)
    with pytest.raises(CuratedTableError, match="conferences.csv, line 8, column 'start_date'"):
        curated.load("conferences", data)


def test_a_category_outside_the_vocabulary_is_named_once_with_the_choices(tmp_path):
    row = [
        "2021 Seoul",
        "KOR",
        "Republic of Korea",
        "naval",
        "two frigates",
        "2",
        "ships",
        "",
        "https://example.org/statement",
        "2021-12-08",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pandas deprecation from coercing 'naval'
        with pytest.raises(CuratedTableError) as err:
            pk.load_pledges(path=_pledge_file(tmp_path, [row]))
    assert str(err.value) == (
        "my_pledges.csv, line 2, column 'category': 'naval' is not one of: units/troops, "
        "police, aviation, engineering, medical, other enabling capability, rapid deployment, "
        "training and capacity building, women and gender, technology, protection, financial, "
        "political"
    )


SEOUL_ROW = [
    "2021 Seoul",
    "KOR",
    "Republic of Korea",
    "medical",
    "a level-2 hospital",
    "1",
    "hospital",
    "",
    "https://example.org/statement",
    "2021-12-08",
]


def test_every_pledge_is_classified():
    pledges = pk.load_pledges()
    assert pledges["commitment"].notna().all()
    assert pledges["capability"].notna().all()
    assert pledges["description"].str.len().gt(3).all()
    # Money, training and policy never stand for deployed personnel.
    other = ~pledges["commitment"].isin(["deployment", "standby"])
    assert pledges.loc[other, "personnel_equivalent"].isna().all()


def test_personnel_equivalent_follows_the_unit_sizes():
    from pkanalysis import pledge_register

    pledges = pk.load_pledges()
    expected = pledge_register.personnel_equivalent(pledges, pk.load_unit_sizes())
    pd.testing.assert_series_equal(pledges["personnel_equivalent"], expected)
    # Pakistan's level-II hospital at the 2015 summit: one unit of 57 (Medical Support Manual).
    pak = pledges.query("conference_id == '2015 New York' and pledger_iso3 == 'PAK'")
    hospital = pak[pak["capability"] == "medical (level 2)"]
    assert hospital["personnel_equivalent"].tolist() == [57]
    # Its transport company counts as one observed transport company (China's in UNMIL, 240).
    transport = pak[pak["description"] == "one transport company"]
    assert transport["personnel_equivalent"].tolist() == [240]
    signals = pak[pak["description"] == "one signals company"]
    assert signals["personnel_equivalent"].tolist() == [175]
    # Sri Lanka's 2015 list of companies is one row per kind: two special forces companies of
    # the sourced size (150), and a force protection company sized as its own in UNIFIL (150).
    lka = pledges.query("conference_id == '2015 New York' and pledger_iso3 == 'LKA'")
    lka = lka.set_index("description")["personnel_equivalent"]
    assert lka["two special forces companies"] == 300
    assert lka["one force protection company"] == 150
    # One aircraft sized with a one-aircraft detachment: Uruguay's 2015 Hercules as Belgium's C-130.
    ury = pledges.query("conference_id == '2015 New York' and pledger_iso3 == 'URY'")
    assert ury.loc[ury["unit"] == "aircraft", "personnel_equivalent"].tolist() == [65]
    # Korea's additional engineering unit (size not disclosed) at the size of its own in UNMISS.
    kor = pledges.query("conference_id == '2015 New York' and pledger_iso3 == 'KOR'")
    assert kor.loc[kor["capability"] == "engineering", "personnel_equivalent"].tolist() == [270]
    # Malaysia's engineering unit, like Viet Nam's, counts as one engineering company (220).
    mys = pledges.query("conference_id == '2015 New York' and pledger_iso3 == 'MYS'")
    assert mys.loc[mys["capability"] == "engineering", "personnel_equivalent"].tolist() == [220]
    # Two attack helicopters sized per aircraft with Senegal's two-Mi-35 unit in MINUSCA (100).
    rwa = pledges.query("conference_id == '2015 New York' and pledger_iso3 == 'RWA'")
    assert rwa.loc[rwa["unit"] == "helicopters", "personnel_equivalent"].tolist() == [100]
    # India's 2025 quick reaction force, unsized, counts as one quick reaction company (250).
    ind = pledges.query("conference_id == '2025 Berlin' and pledger_iso3 == 'IND'")
    qrf = ind[ind["capability"] == "quick reaction force"]
    assert qrf["personnel_equivalent"].tolist() == [250]
    # Kenya's heavy transport company counts as a transport company (240), none sized found.
    ken = pledges.query("conference_id == '2025 Berlin' and pledger_iso3 == 'KEN'")
    assert ken.loc[ken["capability"] == "transport", "personnel_equivalent"].tolist() == [240]
    # Ethiopia's police guard unit at the per-unit strength proposed for UNAMI's guard units.
    eth = pledges.query("conference_id == '2025 Berlin' and pledger_iso3 == 'ETH'")
    assert eth.set_index("description").loc["a police guard unit", "personnel_equivalent"] == 160
    # Every count of people deployed or held ready is its own personnel equivalent.
    deployed = pledges["commitment"].isin(["deployment", "standby"])
    people = pledges["unit"].isin(["personnel", "troops"]) & deployed
    assert people.sum() > 20
    assert (pledges.loc[people, "personnel_equivalent"] == pledges.loc[people, "quantity"]).all()


def test_unit_sizes_key_and_values():
    sizes = pk.load_unit_sizes().set_index("unit_type")
    assert sizes.index.is_unique
    assert sizes.loc["formed police unit", "personnel"] == 140
    assert sizes.loc["infantry battalion", "personnel"] == 850
    assert (sizes["personnel"] > 0).all()
    assert pk.cite("unit_sizes").startswith("pkanalysis curation")


def test_user_pledge_file_with_bad_commitment_capability_and_readiness(tmp_path):
    path = _pledge_file(
        tmp_path,
        [SEOUL_ROW],
        commitment="promise",
        capability="frigates",
        pcrs_level="level 9",
    )
    with pytest.raises(CuratedTableError) as err:
        pk.load_pledges(path=path)
    lines = str(err.value).splitlines()
    assert lines[0] == (
        "my_pledges.csv, line 2, column 'commitment': 'promise' is not one of: deployment, "
        "standby, equipment, training, financial, policy"
    )
    assert lines[1].startswith(
        "my_pledges.csv, line 2, column 'capability': 'frigates' is not one of: "
        "infantry battalion, quick reaction force,"
    )
    assert lines[2] == (
        "my_pledges.csv, line 2, column 'pcrs_level': 'level 9' is not one of: level 1, "
        "level 2, level 3, RDL"
    )


def test_user_pledge_file_with_unknown_unit_type_or_missing_source(tmp_path):
    path = _pledge_file(tmp_path, [SEOUL_ROW], unit_type="field hospital")
    with pytest.raises(CuratedTableError) as err:
        pk.load_pledges(path=path)
    assert str(err.value).startswith(
        "my_pledges.csv, line 2, column 'unit_type': 'field hospital' is not one of: "
        "C-130 detachment (Belgium), C-130J detachment (Norway), EOD company, "
        "armed helicopter unit, attack helicopter, combat convoy company, "
        "combat engineer company, engineering company, "
        "engineering company (Republic of Korea), force protection company, "
        "formed police unit, guard unit,"
    )
    unsourced = [*SEOUL_ROW[:8], "", "2021-12-08"]
    with pytest.raises(CuratedTableError, match=r"line 2, column 'source': not_nullable"):
        pk.load_pledges(path=_pledge_file(tmp_path, [unsourced]))
    negative = _pledge_file(tmp_path, [SEOUL_ROW], personnel_equivalent="-5")
    with pytest.raises(
        CuratedTableError,
        match=r"line 2, column 'personnel_equivalent': greater_than_or_equal_to\(0\) \(value -5\)",
    ):
        pk.load_pledges(path=negative)


def test_user_unit_size_file_is_validated(tmp_path):
    path = tmp_path / "sizes.csv"
    path.write_text(
        "unit_type,personnel,notes,source,source_date\n"
        "infantry battalion,850,,https://example.org/x,2020-01-01\n"
        "signals company,0,,https://example.org/x,2020-01-01\n"
    )
    with pytest.raises(
        CuratedTableError, match=r"sizes.csv, line 3, column 'personnel': greater_than_or_equal_to"
    ):
        pk.load_unit_sizes(path=path)


GOOD = [
    "2021 Seoul", "KOR", "Republic of Korea", "medical", "a level-2 hospital", "1", "hospital",
    "", "https://example.org/statement", "2021-12-08",
]  # fmt: skip


def test_a_pledge_file_with_unknown_codes_mismatched_names_or_repeated_rows_is_refused(tmp_path):
    unknown = ["2021 Seoul", "XXX", *GOOD[2:]]
    mismatched = ["2021 Seoul", "BGD", "Nepal", *GOOD[3:]]
    path = _pledge_file(tmp_path, [GOOD, unknown, mismatched, GOOD])
    with pytest.raises(CuratedTableError) as err:
        pk.load_pledges(path=path)
    message = str(err.value)
    assert (
        "my_pledges.csv, line 3, column 'pledger_iso3': 'XXX' is not the ISO 3166 alpha-3 code "
        "of a state; 'Republic of Korea' is KOR"
    ) in message
    assert "my_pledges.csv, line 4, column 'pledger': 'Nepal' is NPL, not 'BGD'" in message
    assert "my_pledges.csv, lines 2, 5: the same row repeated" in message


def test_the_projects_own_pledges_pass_the_same_checks():
    from pkanalysis import loaders

    loaders.check_pledgers(pk.load_pledges(), "pledges.csv")


@pytest.mark.parametrize(
    ("encoding", "accepted"), [("utf-8-sig", True), ("utf-16", True), ("latin-1", False)]
)
def test_pledge_file_encodings(tmp_path, encoding, accepted):
    row = ["2021 Seoul", "CIV", "Côte d'Ivoire", *GOOD[3:]]
    text = _pledge_file(tmp_path, [row]).read_text(encoding="utf-8")
    path = tmp_path / "encoded.csv"
    path.write_bytes(text.encode(encoding))
    if accepted:
        assert pk.load_pledges(path=path).loc[0, "pledger"] == "Côte d'Ivoire"
    else:
        with pytest.raises(CuratedTableError, match=r"encoded.csv, line 2: byte 0xf4 is not UTF-8"):
            pk.load_pledges(path=path)


def test_an_empty_pledge_file_and_a_csv_named_xlsx_are_named(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(CuratedTableError, match="empty.csv: the file is empty"):
        pk.load_pledges(path=empty)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(_pledge_file(tmp_path, [GOOD]).read_bytes())
    with pytest.raises(CuratedTableError, match="fake.xlsx: not an Excel workbook"):
        pk.load_pledges(path=fake)


def _one_comma_more(line: str) -> str:
    return line.replace("2021 Seoul,", "2021 Seoul,,", 1)


def _last_field_dropped(line: str) -> str:
    return line.rsplit(",", 1)[0]


@pytest.mark.parametrize(
    ("change", "extra", "hint"),
    [
        (_one_comma_more, 1, "a value containing a comma must be quoted"),
        (_last_field_dropped, -1, "a value or a separator is missing"),
    ],
)
def test_a_row_out_of_line_with_the_header_is_named(tmp_path, change, extra, hint):
    path = _pledge_file(tmp_path, [GOOD, GOOD])
    lines = path.read_text(encoding="utf-8").splitlines()
    n = len(lines[0].split(","))
    lines[2] = change(lines[2])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = f"{path.name}, line 3: {n + extra} fields where the header has {n} ({hint})"
    with pytest.raises(CuratedTableError, match=f"^{re.escape(expected)}$"):
        pk.load_pledges(path=path)
