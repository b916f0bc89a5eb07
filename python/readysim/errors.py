"""readysim's exceptions: the same errors, with the same text, as the command line prints."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Union

__all__ = ["Error", "UsageError", "ScenarioError", "Diagnostic"]


class Error(RuntimeError):
    """Base of every readysim error (a worker failure, an unreadable results file…)."""


class UsageError(Error, ValueError):
    """A bad argument: a negative replication count, an unknown road node…"""


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a scenario: where (1-based line and column, 0 when unknown) and what."""

    file: str
    line: int
    column: int
    message: str
    text: str = ""  #: the CLI's ``file:line:col: error: message`` line

    def __str__(self) -> str:
        return self.text or f"{self.file}:{self.line}:{self.column}: error: {self.message}"


class ScenarioError(Error, ValueError):
    """A scenario (or a file it references) is invalid.

    ``file``, ``line``, ``column`` and ``message`` describe the first problem; ``diagnostics``
    lists every problem found, in order. ``str(error)`` is what ``readysim validate`` prints.
    """

    def __init__(self, diagnostics: Iterable[Union[Diagnostic, tuple]]):
        self.diagnostics = [d if isinstance(d, Diagnostic) else Diagnostic(*d) for d in diagnostics]
        if not self.diagnostics:
            raise ValueError("a ScenarioError needs at least one diagnostic")
        first = self.diagnostics[0]
        self.file, self.line, self.column, self.message = first.file, first.line, first.column, first.message
        super().__init__(self.diagnostics)  # args that pickle can rebuild the error from

    def __str__(self) -> str:
        return "\n".join(map(str, self.diagnostics))
