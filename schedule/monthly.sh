#!/bin/sh
# The monthly job: take in new UN reports, rebuild the snapshot, check it, then run the reports.
#
#   update  fetch reports not taken in before from the pages in data/report_sources.yml
#   build   incremental: only new reports are parsed; the snapshot is switched in whole or not
#   check   every file against the manifest's checksums, every printed total reproduced
#   report  the default suite into reports/<run-id>/ (its index shows what changed)
#
# Each step runs only if the one before it succeeded, so a failed check never reaches the
# reports: the exit status is that of the first step that failed.  PKANALYSIS_RAW,
# PKANALYSIS_DATA and PKANALYSIS_REPORTS choose the folders as for every command.
set -eu
cd "$(dirname "$0")/.."
BIN="${PKANALYSIS_BIN:-.venv/bin}"
"$BIN/pkanalysis" data update
"$BIN/pkanalysis" data build
"$BIN/pkanalysis" data check
"$BIN/pkanalysis" report "$@"
