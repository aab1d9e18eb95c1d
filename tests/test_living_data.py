"""Living data (issue 13): incremental builds, atomic snapshots, verified checksums, kill tests.

Builds run on a small raw folder: the real CSV sources (linked, not copied) and two or three
report PDFs copied into the test's temporary folder, with a parse cache of its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pkanalysis import loaders, paths, snapshot
from pkanalysis.build import BuildError, build, fetch, write
from pkanalysis.cli import main

PDF_DIR = "un_dpo_contributions_monthly_pdfs"
IPI = "ipi_providing_for_peacekeeping"
FIRST = ["UN_country_contributions_2025_05.pdf", "UN_country_contributions_2025_06.pdf"]
NEXT = "UN_country_contributions_2025_07.pdf"


def _ctrl_c_as_at_a_terminal() -> None:
    """Run in the child before it starts: pytest-xdist's workers ignore SIGINT, and an ignored
    signal stays ignored across exec; a command started from a terminal has its default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _raw(raw_dir: Path, folder: Path, pdfs: list[str]) -> Path:
    folder.mkdir(parents=True)
    for entry in raw_dir.iterdir():
        if entry.is_dir() and entry.name != PDF_DIR:
            (folder / entry.name).symlink_to(entry)
    (folder / PDF_DIR).mkdir()
    for name in pdfs:
        shutil.copyfile(raw_dir / PDF_DIR / name, folder / PDF_DIR / name)
    return folder


def _table_files(data: Path) -> int:
    """Files of the snapshot other than the manifest (the manifest lists them all)."""
    return len(list((data / "processed").iterdir())) - 1


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def template(raw_dir: Path, tmp_path_factory) -> Path:
    """A data folder built from two reports, and the parse cache that build filled."""
    base = tmp_path_factory.mktemp("template")
    raw = _raw(raw_dir, base / "raw", FIRST)
    data = base / "data"
    data.mkdir()
    for f in [*paths.data_dir().glob("*.csv"), paths.data_dir() / "report_sources.yml"]:
        shutil.copyfile(f, data / f.name)
    build(raw=raw, data_home=data, workers=2, cache=base / "cache" / "parsed")
    return base


@pytest.fixture
def site(template: Path, raw_dir: Path, tmp_path: Path, monkeypatch) -> dict[str, Path]:
    """This test's own raw folder, built data folder and parse cache."""
    raw = _raw(raw_dir, tmp_path / "raw", FIRST)
    shutil.copytree(template / "data", tmp_path / "data")
    shutil.copytree(template / "cache", tmp_path / "cache")
    monkeypatch.setenv("PKANALYSIS_CACHE", str(tmp_path / "cache"))
    return {"raw": raw, "data": tmp_path / "data", "cache": tmp_path / "cache"}


def _build(site: dict[str, Path], **kwargs):
    return build(raw=site["raw"], data_home=site["data"], workers=2, **kwargs)


# --- incremental build ---------------------------------------------------------------------------


def test_a_new_month_parses_one_report_and_is_reported_as_changed(site, raw_dir):
    shutil.copyfile(raw_dir / PDF_DIR / NEXT, site["raw"] / PDF_DIR / NEXT)
    summary = _build(site)
    assert (summary.parsed, summary.cached) == (1, 2)
    manifest = json.loads((site["data"] / "processed" / "manifest.json").read_text())
    assert manifest["reports_parsed"] == {"parsed": 1, "cached": 2}
    assert manifest["changes"]["new_months"] == ["2025-07"]
    assert manifest["changes"]["revised_months"] == []
    assert len(manifest["changes"]["contributors"]) == 5
    assert "new months: 2025-07" in summary.describe()
    assert snapshot.verify(site["data"] / "processed") == _table_files(site["data"])
    # and a rebuild with nothing new parses nothing
    again = _build(site)
    assert (again.parsed, again.cached) == (0, 3)
    assert again.changes["new_months"] == []
    assert again.changes["contributors"] == []


