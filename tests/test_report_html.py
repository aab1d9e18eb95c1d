"""The HTML of every notebook, in every language, reads as a document and works offline.

Each notebook of ``notebooks/`` runs once per language through the report runner (the session
fixture ``notebook_run``); its HTML must show no pandas reprs, raw floats, code or prompts,
load nothing from another machine, give every image alt text, say which language it is in and
link back to the run's index.  A notebook without a ``lang`` parameter fails here.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import run_job
from pkanalysis import i18n, report

NOTEBOOKS = sorted(p.stem for p in report.NOTEBOOKS_DIR.glob("*.ipynb"))

# What a pandas or Python repr leaves in a page; numbers with 4+ decimals (either mark).
REPRS = {
    "dtype": re.compile(r"dtype"),
    "NaN": re.compile(r"\bNaN\b"),
    "<NA>": re.compile(r"<NA>"),
    "NaT": re.compile(r"\bNaT\b"),
    "Name:": re.compile(r"\bName:"),
    "None": re.compile(r"\bNone\b"),
    "True/False": re.compile(r"\b(True|False)\b"),
    "raw float": re.compile(r"\d[.,]\d{4,}"),
    "object repr": re.compile(r"<[\w.]+ (object at 0x|size \d)"),
    "prompt": re.compile(r"\b(In|Out) ?\[\d*\]:"),
    "traceback": re.compile(r"Traceback \(most recent call last\)"),
}
# nbconvert's alt text for an image that has none
NO_ALT = "No description has been provided for this image"
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_URL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*((?:https?:)?//[^'\")\s]+)", re.I)
SOURCE_TAGS = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


def visible_text(soup: BeautifulSoup) -> str:
    """The text a reader sees: no scripts, styles or markup."""
    soup = BeautifulSoup(str(soup), "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def problems(page: str, lang: str) -> list[str]:  # noqa: C901 (one check per rule, in a row)
    """What keeps a report's HTML from being an offline document in ``lang``."""
    soup = BeautifulSoup(page, "html.parser")
    found = []
    text = visible_text(soup)
    for name, pattern in REPRS.items():
        for match in list(pattern.finditer(text))[:3]:
            context = text[max(0, match.start() - 60) : match.end() + 60]
            found.append(f"{name} in the text: ...{context}...")
    if soup.html is None or soup.html.get("lang") != lang:
        found.append(f"<html lang> is {soup.html.get('lang') if soup.html else None!r}, not {lang}")
    for tag, attribute in SOURCE_TAGS.items():
        for element in soup.find_all(tag):
            value = element.get(attribute) or ""
            if EXTERNAL.match(value):
                found.append(f"<{tag} {attribute}={value!r}> loads from another machine")
    styles = [s.get_text() for s in soup.find_all("style")]
    styles += [e["style"] for e in soup.find_all(style=True)]
    for css in styles:
        found += [f"CSS loads {url}" for url in CSS_URL.findall(css)]
    if soup.find("script"):
        found.append("a report runs a script")
    for img in soup.find_all("img"):
        alt = (img.get("alt") or "").strip()
        if not alt or alt == NO_ALT:
            found.append(f"an image without alt text ({str(img)[:80]}...)")
    for figure in soup.find_all("figure"):
        img, svg = figure.find("img"), figure.find("svg")
        described = (img is not None and (img.get("alt") or "").strip() not in ("", NO_ALT)) or (
            svg is not None and (svg.get("aria-label") or svg.find("title"))
        )
        if not described:
            found.append("a <figure> without alt text")
    if soup.select(".jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt"):
        found.append("code or prompts are shown")
    for stderr in soup.select('[data-mime-type="application/vnd.jupyter.stderr"]'):
        found.append("a warning (stderr) is shown: " + " ".join(stderr.get_text().split())[:300])
    if not soup.find("a", href=re.compile(r"^\.\./index\.html(#|$)")):
        found.append("no link back to the index")
    if not (soup.title and soup.title.get_text().strip()):
        found.append("no page title")
    return found


