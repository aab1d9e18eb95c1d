"""HTML for a run: each executed notebook without its code, and the run's index page."""

from __future__ import annotations

import html
import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_exporter = None


def export_html(notebook) -> str:
    """The executed notebook as HTML without code or prompts.

    One exporter serves every job of the process: setting up its templates and filters takes
    longer than a conversion.  Conversions take turns (they hold the GIL anyway).
    """
    global _exporter
    with _lock:
        if _exporter is None:
            from nbconvert import HTMLExporter

            _exporter = HTMLExporter(
                exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
            )
        body, _ = _exporter.from_notebook_node(notebook)
    return body


def warm_up() -> None:
    """Set the exporter up (templates compiled) before the first job needs it."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("warm-up")]
    export_html(nb)


def render_changes(changes: dict[str, Any] | None) -> str:
    """The data's last update as a short HTML table: new and revised months, top movers.

    Examples
    --------
    >>> html = render_changes({"new_months": ["2025-08"], "revised_months": [],
    ...     "contributors": [{"contributor_iso3": "NPL", "change": 12}], "missions": []})
    >>> "<td>2025-08</td>" in html and "<td>NPL +12</td>" in html
    True
    >>> render_changes(None)
    ''
    """
    if not changes or changes.get("first_build"):
        return ""
    esc = html.escape

    def cell(items: list[str]) -> str:
        return f"<td>{esc(', '.join(items) or 'none')}</td>"

    movers = {
        what: [f"{m[key]} {m['change']:+,}" for m in changes.get(what, [])]
        for what, key in (("contributors", "contributor_iso3"), ("missions", "mission"))
    }
    rows = [
        ("new months", changes.get("new_months", [])),
        ("revised months", changes.get("revised_months", [])),
        ("contributors moving most", movers["contributors"]),
        ("missions moving most", movers["missions"]),
    ]
    body = "".join(f"<tr><th>{esc(label)}</th>{cell(items)}</tr>" for label, items in rows)
    return (
        "<h2>What changed in the data</h2><table class='changes' style='text-align:left'>"
        f"{body}</table>"
    )


def render_index(manifest: dict[str, Any]) -> str:
    """An HTML page linking every output of a run, grouped by notebook and parameters."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>pkanalysis report {esc(manifest['run_id'])}</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}"
        ".failed,.timeout{color:#b00}.ok{color:#070}img{max-width:22em;border:1px solid #ddd;"
        "margin:.3em}li{margin:.2em 0}code{background:#f4f4f4}</style></head><body>",
        f"<h1>pkanalysis report {esc(manifest['run_id'])}</h1>",
        f"<p>Started {esc(manifest['started'])}, ended {esc(manifest['ended'])}; "
        f"pkanalysis {esc(manifest['package_version'])}; data built "
        f"{esc(str(manifest['data_snapshot'].get('built_at', 'unknown')))}. "
        "<a href='manifest.json'>manifest.json</a></p>",
        render_changes(manifest["data_snapshot"].get("changes")),
    ]
    by_notebook: dict[str, list[dict]] = {}
    for job in manifest["jobs"]:
        by_notebook.setdefault(job["notebook"], []).append(job)
    for notebook, jobs in by_notebook.items():
        parts.append(f"<h2>{esc(notebook)}</h2>")
        for job in jobs:
            label = ", ".join(f"{k}={v}" for k, v in job["parameters"].items()) or "defaults"
            status = esc(job["status"])
            parts.append(
                f"<h3 class='{status}'>{esc(label)} <small>({status}, "
                f"{job['seconds']} s)</small></h3><ul>"
            )
            if job["error"]:
                parts.append(f"<li class='failed'><pre>{esc(job['error'][-2000:])}</pre></li>")
            images = []
            for rel in job["outputs"]:
                href = esc(rel)
                name = esc(Path(rel).name)
                if rel.endswith(".png"):
                    images.append(f"<a href='{href}'><img src='{href}' alt='{name}'></a>")
                else:
                    parts.append(f"<li><a href='{href}'>{name}</a></li>")
            parts.append("</ul>" + "".join(images))
    parts.append("</body></html>")
    return "\n".join(parts)
