"""The monthly case: new reports for new months, everything else as in the last build.

A full build re-reads every CSV source, harmonises 200,000 rows and validates them again, which
costs seconds even when every report comes from the parse cache.  When the only change since the
last build is one or more reports for months the snapshot does not hold, the result of a full
build is known in advance to be the old snapshot plus the new months' rows: this module builds
exactly that, touching only the new rows, and copies the tables that cannot have changed.

It is used only when all of these hold (else the full build runs, and says why in its notes):

* the previous snapshot verifies against its manifest;
* every input other than the report PDFs is unchanged: the raw CSV files, the data folder's
  tables, pkanalysis's own code and the versions of the libraries it uses (one digest,
  ``inputs`` in the manifest);
* every report of the previous build is still there with the same bytes, and the new reports
  are for months the snapshot does not cover (not a re-issue of a month, not a month IPI
  covers, not listed in ``sex_split_faults.csv``).

``tests/test_living_data.py`` checks that extending a snapshot writes the same tables, byte for
byte, as a full build from the same sources.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
from pathlib import Path

import pandas as pd

from .. import __version__, arrow_tables, checksums, snapshot
from . import changes, harmonise, parse, reconcile, reports, validate, write
from .common import PDF_DIR
from .workers import Parsing

# Tables a new month cannot change (given unchanged inputs): copied from the last snapshot.
UNCHANGED = ["mission_strength.arrow", "missions.arrow", "fatalities.arrow"]
LIBRARIES = ["pandas", "pyarrow", "pandera", "hdx-python-country", "pypdfium2", "numpy"]


def inputs_key(raw: Path, data: Path) -> str:
    """One digest of everything a build reads except the report PDFs, and of the code."""
    h = hashlib.sha256(__version__.encode())
    for lib in LIBRARIES:
        h.update(f"{lib}={importlib.metadata.version(lib)};".encode())
    package = Path(__file__).resolve().parents[1]
    files = sorted(package.rglob("*.py"))
    files += sorted(p for p in data.iterdir() if p.is_file() and p.suffix == ".csv")
    for top, dirs, names in os.walk(raw, followlinks=True):
        if Path(top) == raw:
            dirs[:] = [d for d in dirs if d != PDF_DIR]
        files += sorted(Path(top) / n for n in names)
    for path, (size, sha) in checksums.digests(files).items():
        label = path.relative_to(package) if path.is_relative_to(package) else path.name
        h.update(f"{label}:{size}:{sha};".encode())
    return h.hexdigest()


class NotExtendable(Exception):
    """The last snapshot cannot simply be extended; the message says why (a build note)."""


def _previous(data: Path) -> dict:
    processed = data / "processed"
    try:
        snapshot.verify(processed)
    except snapshot.SnapshotError as exc:
        raise NotExtendable(f"the previous snapshot does not verify ({exc})") from None
    return snapshot.manifest(processed)


def plan(raw: Path, data: Path, files: dict[Path, str], key: str) -> tuple[dict, list]:
    """The previous manifest and the new report files, if the snapshot can be extended.

    Parameters
    ----------
    files : dict
        Every report PDF in the raw folder and its SHA-256.
    key : str
        :func:`inputs_key` of this build.

    Raises
    ------
    NotExtendable
        Saying which condition does not hold.
    """
    if not (data / "processed" / snapshot.MANIFEST).exists():
        raise NotExtendable("no previous snapshot")
    old = _previous(data)
    if "note_parts" not in old:
        raise NotExtendable("the previous snapshot was written by an older version")
    if old.get("inputs") != key:
        raise NotExtendable("sources other than the reports, data tables or code changed")
    before = {s["file"]: s["sha256"] for s in old["sources"] if str(s["file"]).startswith(PDF_DIR)}
    now = {f"{PDF_DIR}/{p.name}": (p, sha) for p, sha in files.items()}
    for file, sha in before.items():
        if file not in now or now[file][1] != sha:
            raise NotExtendable(f"{file} was removed or changed since the last build")
    new = [now[f] for f in sorted(now) if f not in before]
    if not new:
        raise NotExtendable("no new reports")
    if {sha for _, sha in new} & set(before.values()):
        raise NotExtendable("a new file repeats the bytes of a report already used")
    return old, new


def _categorical_union(old: pd.Series, new: pd.Series) -> pd.Series:
    """Old and new values in one categorical whose categories are what validating the whole
    column at once gives: the schema's fixed list, or the sorted distinct values."""
    dtype = old.dtype
    extra = set(new.dropna().astype(str)) - set(dtype.categories)
    if extra:
        categories = sorted(set(dtype.categories) | extra)
        dtype = pd.CategoricalDtype(categories, ordered=dtype.ordered)
        old = old.cat.set_categories(categories)  # remaps the codes, no string work
    return pd.concat([old, new.astype(str).where(new.notna()).astype(dtype)], ignore_index=True)


