"""Stage 0: new monthly reports into the raw folder, each verified before anything changes.

``pkanalysis data add PATH_OR_URL...`` takes report PDFs from files, from URLs, or from a web
page that links to them; ``pkanalysis data update`` visits the pages listed in
``<data>/report_sources.yml`` and takes in the reports it has not fetched before.

Every candidate is checked first, all of them before the raw folder is touched: a download
must succeed (no HTTP error, no timeout, no truncated body), the file must start like a PDF
(an HTML error page saved as a PDF is named as such), its layout must be one the parsers know,
and its date must be printed in it (or given in ``report_date_overrides.csv``).  A report whose
bytes are already in the raw folder is recognised by its SHA-256, whatever its name.  Only
then are the new files moved in, named after the month they print
(``UN_country_contributions_YYYY_MM.pdf``); a report for a month already held, with other
numbers, is a re-issue: it replaces the old file, which is kept under ``superseded/``.  The
parse made while checking goes into the parse cache, so the next build does not repeat it.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from .. import checksums, paths
from ..parse import dpo_reports
from .common import PDF_DIR, BuildError
from .extract import check_signature
from .parse import ParseCache, date_overrides, parse_report, report_date

SOURCES_FILE = "report_sources.yml"
FETCH_LOG = "fetched.csv"
SUPERSEDED = "superseded"
NAME = "UN_country_contributions_{date:%Y_%m}.pdf"


class FetchError(BuildError):
    """A report could not be fetched or verified; nothing in the raw folder was changed."""


@dataclass
class Added:
    """What happened to one source: ``added``, ``re-issue`` or ``already held``."""

    origin: str
    status: str
    file: str
    month: str
    layout: str
    sha256: str


def _is_url(source: str) -> bool:
    return urlparse(source).scheme in ("http", "https")


class _Links(HTMLParser):
    """The ``href`` of every ``<a>`` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def page_links(html: str, base: str, pattern: str = r"(?i)\.pdf$") -> list[str]:
    """Absolute URLs of the links in ``html`` whose URL path matches ``pattern``, in page order.

    Examples
    --------
    >>> page_links('<a href="r/2025_08.pdf">Aug</a> <a href="/about">x</a>', "http://un.org/p/")
    ['http://un.org/p/r/2025_08.pdf']
    """
    parser = _Links()
    parser.feed(html)
    wanted = re.compile(pattern)
    out: list[str] = []
    for href in parser.hrefs:
        url = urljoin(base, href)
        if wanted.search(urlparse(url).path) and url not in out:
            out.append(url)
    return out


def _session():
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = "pkanalysis (https://github.com/; monthly report fetcher)"
    return session


def download(url: str, folder: Path, timeout: float, session=None) -> tuple[Path, str]:
    """Fetch ``url`` into ``folder``; returns the file and the server's content type.

    Raises
    ------
    FetchError
        On an HTTP error status, a timeout, a refused connection or a body shorter than its
        declared length, naming the URL.
    """
    import requests

    session = session or _session()
    name = Path(unquote(urlparse(url).path)).name or "download"
    target = Path(tempfile.mkstemp(dir=folder, prefix="fetch-", suffix=f"-{name}")[1])
    try:
        with session.get(url, stream=True, timeout=timeout) as response:
            if response.status_code != 200:
                raise FetchError(
                    f"{url}: the server answered HTTP {response.status_code} "
                    f"{response.reason}; nothing was changed"
                )
            with target.open("wb") as fh:
                for block in response.iter_content(1 << 16):
                    fh.write(block)
            kind = response.headers.get("Content-Type", "")
    except requests.Timeout:
        raise FetchError(f"{url}: no answer within {timeout:g} s; nothing was changed") from None
    except requests.RequestException as exc:
        raise FetchError(f"{url}: download failed ({exc}); nothing was changed") from None
    return target, kind


def _expand(source: str, folder: Path, timeout: float, session, pattern: str) -> list[tuple]:
    """``(origin, local file)`` for one source: a file, a PDF URL, or a page of links."""
    if not _is_url(source):
        path = Path(source).expanduser()
        if not path.is_file():
            raise FetchError(f"{source}: no such file; nothing was changed")
        return [(source, path)]
    path, kind = download(source, folder, timeout, session)
    with path.open("rb") as fh:
        head = fh.read(5)
    looks_like_pdf = urlparse(source).path.lower().endswith(".pdf") or "pdf" in kind.lower()
    if head == b"%PDF-" or looks_like_pdf or "html" not in kind.lower():
        return [(source, path)]  # a report, or something pretending to be one (checked next)
    links = page_links(path.read_text(errors="replace"), source, pattern)
    if not links:
        raise FetchError(
            f"{source}: a web page with no links matching {pattern!r}; nothing was changed"
        )
    return [(url, download(url, folder, timeout, session)[0]) for url in links]


