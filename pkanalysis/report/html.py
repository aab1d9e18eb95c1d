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
