"""The index page of a run: every report by name, grouped by notebook, searchable, offline.

A run of the all-briefs suite holds hundreds of reports.  The index names each one by what it is
about ("Country brief: Nepal"), one row per subject with a column per language (each name in its
report's language), groups the rows by notebook under a table of contents, and filters them as
one types in a search box (a few lines of inline script: the page requests nothing).  Each
report's cell is an anchor, which the report's own "back to the index" link points at.
"""

from __future__ import annotations

import html
import json
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from ..i18n import (
    LANGUAGES,
    N_,
    country_name,
    format_date,
    format_month,
    format_number,
    gettext,
    tr,
    trn,
)
from .html import TEMPLATES
from .names import NOTEBOOKS, group_title, report_title

CHANGES = N_("What changed in the data")

#: A job's status in words.
STATUS: dict[str, str] = {"ok": N_("done"), "failed": N_("failed"), "timeout": N_("timed out")}

_esc = html.escape


def _static(name: str) -> str:
    return (TEMPLATES / "index" / name).read_text(encoding="utf-8")


def _name(iso3: str, lang: str) -> str:
    try:
        return country_name(iso3, lang)
    except KeyError:  # a code the countries table does not know: shown as it is
        return iso3


def render_changes(changes: dict[str, Any] | None, lang: str = "en") -> str:
    """The data's last update as a short HTML table: new and revised months, top movers.

    Examples
    --------
    >>> html = render_changes({"new_months": ["2025-08"], "revised_months": [],
    ...     "contributors": [{"contributor_iso3": "NPL", "change": 12}], "missions": []})
    >>> "<td>August 2025</td>" in html and "<td>Nepal +12</td>" in html
    True
    >>> "<td>Népal +12</td>" in render_changes({"contributors": [
    ...     {"contributor_iso3": "NPL", "change": 12}]}, "fr")
    True
    >>> render_changes(None)
    ''
    """
    if not changes or changes.get("first_build"):
        return ""

    none = gettext(N_("none"), lang)

    def cell(items: list[str]) -> str:
        return f"<td>{_esc(', '.join(items) or none)}</td>"

    def signed(n: int) -> str:
        return ("+" if n > 0 else "") + format_number(n, lang)

    movers = {
        "contributors": [
            f"{_name(m['contributor_iso3'], lang)} {signed(m['change'])}"
            for m in changes.get("contributors", [])
        ],
        "missions": [f"{m['mission']} {signed(m['change'])}" for m in changes.get("missions", [])],
    }
    rows = [
        (N_("New months"), [format_month(m, lang) for m in changes.get("new_months", [])]),
        (N_("Revised months"), [format_month(m, lang) for m in changes.get("revised_months", [])]),
        (N_("Contributors that changed most"), movers["contributors"]),
        (N_("Missions that changed most"), movers["missions"]),
    ]
    body = "".join(
        f"<tr><th scope='row'>{_esc(gettext(label, lang))}</th>{cell(items)}</tr>"
        for label, items in rows
    )
    heading = gettext(CHANGES, lang)
    return (
        f"<section id='changes'><h2>{_esc(heading)}</h2>"
        f"<table class='changes'>{body}</table></section>"
    )


def _when(timestamp: Any, lang: str) -> str:
    """An ISO timestamp as a day and a UTC time in ``lang``: "30 November 2026, 06:09 UTC"."""
    try:
        moment = pd.Timestamp(timestamp)
    except (ValueError, TypeError):
        return str(timestamp)
    if moment.tzinfo is not None:
        moment = moment.tz_convert("UTC")
    return f"{format_date(moment, lang)}, {moment:%H:%M} UTC"


