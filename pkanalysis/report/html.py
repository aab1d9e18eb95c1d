"""HTML of one report: the executed notebook as a document, without its code."""

from __future__ import annotations

import copy
import threading
from pathlib import Path

from ..i18n import N_, check_lang, gettext

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_TAG = "lang-"  # a cell tagged lang-fr shows in French reports only

_lock = threading.Lock()
_exporter = None


def _exporter_instance():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="pkreport",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


CHECK_MARK = "# NBVAL_CHECK_OUTPUT"  # a cell whose output the tests compare, not for readers


def _shown_in(cell, lang: str) -> bool:
    if cell.get("cell_type") == "code" and CHECK_MARK in cell.get("source", ""):
        return False
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith(LANG_TAG)]
    return not tags or f"{LANG_TAG}{lang}" in tags


def export_html(
    notebook, lang: str = "en", title: str | None = None, index_href: str | None = None
) -> str:
    """The executed notebook as a self-contained HTML document without code or prompts.

    The page loads nothing from anywhere (no require.js, MathJax or Mermaid; figures are
    embedded), carries a print stylesheet (page margins, no figure or table split across pages,
    tables at the page's width, web addresses written out after their links) and, given
    ``index_href``, a link back to the run's index.  Cells tagged ``lang-<code>`` show only in
    reports of that language; cells marked ``# NBVAL_CHECK_OUTPUT`` (reference outputs for the
    notebook tests) show in none.

    Parameters
    ----------
    notebook : NotebookNode
        The executed notebook.
    lang : {"en", "fr"}
        The report's language (the page's ``lang`` and the back link's words).
    title : str, optional
        The page title (default: the notebook's metadata title, else "Report").
    index_href : str, optional
        Relative address of the run's index.

    Notes
    -----
    One exporter serves every job of the process: setting up its templates and filters takes
    longer than a conversion.  Conversions take turns (they hold the GIL anyway).
    """
    global _exporter
    check_lang(lang)
    nb = copy.copy(notebook)
    nb.cells = [cell for cell in notebook.cells if _shown_in(cell, lang)]
    resources = {
        "report": {
            "lang": lang,
            "title": title or notebook.metadata.get("title") or gettext(N_("Report"), lang),
            "index_href": index_href,
            "back_text": gettext(N_("Index of the reports"), lang),
            "nav_label": gettext(N_("Run"), lang),
        }
    }
    with _lock:
        if _exporter is None:
            _exporter = _exporter_instance()
        body, _ = _exporter.from_notebook_node(nb, resources=resources)
    return body


def warm_up() -> None:
    """Set the exporter up (templates compiled) before the first job needs it."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("warm-up")]
    export_html(nb)
