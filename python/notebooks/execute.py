#!/usr/bin/python3
"""Executes the notebooks of this folder and stores them with their outputs.

    /usr/bin/python3 python/notebooks/execute.py [NOTEBOOK.ipynb ...]

Each notebook runs on Debian's python3 kernel with the readysim package of the build tree
(build/python, or the folder of READYSIM_BIN's ../python), REPLICATIONS replications (fewer
than a person would use, so that the test suite can run them too), and the analyst's results
file made by `readysim run -n REPLICATIONS` into a temporary folder. tests/python/test_notebooks.py
executes them the same way and fails when a stored output is no longer what they print: run this
script after a change to the model or the package, and commit the notebooks it rewrote.
"""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
from typing import Dict, Iterable, List, Optional

import nbclient
import nbformat

HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOKS = ("planner.ipynb", "analyst.ipynb", "drill_designer.ipynb", "flood_staff.ipynb")
#: replications of every run in the stored notebooks (the notebooks read it from the environment)
REPLICATIONS = 100
#: Figures are stored as SVG text with fixed ids and no date, so a stored notebook changes only
#: when a figure does (a PNG's base64 differs with the renderer and is opaque to a reader or a diff).
FIGURE = "image/svg+xml"  #: the output type of a stored figure
FIGURES = ["--InlineBackend.figure_formats={'svg'}",
           "--InlineBackend.print_figure_kwargs={'bbox_inches': 'tight', 'metadata': {'Date': None}}",
           "--InlineBackend.rc={'svg.hashsalt': 'readysim', 'svg.fonttype': 'path'}"]


def readysim_bin() -> pathlib.Path:
    """The CLI under test: READYSIM_BIN, else build/bin/readysim of this source tree."""
    return pathlib.Path(os.environ.get("READYSIM_BIN", HERE.parents[1] / "build" / "bin" / "readysim")).resolve()


def environment(results_file: pathlib.Path) -> Dict[str, str]:
    """What the kernels inherit: the build tree's package first, the replications, the results file."""
    package = readysim_bin().resolve().parent.parent / "python"
    return {**os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(package), os.environ.get("PYTHONPATH")])),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "READYSIM_NOTEBOOK_REPLICATIONS": str(REPLICATIONS),
            "READYSIM_RESULTS": str(results_file),
            "READYSIM_BIN": str(readysim_bin()),
            "READYSIM_LANG": "en"}


def make_results(folder: pathlib.Path) -> pathlib.Path:
    """The analyst's results file: the default district, REPLICATIONS replications, its seed."""
    path = folder / "yunlianghu.h5"
    subprocess.run([str(readysim_bin()), "run", str(HERE.parents[1] / "scenarios" / "yunlianghu" / "scenario.yaml"),
                    "-n", str(REPLICATIONS), "-o", str(path), "--quiet"], check=True, capture_output=True)
    return path


def execute(nb: nbformat.NotebookNode, results_file: pathlib.Path) -> nbformat.NotebookNode:
    """Runs every cell of `nb` in this folder (outputs replace the stored ones); raises on an error."""
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600, record_timing=False,
                                     resources={"metadata": {"path": str(HERE)}}, extra_arguments=FIGURES)
    saved = dict(os.environ)
    os.environ.update(environment(results_file))  # the kernel inherits this process's environment
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def outputs(nb: nbformat.NotebookNode, cells: Optional[int] = None) -> List[list]:
    """Per code cell (of the first `cells`), what it printed and showed, as text: figures as their
    text (\"<Figure size … with 2 Axes>\"), not their pixels, which depend on the font renderer."""
    out = []
    for cell in nb.cells[:cells]:
        if cell.cell_type != "code":
            continue
        shown = []
        for o in cell.get("outputs", []):
            if o["output_type"] == "stream":
                shown.append((o["name"], o["text"]))
            elif o["output_type"] in ("execute_result", "display_data"):
                data = o.get("data", {})
                shown.append(tuple(sorted((k, v) for k, v in data.items() if k.startswith("text/"))))
                shown.append((FIGURE in data,))
            else:
                shown.append((o["output_type"], o.get("ename"), o.get("evalue")))
        out.append(shown)
    return out


def main(names: Iterable[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        results = make_results(pathlib.Path(tmp))
        for name in names:
            path = HERE / name
            nb = nbformat.read(path, as_version=4)
            execute(nb, results)
            nbformat.write(nb, path)
            print(f"executed {path.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or NOTEBOOKS))
