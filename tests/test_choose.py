"""The option chooser: every rule as a property, plus spread, DST weeks and far-apart zones."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meetup.calendar.intervals import Interval
from meetup.invite.activities import activity_for
from meetup.invite.chooser import ChoiceRules, choose_options

BERLIN = ZoneInfo("Europe/Berlin")
LA = ZoneInfo("America/Los_Angeles")
KOLKATA = ZoneInfo("Asia/Kolkata")
ZONES = [BERLIN, LA, KOLKATA, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Asia/Kathmandu")]
# Weeks chosen to contain a DST change: EU spring/autumn, and the US-only March weeks.
BASES = [
    datetime(2026, 11, 23, 8, tzinfo=BERLIN),
    datetime(2026, 3, 25, 8, tzinfo=BERLIN),
    datetime(2026, 10, 21, 8, tzinfo=BERLIN),
    datetime(2026, 3, 5, 8, tzinfo=BERLIN),
]


def _windows(base: datetime) -> st.SearchStrategy[list[Interval]]:
    return st.lists(
        st.tuples(st.integers(0, 24 * 4 * 10), st.integers(2, 4 * 12)).map(
            lambda t: Interval(
                base + timedelta(minutes=15 * t[0]), base + timedelta(minutes=15 * (t[0] + t[1]))
            )
        ),
        max_size=12,
    )


@st.composite
def scenario(draw: st.DrawFn) -> tuple[datetime, list[Interval], list[Interval]]:
    base = draw(st.sampled_from(BASES))
    return base, draw(_windows(base)), draw(_windows(base))


def _assert_rules(
    got: list[Interval],
    *,
    free: list[Interval],
    taken: list[Interval],
    now: datetime,
    rules: ChoiceRules,
    user_zone: ZoneInfo,
    friend_zone: ZoneInfo,
) -> None:
    assert len(got) <= rules.count
    assert got == sorted(got)
    for n, option in enumerate(got):
        assert option.duration == rules.duration
        assert any(w.contains(option) for w in free), "inside one free window"
        assert option.start >= now + rules.min_notice
        assert not any(option.overlaps(t) for t in taken), "never overlaps another invite's option"
        assert not any(option.overlaps(other) for other in got[n + 1 :])
        local = option.start.astimezone(user_zone)
        assert local.minute in (0, 30) and local.second == 0 and local.microsecond == 0
        start_f, end_f = option.start.astimezone(friend_zone), option.end.astimezone(friend_zone)
        assert rules.waking[0] <= start_f.time()
        assert end_f.date() == start_f.date() and end_f.time() <= rules.waking[1]


@settings(max_examples=200, deadline=None)
@given(
    case=scenario(),
    duration=st.sampled_from([30, 45, 60, 90, 120]),
    count=st.integers(1, 5),
    notice=st.sampled_from([0, 1, 12, 36]),
    user_zone=st.sampled_from([BERLIN, LA, KOLKATA]),
    friend_zone=st.sampled_from(ZONES),
    preferred=st.sampled_from([None, (time(12), time(14)), (time(18), time(23))]),
    seed=st.integers(0, 1000),
)
def test_options_obey_every_rule(
    case: tuple[datetime, list[Interval], list[Interval]],
    duration: int,
    count: int,
    notice: int,
    user_zone: ZoneInfo,
    friend_zone: ZoneInfo,
    preferred: tuple[time, time] | None,
    seed: int,
) -> None:
    now, free, taken = case
    rules = ChoiceRules(
        duration=timedelta(minutes=duration),
        count=count,
        min_notice=timedelta(hours=notice),
        preferred=preferred,
    )
    kwargs = dict(now=now, rules=rules, user_zone=user_zone, friend_zone=friend_zone, taken=taken)
    got = choose_options(free, seed=seed, **kwargs)  # type: ignore[arg-type]
    _assert_rules(got, free=free, **kwargs)  # type: ignore[arg-type]
    assert got == choose_options(free, seed=seed, **kwargs), "deterministic per seed"  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(case=scenario(), seed=st.integers(0, 1000))
def test_room_means_options(case: tuple[datetime, list[Interval], list[Interval]], seed: int) -> None:
    """When some candidate exists, at least one option is offered; count fills when room allows."""
    now, free, _ = case
    rules = ChoiceRules(
        duration=timedelta(minutes=30), count=3, min_notice=timedelta(0), waking=(time(0), time(0))
    )
    got = choose_options(free, now=now, rules=rules, user_zone=BERLIN, friend_zone=BERLIN, seed=seed)
    roomy = [w for w in free if w.start >= now and w.duration >= timedelta(hours=1)]
    if roomy:
        assert got
    assert len(got) == len(set(got))


def _evenings(first: datetime, days: int, zone: ZoneInfo = BERLIN) -> list[Interval]:
    return [
        Interval(
            datetime.combine(first.date() + timedelta(days=d), time(18), tzinfo=zone),
            datetime.combine(first.date() + timedelta(days=d), time(22), tzinfo=zone),
        )
        for d in range(days)
    ]


def test_a_week_of_free_evenings_spreads_over_days() -> None:
    now = BASES[0]
    for seed in range(20):
        got = choose_options(
            _evenings(now, 7), now=now, rules=ChoiceRules(timedelta(hours=1)), user_zone=BERLIN,
            friend_zone=BERLIN, seed=seed,
        )  # fmt: skip
        assert len(got) == 3
        assert len({o.start.astimezone(BERLIN).date() for o in got}) == 3, "three different evenings"
        # Not all on the very first free evening, and never later than the week.
        assert max(o.start for o in got) - min(o.start for o in got) >= timedelta(days=1)


def test_whole_free_days_spread_over_times_of_day() -> None:
    now = BASES[0]
    days = [
        Interval(
            datetime.combine(now.date() + timedelta(days=d), time(8), tzinfo=BERLIN),
            datetime.combine(now.date() + timedelta(days=d), time(22), tzinfo=BERLIN),
        )
        for d in range(1, 8)
    ]
    got = choose_options(
        days, now=now, rules=ChoiceRules(timedelta(hours=1)), user_zone=BERLIN, friend_zone=BERLIN
    )
    hours = {o.start.astimezone(BERLIN).hour // 6 for o in got}
    assert len(got) == 3 and len(hours) >= 2, got


def test_preferred_hours_win_when_free() -> None:
    now = BASES[0]
    days = [
        Interval(
            datetime.combine(now.date() + timedelta(days=d), time(8), tzinfo=BERLIN),
            datetime.combine(now.date() + timedelta(days=d), time(22), tzinfo=BERLIN),
        )
        for d in range(1, 8)
    ]
    lunch = activity_for("lunch")
    rules = ChoiceRules(lunch.duration, preferred=lunch.preferred)
    for seed in range(5):
        got = choose_options(days, now=now, rules=rules, user_zone=BERLIN, friend_zone=BERLIN, seed=seed)
        assert len(got) == 3
        for o in got:
            local = o.start.astimezone(BERLIN)
            assert lunch.hours is not None
            assert lunch.hours[0] <= local.time() and (local + lunch.duration).time() <= lunch.hours[1]


def test_friend_in_los_angeles_gets_only_their_waking_hours() -> None:
    """LA is 9 hours behind Berlin: its 08:00-22:00 is Berlin's 17:00-07:00."""
    now = BASES[0]
    free = [
        Interval(
            datetime.combine(now.date() + timedelta(days=d), time(6), tzinfo=BERLIN),
            datetime.combine(now.date() + timedelta(days=d), time(23), tzinfo=BERLIN),
        )
        for d in range(1, 6)
    ]
    rules = ChoiceRules(timedelta(hours=1))
    got = choose_options(free, now=now, rules=rules, user_zone=BERLIN, friend_zone=LA, seed=3)
    assert len(got) == 3
    for o in got:
        assert o.start.astimezone(LA).time() >= time(8) and o.end.astimezone(LA).time() <= time(22)
        berlin = o.start.astimezone(BERLIN).time()
        assert berlin >= time(17) or berlin <= time(6)


