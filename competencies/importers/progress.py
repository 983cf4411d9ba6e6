"""A text progress bar for long management commands (no dependency)."""

from __future__ import annotations

from collections.abc import Callable


def _discard(_text: str) -> None:
    return None


class ProgressBar:
    """Redraws one line: ``label [#####.....]  50%``. ``write`` must not add line endings."""

    def __init__(
        self, label: str, total: int, write: Callable[[str], None] = _discard, width: int = 30
    ) -> None:
        self.label, self.total, self.write, self.width = label, max(total, 1), write, width
        self.done = 0
        self._shown = -1

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        percent = self.done * 100 // self.total
        if percent != self._shown:
            self._shown = percent
            filled = self.width * self.done // self.total
            self.write(f"\r{self.label:<30} [{'#' * filled}{'.' * (self.width - filled)}] {percent:3d}%")

    def finish(self) -> None:
        self.advance(self.total - self.done)
        self.write("\n")
