"""What the analysis notebooks show, in the report's language: text, tables and chart labels.

The analyses (:mod:`pkanalysis.quality`, :mod:`~pkanalysis.trends`, ...) return frames of codes
and numbers; a report shows sentences, names and formatted tables.  One module per notebook
turns the first into the second (headers, vocabulary, sentences through :mod:`pkanalysis.i18n`,
tables through :func:`pkanalysis.tables.table`), so the notebooks stay a list of calls, and
:mod:`~pkanalysis.views.text` displays headings and paragraphs.
"""

from .text import bullets, heading, paragraph, show

__all__ = ["bullets", "heading", "paragraph", "show"]