def _fold(text: str) -> str:
    """Lower case without accents, so "cote" finds "Côte d'Ivoire" (the script does the same)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _title(job: dict[str, Any]) -> str:
    return job.get("title") or report_title(
        job["notebook"], job["parameters"], job.get("lang", "en")
    )


def _files(job: dict[str, Any], lang: str) -> str:
    outputs = [rel for rel in job["outputs"] if not rel.endswith(".html")]
    if not outputs:
        return ""
    order = {".png": 0, ".svg": 1, ".pdf": 2, ".csv": 3}
    outputs.sort(key=lambda rel: (order.get(Path(rel).suffix, 9), rel))
    links = "".join(f"<li><a href='{_esc(rel)}'>{_esc(Path(rel).name)}</a></li>" for rel in outputs)
    summary = trn("{n} file", "{n} files", len(outputs), lang)
    return f"<details><summary>{_esc(summary)}</summary><ul>{links}</ul></details>"


def _cell(job: dict[str, Any], index_lang: str) -> str:
    """One report: its name (a link, in its language), status, time, files and any error."""
    lang = job.get("lang", "en")
    status = job["status"]
    page = next((rel for rel in job["outputs"] if rel.endswith(".html")), None)
    name = _esc(_title(job))
    link = f"<a href='{_esc(page)}' hreflang='{lang}'>{name}</a>" if page else name
    seconds = tr("{seconds} s", index_lang, seconds=format_number(job["seconds"], index_lang, 1))
    word = gettext(STATUS.get(status, status), index_lang)
    parts = [
        f"<span class='name' lang='{lang}'>{link}</span>",
        f"<span class='status {_esc(status)}'>{_esc(word)}</span> "
        f"<span class='seconds'>{_esc(seconds)}</span>",
    ]
    if job.get("error"):
        error = gettext(N_("Error"), index_lang)
        parts.append(
            f"<details class='error'><summary>{_esc(error)}</summary>"
            f"<pre>{_esc(job['error'][-2000:])}</pre></details>"
        )
    parts.append(_files(job, index_lang))
    return f"<td id='{_esc(job['slug'])}'>{''.join(parts)}</td>"


def _subject_key(job: dict[str, Any]) -> str:
    shown = {k: v for k, v in job["parameters"].items() if k != "lang"}
    return json.dumps([job["notebook"], shown], sort_keys=True, default=str)


def _group_rows(jobs: list[dict[str, Any]], languages: list[str]) -> list[dict[str, dict]]:
    """One row per subject (notebook and parameters but the language): language -> job."""
    rows: dict[str, dict[str, dict]] = {}
    for job in jobs:
        rows.setdefault(_subject_key(job), {})[job.get("lang", "en")] = job
    first = languages[0]

    def order(row: dict[str, dict]) -> str:
        job = row.get(first) or next(iter(row.values()))
        return _fold(_title(job))

    return sorted(rows.values(), key=order)


def _search_text(row: dict[str, dict]) -> str:
    words = []
    for job in row.values():
        words.append(_title(job))
        words.extend(str(v) for k, v in job["parameters"].items() if k != "lang")
    return _fold(" ".join(dict.fromkeys(words)))


def render_index(manifest: dict[str, Any]) -> str:
    """The run's index page (self-contained HTML) from its manifest.

    Its language is the run's first language (``manifest["languages"]``); each report is named
    in its own.
    """
    jobs = manifest["jobs"]
    languages = list(manifest.get("languages") or ["en"])
    languages += sorted({j.get("lang", "en") for j in jobs} - set(languages))
    lang = languages[0]
    by_notebook: dict[str, list[dict]] = {}
    for job in jobs:
        by_notebook.setdefault(job["notebook"], []).append(job)
    known = [n for n in NOTEBOOKS if n in by_notebook]
    notebooks = known + sorted(set(by_notebook) - set(known))
    used = [code for code in languages if any(j.get("lang", "en") == code for j in jobs)]

    title = tr("Reports of run {run_id}", lang, run_id=manifest["run_id"])
    failed = sum(j["status"] != "ok" for j in jobs)
    summary = trn(
        "{n} report, in {languages}.",
        "{n} reports, in {languages}.",
        len(jobs),
        lang,
        languages=", ".join(LANGUAGES[code] for code in used),
    )
    if failed:
        summary += " " + trn("{n} did not finish.", "{n} did not finish.", failed, lang)
    built = manifest["data_snapshot"].get("built_at")
    built = _when(built, lang) if built else gettext(N_("unknown"), lang)
    meta = tr(
        "Started {started}, ended {ended}; pkanalysis {version}; data built {built}.",
        lang,
        started=_when(manifest["started"], lang),
        ended=_when(manifest["ended"], lang),
        version=manifest["package_version"],
        built=built,
    )
    toc, sections = [], []
    for notebook in notebooks:
        rows = _group_rows(by_notebook[notebook], used)
        anchor = f"group-{notebook}"
        heading = _esc(group_title(notebook, lang))
        count = format_number(len(by_notebook[notebook]), lang)
        toc.append(
            f"<li data-group='{anchor}'><a href='#{anchor}'>{heading}</a> "
            f"<span class='count'>({count})</span></li>"
        )
        head = "".join(
            f"<th scope='col' lang='{code}'>{_esc(LANGUAGES[code])}</th>" for code in used
        )
        body = []
        for row in rows:
            cells = "".join(
                _cell(row[code], lang) if code in row else "<td class='none'>\u2013</td>"
                for code in used
            )
            body.append(f"<tr data-search='{_esc(_search_text(row))}'>{cells}</tr>")
        sections.append(
            f"<section class='group' id='{anchor}'><h2>{heading} "
            f"<span class='count'>({count})</span></h2><table class='reports'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></section>"
        )
    changes = render_changes(manifest["data_snapshot"].get("changes"), lang)
    if changes:
        toc.append(f"<li><a href='#changes'>{_esc(gettext(CHANGES, lang))}</a></li>")
    search_label = gettext(N_("Search the reports"), lang)
    contents = gettext(N_("Contents"), lang)
    hint = gettext(N_("a country, mission, conference…"), lang)
    shown = gettext(N_("Reports shown: {n}"), lang)
    return "\n".join(
        [
            f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{_esc(title)}</title><style>{_static('index.css')}</style></head><body>",
            f"<header><h1>{_esc(title)}</h1><p class='meta'>{_esc(meta)} "
            "<a href='manifest.json'>manifest.json</a></p>",
            f"<p class='summary'>{_esc(summary)}</p></header>",
            f"<nav class='toc' aria-labelledby='toc-title'><h2 id='toc-title'>"
            f"{_esc(contents)}</h2><ol>{''.join(toc)}</ol></nav>",
            f"<div class='search' role='search'><label for='search'>{_esc(search_label)}</label> "
            f"<input id='search' type='search' autocomplete='off' "
            f"placeholder='{_esc(hint)}'> "
            f"<output id='shown' for='search' data-template='{_esc(shown)}'></output></div>",
            changes,
            *sections,
            f"<script>{_static('index.js')}</script></body></html>",
        ]
    )
