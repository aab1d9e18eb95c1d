"""The translatable messages the code and the notebooks use, and the catalogue kept in step.

Messages are found the way gettext tools find them: Babel's Python extractor over the package's
modules and the notebooks' code cells, looking for the first argument of :func:`pkanalysis.i18n.tr`
and :func:`~pkanalysis.i18n.gettext` and the first two of :func:`~pkanalysis.i18n.trn`.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from . import paths

KEYWORDS = {"tr": None, "gettext": None, "trn": (1, 2), "N_": None}


def vocabulary_terms() -> list[str]:
    """The shared vocabulary's values that briefs show as words (personnel types, ...).

    They are data, not string literals in calls, so no extractor can find them: they are
    listed here from :mod:`pkanalysis.vocab` itself.
    """
    from . import vocab

    groups = (
        vocab.ALL_PERSONNEL_TYPES,
        vocab.COMMITMENTS,
        vocab.CAPABILITIES,
        vocab.NEW_OR_REAFFIRMED,
        vocab.CONFERENCE_CITIES,
    )
    return list(dict.fromkeys(term for group in groups for term in group))


@dataclass(frozen=True)
class Message:
    """One message as used: its id (a string, or singular and plural), and where it is used."""

    id: str | tuple[str, str]
    where: str


def _extract(source: str, where: str) -> list[Message]:
    from babel.messages.extract import extract

    found = extract(
        "python", io.BytesIO(source.encode("utf-8")), keywords=KEYWORDS, comment_tags=()
    )
    return [Message(message, f"{where}:{line}") for line, message, _, _ in found]


def messages_in_use(root: Path | None = None) -> list[Message]:
    """Every translatable message of the package's modules and the notebooks.

    Parameters
    ----------
    root : Path, optional
        The project folder (holding ``pkanalysis/`` and ``notebooks/``); the installed
        project's by default.
    """
    root = root or paths.PROJECT_DIR
    found: list[Message] = []
    for module in sorted((root / "pkanalysis").rglob("*.py")):
        where = module.relative_to(root).as_posix()
        found += _extract(module.read_text(encoding="utf-8"), where)
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, 1):
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                # The cell number stands where a line number would: gettext locations are
                # file:number, and "which cell" is what a translator needs.
                where = f"{notebook.relative_to(root).as_posix()}#cell"
                found += [
                    Message(m.id, f"{where}:{number}")
                    for m in _extract(_without_magics(source), where)
                ]
    found += [Message(term, "pkanalysis/vocab.py:1") for term in vocabulary_terms()]
    return found


def _without_magics(source: str) -> str:
    # IPython magics and shell escapes are not Python; the extractor would stop at them.
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")
    )


def update_catalogue(lang: str, root: Path | None = None) -> tuple[list[str], list[str]]:
    """Add the messages in use to ``lang``'s catalogue and mark those no longer used obsolete.

    Translations already in the catalogue are kept. Returns the ids added (untranslated) and
    the ids made obsolete.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    from .i18n import DOMAIN

    root = root or paths.PROJECT_DIR
    path = root / "pkanalysis" / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    template = Catalog(domain=DOMAIN)
    for message in messages_in_use(root):
        file, _, line = message.where.rpartition(":")
        template.add(message.id, locations=[(file, int(line))])
    if path.exists():
        with path.open("rb") as fh:
            current = read_po(fh, locale=lang, domain=DOMAIN)
    else:
        current = Catalog(locale=lang, domain=DOMAIN)
    before = {m.id for m in current if m.id}
    created = current.creation_date
    current.update(template, no_fuzzy_matching=True)
    # The header date would change on every run and make every merge of the file conflict.
    current.creation_date = created
    after = {m.id for m in current if m.id}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, current, width=100, sort_output=True, include_lineno=False)
    added = sorted(str(i) for i in after - before)
    obsolete = sorted(str(i) for i in current.obsolete)
    return added, obsolete
