"""Busy time and discovery through the real client library, offline."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from googlemock import calendar_entry, calendar_list, freebusy, rig, utc
from meetup_google.provider import MAX_QUERY_SPAN

from meetup.calendar.intervals import Interval
from meetup.errors import ProviderError

WEEK = Interval(utc("2026-11-23T00:00:00"), utc("2026-11-30T00:00:00"))


def test_static_discovery_needs_no_request(tmp_path: Path) -> None:
    r = rig(tmp_path, [], calendars=["primary"])
    request = r.calendar.service.freebusy().query(body={"items": [{"id": "primary"}]})
    assert (request.method, request.uri) == (
        "POST",
        "https://www.googleapis.com/calendar/v3/freeBusy?alt=json",
    )
    assert r.http.sent == []


def test_busy_one_query_for_all_configured_calendars(tmp_path: Path) -> None:
    r = rig(
        tmp_path,
        [
            freebusy(
                "2026-11-23T00:00:00.000Z",
                "2026-11-30T00:00:00.000Z",
                {
                    "primary": {"busy": [{"start": "2026-11-24T09:00:00Z", "end": "2026-11-24T10:30:00Z"}]},
                    "team@group.calendar.google.com": {
                        "busy": [{"start": "2026-11-25T18:00:00+01:00", "end": "2026-11-25T19:00:00+01:00"}]
                    },
                },
            )
        ],
        calendars=["primary", "team@group.calendar.google.com"],
    )
    busy = sorted(r.calendar.busy(WEEK), key=lambda i: i.start)
    assert busy == [
        Interval(utc("2026-11-24T09:00:00"), utc("2026-11-24T10:30:00")),
        Interval(utc("2026-11-25T17:00:00"), utc("2026-11-25T18:00:00")),
    ]
    [sent] = r.http.sent
    assert sent.method == "POST"
    assert sent.path == "/calendar/v3/freeBusy"
    assert sent.query.get("alt") == ["json"]
    assert sent.body == {
        "timeMin": "2026-11-23T00:00:00Z",
        "timeMax": "2026-11-30T00:00:00Z",
        "timeZone": "UTC",
        "items": [{"id": "primary"}, {"id": "team@group.calendar.google.com"}],
    }
    assert r.warnings == []


def test_more_than_50_calendars_are_batched(tmp_path: Path) -> None:
    ids = [f"cal{n:03d}@group.calendar.google.com" for n in range(120)]
    answers = []
    for group in (ids[:50], ids[50:100], ids[100:]):
        answers.append(
            freebusy(
                "2026-11-23T00:00:00.000Z",
                "2026-11-30T00:00:00.000Z",
                {
                    i: {"busy": [{"start": "2026-11-24T09:00:00Z", "end": "2026-11-24T09:30:00Z"}]}
                    for i in group
                },
            )
        )
    r = rig(tmp_path, answers, calendars=ids)
    busy = r.calendar.busy(WEEK)
    assert len(busy) == 120
    sizes = [len(s.body["items"]) for s in r.http.sent]
    assert sizes == [50, 50, 20]
    assert [item["id"] for s in r.http.sent for item in s.body["items"]] == ids


def test_long_period_is_split_into_spans(tmp_path: Path) -> None:
    period = Interval(utc("2026-01-01T00:00:00"), utc("2026-07-01T00:00:00"))  # 181 days
    answers = [
        freebusy(
            "x",
            "y",
            {"primary": {"busy": [{"start": "2026-02-01T10:00:00Z", "end": "2026-02-01T11:00:00Z"}]}},
        ),
        freebusy("x", "y", {"primary": {"busy": []}}),
        freebusy(
            "x",
            "y",
            {"primary": {"busy": [{"start": "2026-06-30T10:00:00Z", "end": "2026-06-30T11:00:00Z"}]}},
        ),
        freebusy("x", "y", {"primary": {"busy": []}}),
    ]
    r = rig(tmp_path, answers, calendars=["primary"])
    busy = r.calendar.busy(period)
    assert len(busy) == 2
    ranges = [(s.body["timeMin"], s.body["timeMax"]) for s in r.http.sent]
    assert ranges[0][0] == "2026-01-01T00:00:00Z"
    assert ranges[-1][1] == "2026-07-01T00:00:00Z"
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert end == start  # contiguous, no gap, no overlap
    for start, end in ranges:
        assert utc(end[:-1]) - utc(start[:-1]) <= MAX_QUERY_SPAN
    assert timedelta(days=90) >= MAX_QUERY_SPAN
    assert len(ranges) == 4


def test_per_calendar_errors_become_warnings(tmp_path: Path) -> None:
    r = rig(
        tmp_path,
        [
            freebusy(
                "2026-11-23T00:00:00.000Z",
                "2026-11-30T00:00:00.000Z",
                {
                    "primary": {"busy": [{"start": "2026-11-24T09:00:00Z", "end": "2026-11-24T10:00:00Z"}]},
                    "gone@group.calendar.google.com": {
                        "errors": [{"domain": "global", "reason": "notFound"}],
                        "busy": [],
                    },
                },
            )
        ],
        calendars=["primary", "gone@group.calendar.google.com"],
    )
    assert r.calendar.busy(WEEK) == [Interval(utc("2026-11-24T09:00:00"), utc("2026-11-24T10:00:00"))]
    [warning] = r.warnings
    assert (
        warning
        == "Google account 'default' (work), calendar 'gone@group.calendar.google.com': skipped (notFound)"
    )


def test_every_calendar_failing_is_an_error(tmp_path: Path) -> None:
    r = rig(
        tmp_path,
        [
            freebusy(
                "a", "b", {"x@example.com": {"errors": [{"domain": "global", "reason": "internalError"}]}}
            )
        ],
        calendars=["x@example.com"],
    )
    with pytest.raises(ProviderError, match="none of its 1 calendar"):
        r.calendar.busy(WEEK)


def test_calendar_list_paginates_and_default_selection(tmp_path: Path) -> None:
    r = rig(
        tmp_path,
        [
            calendar_list(
                [
                    calendar_entry("me@gmail.com", "me@gmail.com", primary=True, selected=True),
                    calendar_entry(
                        "family@group.calendar.google.com", "Family", selected=True, accessRole="writer"
                    ),
                ],
                next_page="EjkKMmZhbWlseQ==",
            ),
            calendar_list(
                [
                    calendar_entry(
                        "en.usa#holiday@group.v.calendar.google.com", "Holidays", accessRole="reader"
                    ),
                    calendar_entry(
                        "gym@group.calendar.google.com", "Gym", summaryOverride="Gym (old)", selected=True
                    ),
                ]
            ),
            freebusy(
                "a",
                "b",
                {i: {"busy": []} for i in ("me@gmail.com", "family@group.calendar.google.com")}
                | {"gym@group.calendar.google.com": {"busy": []}},
            ),
        ],
    )
    listed = r.calendar.list_calendars()
    assert [(c.id, c.name, c.selected, c.writable) for c in listed] == [
        ("me@gmail.com", "me@gmail.com", True, True),
        ("family@group.calendar.google.com", "Family", True, True),
        ("en.usa#holiday@group.v.calendar.google.com", "Holidays", False, False),
        ("gym@group.calendar.google.com", "Gym (old)", True, True),
    ]
    assert listed[0].timezone == "Europe/Berlin"
    first, second = r.http.sent
    assert first.method == second.method == "GET"
    assert first.path == "/calendar/v3/users/me/calendarList"
    assert "pageToken" not in first.query
    assert second.query["pageToken"] == ["EjkKMmZhbWlseQ=="]
    # with no `calendars = [...]`, busy() reads what the user selected in Google Calendar
    r.http.sent.clear()
    r.http._iterable[:0] = [
        calendar_list(
            [
                calendar_entry("me@gmail.com", "me", primary=True, selected=True),
                calendar_entry("family@group.calendar.google.com", "Family", selected=True),
                calendar_entry("gym@group.calendar.google.com", "Gym", selected=True),
                calendar_entry("hol@group.v.calendar.google.com", "Hol"),
            ]
        ),
    ]
    assert r.calendar.busy(WEEK) == []
    assert [i["id"] for i in r.http.sent[-1].body["items"]] == [
        "me@gmail.com",
        "family@group.calendar.google.com",
        "gym@group.calendar.google.com",
    ]


def test_configured_calendars_mark_selection(tmp_path: Path) -> None:
    r = rig(
        tmp_path,
        [
            calendar_list(
                [
                    calendar_entry("me@gmail.com", "me", primary=True, selected=True),
                    calendar_entry("b@group.calendar.google.com", "B", selected=True),
                ]
            )
        ],
        calendars=["primary"],
    )
    assert [c.selected for c in r.calendar.list_calendars()] == [True, False]


def test_answer_keyed_in_another_case_still_counts(tmp_path: Path) -> None:
    r = rig(
        tmp_path,
        [
            freebusy(
                "a",
                "b",
                {
                    "ann@example.com": {
                        "busy": [{"start": "2026-11-24T09:00:00Z", "end": "2026-11-24T10:00:00Z"}]
                    }
                },
            )
        ],
        calendars=["Ann@Example.com"],
    )
    assert r.calendar.busy(WEEK) == [Interval(utc("2026-11-24T09:00:00"), utc("2026-11-24T10:00:00"))]
    assert r.warnings == []
