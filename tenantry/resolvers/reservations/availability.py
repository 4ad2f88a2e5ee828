"""Which slots a service can be booked at: pure functions over rows loaded beforehand.

Slots step the slot interval in local wall-clock time from the start of each working range. A
local time that does not exist (the spring-forward gap) is not offered; one that exists twice
(the autumn repeat) is offered once, as its first occurrence (fold=0). A slot's service time
must lie inside the working range and clear of time off; its blocked range (the service time
widened by the service's buffers) must not overlap another active booking's blocked range,
except the other seats of the same group slot while seats remain. It starts no earlier than the
lead time from now and on a local date at most the booking window's days after today.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from tenantry.models.reservations import ACTIVE_STATUSES, ReservationStatus

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Rules:
    zone: ZoneInfo
    interval_minutes: int
    window_days: int
    lead_minutes: int


@dataclass(frozen=True)
class Shape:
    """What of a service decides its slots."""

    service_id: int
    duration_minutes: int
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    capacity: int = 1


@dataclass(frozen=True)
class Booked:
    """An existing booking as availability sees it."""

    staff_id: int
    blocked_from: datetime
    blocked_until: datetime
    slot_key: str
    status: ReservationStatus = ReservationStatus.CONFIRMED
    hold_expires_at: datetime | None = None

    def holds_time(self, now: datetime) -> bool:
        if self.status not in ACTIVE_STATUSES:
            return False
        return self.hold_expires_at is None or self.hold_expires_at > now


@dataclass(frozen=True)
class WorkRange:
    """Minutes after local midnight; end may be 1440 (midnight at the day's end)."""

    start: int
    end: int


@dataclass(frozen=True)
class Slot:
    date: date
    time: str
    starts_at: datetime
    ends_at: datetime
    staff_ids: tuple[int, ...]
    remaining: int


@dataclass
class Calendar:
    """Everything about the staff availability reads, loaded in a few statements."""

    rules: Rules
    shape: Shape
    staff_ids: Sequence[int]
    hours: Mapping[int, Mapping[int, Sequence[WorkRange]]]
    time_off: Mapping[int, Sequence[tuple[datetime, datetime]]]
    booked: Iterable[Booked]
    now: datetime
    _busy: dict[int, _Busy] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        per_staff: dict[int, list[Booked]] = {}
        for row in self.booked:
            if row.holds_time(self.now):
                per_staff.setdefault(row.staff_id, []).append(row)
        self._busy = {staff: _Busy(rows) for staff, rows in per_staff.items()}

    def slots_on(self, day: date) -> list[Slot]:
        if not self.bookable_day(day):
            return []
        found: dict[datetime, Slot] = {}
        for staff_id in sorted(self.staff_ids):
            for start, end, remaining in self._free_for(staff_id, day):
                slot = found.get(start)
                if slot is None:
                    slot = Slot(day, _hhmm(start.astimezone(self.rules.zone)), start, end, (), 0)
                found[start] = Slot(
                    slot.date,
                    slot.time,
                    start,
                    end,
                    (*slot.staff_ids, staff_id),
                    slot.remaining + remaining,
                )
        return [found[start] for start in sorted(found)]

    def bookable_day(self, day: date) -> bool:
        today = self.now.astimezone(self.rules.zone).date()
        return today <= day <= today + timedelta(days=self.rules.window_days)

    def has_slot(self, day: date) -> bool:
        """Whether slots_on(day) would offer anything; stops at the first free slot."""
        if not self.bookable_day(day):
            return False
        return any(any(True for _ in self._free_for(staff, day)) for staff in self.staff_ids)

    def dates_in(self, first: date, last: date) -> list[date]:
        days = []
        day = first
        while day <= last:
            if self.has_slot(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def _free_for(self, staff_id: int, day: date) -> Iterable[tuple[datetime, datetime, int]]:
        rules, shape = self.rules, self.shape
        earliest = self.now + timedelta(minutes=rules.lead_minutes)
        duration = timedelta(minutes=shape.duration_minutes)
        before = timedelta(minutes=shape.buffer_before_minutes)
        after = timedelta(minutes=shape.buffer_after_minutes)
        busy = self._busy.get(staff_id)
        time_off = self.time_off.get(staff_id, ())
        for work in self.hours.get(staff_id, {}).get(day.isoweekday(), ()):
            work_end = local_instant(day, work.end, rules.zone)
            for minute in range(work.start, work.end, rules.interval_minutes):
                start = existing_instant(day, minute, rules.zone)
                if start is None or start < earliest:
                    continue
                end = start + duration
                if end > work_end or _overlaps_any(start, end, time_off):
                    continue
                remaining = shape.capacity
                if busy is not None:
                    remaining = busy.seats_left(
                        start - before, end + after, group_key(shape, start), shape.capacity
                    )
                if remaining > 0:
                    yield start, end, remaining


class _Busy:
    """One staff member's bookings, sorted, for overlap questions."""

    def __init__(self, rows: Iterable[Booked]) -> None:
        self.rows = sorted(rows, key=lambda row: row.blocked_from)
        self.starts = [row.blocked_from for row in self.rows]
        self.longest = max(
            (row.blocked_until - row.blocked_from for row in self.rows), default=timedelta()
        )

    def seats_left(self, start: datetime, end: datetime, key: str | None, capacity: int) -> int:
        low = bisect.bisect_left(self.starts, start - self.longest)
        high = bisect.bisect_left(self.starts, end)
        seats = 0
        for row in self.rows[low:high]:
            if row.blocked_until <= start:
                continue
            if key is None or row.slot_key != key:
                return 0
            seats += 1
        return max(0, capacity - seats)


def group_key(shape: Shape, starts_at: datetime) -> str | None:
    """The slot_key seats of one group slot share; None for one-to-one services."""
    if shape.capacity <= 1:
        return None
    return f"{shape.service_id}:{starts_at.astimezone(UTC):%Y%m%dT%H%M}"


@lru_cache(maxsize=8192)
def existing_instant(day: date, minute: int, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall-clock time, the first when it happens twice, None when
    the clocks skip it."""
    if minute >= MINUTES_PER_DAY:
        return None
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


@lru_cache(maxsize=8192)
def local_instant(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """A working range's bound in UTC; 1440 is the next midnight."""
    day += timedelta(days=minute // MINUTES_PER_DAY)
    minute %= MINUTES_PER_DAY
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
    return local.astimezone(UTC)


def _overlaps_any(
    start: datetime, end: datetime, ranges: Iterable[tuple[datetime, datetime]]
) -> bool:
    return any(begin < end and start < finish for begin, finish in ranges)


def _hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def parse_hhmm(value: str, *, allow_midnight_end: bool = False) -> int | None:
    """ "HH:MM" as minutes after midnight, or None; "24:00" only as a range's end."""
    if len(value) != 5 or value[2] != ":" or not (value[:2] + value[3:]).isdigit():
        return None
    hours, minutes = int(value[:2]), int(value[3:])
    if allow_midnight_end and hours == 24 and minutes == 0:
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes
