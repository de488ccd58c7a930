"""Half-open time intervals on aware datetimes and the set operations the slot finder needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """``[start, end)`` between two timezone-aware datetimes, stored in UTC.

    Storing UTC matters: Python compares and subtracts two datetimes that share a tzinfo by
    wall clock, which is wrong across a DST change. Convert back to a zone only for display.
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Interval needs timezone-aware datetimes")
        if self.start.tzinfo is not UTC:
            object.__setattr__(self, "start", self.start.astimezone(UTC))
        if self.end.tzinfo is not UTC:
            object.__setattr__(self, "end", self.end.astimezone(UTC))

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort and merge overlapping or touching intervals; empty ones vanish."""
    ordered = sorted(i for i in intervals if i.end > i.start)
    merged: list[Interval] = []
    for item in ordered:
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, item.end)
        else:
            merged.append(item)
    return merged


def subtract(base: Iterable[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """``base`` minus ``holes``: both are merged first, the result is sorted and maximal."""
    remaining = merge(base)
    cuts = merge(holes)
    result: list[Interval] = []
    j = 0
    for piece in remaining:
        start = piece.start
        while j < len(cuts) and cuts[j].end <= start:
            j += 1
        k = j
        while k < len(cuts) and cuts[k].start < piece.end:
            if cuts[k].start > start:
                result.append(Interval(start, cuts[k].start))
            start = max(start, cuts[k].end)
            if start >= piece.end:
                break
            k += 1
        if start < piece.end:
            result.append(Interval(start, piece.end))
    return result


def clip(intervals: Iterable[Interval], bounds: Interval) -> list[Interval]:
    """Cut every interval to ``bounds``; the ones outside disappear."""
    out = []
    for item in intervals:
        start = max(item.start, bounds.start)
        end = min(item.end, bounds.end)
        if end > start:
            out.append(Interval(start, end))
    return out
