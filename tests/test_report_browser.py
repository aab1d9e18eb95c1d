"""The run index and two briefs in Chromium: offline, searchable, linked both ways, printable.

Uses the session's run of every notebook (``notebook_run`` in tests/conftest.py).  Every request
the pages make is intercepted: only ``file://`` addresses are let through, and the test fails if
any other was asked for.  Screenshots (and a PDF of one brief, as a browser prints it) are saved
under the run folder, in ``screenshots/``.
"""

from __future__ import annotations

import unicodedata

from conftest import launch_chromium, needs_chromium, run_job

# The page width of A4 paper less the report's print margins (16 mm each side), in CSS pixels.
A4_PRINT_WIDTH = round((210 - 32) / 25.4 * 96)

pytestmark = needs_chromium


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _visible_rows(page) -> list[str]:
    return page.eval_on_selector_all(
        "tr[data-search]", "rows => rows.filter(r => !r.hidden).map(r => r.innerText)"
    )


def test_index_and_two_briefs_work_offline_in_chromium(notebook_run):
    from playwright.sync_api import sync_playwright

    folder = notebook_run.folder
    shots = folder / "screenshots"
    shots.mkdir(exist_ok=True)
    briefs = [
        run_job(notebook_run, "country_brief", "en"),
        run_job(notebook_run, "mission_brief", "fr"),
    ]
    requested, refused = [], []

    def only_local(route):
        url = route.request.url
        requested.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        context.route("**/*", only_local)
        page = context.new_page()
        index = (folder / "index.html").as_uri()
        page.goto(index)
        rows = _visible_rows(page)
        subjects = {
            (j.notebook, str(sorted((k, str(v)) for k, v in j.parameters.items() if k != "lang")))
            for j in notebook_run.jobs
        }
        assert len(rows) == len(subjects)  # one row per subject, a column per language

        # The search box filters as one types, ignoring case and accents.
        subject = briefs[0].title.split(": ", 1)[-1]
        page.fill("#search", subject.upper())
        shown = _visible_rows(page)
        assert shown
        assert len(shown) < len(rows)
        assert all(_fold(subject) in _fold(row) for row in shown)  # "Nepal" finds "Népal"
        assert page.is_hidden("section#group-data_quality")
        cells = page.eval_on_selector_all(
            "tr[data-search]:not([hidden]) td[id]", "cells => cells.length"
        )
        assert page.inner_text("#shown").endswith(f" {cells}")
        page.screenshot(path=shots / "index-search.png", full_page=True)
        page.fill("#search", "")
        assert len(_visible_rows(page)) == len(rows)
        page.screenshot(path=shots / "index.png", full_page=True)

        for job in briefs:
            page.click(f"td[id='{job.slug}'] a[hreflang]")
            page.wait_for_load_state()
            assert page.url.endswith(f"/{job.slug}/{job.notebook}.html")
            assert page.get_attribute("html", "lang") == job.lang
            assert page.title() == job.title
            loaded = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)"
            )
            assert all(loaded)
            page.screenshot(path=shots / f"{job.slug}.png", full_page=True)
            # As printed: no navigation, nothing wider than an A4 page.
            page.emulate_media(media="print")
            page.set_viewport_size({"width": A4_PRINT_WIDTH, "height": 1000})
            assert page.is_hidden("nav.pk-back")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{job.slug}: {overflow} px wider than the printed page"
            if job is briefs[0]:
                page.pdf(path=shots / f"{job.slug}.pdf", format="A4", print_background=True)
            page.emulate_media(media="screen")
            page.set_viewport_size({"width": 1200, "height": 900})
            # The report links back to its own row of the index.
            page.click("nav.pk-back a")
            page.wait_for_load_state()
            assert page.url == f"{index}#{job.slug}"
            assert page.is_visible(f"td[id='{job.slug}']")
        browser.close()

    assert requested
    assert not refused, f"requests that would leave the machine: {refused}"
    for name in ("index.png", "index-search.png", *(f"{j.slug}.png" for j in briefs)):
        assert (shots / name).stat().st_size > 10_000, name
    assert (shots / f"{briefs[0].slug}.pdf").read_bytes().startswith(b"%PDF")