def _known_months(data: Path, held: dict[str, Path], cache: ParseCache) -> dict:
    """``{month: (sha256, file)}`` of the reports in the raw folder.

    Read from the snapshot's ``sources.csv`` where it knows the file's bytes, else from the
    parse cache, else by parsing the file (a report added by hand since the last build).
    """
    from_snapshot: dict[str, str] = {}
    table = data / "processed" / "sources.csv"
    if table.exists():
        with table.open(newline="", encoding="utf-8") as fh:
            from_snapshot = {r["sha256"]: r["date"] for r in csv.DictReader(fh) if r["sha256"]}
    overrides = date_overrides(data)
    months: dict[date, tuple[str, Path]] = {}
    for sha, path in held.items():
        if from_snapshot.get(sha):
            month = date.fromisoformat(from_snapshot[sha])
        else:
            parsed = cache.get(sha) or parse_report(path)
            month = report_date(path, sha, parsed, overrides)[0]
        months.setdefault(month, (sha, path))
    return months


def _verify(origin: str, path: Path, overrides: dict, cache: ParseCache) -> dict:
    """Signature, layout, date and rows of one candidate; every failure names the source."""
    try:
        check_signature(path)
        sha = checksums.sha256(path)
        parsed = cache.get(sha) or parse_report(path)
        month, basis = report_date(path, sha, parsed, overrides)
    except dpo_reports.ReportError as exc:
        shown = str(exc).split(": ", 1)[-1]
        raise FetchError(f"{origin}: {shown}; nothing was changed") from None
    return {
        "origin": origin,
        "path": path,
        "sha256": sha,
        "parsed": parsed,
        "date": month,
        "layout": parsed["layout"],
        "date_basis": basis,
    }


def add(
    sources: list[str],
    raw: str | os.PathLike[str] | None = None,
    data_home: str | os.PathLike[str] | None = None,
    timeout: float = 60,
    cache: str | os.PathLike[str] | None = None,
    pattern: str = r"(?i)\.pdf$",
    session=None,
    skip_urls: set[str] | None = None,
) -> list[Added]:
    """Take report PDFs into the raw folder after verifying every one of them.

    Parameters
    ----------
    sources : list of str
        Files, URLs of PDFs, or URLs of pages linking to PDFs (links matching ``pattern``).
    raw, data_home : path-like, optional
        Raw and data folders (defaults as for the build).
    timeout : float
        Seconds allowed for each download to answer.
    cache : path-like, optional
        Parse cache folder; the checking parse is kept there for the next build.

    Returns
    -------
    list of Added
        One entry per report: added, re-issue (replacing an older file of the same month), or
        already held (same bytes under any name; nothing changed).

    Raises
    ------
    FetchError
        If any source fails (download, signature, layout, date, two different files for one
        month); the raw folder is then unchanged.
    """
    raw_path, data = paths.raw_dir(raw), paths.data_dir(data_home)
    folder = raw_path / PDF_DIR
    if not folder.is_dir():
        raise FetchError(f"{folder} does not exist; nothing was changed")
    parse_cache = ParseCache(cache)
    overrides = date_overrides(data)
    session = session or (_session() if any(map(_is_url, sources)) else None)
    with tempfile.TemporaryDirectory(prefix="pkanalysis-fetch-") as tmp:
        candidates = []
        for source in sources:
            for origin, path in _expand(source, Path(tmp), timeout, session, pattern):
                if skip_urls is None or origin not in skip_urls:
                    candidates.append(_verify(origin, path, overrides, parse_cache))
        held = {sha: f for f, (_, sha) in checksums.digests(sorted(folder.glob("*.pdf"))).items()}
        months = _known_months(data, held, parse_cache)
        plan, seen = [], {}
        for cand in candidates:
            month = cand["date"]
            if cand["sha256"] in held or cand["sha256"] in seen:
                kept = held.get(cand["sha256"]) or seen[cand["sha256"]]["path"]
                plan.append((cand, "already held", Path(kept).name, None))
                continue
            other = next((c for c in seen.values() if c["date"] == month), None)
            if other is not None:
                raise FetchError(
                    f"{cand['origin']} and {other['origin']} are both dated {month:%Y-%m} but "
                    "differ in content; add the one to use; nothing was changed"
                )
            seen[cand["sha256"]] = cand
            old = months.get(month)
            status = "added" if old is None else f"re-issue, replaces {old[1].name}"
            plan.append((cand, status, None, None if old is None else old[1]))
        results = [
            _place(cand, status, name, old, folder, parse_cache) for cand, status, name, old in plan
        ]
    _log([r for r in results if _is_url(r.origin)], folder)
    return results


