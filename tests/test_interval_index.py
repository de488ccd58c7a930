"""The follow-up run's overlap index agrees with a linear scan (hypothesis), and merges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from meetup.calendar.interval_index import IntervalIndex
from meetup.calendar.intervals import Interval

BASE = datetime(2026, 11, 23, tzinfo=UTC)
spans = st.tuples(st.integers(0, 200), st.integers(1, 30)).map(
    lambda p: Interval(BASE + timedelta(minutes=15 * p[0]), BASE + timedelta(minutes=15 * (p[0] + p[1])))
)


@given(st.lists(spans, max_size=40), st.lists(spans, min_size=1, max_size=20))
def test_agrees_with_a_linear_scan(taken: list[Interval], queries: list[Interval]) -> None:
    index = IntervalIndex(taken[: len(taken) // 2])
    for interval in taken[len(taken) // 2 :]:
        index.add(interval)
    for query in queries:
        assert index.overlaps(query) == any(query.overlaps(t) for t in taken)


def test_touching_and_overlapping_intervals_merge() -> None:
    hour = timedelta(hours=1)
    index = IntervalIndex([Interval(BASE, BASE + hour), Interval(BASE + 2 * hour, BASE + 3 * hour)])
    assert len(index) == 2
    index.add(Interval(BASE + hour, BASE + 2 * hour))  # touches both: one interval remains
    assert len(index) == 1
    assert index.overlaps(Interval(BASE + 150 * timedelta(minutes=1), BASE + 4 * hour))
    assert not index.overlaps(Interval(BASE + 3 * hour, BASE + 4 * hour))  # touching is free
    assert not index.overlaps(Interval(BASE - hour, BASE))
