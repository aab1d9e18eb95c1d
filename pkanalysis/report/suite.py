"""Reading and checking a suite file before anything runs.

A suite is a YAML mapping; see :mod:`pkanalysis.report` for the format.  Every problem is a
:class:`SuiteError` naming the file, the line (from PyYAML's marks) and the key, so an operator
can go straight to it; nothing is started until the whole suite is valid.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import paths
from ..outputs import safe_stem

KERNEL = "pkanalysis"
DEFAULT_TIMEOUT = 900
NOTEBOOKS_DIR = paths.PROJECT_DIR / "notebooks"
SUITES_DIR = paths.PROJECT_DIR / "suites"
DEFAULT_SUITE = SUITES_DIR / "default.yml"

SUITE_KEYS = ("kernel", "timeout", "languages", "jobs")
JOB_KEYS = ("notebook", "parameters", "generate", "as", "n")


class SuiteError(ValueError):
    """A suite or one of its parameter sets is invalid; the message names file, line and key."""


@dataclass
class Job:
    notebook: str
    parameters: dict[str, Any]
    slug: str
    lang: str = "en"  # the report's language: its ``lang`` parameter, or the notebook's default
    defaults: dict[str, Any] = field(default_factory=dict)  # the notebook's declared parameters


def _slug(notebook: str, parameters: dict[str, Any]) -> str:
    parts = [notebook] + [f"{k}={v}" for k, v in sorted(parameters.items())]
    return "__".join(safe_stem(str(p)) for p in parts)[:150]


# --- generated parameter sets -----------------------------------------------------------------


def _latest_month():
    import pkanalysis as pk

    contributions = pk.load_contributions()
    return contributions[contributions["date"] == contributions["date"].max()]


def _sizes_now():
    sizes = _latest_month().groupby("contributor_iso3")["total"].sum()
    return sizes[sizes > 0].sort_values(ascending=False)


def _active_missions(n: int) -> list[str]:
    return sorted(_latest_month()["mission"].dropna().unique())


def _current_contributors(n: int) -> list[str]:
    return sorted(_sizes_now().index)


def _top_contributors(n: int) -> list[str]:
    return list(_sizes_now().index[:n])


def _conferences(n: int) -> list[str]:
    import pkanalysis as pk

    return list(pk.load_conferences()["conference_id"])


def _latest_conference(n: int) -> list[str]:
    import pkanalysis as pk

    conferences = pk.load_conferences().sort_values("start_date", kind="stable")
    return list(conferences["conference_id"].tail(1))


#: Generated parameter sets: name -> function of ``n`` (used by some) giving the values.  Add a
#: generator here; the suite schema, its error messages and :func:`generate` follow this table.
GENERATORS: dict[str, Callable[[int], list[Any]]] = {
    "active_missions": _active_missions,  # missions with personnel in the latest month
    "current_contributors": _current_contributors,  # every contributor in the latest month
    "top_contributors": _top_contributors,  # the n largest contributors in the latest month
    "conferences": _conferences,  # every conference id
    "latest_conference": _latest_conference,  # the conference that met last (briefing packs)
}


def generate(kind: str, n: int = 20) -> list[Any]:
    """Values for a generated parameter set (see :data:`GENERATORS`).

    Raises
    ------
    SuiteError
        For an unknown generator (the message lists the valid ones).
    """
    if kind not in GENERATORS:
        raise SuiteError(f"unknown generator {kind!r}; valid generators: {', '.join(GENERATORS)}")
    return GENERATORS[kind](n)


# --- parameters -------------------------------------------------------------------------------


def import_papermill():
    """Import papermill without the 1-2.5 s that jsonschema's optional IRI check costs.

    papermill imports nbformat, which imports jsonschema, which imports ``rfc3987_syntax`` when
    it is installed (jupyterlab brings it); that compiles 39 lark grammars at import, only to
    check "iri" string formats, which notebook validation never uses.  The block lasts for this
    import only.
    """
    import sys

    blocked = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # import fails; jsonschema goes without it
    try:
        import papermill
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return papermill


def notebook_parameters(notebook: str, notebooks: Path | None = None) -> dict[str, Any]:
    """The parameters a notebook declares, with their literal defaults (papermill inspection)."""
    pm = import_papermill()

    found = pm.inspect_notebook(str((notebooks or NOTEBOOKS_DIR) / f"{notebook}.ipynb"))
    return {name: ast.literal_eval(spec["default"]) for name, spec in found.items()}


def _type_ok(value: Any, default: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, list | tuple):
        return isinstance(value, list | tuple)
    return isinstance(value, type(default))


def check_job(
    job: Job, notebooks: Path | None = None, declared: dict[str, Any] | None = None
) -> None:
    """Check a parameter set: names, types (from the literal defaults) and values.

    Raises
    ------
    SuiteError
        Naming the notebook, the parameter and the valid names, type, range or values.
    """
    from .. import params

    if declared is None:
        declared = notebook_parameters(job.notebook, notebooks)
    for name, value in job.parameters.items():
        if name not in declared:
            raise SuiteError(
                f"{job.notebook}: unknown parameter {name!r}; valid parameters: "
                f"{', '.join(declared)}"
            )
        default = declared[name]
        if not _type_ok(value, default):
            raise SuiteError(
                f"{job.notebook}: parameter {name!r} must be of type "
                f"{type(default).__name__} like its default {default!r}, "
                f"not {type(value).__name__} {value!r}"
            )
        try:
            params.check(name, value)
        except ValueError as exc:
            raise SuiteError(f"{job.notebook}: parameter {name!r}: {exc}") from None


# --- the file -----------------------------------------------------------------------------------


def _compose(path: Path) -> tuple[Any, yaml.Node | None]:
    """The suite's data and its node tree (which carries the line of every key and value)."""
    try:
        loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        context = ""
        if exc.context and exc.context_mark and exc.problem:
            context = f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        raise SuiteError(
            f"{path.name}: {where}not valid YAML: {exc.problem or exc.context}{context}"
        ) from None
    except yaml.YAMLError as exc:
        raise SuiteError(f"{path.name}: not valid YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise SuiteError(f"{path.name}: not a UTF-8 text file ({exc.reason})") from None
    return data, node


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _value_node(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value_node in mapping.value:
            if key_node.value == key:
                return value_node
    return mapping


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"


class _Reader:
    """Checks one suite file; ``fail`` raises a SuiteError with file, line and key."""

    def __init__(self, path: Path, notebooks: Path) -> None:
        self.path = path
        self.notebooks = notebooks
        self.available = sorted(p.stem for p in notebooks.glob("*.ipynb"))
        self.declared: dict[str, dict[str, Any]] = {}

    def fail(self, node: yaml.Node | None, key: str, message: str) -> SuiteError:
        return SuiteError(f"{self.path.name}: line {_line(node)}: {key}: {message}")

    def keys(self, data: dict, node: yaml.Node, valid: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in valid:
                key_node = next(
                    (k for k, _ in node.value if k.value == key), node
                )  # the unknown key's own line
                raise self.fail(
                    key_node, str(key), f"unknown key in {where}; valid keys: {', '.join(valid)}"
                )

    def settings(self, data: dict, node: yaml.Node) -> dict[str, Any]:
        kernel = data.get("kernel", KERNEL)
        if not isinstance(kernel, str) or not kernel:
            raise self.fail(
                _value_node(node, "kernel"), "kernel", f"must be a kernel name, not {_kind(kernel)}"
            )
        timeout = data.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise self.fail(
                _value_node(node, "timeout"),
                "timeout",
                f"must be a number of seconds > 0, not {_kind(timeout)}",
            )
        return {"kernel": kernel, "timeout": timeout, "languages": self.languages(data, node)}

    def languages(self, data: dict, node: yaml.Node) -> list[str] | None:
        """The suite's ``languages`` (every job runs once in each), or None when not given."""
        from ..i18n import check_lang

        if "languages" not in data:
            return None
        value, where = data["languages"], _value_node(node, "languages")
        items = [value] if isinstance(value, str) else value
        item_nodes = where.value if isinstance(where, yaml.SequenceNode) else [where]
        if not isinstance(items, list) or not items:
            raise self.fail(
                where,
                "languages",
                f"must be a list of language codes like [en, fr], not {_kind(value)}",
            )
        seen: list[str] = []
        for item, item_node in zip(items, item_nodes, strict=True):
            try:
                check_lang(item)
            except ValueError as exc:
                raise self.fail(item_node, "languages", str(exc)) from None
            if item in seen:
                raise self.fail(item_node, "languages", f"{item!r} is listed twice")
            seen.append(item)
        return seen

    def notebook(self, entry: dict, node: yaml.Node) -> str:
        value = entry.get("notebook")
        where = _value_node(node, "notebook")
        if not isinstance(value, str) or not value:
            raise self.fail(where, "notebook", f"must be a notebook name, not {_kind(value)}")
        name = value.removesuffix(".ipynb")
        if "/" in name or "\\" in name or name not in self.available:
            what = "is not in notebooks/" if ("/" in name or "\\" in name) else "unknown notebook"
            raise self.fail(
                where,
                "notebook",
                f"{what} {value!r}; suites name a notebook of {self.notebooks}: "
                f"{', '.join(self.available)}",
            )
        return name

    def parameter_sets(self, name: str, entry: dict, node: yaml.Node) -> list[tuple]:
        """(parameters, node) pairs of one job entry."""
        if "generate" in entry:
            kind, kind_node = entry["generate"], _value_node(node, "generate")
            if kind not in GENERATORS:
                raise self.fail(
                    kind_node,
                    "generate",
                    f"unknown generator {kind!r}; valid generators: {', '.join(GENERATORS)}",
                )
            target = entry.get("as")
            if not isinstance(target, str):
                raise self.fail(
                    _value_node(node, "as") if "as" in entry else node,
                    "as",
                    "'generate' needs 'as: <parameter>', the parameter that receives each value",
                )
            n = entry.get("n", 20)
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                raise self.fail(_value_node(node, "n"), "n", f"must be an integer >= 1, not {n!r}")
            return [({target: v}, kind_node) for v in generate(kind, n)]
        for key in ("as", "n"):
            if key in entry:
                raise self.fail(_value_node(node, key), key, "only applies with 'generate'")
        sets = entry.get("parameters")
        sets_node = _value_node(node, "parameters")
        if sets is None:
            return [({}, node)]
        if isinstance(sets, dict):
            return [(sets, sets_node)]
        if isinstance(sets, list) and sets:
            out = []
            for item, item_node in zip(sets, sets_node.value, strict=True):
                if not isinstance(item, dict):
                    raise self.fail(
                        item_node,
                        "parameters",
                        f"each parameter set must be a mapping like {{name: value}}, "
                        f"not {_kind(item)}",
                    )
                out.append((item, item_node))
            return out
        raise self.fail(
            sets_node,
            "parameters",
            f"must be a mapping of parameters or a non-empty list of them, not {_kind(sets)}",
        )

    def jobs(
        self, name: str, parameters: dict, node: yaml.Node, languages: list[str] | None
    ) -> list[Job]:
        """The jobs of one parameter set: one per suite language unless it sets ``lang``."""
        if languages is None or "lang" in parameters:
            return [self.job(name, parameters, node)]
        if "lang" not in self.parameters_of(name):
            raise self.fail(
                node,
                "languages",
                f"{name} has no 'lang' parameter, so it cannot run in the suite's languages "
                f'({", ".join(languages)}); declare lang = "en" in its parameters cell',
            )
        return [self.job(name, {**parameters, "lang": lang}, node) for lang in languages]

    def parameters_of(self, name: str) -> dict[str, Any]:
        if name not in self.declared:
            self.declared[name] = notebook_parameters(name, self.notebooks)
        return self.declared[name]

    def job(self, name: str, parameters: dict, node: yaml.Node) -> Job:
        for key in parameters:
            if not isinstance(key, str):
                raise self.fail(node, str(key), "parameter names must be strings")
        declared = self.parameters_of(name)
        lang = parameters.get("lang", declared.get("lang", "en"))
        job = Job(name, dict(parameters), _slug(name, parameters), lang, declared)
        try:
            check_job(job, self.notebooks, declared)
        except SuiteError as exc:
            key = next(iter(parameters), "parameters")
            for candidate in parameters:
                if repr(candidate) in str(exc):
                    key = candidate
                    break
            raise SuiteError(
                f"{self.path.name}: line {_line(_value_node(node, key))}: {exc}"
            ) from None
        return job


def load_suite(
    suite: str | os.PathLike[str] | None = None, notebooks: Path | None = None
) -> tuple[list[Job], dict[str, Any]]:
    """Read a suite file into validated jobs, plus its settings (kernel, timeout).

    Parameters
    ----------
    suite : path-like, optional
        Suite YAML (default ``suites/default.yml``).
    notebooks : path, optional
        Folder of the notebooks (default: the project's ``notebooks/``).

    Returns
    -------
    jobs : list of Job
    settings : dict
        ``kernel``, ``timeout`` (seconds per notebook) and ``languages`` (None when the suite
        names none: each job then runs in its ``lang`` parameter or the notebook's default).

    Raises
    ------
    SuiteError
        For a file that is missing or not valid YAML, a key or value outside the schema (naming
        file, line and key), an unknown language, a suite with languages and a notebook without
        a ``lang`` parameter, a suite with no jobs, an unknown notebook or a notebook path outside
        the notebooks folder, and any invalid parameter set.
    """
    path = Path(suite) if suite else DEFAULT_SUITE
    notebooks = Path(notebooks) if notebooks else NOTEBOOKS_DIR
    if not path.is_file():
        raise SuiteError(
            f"suite {str(path)!r} does not exist; suites here: "
            f"{', '.join(p.name for p in sorted(SUITES_DIR.glob('*.yml')))}"
        )
    data, node = _compose(path)
    reader = _Reader(path, notebooks)
    if not isinstance(data, dict):
        raise SuiteError(
            f"{path.name}: line {_line(node)}: a suite must be a mapping with a 'jobs' list "
            f"(and optionally 'kernel', 'timeout' and 'languages'), not {_kind(data)}"
        )
    reader.keys(data, node, SUITE_KEYS, "the suite")
    settings = reader.settings(data, node)
    entries, entries_node = data.get("jobs"), _value_node(node, "jobs")
    if entries is None or entries == []:
        raise reader.fail(entries_node, "jobs", "the suite has no jobs; list at least one")
    if not isinstance(entries, list):
        raise reader.fail(entries_node, "jobs", f"must be a list of jobs, not {_kind(entries)}")
    jobs: list[Job] = []
    seen: dict[str, int] = {}
    for entry, entry_node in zip(entries, entries_node.value, strict=True):
        if not isinstance(entry, dict):
            raise reader.fail(
                entry_node,
                "jobs",
                f"each job must be a mapping like {{notebook: data_quality}}, not {_kind(entry)}",
            )
        reader.keys(entry, entry_node, JOB_KEYS, "a job")
        name = reader.notebook(entry, entry_node)
        for params_set, set_node in reader.parameter_sets(name, entry, entry_node):
            for job in reader.jobs(name, params_set, set_node, settings["languages"]):
                if job.slug in seen:
                    raise reader.fail(
                        set_node,
                        "parameters",
                        f"{name} with these parameters already appears at line {seen[job.slug]}",
                    )
                seen[job.slug] = _line(set_node)
                jobs.append(job)
    if not jobs:
        raise reader.fail(entries_node, "jobs", "the suite generated no jobs")
    return jobs, settings