def test_extending_the_snapshot_writes_what_a_full_build_writes(site, raw_dir, tmp_path):
    full = tmp_path / "full-data"
    shutil.copytree(site["data"], full)
    shutil.copyfile(raw_dir / PDF_DIR / NEXT, site["raw"] / PDF_DIR / NEXT)
    extended = _build(site)
    assert extended.mode == "extended the previous snapshot with 2025-07"
    rebuilt = build(raw=site["raw"], data_home=full, workers=2, incremental=False)
    assert rebuilt.mode == "full build: full build requested"
    ours, theirs = _files(site["data"] / "processed"), _files(full / "processed")
    assert ours.keys() == theirs.keys()
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert differ == ["manifest.json"]  # build time, seconds, parse counts
    a, b = (json.loads(d["manifest.json"]) for d in (ours, theirs))
    for key in ("outputs", "files", "months_missing", "notes", "reconciliation", "sources"):
        assert a[key] == b[key], key
    assert a["changes"] == b["changes"]
    assert a["changes"]["new_months"] == ["2025-07"]


def test_a_changed_source_means_a_full_build(site, raw_dir):
    shutil.copyfile(raw_dir / PDF_DIR / NEXT, site["raw"] / PDF_DIR / NEXT)
    (site["data"] / "report_date_overrides.csv").write_text(
        (site["data"] / "report_date_overrides.csv").read_text() + "\n"
    )
    summary = _build(site)
    assert summary.mode == (
        "full build: sources other than the reports, data tables or code changed"
    )
    assert summary.changes["new_months"] == ["2025-07"]


def test_a_parser_change_invalidates_the_cache(site, monkeypatch):
    from pkanalysis.build import parse

    monkeypatch.setattr(parse, "parser_version", lambda: "another-parser")
    summary = _build(site)
    assert (summary.parsed, summary.cached) == (2, 0)


# --- atomic snapshot: refused, failed and interrupted builds -------------------------------------


def test_refused_build_leaves_the_snapshot_byte_identical(site, raw_dir):
    before = _files(site["data"] / "processed")
    # IPI's grand total of men for 2009-11 off by one: a printed total nobody explains
    ipi = site["raw"] / IPI
    ipi.unlink()
    ipi.mkdir()
    for entry in (raw_dir / IPI).iterdir():
        (ipi / entry.name).symlink_to(entry)
    (ipi / "full_gender_data.csv").unlink()
    text = (raw_dir / IPI / "full_gender_data.csv").read_text()
    assert ",95013,3017,98113\n" in text
    (ipi / "full_gender_data.csv").write_text(
        text.replace(",95013,3017,98113\n", ",95014,3017,98113\n", 1)
    )
    with pytest.raises(BuildError) as err:
        _build(site)
    refused = site["data"] / "processed.refused"
    assert str(err.value) == (
        "1 printed total(s) not reproduced and not explained; data/processed/ is unchanged; "
        f"the refused build is in {refused} (see {refused / 'reconciliation.parquet'}; build "
        "with --allow-mismatch to switch it in anyway)"
    )
    assert _files(site["data"] / "processed") == before
    assert main(["data", "check", "--data", str(site["data"])]) == 0
    recon = pd.read_parquet(refused / "reconciliation.parquet")
    assert recon.loc[recon["status"] == "mismatch", "diff_male"].tolist() == [-1]
    assert not list(site["data"].glob(".processed.*"))


def test_unknown_layout_stops_the_build_naming_the_file(site):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    before = _files(site["data"] / "processed")
    fig = plt.figure()
    fig.text(0.1, 0.9, "Quarterly troop summary 2031")
    fig.savefig(site["raw"] / PDF_DIR / "UN_country_contributions_2025_08.pdf", format="pdf")
    plt.close(fig)
    expected = (
        "UN_country_contributions_2025_08.pdf: layout not recognised (first page begins "
        "'Quarterly troop summary 2031'); known layouts: "
    )
    with pytest.raises(Exception, match=f"^{re.escape(expected)}"):
        _build(site)
    assert _files(site["data"] / "processed") == before
    assert not list(site["data"].glob(".processed.*"))


