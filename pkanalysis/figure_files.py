"""What leaves a figure: files with their metadata, and the HTML ``<figure>`` of a report.

:func:`save` writes PNG, SVG and PDF with the title, alt text and full citation in each format's
metadata (editable text: TrueType fonts in PDF, ``<text>`` in SVG); :func:`figure_html` and
:func:`show` give a notebook a self-contained ``<figure>`` with alt text and a caption.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from . import outputs
from .figure_style import use_style

# --- the figure and its description -----------------------------------------------------------


@dataclass(frozen=True)
class FigureInfo:
    """What a figure says about itself: for the saved files' metadata and the HTML caption.

    Attributes
    ----------
    title, subtitle, unit : str
        As given to :func:`figure` (subtitle and unit may be empty).
    source : str
        The one-line source drawn on the figure.
    citation : str
        The full citation (from :func:`source_line`, or ``citation=``); may be empty.
    alt : str
        Alternative text: ``alt=`` or title, subtitle and unit.
    lang : str
        Language of the figure's text.
    width : str
        "full", "column" or "custom".
    """

    title: str
    subtitle: str
    unit: str
    source: str
    citation: str
    alt: str
    lang: str
    width: str


def describe(fig: Figure) -> FigureInfo:
    """The :class:`FigureInfo` of a figure made by :func:`figure` (or a chart function).

    Raises
    ------
    ValueError
        If the figure was not made by this module.
    """
    info = getattr(fig, "_pkanalysis_info", None)
    if info is None:
        raise ValueError("this figure was not made by pkanalysis.figures.figure()")
    return info


# --- saving and showing -----------------------------------------------------------------------


def _metadata(fig: Figure, ext: str) -> dict[str, Any] | None:
    """Per-format metadata: title, description and full citation; no dates (re-runs of a
    report give byte-identical files)."""
    info = getattr(fig, "_pkanalysis_info", None)
    from . import __version__

    software = f"pkanalysis {__version__}"
    if ext == "pdf":
        meta: dict[str, Any] = {"CreationDate": None, "Creator": software}
        if info:
            cited = info.citation or info.source
            meta.update(Title=info.title, Subject=f"{info.alt}\n\n{cited}")
        return meta
    if ext == "svg":
        meta = {"Date": None, "Creator": software}
        if info:
            meta.update(
                Title=info.title, Description=info.alt, Source=info.citation or info.source,
                Language=info.lang,
            )  # fmt: skip
        return meta
    if ext == "png":
        meta = {"Software": software}
        if info:
            meta.update(Title=info.title, Description=info.alt, Source=info.source)
            if info.citation:
                meta["Citation"] = info.citation
        return meta
    return None


def save(
    fig: Figure,
    name: str,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = ("png", "svg", "pdf"),
    dpi: int = 300,
) -> list[Path]:
    """Save ``fig`` in every format at once, with its title, description and citation.

    PNG files carry ``Title``, ``Description`` (the alt text), ``Source`` (the source line) and
    ``Citation`` text chunks; SVG files Dublin Core ``Title``, ``Description``, ``Source`` (the
    citation) and ``Language``; PDF files ``Title`` and ``Subject`` (alt text and citation).
    PDF text is TrueType (Type 42) and SVG text is ``<text>``, so both can be edited.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem; reduced to ``[A-Za-z0-9_.-]`` so it cannot leave ``out_dir``
        (``"../x"`` becomes ``"x"``).
    out_dir : path-like, optional
        Folder to write to; default :func:`pkanalysis.outputs.output_dir` (the report job's
        folder, else ``<reports>/scratch``).  Created if missing.
    formats : iterable of str, default ("png", "svg", "pdf")
        File extensions; any format matplotlib can write.
    dpi : int, default 300
        Resolution of raster formats.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.

    Raises
    ------
    ValueError
        If a format is not supported by matplotlib or no format is given.
    """
    supported = fig.canvas.get_supported_filetypes()
    exts = list(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    if not exts:
        raise ValueError("no format given")
    unknown = [e for e in exts if e not in supported]
    if unknown:
        raise ValueError(
            f"unsupported format(s) {', '.join(unknown)}; supported: {', '.join(sorted(supported))}"
        )

    folder = outputs.output_dir(out_dir).expanduser().resolve()
    stem = outputs.safe_stem(name)

    written: list[Path] = []
    # Save-time settings (font embedding, SVG ids) come from the style sheet too.
    with use_style(), _layout_frozen(fig), _lean_font_subsets():
        for ext in exts:
            path = folder / f"{stem}.{ext}"
            if path.resolve().parent != folder:  # belt and braces on top of safe_stem
                raise ValueError(f"refusing to write outside {folder}: {path}")
            fig.savefig(path, format=ext, dpi=dpi, metadata=_metadata(fig, ext))
            written.append(path)
            if ext == "svg":
                fig._pkanalysis_svg = path.read_bytes()
    # show() embeds the saved SVG unless the figure changes in between: saving leaves the
    # figure marked stale (it restores colours it set for the file), and any later change to
    # an artist marks it stale again.
    fig.stale = False
    return written


@contextlib.contextmanager
def _layout_frozen(fig: Figure):
    """Lay the figure out once for all the formats saved, not once per file.

    The layout is in figure fractions, the same at every resolution, and constrained layout
    costs about a third of a draw; matplotlib's documented way to keep a layout is to set the
    engine to "none" after it ran.  The engine is restored afterwards.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    engine.execute(fig)
    fig.set_layout_engine("none")
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


