"""readysim for analysts: run scenarios and read their results as pandas DataFrames.

>>> import readysim
>>> res = readysim.run("scenarios/yunlianghu/scenario.yaml", replications=200,
...                    overrides={"resources.stations.brigade.engines": 2})
>>> res.summary.loc["fire.response_time", ["mean", "ci95_low", "ci95_high"]]
>>> res = readysim.load("out.h5")          # a file from `readysim run -o out.h5`
>>> readysim.plot.response_times(res, target_min=15)

``run``, ``validate`` and ``routes`` take a scenario path and ``overrides``; ``load`` and ``run``
return ``Results``; ``compare`` (one statistic of two runs), ``compare_metrics`` (every metric of
two scenarios, as ``readysim compare``) and ``mean_ci`` give confidence intervals; ``plot``
draws, in English or Chinese (``lang="zh"``). ``audit``, ``size``, ``drill`` and ``report`` run
the products of the command line (``readysim.cli``) and read back what they write.
Errors are ``readysim.Error`` and its subclasses ``ScenarioError`` (with file, line, column
and message, as ``readysim validate`` prints them) and ``UsageError``.
"""
from .errors import Diagnostic, Error, ScenarioError, UsageError
from . import _core
from .results import Results, load
from .runner import routes, run, validate
from .stats import Comparison, MeanCI, compare, compare_metrics, mean_ci
from .cli import audit, drill, report, size
from . import plot

__version__: str = _core.__version__
#: the git commit the compiled core was built from
git_hash: str = _core.git_hash

__all__ = ["Diagnostic", "Error", "ScenarioError", "UsageError", "Results", "load", "run", "validate",
           "routes", "Comparison", "MeanCI", "compare", "compare_metrics", "mean_ci", "audit", "size", "drill",
           "report", "plot", "__version__", "git_hash"]
