"""One checked repository and every diagnostic reported so far, each once: the start of every
command (`relais check` uses nothing more; generator/orchestrator.py adds the outputs)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import check, heap
from .diagnostics import Diagnostic, has_errors
from .load import LoadResult
from .model import Library

Report = Callable[[list[Diagnostic]], None]  # prints (or logs) diagnostics it is given


@dataclass
class Run:
    """A checked repository, and every diagnostic reported so far (each one once)."""

    library: Library
    report: Report
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def start(cls, root: Path, report: Report, *, parallel: bool = True) -> Run:
        """Load and check `root`, and report what the check found."""
        heap.release()  # what an earlier build of this process set aside (live preview)
        return cls.of(check.check_repository(root, parallel=parallel), report)

    @classmethod
    def of(cls, result: LoadResult, report: Report) -> Run:
        """The run of a check already made (a live preview's, see `incremental`)."""
        run = cls(result.library, report)
        run.add(result.diagnostics)
        return run

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)

    @property
    def counts(self) -> str:
        library = self.library
        return (f"{len(library.fiches)} fiche(s), {len(library.parcours)} parcours, "
                f"{len(library.referentiels)} référentiel(s)")

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Report the diagnostics not reported yet."""
        known = set(self.diagnostics)
        new = [d for d in dict.fromkeys(diagnostics) if d not in known]
        if new:
            self.report(new)
            self.diagnostics += new