def _immutable(folder: Path, on: bool) -> None:
    """A folder nobody may write to: chmod for users, the immutable flag for root (who
    ignores permissions)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if on else "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555 if on else 0o755)


def test_read_only_data_folder_is_refused_before_any_parsing(site, tmp_path):
    fresh = tmp_path / "fresh-cache"
    _immutable(site["data"], True)
    try:
        with pytest.raises(BuildError) as err:
            _build(site, cache=fresh)
    finally:
        _immutable(site["data"], False)
    assert str(err.value).startswith(f"cannot write the snapshot: data folder {site['data']} is ")
    assert str(err.value).endswith("; nothing was parsed and data/processed/ is unchanged")
    assert not fresh.exists()  # no report was parsed


def test_a_second_build_of_the_same_folder_is_refused_while_one_runs(site):
    import fcntl

    before = _files(site["data"] / "processed")
    with (site["data"] / write.LOCK).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
        with pytest.raises(BuildError) as err:
            _build(site)
    assert str(err.value) == (
        f"another build is writing to {site['data']} (it holds {site['data'] / write.LOCK}); "
        "wait for it to finish"
    )
    assert _files(site["data"] / "processed") == before
    assert _build(site).ok  # and once it is released, building works


# --- checksums -----------------------------------------------------------------------------------


def test_truncated_table_is_named_by_check_and_by_the_loader(site, capsys):
    path = site["data"] / "processed" / "contributions.arrow"
    size = path.stat().st_size
    path.write_bytes(path.read_bytes()[: size // 2])
    assert main(["data", "check", "--data", str(site["data"])]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"pkanalysis: error: {path}: {size // 2:,} bytes where manifest.json records {size:,} "
        "(truncated, or not the file this snapshot was built with); rebuild with "
        "`pkanalysis data build` or restore data/processed/\n"
    )
    with pytest.raises(snapshot.SnapshotError, match=f"^{path}: "):
        loaders.load_contributions(data_home=site["data"])


def test_mixed_snapshot_is_named(site):
    # sources.csv from another build (the same size, other bytes), as a half-restored copy
    processed = site["data"] / "processed"
    text = (processed / "sources.csv").read_bytes()
    (processed / "sources.csv").write_bytes(text.replace(b"used", b"USED"))
    with pytest.raises(snapshot.SnapshotError) as err:
        snapshot.verify(processed)
    assert str(err.value).startswith(f"{processed / 'sources.csv'}: sha256 ")
    assert "(changed since the build)" in str(err.value)


# --- kill tests ----------------------------------------------------------------------------------


def _session_processes(sid: int) -> list[int]:
    """Live (not zombie) processes of a session, from /proc."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            alive.append(int(stat.parent.name))
    return alive


