"""The products the command line links and the compiled core does not (audit, sizing studies,
drills, the HTML report), run through the ``readysim`` command built beside this package.

They take the same arguments as the commands and return what the commands write, read back:
``audit`` a DataFrame (``--format json``), ``size`` the study's Results (``-o``) with the printed
report, ``drill`` the exercise script's table (``msel.LANG.csv``), ``report`` the HTML file's
path. The command is ``READYSIM_BIN`` if set, else ``bin/readysim`` of the build tree this
package was built in, else ``readysim`` on the PATH. Errors are those of the rest of the
package: a bad scenario or study is a ScenarioError with every file:line:col diagnostic, a bad
argument a UsageError, a failure an Error, each with the command's own message.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
from typing import Iterable, List, Optional, Sequence, Union

import pandas as pd

from . import _core
from ._text import language as _language
from .errors import Diagnostic, Error, ScenarioError, UsageError
from .results import Results, load
from .runner import Overrides, PathLike, _overrides

__all__ = ["audit", "size", "drill", "report"]

_DIAGNOSTIC = re.compile(r"^(.*?)(?::(\d+):(\d+))?: error: (.*)$")  # line and column when known


def executable() -> str:
    """The readysim command these functions run (see the module's description)."""
    if os.environ.get("READYSIM_BIN"):
        return os.environ["READYSIM_BIN"]
    beside = pathlib.Path(_core.__file__).resolve().parent.parent.parent / "bin" / "readysim"
    if beside.is_file():
        return str(beside)
    found = shutil.which("readysim")
    if found:
        return found
    raise Error(f"the readysim command was not found (not at {beside}, not on the PATH): build it, or set READYSIM_BIN")


def _run(args: Sequence, lang: Optional[str] = None) -> str:
    """Runs ``readysim ARGS`` and returns its stdout; its failures become the package's errors."""
    command = [executable(), *map(str, args)]
    if lang is not None:
        command += ["--lang", _language(lang)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode == 0:
        return proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    found = [m for m in map(_DIAGNOSTIC.match, lines) if m]
    if proc.returncode == 2 and found:
        raise ScenarioError([Diagnostic(m[1], int(m[2] or 0), int(m[3] or 0), m[4], m[0]) for m in found])
    message = "\n".join(line.removeprefix("readysim: ") for line in lines) or f"readysim exited {proc.returncode}"
    raise (UsageError if proc.returncode == 2 else Error)(message)


def _sets(overrides: Overrides) -> List[str]:
    return [a for path, value in _overrides(overrides) for a in ("--set", f"{path}={value}")]


def audit(scenario: PathLike, overrides: Overrides = None, lang: Optional[str] = None) -> pd.DataFrame:
    """The readiness audit of a scenario (``readysim audit --format json``): a row per requirement
    R1–R19, indexed by ``id``, with ``status`` (met, not_met, partly_met, not_expressible…, stable
    names), ``status_text``, ``requirement``, ``required`` and ``found`` worded in ``lang``."""
    rows = json.loads(_run(["audit", os.fspath(scenario), "--format", "json", *_sets(overrides)], lang))
    return pd.DataFrame(rows).set_index("id")


def size(scenario: PathLike, study: PathLike, output: Optional[PathLike] = None, seed: Optional[int] = None,
         jobs: int = 1, overrides: Overrides = None, lang: Optional[str] = None) -> Results:
    """A sizing study (``readysim size SCENARIO --study STUDY``): the cheapest configuration that
    meets the study's targets. Returns the study's Results (tables ``study``, ``study_targets``,
    ``study_variables``; ``readysim.plot.sizing_frontier`` draws them) with ``.report``, the text
    the command prints, worded in ``lang``. ``output`` keeps the HDF5 file (else a temporary one
    is read and removed)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.fspath(output) if output is not None else os.path.join(tmp, "study.h5")
        args = ["size", os.fspath(scenario), "--study", os.fspath(study), "-o", path, "-j", jobs, "--quiet",
                *_sets(overrides)]
        if seed is not None:
            args += ["--seed", seed]
        text = _run(args, lang)
        results = load(path)
        if output is None:
            results.path = None
    results.report = text
    return results


def drill(scenario: PathLike, output: PathLike, select: Union[str, Iterable[str], None] = None,
          replication: Union[int, Iterable[int], None] = None, replications: Optional[int] = None,
          seed: Optional[int] = None, jobs: int = 1, overrides: Overrides = None, lang: Optional[str] = None,
          **options) -> pd.DataFrame:
    """An exercise script (``readysim drill``) written to the folder ``output``: from the
    replication at a quantile of a metric (``select="fire.response_time:p90"``, or several to
    merge their worst moments) or by index (``replication``). Further options as the command
    has them, with underscores: ``cut_from="2:00"`` is ``--from``, ``to``, ``drop``, ``target``,
    ``duration="4h"`` (the exercise's length) and ``compress=True`` (keep every inject, with time
    jumps through quiet stretches). Returns the script's injects (``msel.LANG.csv``) as a
    DataFrame; ``attrs["files"]`` lists what was written (CSV, Markdown, HTML, the controller and
    evaluator packets)."""
    args: List = ["drill", os.fspath(scenario), "-o", os.fspath(output), "-j", jobs, "--quiet", *_sets(overrides)]
    for flag, values in (("--select", select), ("--replication", replication)):
        if values is not None:
            for v in ([values] if isinstance(values, (str, int)) else values):
                args += [flag, v]
    for flag, value in (("-n", replications), ("--seed", seed), ("--from", options.pop("cut_from", None)),
                        ("--to", options.pop("to", None)), ("--target", options.pop("target", None)),
                        ("--duration", options.pop("duration", None))):
        if value is not None:
            args += [flag, value]
    if options.pop("compress", False):
        args.append("--compress")
    drop = options.pop("drop", None)
    if drop is not None:
        args += ["--drop", drop if isinstance(drop, str) else ",".join(drop)]
    if options:
        raise UsageError(f"drill: unknown option(s) {', '.join(sorted(options))} "
                         "(select, replication, replications, seed, jobs, overrides, lang, cut_from, to, drop, target, duration, compress)")
    lang = _language(lang)
    stdout = _run(args, lang)
    files = [line.split(" ", 1)[1] for line in stdout.splitlines() if line.startswith("written ")]
    table = pd.read_csv(os.path.join(os.fspath(output), f"msel.{lang}.csv"), encoding="utf-8-sig")
    table.attrs["files"] = files
    return table


def report(results: Union[Results, PathLike], output: PathLike, lang: Optional[str] = None,
           response_target: Optional[str] = None) -> str:
    """The HTML report (``readysim report``) of a results file of ``run``, ``compare`` or ``size``
    (a path, or Results read from one), written to ``output``, one self-contained page. Returns
    ``output``'s path."""
    path = results.path if isinstance(results, Results) else os.fspath(results)
    if path is None:
        raise UsageError("report needs a results file: run with output=… (or readysim.load one)")
    args = ["report", path, "-o", os.fspath(output)]
    if response_target is not None:
        args += ["--response-target", response_target]
    _run(args, lang)
    return os.fspath(output)