def extend(
    raw: Path,
    data: Path,
    staging: Path,
    old: dict,
    new_files: list[tuple[Path, str]],
    parse_cache: parse.ParseCache,
    key: str,
    started: float,
    parsing: Parsing | None = None,
):
    """Write the previous snapshot plus the new reports' months into ``staging``.

    Returns
    -------
    (BuildSummary, bool)
        As :func:`pkanalysis.build.pipeline._build`: the summary and whether every printed
        total was reproduced or explained.

    Raises
    ------
    NotExtendable
        If a new report turns out to be for a month the snapshot holds (a re-issue): the full
        build decides between the two.
    """
    from ..schemas import Contributions
    from .pipeline import BuildSummary

    processed = data / "processed"
    # 1-2. the new reports only (one or two: parsed here, unless the early workers have them)
    overrides = parse.date_overrides(data)
    parsing = parsing or Parsing(None)
    new_reports, parsed_now = [], 0
    for path, sha in new_files:
        found = parse_cache.get(sha)
        if found is None:
            write.pause("parse")
            found = parsing.result(sha, path)
            parse_cache.put(sha, found)
            parsed_now += 1
        new_reports.append(reports.dated_report(path, sha, found, overrides))
    kept, new_sources, _ = reports.choose_reports(new_reports)
    old_contributions = arrow_tables.read_frame(processed / "contributions.arrow")
    held = set(old_contributions["date"].unique())
    clash = sorted({rep["date"] for rep in kept} & held)
    if clash:
        raise NotExtendable(
            f"a new report is for {', '.join(f'{m:%Y-%m}' for m in clash)}, a month the "
            "snapshot holds"
        )
    faults = set(pd.read_csv(data / "sex_split_faults.csv")["sha256"])
    if any(rep["sha256"] in faults for rep in kept):
        raise NotExtendable("a new report is listed in sex_split_faults.csv")

    # 3. harmonise the new rows
    rows, totals = reports.frames(kept)
    rows, placeholders = harmonise.drop_placeholders(rows)
    rows_h = harmonise.harmonise(harmonise.shape(rows.assign(personnel_type=pd.NA)))
    rows_h, merged = harmonise.merge_same_key(rows_h)

    # 4. validate the new rows; the old ones were validated by the build that wrote them
    missions = arrow_tables.read_frame(processed / "missions.arrow")
    validate.missions_known(missions, {"mission": rows_h[rows_h["mission"].notna()]})
    columns = list(Contributions.to_schema().columns)
    # ordered as the full build orders the whole table (before the labels become categories)
    fresh = rows_h[columns].sort_values(
        ["date", "mission", "contributor_iso3", "personnel_type"], na_position="first"
    )
    fresh = validate.validated(fresh.reset_index(drop=True), Contributions, "contributions")
    contributions = pd.DataFrame(
        {
            col: _categorical_union(old_contributions[col], fresh[col])
            if isinstance(old_contributions[col].dtype, pd.CategoricalDtype)
            else pd.concat([old_contributions[col], fresh[col]], ignore_index=True)
            for col in columns
        }
    )
    # the new months are months the old table lacks: placing them by date is the full order
    contributions = contributions.sort_values("date", kind="stable").reset_index(drop=True)
    countries = arrow_tables.read_frame(processed / "countries.arrow")
    if not set(fresh["contributor_iso3"].astype(str)) <= set(countries["iso3"]):
        from .. import reference

        codes = set(countries["iso3"]) | set(fresh["contributor_iso3"].astype(str))
        countries = reference.build_countries(codes, data)

    # 5. reconcile the new reports; the old checks stand
    new_checks, _ = reconcile.reconcile_all([reconcile.check_reports(rows, totals)], data)
    old_recon = _read_as_written(processed / "reconciliation.parquet")
    recon = pd.concat([old_recon, new_checks], ignore_index=True)
    recon = recon.sort_values(["source", "level"], kind="stable")
    mismatches = recon[recon["status"] == "mismatch"]

    # 6. write: new tables, unchanged ones linked from the previous snapshot
    snap = write.Snapshot(staging)
    written = dict(old["outputs"])
    written["contributions"] = snap.table("contributions", contributions)
    written["countries"] = snap.table("countries", countries)
    copied = UNCHANGED + [n for n in old["files"] if n.endswith(".arrow") and n not in written]
    copied = sorted(set(copied) - {"contributions.arrow", "countries.arrow"})
    copied += ["curated.json"]
    for name in copied:
        _link(processed / name, staging / name)
    snap.add_existing(copied)
    write.pause("write")
    snap.parquet("reconciliation", recon)
    # the manifest keeps the records sources.csv was written from, exactly
    pdf_sources = [r for r in old["sources"] if str(r["file"]).startswith(PDF_DIR)]
    pdf_sources = sorted(pdf_sources + new_sources, key=lambda r: (r["date"], r["file"]))
    others = [r for r in old["sources"] if not str(r["file"]).startswith(PDF_DIR)]
    source_table = pd.DataFrame(pdf_sources + others)
    snap.csv("sources", source_table)

    parts = old["note_parts"]
    name_notes_all = [
        note
        for r in pdf_sources
        if (
            note := reports.name_note(
                r["file"], pd.Timestamp(r["date"]), r["date_basis"], r["status"]
            )
        )
    ]
    parts = {
        **parts,
        "names": name_notes_all,
        "placeholders": parts["placeholders"] + placeholders,
        "merged": parts["merged"] + merged,
    }
    notes = harmonise.notes(parts)
    # The old months are copied unchanged, so only the new months and the months before them
    # can differ: comparing those alone gives the same answer as comparing everything.
    months_all = pd.DatetimeIndex(contributions["date"].unique()).sort_values()
    new_months = pd.DatetimeIndex([rep["date"] for rep in kept])
    before_new = months_all[[max(i - 1, 0) for i in months_all.get_indexer(new_months)]]
    what_changed = changes.compare(
        old_contributions[old_contributions["date"].isin(before_new)],
        contributions[contributions["date"].isin(new_months.union(before_new))],
    )
    counts = {"parsed": parsed_now, "cached": len(old["parse_seconds"]) + len(kept) - parsed_now}
    record, seconds, missing = write.manifest_fields(
        contributions,
        recon,
        started,
        **{
            **old,
            "reports_parsed": counts,
            "parse_seconds": {
                **old["parse_seconds"],
                **{rep["sha256"]: round(rep["seconds"], 3) for rep in kept},
            },
            "extended": written_months(kept),
            "inputs": key,
            "outputs": written,
            "changes": what_changed,
            "notes": notes,
            "note_parts": parts,
            "sources": source_table.to_dict(orient="records"),
        },
    )
    snap.manifest(record)
    summary = BuildSummary(
        {k: v["rows"] for k, v in written.items()},
        seconds,
        mismatches,
        missing,
        notes,
        parsed=parsed_now,
        cached=counts["cached"],
        changes=what_changed,
        mode=f"extended the previous snapshot with {', '.join(written_months(kept))}",
    )
    return summary, mismatches.empty


def written_months(kept: list[dict]) -> list[str]:
    return [f"{rep['date']:%Y-%m}" for rep in kept]


def _read_as_written(path: Path) -> pd.DataFrame:
    """A parquet file with its columns in the dtypes they had when written.

    The full build writes the reconciliation from object columns (text, and page numbers with
    gaps), which a plain read returns as strings and floats; written again those would be
    stored differently.  The pandas metadata in the file says which columns were objects.
    """
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    frame = table.to_pandas()
    meta = json.loads(table.schema.metadata[b"pandas"])
    for col in meta["columns"]:
        name = col["name"]
        if col["numpy_type"] != "object" or name not in frame:
            continue
        values = frame[name]
        if col["pandas_type"] == "int64":
            values = pd.array(values, dtype="Int64")
        frame[name] = pd.Series(
            values.to_numpy(dtype=object, na_value=None), index=frame.index, dtype=object
        )
    return frame


def _link(source: Path, target: Path) -> None:
    """A file of the previous snapshot into the new one: a hard link where the file system
    allows (the snapshot's files are never rewritten in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