def _place(
    cand: dict, status: str, name: str | None, old: Path | None, folder: Path, cache: ParseCache
) -> Added:
    """Move one verified report into the raw folder (or note that it is already there)."""
    month = f"{cand['date']:%Y-%m}"
    if name is None:  # new, or a re-issue
        if old is not None:
            (folder / SUPERSEDED).mkdir(exist_ok=True)
            kept = folder / SUPERSEDED / f"{old.stem}-{checksums.sha256(old)[:8]}{old.suffix}"
            os.replace(old, kept)
        name = NAME.format(date=cand["date"])
        if (folder / name).exists():  # that name holds another month (a mislabelled file)
            name = f"{Path(name).stem}_{cand['sha256'][:8]}.pdf"
        partial = folder / f".{name}.partial-{os.getpid()}"
        try:
            shutil.copyfile(cand["path"], partial)
            os.replace(partial, folder / name)
        finally:
            partial.unlink(missing_ok=True)
        cache.put(cand["sha256"], cand["parsed"])
    return Added(cand["origin"], status, name, month, cand["layout"], cand["sha256"])


def _log(results: list[Added], folder: Path) -> None:
    """Remember which URLs were taken in, so ``update`` does not download them again."""
    if not results:
        return
    log = folder / FETCH_LOG
    new = not log.exists()
    with log.open("a", newline="") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(["url", "sha256", "file", "status", "fetched_at"])
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for r in results:
            writer.writerow([r.origin, r.sha256, r.file, r.status, now])


def fetched_urls(raw: str | os.PathLike[str] | None = None) -> set[str]:
    """URLs already taken in (``<raw>/<pdf folder>/fetched.csv``)."""
    log = paths.raw_dir(raw) / PDF_DIR / FETCH_LOG
    if not log.exists():
        return set()
    with log.open(newline="", encoding="utf-8") as fh:
        return {row["url"] for row in csv.DictReader(fh)}


def read_sources(path: Path) -> list[dict]:
    """The configured source pages: a list of ``{name, url, links}``.

    Raises
    ------
    FetchError
        If the file is missing or an entry lacks ``url``, naming the entry.
    """
    import yaml

    if not path.exists():
        raise FetchError(f"{path} does not exist: it lists the pages `data update` visits")
    entries = (yaml.safe_load(path.read_text()) or {}).get("sources") or []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not entry.get("url"):
            raise FetchError(f"{path}, source {i}: no 'url' given (entry {entry!r})")
    return entries


def update(
    raw: str | os.PathLike[str] | None = None,
    data_home: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | None = None,
    timeout: float = 60,
    cache: str | os.PathLike[str] | None = None,
    session=None,
) -> list[Added]:
    """Visit every configured source page and take in the reports not fetched before.

    Links already in the fetch log are not downloaded again; everything else goes through
    :func:`add` (verified, all or nothing).
    """
    data = paths.data_dir(data_home)
    config_path = Path(config) if config else data / SOURCES_FILE
    done = fetched_urls(raw)
    session = session or _session()
    results: list[Added] = []
    for entry in read_sources(config_path):
        pattern = entry.get("links", r"(?i)\.pdf$")
        with tempfile.TemporaryDirectory(prefix="pkanalysis-fetch-") as tmp:
            page, _ = download(entry["url"], Path(tmp), timeout, session)
            links = page_links(page.read_text(errors="replace"), entry["url"], pattern)
        todo = [u for u in links if u not in done]
        if todo:
            results += add(todo, raw, data_home, timeout, cache, pattern, session)
    return results


def describe(added: list[Added]) -> str:
    """A short table of what ``add``/``update`` did."""
    if not added:
        return "no new reports"
    rows = [f"{a.month}  {a.layout:<3} {a.status:<34} {a.file}  <- {a.origin}" for a in added]
    new = sum(a.status != "already held" for a in added)
    rows.append(f"{new} report(s) taken in; run `pkanalysis data build` to rebuild the snapshot")
    return "\n".join(rows)
