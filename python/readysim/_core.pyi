"""Type stubs for readysim._core, the private compiled layer (use the readysim package)."""
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str
git_hash: str

#: one column: (values, unit, description) — float64 or int64 arrays, or a list of str; unit and
#: description "" when none (the file's `units` and `description` attributes)
Column = Tuple[Union[npt.NDArray[np.float64], npt.NDArray[np.int64], List[str]], str, str]
#: /meta (str and int values) and the tables, each {column: Column}, in file order
RawResults = Tuple[Dict[str, Union[str, int]], Dict[str, Dict[str, Column]]]

class Scenario:
    """A validated scenario, immutable, all values in SI units."""
    @property
    def path(self) -> str: ...
    @property
    def replications(self) -> int: ...
    @property
    def seed(self) -> int: ...
    def summary(self) -> str: ...
    def effective_yaml(self) -> str: ...

def load_scenario(path: str, overrides: Sequence[Tuple[str, str]] = ...) -> Scenario:
    """Loads and validates a scenario; raises readysim.ScenarioError."""
def run(scenario: Scenario, replications: int, seed: int, jobs: int = 1, first_replication: int = 0,
        progress: Optional[Callable[[int, int], None]] = None, output: Optional[str] = None) -> RawResults:
    """Runs replications in forked workers with the GIL released; writes HDF5 to output if given."""
def read_results(path: str) -> RawResults:
    """Reads a results file; raises readysim.Error."""
def travel_times(scenario: Scenario, origin: str) -> Dict[str, Union[List[str], npt.NDArray[np.float64], npt.NDArray[np.int64]]]:
    """Free-flow shortest routes from a node: node, time_s, length_m, hops; raises readysim.UsageError."""
def mean_ci(values: npt.ArrayLike, confidence: float = 0.95) -> Tuple[float, float, float, float, int]:
    """(mean, low, high, half_width, n) with Student's t interval."""
def compare_metrics(a: Scenario, b: Scenario, replications: int, seed: int, jobs: int = 1,
                    confidence: float = 0.95) -> Dict[str, Union[List[str], npt.NDArray[np.float64], npt.NDArray[np.int64]]]:
    """Every metric's paired difference b - a (metric, unit, a, b, difference, low, high, half_width,
    unpaired_half_width, replications), as readysim compare prints it; the GIL is released."""
def messages(lang: str) -> Dict[str, str]:
    """The shared message catalogue of a language ("en", "zh"): {dotted key: text}; raises readysim.UsageError."""
def default_language() -> str:
    """"en" or "zh" from READYSIM_LANG, else LC_ALL, LC_MESSAGES, LANG, as the CLI's --lang default."""
