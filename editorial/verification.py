"""Checking the history's hash chain: every entry's hash recomputed, every link to the entry before it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import GENESIS, HistoryEntry


@dataclass
class ChainReport:
    checked: int
    head: str  # the hash of the last entry, to note down and compare later
    broken: HistoryEntry | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.problem


def verify_chain(progress: Callable[[int], None] | None = None) -> ChainReport:
    """Walk the history in order; stop at the first entry that does not follow from the one before."""
    expected_sequence, previous, checked = 1, GENESIS, 0
    for entry in HistoryEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            problem = f"entries #{expected_sequence} to #{entry.sequence - 1} are missing"
            return ChainReport(checked, previous, entry, problem)
        if entry.previous_hash != previous:
            return ChainReport(checked, previous, entry, "its link to the entry before it does not match")
        if entry.compute_hash() != entry.hash:
            return ChainReport(checked, previous, entry, "its content does not match its hash")
        previous, expected_sequence, checked = entry.hash, expected_sequence + 1, checked + 1
        if progress and checked % 1000 == 0:
            progress(checked)
    return ChainReport(checked, previous)
