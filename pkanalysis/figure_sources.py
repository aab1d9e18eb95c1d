"""Source lines of figures: one short line on the figure, the full citation carried with it.

:func:`source_line` names who published the data drawn ("Sources: UN DPO; IPI.") and attaches
the catalogue's citation of each dataset (:func:`pkanalysis.catalog.cite`), which
:mod:`pkanalysis.figure_files` writes into the saved files' metadata and the HTML caption.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import catalog, i18n
from .i18n import N_, gettext, trn

# --- source lines and citations ---------------------------------------------------------------

#: What each ``kind`` of mission selection counts; goes into the caption and the metadata.
KIND_TEXT = {
    "all": N_("All UN operations in the reports, special political missions included."),
    "peacekeeping": N_(
        "Peacekeeping operations only (months without a mission split count all operations)."
    ),
    "political": N_("Special political missions only."),
}

#: Short names of the catalogue's publishers, for the one-line source (the full names are in
#: the citation).  Keys are the publisher parts of :attr:`DatasetInfo.publisher`, split at ";".
SHORT_PUBLISHERS: dict[str, str] = {
    "United Nations Department of Peace Operations": "UN DPO",
    "United Nations Department of Peace Operations (via cited pages)": "UN DPO",
    "International Peace Institute, Providing for Peacekeeping": "IPI",
    "UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-FATALITIES)": "UN Data Hub",
    "UN DPPA/DPO Peace and Security Data Hub (DPPADPOSS-PKO)": "UN Data Hub",
    "UN OCHA country list (hdx-python-country)": "UN OCHA",
}


_TRANSLATED_PUBLISHERS = {N_("UN DPO"), N_("UN Data Hub")}


def _short_publisher(part: str) -> str:
    part = part.strip()
    if part in SHORT_PUBLISHERS:
        return SHORT_PUBLISHERS[part]
    if part.startswith("pkanalysis"):
        return "pkanalysis"  # the project's own compilation of cited sources
    return part


class SourceLine(str):
    """A one-line source ("Sources: UN DPO; IPI.") that also carries the full citation.

    It is a ``str``, so it goes wherever a source text goes; :func:`figure` reads
    :attr:`citation` from it for the saved files' metadata and the HTML caption.

    Attributes
    ----------
    datasets : tuple of str
        Catalogue names cited.
    citation : str
        :func:`pkanalysis.catalog.cite` of each dataset, one per line, then what the figure
        counts (``kind``).
    """

    datasets: tuple[str, ...]
    citation: str

    def __new__(cls, text: str, datasets: Sequence[str] = (), citation: str = "") -> SourceLine:
        line = super().__new__(cls, text)
        line.datasets = tuple(datasets)
        line.citation = citation
        return line

    def __reduce__(self):  # keep the citation through pickling (papermill, multiprocessing)
        return (SourceLine, (str(self), self.datasets, self.citation))


def source_line(*datasets: str, kind: str = "all", lang: str = "en") -> SourceLine:
    """The one-line source of a figure, with the full citation attached.

    Name only the datasets the figure draws: the line says who published them, short enough to
    fit one line at column width; the citation (publisher, title, vintage, URL, licence,
    retrieval and access dates, pkanalysis version) goes to :attr:`SourceLine.citation`.

    Parameters
    ----------
    *datasets : str
        Catalogue names (see :func:`pkanalysis.list_datasets`); repeats are shown once.
    kind : {"all", "peacekeeping", "political"}, default "all"
        Which missions the figure counts (as ``kind=`` of the loaders); said in the citation
        whenever contributions are among the datasets.  Say it in the subtitle too when it is
        not "all".
    lang : {"en", "fr"}, default "en"

    Returns
    -------
    SourceLine
        ``"Sources: UN DPO; IPI."`` (a ``str``) with ``.citation`` and ``.datasets``.

    Raises
    ------
    ValueError
        If no name is given, or a name, ``kind`` or ``lang`` is not known (the message lists
        the valid ones).

    Examples
    --------
    >>> source_line("contributions")
    'Sources: UN DPO; IPI.'
    >>> source_line("parity_targets", lang="fr")
    'Source\xa0: DOP (ONU).'
    >>> source_line("contributions").citation.startswith("United Nations Department")
    True
    """
    if not datasets:
        raise ValueError("source_line() needs at least one dataset name")
    if kind not in KIND_TEXT:
        raise ValueError(f"unknown kind {kind!r}; valid kinds: {', '.join(KIND_TEXT)}")
    i18n.check_lang(lang)
    names = list(dict.fromkeys(datasets))
    short: list[str] = []
    for name in names:
        for part in catalog.info(name).publisher.split(";"):
            label = _short_publisher(part)
            if label not in short:
                short.append(label)
    shown = [gettext(s, lang) if s in _TRANSLATED_PUBLISHERS else s for s in short]
    separator = "\u202f; " if lang == "fr" else "; "  # French sets a thin space before ";"
    text = trn("Source: {sources}.", "Sources: {sources}.", len(shown), lang,
               sources=separator.join(shown))  # fmt: skip
    citation = "\n".join(catalog.cite(name) for name in names)
    if "contributions" in names:
        citation += "\n" + gettext(KIND_TEXT[kind], lang)
    return SourceLine(text, names, citation)