def test_the_checks_find_each_problem():
    bad = (
        "<html lang='en'><head><script src='https://cdn.example/require.js'></script>"
        "<link rel='stylesheet' href='//fonts.example/x.css'>"
        "<style>@import 'https://fonts.example/y.css'; td{background:url(http://x.example/i.png)}"
        "</style></head><body><pre>Name: total, dtype: Int64</pre><td>NaN</td><td>&lt;NA&gt;</td>"
        "<td>NaT</td><td>-115.506962</td><td>None</td><td>True</td>"
        f"<img src='data:image/png;base64,AA' alt='{NO_ALT}'><figure><svg></svg></figure>"
        "<div class='jp-InputArea'>x = 1</div><p>&lt;Figure size 650x700 with 1 Axes&gt;</p>"
        "</body></html>"
    )
    found = "\n".join(problems(bad, "fr"))
    for expected in (
        "dtype",
        "NaN in",
        "<NA> in",
        "NaT in",
        "Name: in",
        "None in",
        "True/False in",
        "raw float in",
        "object repr in",
        "<html lang> is 'en', not fr",
        "<script src='https://cdn.example/require.js'>",
        "<link href='//fonts.example/x.css'>",
        "CSS loads https://fonts.example/y.css",
        "CSS loads http://x.example/i.png",
        "a report runs a script",
        "an image without alt text",
        "a <figure> without alt text",
        "code or prompts are shown",
        "no link back to the index",
        "no page title",
    ):
        assert expected in found, expected
    good = (
        "<html lang='fr'><head><title>Fiche pays : Népal</title><style>p{color:#222}</style>"
        "</head><body><nav><a href='../index.html#x'>Index</a></nav><p>6 247 ; 5,3 %</p>"
        "<figure><img src='data:image/svg+xml;base64,AA' alt='Effectifs'></figure></body></html>"
    )
    assert problems(good, "fr") == []


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_report_is_an_offline_document_in_its_language(notebook_run, notebook, lang):
    job = run_job(notebook_run, notebook, lang)
    assert job.status == "ok", job.error
    page = (notebook_run.folder / job.slug / f"{notebook}.html").read_text(encoding="utf-8")
    found = problems(page, lang)
    assert not found, f"{job.slug}:\n" + "\n".join(found)
    assert BeautifulSoup(page, "html.parser").title.get_text() == job.title


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_prose_follows_the_report_language(notebook):
    """Markdown cells cannot be translated: a notebook writes its text through the catalogue,
    or tags each Markdown cell with the language it is written in (``lang-en``)."""
    cells = json.loads((report.NOTEBOOKS_DIR / f"{notebook}.ipynb").read_text())["cells"]
    untagged = [
        "".join(cell["source"])[:60]
        for cell in cells
        if cell["cell_type"] == "markdown"
        and not any(t.startswith("lang-") for t in cell["metadata"].get("tags", []))
    ]
    assert not untagged, f"{notebook}: Markdown cells in no language: {untagged}"


