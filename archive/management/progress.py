"""A text progress bar for long management commands, on standard error so reports stay clean."""

from __future__ import annotations

from django.core.management.base import OutputWrapper

WIDTH = 30


class ProgressBar:
    """`[#######.......] 120/300 files`, redrawn in place on a terminal; in a log, a line every tenth.

    Silent when not shown (verbosity 0), or when there is nothing to count.
    """

    def __init__(self, stream: OutputWrapper, total: int, *, shown: bool = True, unit: str = "files"):
        self.stream, self.total, self.unit = stream, total, unit
        self.shown = shown and total > 0
        self.done = 0
        self.on_terminal = stream.isatty()
        self.last_tenth = -1

    def advance(self) -> None:
        self.done += 1
        if not self.shown:
            return
        tenth = self.done * 10 // self.total
        if self.on_terminal:
            self.stream.write(f"\r{self.line()}", ending="")
            self.stream.flush()
        elif tenth != self.last_tenth or self.done == self.total:
            self.stream.write(self.line())
        self.last_tenth = tenth

    def finish(self) -> None:
        if self.shown and self.on_terminal:
            self.stream.write("")

    def line(self) -> str:
        filled = WIDTH * self.done // self.total
        return f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} {self.unit}"
