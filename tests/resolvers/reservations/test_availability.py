"""Availability against hand-computed answers: pure functions, no database, no sleeping."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tenantry.models.reservations import ReservationStatus
from tenantry.resolvers.reservations.availability import (
    Booked,
    Calendar,
    Rules,
    Shape,
    WorkRange,
    group_key,
)

MONDAY = date(2026, 3, 2)
SEOUL = "Asia/Seoul"


def at(zone: str, day: date, hhmm: str) -> datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZoneInfo(zone)).astimezone(
        UTC
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def calendar(
    *,
    day: date = MONDAY,
    hours: Sequence[tuple[str, str]] = (("09:00", "12:00"),),
    zone: str = SEOUL,
    interval: int = 60,
    duration: int = 60,
    before: int = 0,
    after: int = 0,
    capacity: int = 1,
    window: int = 30,
    lead: int = 0,
    now: datetime | None = None,
    booked: Sequence[Booked] = (),
    time_off: Sequence[tuple[datetime, datetime]] = (),
    staff: dict[int, Sequence[tuple[str, str]]] | None = None,
) -> Calendar:
    per_staff = staff or {1: hours}
    return Calendar(
        rules=Rules(ZoneInfo(zone), interval, window, lead),
        shape=Shape(7, duration, before, after, capacity),
        staff_ids=sorted(per_staff),
        hours={
            person: {day.isoweekday(): [WorkRange(minutes(a), minutes(b)) for a, b in ranges]}
            for person, ranges in per_staff.items()
        },
        time_off={1: list(time_off)},
        booked=booked,
        now=now or datetime(2026, 3, 1, tzinfo=UTC),
    )


def times(found: Calendar, day: date = MONDAY) -> list[str]:
    return [slot.time for slot in found.slots_on(day)]


def booking(zone: str, day: date, start: str, end: str, **extra: object) -> Booked:
    values: dict[str, object] = {"slot_key": "RSV-OTHER", **extra}
    return Booked(1, at(zone, day, start), at(zone, day, end), **values)  # type: ignore[arg-type]


def test_slots_step_through_the_hours_with_local_and_utc_times() -> None:
    [first, *_, last] = calendar().slots_on(MONDAY)
    assert times(calendar()) == ["09:00", "10:00", "11:00"]
    assert (first.date, first.time, first.starts_at, first.ends_at) == (
        MONDAY,
        "09:00",
        utc("2026-03-02T00:00"),
        utc("2026-03-02T01:00"),
    )
    assert (last.starts_at, last.staff_ids, last.remaining) == (utc("2026-03-02T02:00"), (1,), 1)


def test_a_lunch_break_is_two_ranges() -> None:
    found = calendar(hours=(("09:00", "12:00"), ("13:00", "15:00")))
    assert times(found) == ["09:00", "10:00", "11:00", "13:00", "14:00"]


def test_a_day_off_offers_nothing_and_a_break_removes_its_slots() -> None:
    whole_day = (at(SEOUL, MONDAY, "00:00"), at(SEOUL, MONDAY + timedelta(days=1), "00:00"))
    assert times(calendar(time_off=[whole_day])) == []
    dentist = (at(SEOUL, MONDAY, "10:15"), at(SEOUL, MONDAY, "10:45"))
    assert times(calendar(time_off=[dentist])) == ["09:00", "11:00"]


def test_an_existing_booking_and_buffers_after() -> None:
    taken = booking(SEOUL, MONDAY, "10:00", "11:00")
    found = calendar(interval=30, duration=30, after=30, booked=[taken])
    # 09:00 is blocked until 10:00 (touching is fine); 09:30..10:30 would overlap; 11:30 may
    # keep its buffer past closing time.
    assert times(found) == ["09:00", "11:00", "11:30"]


def test_buffers_before() -> None:
    taken = booking(SEOUL, MONDAY, "10:00", "11:00")
    found = calendar(interval=30, duration=30, before=30, booked=[taken])
    assert times(found) == ["09:00", "09:30", "11:30"]


def test_the_other_bookings_buffer_counts_too() -> None:
    taken = booking(SEOUL, MONDAY, "09:30", "10:30")  # its blocked range, buffers included
    assert times(calendar(interval=30, duration=30, booked=[taken])) == [
        "09:00",
        "10:30",
        "11:00",
        "11:30",
    ]


def test_holds_count_until_they_expire_and_cancelled_bookings_never() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    live = booking(
        SEOUL,
        MONDAY,
        "10:00",
        "11:00",
        status=ReservationStatus.PENDING,
        hold_expires_at=now + timedelta(minutes=1),
    )
    lapsed = booking(
        SEOUL, MONDAY, "09:00", "10:00", status=ReservationStatus.PENDING, hold_expires_at=now
    )
    gone = booking(SEOUL, MONDAY, "11:00", "12:00", status=ReservationStatus.CANCELLED)
    assert times(calendar(now=now, booked=[live, lapsed, gone])) == ["09:00", "11:00"]


def test_lead_time() -> None:
    now = at(SEOUL, MONDAY, "09:10")
    assert times(calendar(interval=30, duration=30, lead=60, now=now)) == [
        "10:30",
        "11:00",
        "11:30",
    ]
    assert times(calendar(interval=30, duration=30, lead=0, now=now)) == [
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
    ]


def test_the_booking_window() -> None:
    now = at(SEOUL, MONDAY, "00:30")
    last_day = MONDAY + timedelta(days=7)
    assert times(calendar(day=last_day, window=7, now=now), last_day) == ["09:00", "10:00", "11:00"]
    too_far = MONDAY + timedelta(days=8)
    assert times(calendar(day=too_far, window=7, now=now), too_far) == []
    yesterday = MONDAY - timedelta(days=1)
    assert times(calendar(day=yesterday, now=now), yesterday) == []


def test_a_group_slot_takes_seats_until_full() -> None:
    shape = Shape(7, 60, 0, 0, 3)
    start = at(SEOUL, MONDAY, "10:00")
    key = group_key(shape, start)
    assert key is not None
    seat = Booked(1, start, start + timedelta(hours=1), key)
    two = calendar(capacity=3, booked=[seat, seat])
    assert [(slot.time, slot.remaining) for slot in two.slots_on(MONDAY)] == [
        ("09:00", 3),
        ("10:00", 1),
        ("11:00", 3),
    ]
    assert times(calendar(capacity=3, booked=[seat] * 3)) == ["09:00", "11:00"]
    other = booking(SEOUL, MONDAY, "10:00", "11:00")
    assert times(calendar(capacity=3, booked=[other])) == ["09:00", "11:00"]


def test_without_a_staff_member_the_union_says_who_is_free() -> None:
    found = calendar(
        interval=30, duration=30, staff={1: [("09:00", "10:00")], 2: [("09:30", "10:30")]}
    )
    assert [(slot.time, slot.staff_ids) for slot in found.slots_on(MONDAY)] == [
        ("09:00", (1,)),
        ("09:30", (1, 2)),
        ("10:00", (2,)),
    ]


def dst_slots(zone: str, day: date, start: str, end: str) -> list[tuple[str, datetime]]:
    found = calendar(
        day=day,
        zone=zone,
        hours=[(start, end)],
        interval=30,
        duration=30,
        now=datetime(2026, 3, 1, tzinfo=UTC),
        window=365,
    )
    return [(slot.time, slot.starts_at) for slot in found.slots_on(day)]


def test_berlin_spring_forward_skips_the_missing_hour() -> None:
    assert dst_slots("Europe/Berlin", date(2026, 3, 29), "01:00", "04:00") == [
        ("01:00", utc("2026-03-29T00:00")),
        ("01:30", utc("2026-03-29T00:30")),
        ("03:00", utc("2026-03-29T01:00")),
        ("03:30", utc("2026-03-29T01:30")),
    ]


def test_berlin_autumn_offers_the_repeated_hour_once() -> None:
    assert dst_slots("Europe/Berlin", date(2026, 10, 25), "01:00", "04:00") == [
        ("01:00", utc("2026-10-24T23:00")),
        ("01:30", utc("2026-10-24T23:30")),
        ("02:00", utc("2026-10-25T00:00")),
        ("02:30", utc("2026-10-25T00:30")),
        ("03:00", utc("2026-10-25T02:00")),
        ("03:30", utc("2026-10-25T02:30")),
    ]


def test_new_york_spring_forward_skips_the_missing_hour() -> None:
    assert dst_slots("America/New_York", date(2026, 3, 8), "01:00", "04:00") == [
        ("01:00", utc("2026-03-08T06:00")),
        ("01:30", utc("2026-03-08T06:30")),
        ("03:00", utc("2026-03-08T07:00")),
        ("03:30", utc("2026-03-08T07:30")),
    ]


def test_new_york_autumn_offers_the_repeated_hour_once() -> None:
    assert dst_slots("America/New_York", date(2026, 11, 1), "00:00", "03:00") == [
        ("00:00", utc("2026-11-01T04:00")),
        ("00:30", utc("2026-11-01T04:30")),
        ("01:00", utc("2026-11-01T05:00")),
        ("01:30", utc("2026-11-01T05:30")),
        ("02:00", utc("2026-11-01T07:00")),
        ("02:30", utc("2026-11-01T07:30")),
    ]


def test_seoul_has_no_transition_on_those_days() -> None:
    for day in (date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1)):
        found = dst_slots(SEOUL, day, "01:00", "04:00")
        assert [time for time, _ in found] == ["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]
        assert found[0][1] == at(SEOUL, day, "01:00") == utc(f"{day - timedelta(days=1)}T16:00")
        gaps = {b - a for (_, a), (_, b) in itertools.pairwise(found)}
        assert gaps == {timedelta(minutes=30)}


def test_available_dates_are_the_days_with_a_slot() -> None:
    now = at(SEOUL, MONDAY, "00:00")
    found = calendar(window=9, now=now)  # Mondays only
    assert found.dates_in(date(2026, 3, 1), date(2026, 3, 31)) == [MONDAY, date(2026, 3, 9)]


def test_a_fully_booked_day_is_not_an_available_date() -> None:
    now = at(SEOUL, MONDAY, "00:00")
    whole_morning = booking(SEOUL, MONDAY, "09:00", "12:00")
    found = calendar(window=9, now=now, booked=[whole_morning])
    assert found.dates_in(date(2026, 3, 1), date(2026, 3, 31)) == [date(2026, 3, 9)]