def _index(run) -> BeautifulSoup:
    return BeautifulSoup((run.folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_index_names_groups_and_links_every_report(notebook_run):
    soup = _index(notebook_run)
    assert soup.html["lang"] == "en"
    assert not problems_of_index(soup)
    groups = soup.select("section.group")
    assert {g["id"] for g in groups} == {f"group-{j.notebook}" for j in notebook_run.jobs}
    toc = [a["href"] for a in soup.select("nav.toc a")]
    assert all(f"#{g['id']}" in toc for g in groups)
    for job in notebook_run.jobs:
        cell = soup.find("td", id=job.slug)
        assert cell is not None, job.slug
        link = cell.find("a", href=f"{job.slug}/{job.notebook}.html")
        assert link.get_text() == job.title
        assert link["hreflang"] == job.lang
        assert (notebook_run.folder / link["href"]).is_file()
    titles = [j.title for j in notebook_run.jobs]
    assert len(set(titles)) == len(titles)  # no two reports share a name
    assert "defaults" not in soup.get_text()
    assert "lang=" not in soup.get_text()
    french = next(j for j in notebook_run.jobs if j.notebook == "data_quality" and j.lang == "fr")
    assert french.title == "Qualité des données"
    header = [th.get_text() for th in groups[0].select("thead th")]
    assert header == [i18n.LANGUAGES[code] for code in i18n.LANGUAGES]
    assert soup.find("input", id="search", type="search")


def problems_of_index(soup: BeautifulSoup) -> list[str]:
    found = []
    for tag, attribute in SOURCE_TAGS.items():
        for element in soup.find_all(tag):
            if EXTERNAL.match(element.get(attribute) or ""):
                found.append(f"<{tag}> loads from another machine")
    scripts = soup.find_all("script")
    if any(s.get("src") for s in scripts):
        found.append("the index loads a script file")
    return found


def test_index_of_a_large_run_stays_one_row_per_subject():
    """146 briefs in two languages: 146 rows of two names each, under one table of contents,
    not 292 headings with every figure drawn."""
    jobs = []
    codes = sorted(i18n._country_names("en"))[:146]
    for iso3 in codes:
        for lang in ("en", "fr"):
            jobs.append(
                {
                    "notebook": "country_brief",
                    "parameters": {"iso3": iso3, "lang": lang},
                    "slug": f"country_brief__iso3-{iso3}__lang-{lang}",
                    "status": "ok",
                    "seconds": 3.2,
                    "outputs": [
                        f"country_brief__iso3-{iso3}__lang-{lang}/country_brief.html",
                        f"country_brief__iso3-{iso3}__lang-{lang}/{iso3}_monthly.png",
                    ],
                    "error": None,
                    "lang": lang,
                    "title": report.report_title("country_brief", {"iso3": iso3}, lang),
                }
            )
    manifest = {
        "run_id": "r1",
        "started": "2026-01-01T00:00:00+00:00",
        "ended": "2026-01-01T00:10:00+00:00",
        "package_version": "0",
        "languages": ["en", "fr"],
        "data_snapshot": {},
        "jobs": jobs,
    }
    soup = BeautifulSoup(report.render_index(manifest), "html.parser")
    rows = soup.select("section#group-country_brief tbody tr")
    assert len(rows) == 146
    assert all(len(r.find_all("td")) == 2 for r in rows)
    assert not soup.find("img")  # figures are listed behind each report, not drawn
    nepal = next(r for r in rows if "Nepal" in r.get_text())
    assert [a.get_text() for a in nepal.select(".name a")] == [
        "Country brief: Nepal",
        "Fiche pays\xa0: Népal",
    ]
    assert "népal" not in nepal["data-search"]
    assert "nepal" in nepal["data-search"]
    assert "npl" in nepal["data-search"].split()
    # A run whose first language is French has its index in French, French names first.
    french = BeautifulSoup(
        report.render_index({**manifest, "languages": ["fr", "en"]}), "html.parser"
    )
    assert french.html["lang"] == "fr"
    assert french.find(id="toc-title").get_text() == "Sommaire"
    assert [th.get_text() for th in french.select("#group-country_brief thead th")] == [
        "français",
        "English",
    ]
    assert "3,2\xa0s" in french.get_text()  # times in the index language's form


def test_report_names_read_as_titles_in_each_language():
    title = report.report_title
    assert title("country_brief", {"iso3": "SEN"}, "fr") == "Fiche pays\xa0: Sénégal"
    assert title("mission_brief", {"mission": "UNMISS"}, "en") == "Mission brief: UNMISS"
    assert title("conference_brief", {"conference": "2021 Seoul"}, "fr") == (
        "Fiche conférence\xa0: Séoul 2021"
    )
    assert (
        title(
            "contribution_trends",
            {"first_cycle": "2019 New York", "last_cycle": "2023 Accra", "grouping": "mission"},
            "en",
        )
        == "Contribution trends: New York 2019 to Accra 2023 (by mission)"
    )
    assert title("gender_parity_gap", {}, "fr", defaults={"year": 2024, "measure": "annual"}) == (
        "Écart par rapport à la parité des genres\xa0: 2024"
    )
    assert title("ok", {"label": "a"}, "en") == "ok (a)"


def test_every_conference_city_has_a_name_in_every_language():
    import pkanalysis as pk
    from pkanalysis.views.names import conference_name

    for conference in pk.load_conferences()["conference_id"]:
        for lang in i18n.LANGUAGES:
            assert conference_name(conference, lang).endswith(conference[:4])


def test_exporter_keeps_cells_of_the_report_language_and_leaves_out_check_cells():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cells = [
        nbformat.v4.new_markdown_cell("English prose"),
        nbformat.v4.new_markdown_cell("Texte français"),
        nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint('months: 2014-09')"),
    ]
    cells[0].metadata["tags"] = ["lang-en"]
    cells[1].metadata["tags"] = ["lang-fr"]
    cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="months: 2014-09")]
    nb.cells = cells
    french = report.export_html(nb, "fr", "Titre", "../index.html")
    assert "Texte français" in french
    assert "English prose" not in french
    assert "months: 2014-09" not in french
    assert "English prose" in report.export_html(nb, "en")