@contextlib.contextmanager
def _lean_font_subsets():
    """Leave the OpenType layout tables (kerning, ligature rules) out of the fonts embedded
    in PDFs.

    Type 42 embedding subsets each font with fontTools, and decompiling DejaVu Sans's GPOS
    and GSUB tables is most of that cost (about 0.5 s of a 0.9 s PDF).  A PDF places every
    glyph itself and never reads those tables, so the file shows and edits the same.
    fontTools keeps its default list of dropped tables on ``Options``; where it does not (a
    future version), fonts are subset as matplotlib does by default.
    """
    from fontTools import subset

    default = getattr(subset.Options, "_drop_tables_default", None)
    if not isinstance(default, list):
        yield
        return
    subset.Options._drop_tables_default = [*default, "GSUB", "GPOS", "GDEF", "kern"]
    try:
        yield
    finally:
        subset.Options._drop_tables_default = default


def _svg(fig: Figure) -> bytes:
    cached = getattr(fig, "_pkanalysis_svg", None)
    if cached is not None and not fig.stale:
        return cached
    buffer = io.BytesIO()
    with use_style():
        fig.savefig(buffer, format="svg", metadata=_metadata(fig, "svg"))
    fig._pkanalysis_svg = buffer.getvalue()
    return fig._pkanalysis_svg


def figure_html(
    fig: Figure, alt: str | None = None, caption: str | None = None, image: str = "svg"
) -> str:
    """The figure as a self-contained HTML ``<figure>``: image with alt text, then a caption.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str, optional
        Alternative text; default :attr:`FigureInfo.alt` (title, subtitle and unit).
    caption : str, optional
        Caption under the image; default the full citation (one paragraph per line), else the
        source line.
    image : {"svg", "png"}, default "svg"
        SVG (text stays text, sharp in print, usually smaller) or PNG at 150 dpi; embedded as a
        ``data:`` URI, so the page requests nothing.

    Returns
    -------
    str
    """
    info = getattr(fig, "_pkanalysis_info", None)
    if alt is None:
        alt = info.alt if info else ""
    if not alt.strip():
        raise ValueError("a figure shown in a report needs alt text; pass alt=")
    if caption is None:
        caption = (info.citation or info.source) if info else ""
    if image == "svg":
        data, mime = _svg(fig), "image/svg+xml"
    elif image == "png":
        buffer = io.BytesIO()
        with use_style():
            fig.savefig(buffer, format="png", dpi=150, metadata=_metadata(fig, "png"))
        data, mime = buffer.getvalue(), "image/png"
    else:
        raise ValueError(f"unknown image format {image!r}; use 'svg' or 'png'")
    width_px = round(fig.get_size_inches()[0] * 96)
    src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>" for line in caption.splitlines() if line.strip()
    )
    lang = info.lang if info else "en"
    return (
        f'<figure class="pkanalysis-figure" lang="{lang}" style="margin:1em 0;'
        f'max-width:{width_px}px">'
        f'<img src="{src}" alt="{html.escape(alt, quote=True)}" width="{width_px}" '
        'style="max-width:100%;height:auto">'
        '<figcaption style="font-size:0.8em;color:#595959">'
        f"{paragraphs}</figcaption></figure>"
    )


def show(fig: Figure, alt: str | None = None, caption: str | None = None) -> None:
    """Display ``fig`` once in a notebook as an HTML figure with alt text and caption, then
    release it.

    The output is :func:`figure_html`: the image embedded (nothing is fetched), its alt text
    (default title, subtitle and unit) and a caption with the full citation.  Notebooks call
    this after :func:`save`, which it reuses the SVG of.  Outside IPython it only closes the
    figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt, caption : str, optional
        See :func:`figure_html`.
    """
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(HTML(figure_html(fig, alt=alt, caption=caption)))
    plt.close(fig)