@pytest.mark.parametrize(
    ("stage", "how"),
    [("parse", "SIGINT"), ("parse", "SIGKILL"), ("write", "SIGINT"), ("switch", "SIGKILL")],
)
def test_a_killed_build_leaves_a_verifying_snapshot_and_no_process(site, tmp_path, stage, how):
    processed = site["data"] / "processed"
    before = _files(processed)
    marker = tmp_path / "paused"
    env = {
        **os.environ,
        "PKANALYSIS_CACHE": str(tmp_path / "empty-cache"),  # the workers have reports to parse
        write.PAUSE_ENV: f"{stage}:{marker}",
    }
    cmd = [sys.executable, "-m", "pkanalysis.cli", "data", "build", "--workers", "2"]
    cmd += ["--raw", str(site["raw"]), "--data", str(site["data"])]
    proc = subprocess.Popen(
        cmd,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_ctrl_c_as_at_a_terminal,
    )
    try:
        deadline = time.monotonic() + 300
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), proc.communicate()
        if how == "SIGINT":  # Ctrl-C: the terminal signals the whole process group
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=120)
        deadline = time.monotonic() + 60
        while _session_processes(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _session_processes(proc.pid) == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
    assert _files(processed) == before
    assert snapshot.verify(processed) == _table_files(site["data"])
    leftovers = list(site["data"].glob(".processed.*"))
    if how == "SIGINT":
        assert proc.returncode == 130
        assert leftovers == []  # Ctrl-C cleans up its staging folder
    else:
        assert proc.returncode == -signal.SIGKILL
        write.recover(site["data"])  # what the next build does first
        assert list(site["data"].glob(".processed.*")) == []
    assert list((tmp_path / "empty-cache").rglob("*.tmp")) == []


# --- data add / data update ----------------------------------------------------------------------


class _Server:
    """A local HTTP server (a thread) serving a folder, with a few misbehaving paths."""

    def __init__(self, folder: Path):
        import functools
        import http.server
        import threading

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith("/slow/"):
                    time.sleep(3)
                if self.path.startswith("/html-as-pdf/"):
                    body = b"<!DOCTYPE html><html><body>Access denied</body></html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.path = self.path.replace("/slow/", "/")
                super().do_GET()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(raw_dir: Path, tmp_path: Path):
    """Copies of raw reports under /reports/, and a page linking to them at /index.html."""
    site = tmp_path / "web"
    (site / "reports").mkdir(parents=True)
    for name in [*FIRST, NEXT]:
        shutil.copyfile(raw_dir / PDF_DIR / name, site / "reports" / name)
    links = "".join(f'<li><a href="reports/{n}">{n}</a></li>' for n in [*FIRST, NEXT])
    (site / "index.html").write_text(
        f"<html><body><ul>{links}<li><a href='/about.html'>about</a></li></ul></body></html>"
    )
    srv = _Server(site)
    yield srv
    srv.close()


def _raw_state(site) -> dict[str, bytes]:
    return {
        str(p.relative_to(site["raw"] / PDF_DIR)): p.read_bytes()
        for p in sorted((site["raw"] / PDF_DIR).rglob("*"))
        if p.is_file()
    }


def test_add_a_local_report_then_build_parses_nothing_more(site, raw_dir, tmp_path):
    download = tmp_path / "downloads" / "july report.pdf"
    download.parent.mkdir()
    shutil.copyfile(raw_dir / PDF_DIR / NEXT, download)
    added = fetch.add([str(download)], raw=site["raw"], data_home=site["data"])
    assert [(a.status, a.file, a.month, a.layout) for a in added] == [
        ("added", NEXT, "2025-07", "C")
    ]
    assert (site["raw"] / PDF_DIR / NEXT).read_bytes() == download.read_bytes()
    summary = _build(site)
    assert (summary.parsed, summary.cached) == (0, 3)  # parsed once, while being checked
    assert summary.changes["new_months"] == ["2025-07"]
    # the same bytes again under any name: recognised by content, nothing changes
    state = _raw_state(site)
    again = fetch.add([str(download)], raw=site["raw"], data_home=site["data"])
    assert [(a.status, a.file) for a in again] == [("already held", NEXT)]
    assert _raw_state(site) == state


def test_a_reissued_report_replaces_the_old_one(site):
    old = site["raw"] / PDF_DIR / FIRST[1]
    reissue = site["raw"].parent / "reissue.pdf"
    # other bytes, the same printed month (a comment after the end of the file)
    old_bytes = old.read_bytes()
    old_sha = hashlib.sha256(old_bytes).hexdigest()
    reissue.write_bytes(old_bytes + b"\n% re-issued\n")
    added = fetch.add([str(reissue)], raw=site["raw"], data_home=site["data"])
    assert [(a.status, a.file, a.month) for a in added] == [
        (f"re-issue, replaces {FIRST[1]}", FIRST[1], "2025-06")
    ]
    superseded = list((site["raw"] / PDF_DIR / "superseded").iterdir())
    assert [p.name for p in superseded] == [f"{FIRST[1][:-4]}-{old_sha[:8]}.pdf"]
    assert superseded[0].read_bytes() == old_bytes
    summary = _build(site)
    assert summary.changes["revised_months"] == []  # the same numbers


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"<!DOCTYPE html><html><body>Not found</body></html>",
            "{origin}: an HTML page, not a report PDF (the file begins '<!DOCTYPE html><html>"
            "<body>Not found</bo', a PDF begins '%PDF-'); nothing was changed",
        ),
        (
            b"Country,Troops\nNepal,5\n",
            "{origin}: not a PDF, not a report PDF (the file begins 'Country,Troops\\nNepal,5', "
            "a PDF begins '%PDF-'); nothing was changed",
        ),
    ],
)
def test_add_refuses_what_is_not_a_report(site, tmp_path, content, message):
    state = _raw_state(site)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(fetch.FetchError) as err:
        fetch.add([str(bad)], raw=site["raw"], data_home=site["data"])
    assert str(err.value) == message.format(origin=bad)
    assert _raw_state(site) == state