def test_dst_week_keeps_round_times_and_exact_durations() -> None:
    """29 March 2026: Berlin springs forward at 02:00; options still start on :00/:30, last 1 h."""
    now = datetime(2026, 3, 27, 8, tzinfo=BERLIN)
    got = choose_options(
        _evenings(now, 4), now=now, rules=ChoiceRules(timedelta(hours=1), count=4), user_zone=BERLIN,
        friend_zone=LA, seed=1,
    )  # fmt: skip
    assert len(got) == 4, "one option on each of the four evenings, across the change"
    for o in got:
        local = o.start.astimezone(BERLIN)
        assert local.minute in (0, 30) and o.duration == timedelta(hours=1)
        assert time(8) <= o.start.astimezone(LA).time()


def test_half_hour_zone_friend_round_in_user_zone() -> None:
    """Asia/Kolkata is UTC+5:30: the user's round time is the rule."""
    now = BASES[0]
    got = choose_options(
        _evenings(now, 5, KOLKATA), now=now, rules=ChoiceRules(timedelta(minutes=45)), user_zone=KOLKATA,
        friend_zone=ZoneInfo("Asia/Kathmandu"), seed=2,
    )  # fmt: skip
    assert len(got) == 3
    assert all(o.start.astimezone(KOLKATA).minute in (0, 30) for o in got)


