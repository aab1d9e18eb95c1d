"""The ``pkanalysis`` command line: ``datasets``, ``data add/update/build/check``, ``export``,
``report`` and ``brief``."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence

from . import __version__

# As pkanalysis.report.DEFAULT_WORKERS, without importing the runner for --help.
DEFAULT_WORKERS = os.cpu_count() or 1


def _cmd_datasets(args: argparse.Namespace) -> int:
    from .catalog import info, list_datasets

    for name in list_datasets():
        meta = info(name)
        print(f"{name:<22} {meta.kind:<10} {meta.title}")
        if args.cite:
            print(f"{'':<22} cite: {meta.citation()}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import workers

    # The reports the parse cache lacks are being parsed while the build's own imports load.
    with workers.early(args.raw, args.data, args.workers) as parsing:
        from .build import build

        summary = build(
            raw=args.raw,
            data_home=args.data,
            workers=args.workers,
            strict=not args.allow_mismatch,
            incremental=not args.full,
            parsing=parsing,
        )
    print(summary.describe())
    return 0 if summary.ok or args.allow_mismatch else 1


def _cmd_add(args: argparse.Namespace) -> int:
    from .build import fetch

    added = fetch.add(args.sources, raw=args.raw, data_home=args.data, timeout=args.timeout)
    print(fetch.describe(added))
    return 0


def _cmd_update(args: argparse.Namespace) -> int:
    from .build import fetch

    added = fetch.update(
        raw=args.raw, data_home=args.data, config=args.sources, timeout=args.timeout
    )
    print(fetch.describe(added))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .reconcile import check_report

    text, ok = check_report(data_home=args.data, verbose=args.verbose)
    print(text)
    return 0 if ok else 1


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import RunError, run_suite

    unchanged = "the partial run was removed and 'latest' is unchanged"
    try:
        result = run_suite(
            suite=args.suite, out=args.out, workers=args.workers, timeout=args.timeout
        )
    except RunError as exc:
        print(f"pkanalysis: error: {exc}; {unchanged}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"pkanalysis: interrupted; {unchanged}", file=sys.stderr)
        return 130
    print(result.summary())
    return 0 if result.ok else 1


def _cmd_brief(args: argparse.Namespace) -> int:
    from .briefs.command import run_brief
    from .report import RunError

    try:
        run = run_brief(args.kind, args.subject, args.lang, out=args.out, timeout=args.timeout)
    except RunError as exc:
        print(f"pkanalysis: error: {exc}; the partial run was removed", file=sys.stderr)
        return 2
    if not run.ok:
        last = (run.error or "").strip().splitlines()[-1:] or ["the notebook failed"]
        print(f"pkanalysis: error: the brief failed: {last[0]} (see {run.folder})", file=sys.stderr)
        return 1
    print(run.html)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    for path in export(args.table, args.format, args.panel, args.out, args.data):
        print(path)
    return 0


def _positive(kind: type) -> Callable[[str], float]:
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(
                f"must be {'at least 1' if kind is int else '> 0'}, not {text}"
            )
        return value

    parse.__name__ = kind.__name__
    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pkanalysis",
        description="UN peacekeeping contributions and pledges: build data, check it, run reports.",
    )
    p.add_argument("--version", action="version", version=f"pkanalysis {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ds = sub.add_parser("datasets", help="list the datasets pkanalysis can load")
    ds.add_argument("--cite", action="store_true", help="print how to cite each dataset")
    ds.set_defaults(func=_cmd_datasets)

    data = sub.add_parser("data", help="build or check the processed snapshot under data/")
    dsub = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    b = dsub.add_parser("build", help="parse the raw sources into data/processed/")
    b.add_argument(
        "--raw", help="raw source folder (default: $PKANALYSIS_RAW or ../shared/data/raw)"
    )
    b.add_argument("--data", help="data folder to write (default: $PKANALYSIS_DATA or data/)")
    b.add_argument(
        "--workers", type=int, default=None, help="parallel PDF workers (default: cores)"
    )
    b.add_argument(
        "--allow-mismatch",
        action="store_true",
        help="write the snapshot even if a printed total is not reproduced",
    )
    b.add_argument(
        "--full",
        action="store_true",
        help="rebuild everything even if only new months' reports were added",
    )
    b.set_defaults(func=_cmd_build)
    raw_help = "raw source folder (default: $PKANALYSIS_RAW or ../shared/data/raw)"
    a = dsub.add_parser(
        "add",
        help="take in monthly report PDFs (files, URLs, or a page listing them), verified first",
    )
    a.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    a.add_argument("--raw", help=raw_help)
    a.add_argument("--data", help="data folder (default: $PKANALYSIS_DATA or data/)")
    a.add_argument("--timeout", type=float, default=60, help="seconds per download (default 60)")
    a.set_defaults(func=_cmd_add)
    u = dsub.add_parser(
        "update", help="fetch reports not yet taken in from the configured source pages"
    )
    u.add_argument("--raw", help=raw_help)
    u.add_argument("--data", help="data folder (default: $PKANALYSIS_DATA or data/)")
    u.add_argument(
        "--sources", help="source list (default: <data>/report_sources.yml)", default=None
    )
    u.add_argument("--timeout", type=float, default=60, help="seconds per download (default 60)")
    u.set_defaults(func=_cmd_update)
    c = dsub.add_parser("check", help="reconcile parsed rows with every printed total")
    c.add_argument("--data", help="data folder to read (default: $PKANALYSIS_DATA or data/)")
    c.add_argument("-v", "--verbose", action="store_true", help="list every checked total")
    c.set_defaults(func=_cmd_check)

    e = sub.add_parser(
        "export", help="write a table or the state x period panel, with a codebook beside it"
    )
    e.add_argument("--table", required=True, help="dataset name (see `pkanalysis datasets`)")
    e.add_argument("--format", default="csv", help="csv, parquet or dta (Stata, value labels)")
    e.add_argument(
        "--panel", default=None, help="month or year: the balanced contributor x period panel"
    )
    e.add_argument("--out", default=None, help="file to write (default: <table>.<format>)")
    e.add_argument("--data", help="data folder to read (default: $PKANALYSIS_DATA or data/)")
    e.set_defaults(func=_cmd_export)

    r = sub.add_parser("report", help="run a suite of notebooks into reports/<run-id>/")
    r.add_argument("--suite", help="suite YAML file (default: suites/default.yml)")
    r.add_argument("--out", help="reports folder (default: $PKANALYSIS_REPORTS or reports/)")
    r.add_argument(
        "--workers",
        type=_positive(int),
        default=DEFAULT_WORKERS,
        help="notebooks run at once (default: %(default)s, the number of CPU cores)",
    )
    r.add_argument(
        "--timeout",
        type=_positive(float),
        default=None,
        help="seconds allowed per notebook, > 0 (default: the suite's, else 900)",
    )
    r.set_defaults(func=_cmd_report)

    br = sub.add_parser(
        "brief",
        help="write one brief (HTML, figures, tables) into reports/<run-id>/ and print its path",
        description="Write one brief: pkanalysis brief country NPL --lang fr; "
        "pkanalysis brief mission UNMISS; pkanalysis brief conference seoul-2021.",
    )
    br.add_argument("kind", choices=("country", "mission", "conference"), help="kind of brief")
    br.add_argument(
        "subject",
        help="ISO3 code or name of a state, mission acronym, or conference id (2021 Seoul)",
    )
    br.add_argument("--lang", default="en", help="language of the brief: en or fr (default en)")
    br.add_argument("--out", help="reports folder (default: $PKANALYSIS_REPORTS or reports/)")
    br.add_argument(
        "--timeout",
        type=_positive(float),
        default=None,
        help="seconds allowed for the notebook, > 0 (default 900)",
    )
    br.set_defaults(func=_cmd_brief)
    return p


def user_errors() -> tuple[type[Exception], ...]:
    """The errors that report a problem with the user's input, files or data, each with a
    message that says what and where: the command prints that message on one line.  Any other
    exception is a bug and keeps its traceback."""
    from .build import BuildError
    from .curated import CuratedTableError
    from .export import ExportError
    from .harmonise import UnknownValuesError
    from .i18n import UnknownLanguageError
    from .parse.dpo_reports import ReportError
    from .parse.ipi import SourceFileError
    from .reference import ReferenceTableError
    from .report.suite import SuiteError
    from .selection import SelectionError
    from .snapshot import SnapshotError

    return (
        OSError,
        BuildError,
        CuratedTableError,
        ExportError,
        ReferenceTableError,
        ReportError,
        SelectionError,
        SnapshotError,
        SourceFileError,
        SuiteError,
        UnknownLanguageError,
        UnknownValuesError,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pkanalysis`` command."""
    args = parser().parse_args(argv)
    # SIGTERM (systemd, CI cancelling a job) unwinds like Ctrl-C: temporary folders are removed
    # and worker processes stopped on the way out.
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except Exception as exc:
        if not isinstance(exc, user_errors()):
            raise
        print(f"pkanalysis: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pkanalysis: interrupted", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