def test_add_refuses_a_report_of_unknown_layout_and_adds_nothing(site, raw_dir, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    state = _raw_state(site)
    odd = tmp_path / "odd.pdf"
    fig = plt.figure()
    fig.text(0.1, 0.9, "Quarterly troop summary 2031")
    fig.savefig(odd, format="pdf")
    plt.close(fig)
    good = raw_dir / PDF_DIR / NEXT
    with pytest.raises(fetch.FetchError) as err:
        fetch.add([str(good), str(odd)], raw=site["raw"], data_home=site["data"])
    assert str(err.value).startswith(
        f"{odd}: layout not recognised (first page begins 'Quarterly troop summary 2031'); "
        "known layouts: A, A2, "
    )
    assert _raw_state(site) == state  # the good one was not added either


def test_add_from_a_url_and_from_a_page_of_links(site, server):
    added = fetch.add([f"{server.url}/reports/{NEXT}"], raw=site["raw"], data_home=site["data"])
    assert [(a.status, a.file) for a in added] == [("added", NEXT)]
    page = fetch.add([f"{server.url}/index.html"], raw=site["raw"], data_home=site["data"])
    assert [(a.status, a.file) for a in page] == [("already held", n) for n in [*FIRST, NEXT]]
    log = pd.read_csv(site["raw"] / PDF_DIR / "fetched.csv")
    assert log["url"].tolist() == [f"{server.url}/reports/{n}" for n in [NEXT, *FIRST, NEXT]]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/reports/missing.pdf", "{url}: the server answered HTTP 404 File not found; "),
        (
            f"/html-as-pdf/{NEXT}",
            "{url}: an HTML page, not a report PDF (the file begins '<!DOCTYPE html><html>"
            "<body>Access denied', a PDF begins '%PDF-'); ",
        ),
        (f"/slow/reports/{NEXT}", "{url}: no answer within 0.5 s; "),
    ],
)
def test_failed_downloads_are_clear_errors_and_change_nothing(site, server, path, message):
    state = _raw_state(site)
    url = f"{server.url}{path}"
    with pytest.raises(fetch.FetchError) as err:
        fetch.add([url], raw=site["raw"], data_home=site["data"], timeout=0.5)
    assert str(err.value) == message.format(url=url) + "nothing was changed"
    assert _raw_state(site) == state


def test_refused_connection_is_a_clear_error(site):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/r.pdf"
    with pytest.raises(fetch.FetchError) as err:
        fetch.add([url], raw=site["raw"], data_home=site["data"], timeout=2)
    assert str(err.value).startswith(f"{url}: download failed (")
    assert str(err.value).endswith("; nothing was changed")


def test_update_fetches_only_new_links_from_the_configured_pages(site, server, tmp_path):
    config = tmp_path / "sources.yml"
    config.write_text(
        f"sources:\n  - name: test page\n    url: {server.url}/index.html\n"
        "    links: 'contributions_2025_0[67]\\.pdf$'\n"
    )
    first = fetch.update(raw=site["raw"], data_home=site["data"], config=config)
    assert [(a.status, a.file) for a in first] == [
        ("already held", FIRST[1]),
        ("added", NEXT),
    ]
    assert fetch.update(raw=site["raw"], data_home=site["data"], config=config) == []
    assert main(["data", "build", "--raw", str(site["raw"]), "--data", str(site["data"])]) == 0
    assert main(["data", "check", "--data", str(site["data"])]) == 0