def test_taken_options_and_too_little_room() -> None:
    now = BASES[0]
    evenings = _evenings(now, 2)
    rules = ChoiceRules(timedelta(hours=4))
    got = choose_options(evenings, now=now, rules=rules, user_zone=BERLIN, friend_zone=BERLIN)
    assert len(got) == 1, "only the second evening is past the 12-hour notice"
    assert (
        choose_options(evenings, now=now, rules=rules, user_zone=BERLIN, friend_zone=BERLIN, taken=got) == []
    )
    assert choose_options([], now=now, rules=rules, user_zone=BERLIN, friend_zone=BERLIN) == []
    assert choose_options(evenings, now=now, rules=ChoiceRules(timedelta(hours=1), count=0),
                          user_zone=BERLIN, friend_zone=BERLIN) == []  # fmt: skip


def test_seven_free_evenings_give_three_different_days() -> None:
    evenings = [
        Interval(BASES[0].replace(day=d, hour=18), BASES[0].replace(day=d, hour=22)) for d in range(23, 30)
    ]
    for seed in range(10):
        got = choose_options(
            evenings,
            now=BASES[0],
            rules=ChoiceRules(timedelta(hours=1)),
            user_zone=BERLIN,
            friend_zone=BERLIN,
            seed=seed,
        )
        assert len({o.start.date() for o in got}) == 3


def test_fresh_options_go_to_days_the_standing_ones_do_not_use() -> None:
    """A nudge keeps Saturday 08:30 on offer: the fresh times are Tuesday's and Wednesday's
    lunch slots, never Saturday 08:00-08:30 right beside the standing one."""
    now = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
    windows = [
        Interval(datetime(2026, 12, 1, 12, tzinfo=BERLIN), datetime(2026, 12, 1, 12, 30, tzinfo=BERLIN)),
        Interval(datetime(2026, 12, 2, 12, tzinfo=BERLIN), datetime(2026, 12, 2, 12, 30, tzinfo=BERLIN)),
        Interval(datetime(2026, 12, 5, 8, tzinfo=BERLIN), datetime(2026, 12, 5, 10, tzinfo=BERLIN)),
    ]
    standing = Interval(datetime(2026, 12, 5, 8, 30, tzinfo=BERLIN), datetime(2026, 12, 5, 9, tzinfo=BERLIN))
    for seed in range(20):
        got = choose_options(
            windows, now=now, rules=ChoiceRules(timedelta(minutes=30), count=2), user_zone=BERLIN,
            friend_zone=BERLIN, taken=[standing], seed=seed, beside=[standing],
        )  # fmt: skip
        assert got == windows[:2], seed
