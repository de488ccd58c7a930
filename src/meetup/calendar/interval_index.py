"""A growing set of intervals that answers "does this overlap anything?" in O(log n).

The follow-up run checks every candidate option against every option on offer; with thousands
of open invites a linear scan per candidate made ``meetup followup`` quadratic. Here the set is
kept as sorted, disjoint (merged) intervals, so a query is two bisections. Pure."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import datetime

from meetup.calendar.intervals import Interval


class IntervalIndex:
    def __init__(self, intervals: Iterable[Interval] = ()) -> None:
        self._starts: list[datetime] = []
        self._ends: list[datetime] = []
        for interval in sorted(intervals, key=lambda i: (i.start, i.end)):  # C-level tuple compare
            self.add(interval)

    def __len__(self) -> int:
        return len(self._starts)

    def add(self, interval: Interval) -> None:
        """Insert, merging with every interval it overlaps or touches."""
        first = bisect_left(self._ends, interval.start)  # the first that ends at or after its start
        last = bisect_right(self._starts, interval.end)  # past the last that starts by its end
        start, end = interval.start, interval.end
        if first < last:
            start = min(start, self._starts[first])
            end = max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]

    def overlaps(self, interval: Interval) -> bool:
        """True when ``interval`` shares time with any interval in the set (touching is not)."""
        index = bisect_right(self._ends, interval.start)  # the first that ends after its start
        return index < len(self._starts) and self._starts[index] < interval.end
