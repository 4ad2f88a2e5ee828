"""What reservation writes accept; parsed the same way from REST bodies and GraphQL inputs."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, EmailStr, Field, field_validator

from tenantry.core.inputs import Input, RowId, not_blank
from tenantry.models.reservations import ConfirmationMode, ReservationStatus
from tenantry.resolvers.reservations.availability import parse_hhmm

MAX_DURATION = 24 * 60
MAX_BUFFER = 12 * 60
MAX_CAPACITY = 1000
MAX_PRICE = 10**12


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be a valid IANA time zone, such as Europe/Berlin") from None
    return value


def _time_of_day(value: object) -> object:
    if isinstance(value, str) and parse_hhmm(value) is None:
        raise ValueError("must be a time of day as HH:MM")
    return value


def _range_end(value: object) -> object:
    if isinstance(value, str) and parse_hhmm(value, allow_midnight_end=True) is None:
        raise ValueError("must be a time of day as HH:MM")
    return value


def _day(value: object) -> object:
    if isinstance(value, str):
        try:
            if len(value) != 10:
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a date as YYYY-MM-DD") from None
    return value


def _month(value: object) -> object:
    if isinstance(value, str) and not _MONTH.fullmatch(value):
        raise ValueError("must be a month as YYYY-MM")
    return value


_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
Month = Annotated[str, BeforeValidator(_month)]
TimeZoneName = Annotated[str, AfterValidator(_zone)]
TimeOfDay = Annotated[str, BeforeValidator(_time_of_day)]
RangeEnd = Annotated[str, BeforeValidator(_range_end)]
Day = Annotated[str, BeforeValidator(_day)]


class SettingsUpdate(Input):
    """Only the fields given change."""

    timezone: TimeZoneName | None = Field(default=None, max_length=64)
    slot_interval_minutes: int | None = Field(default=None, ge=5, le=720)
    booking_window_days: int | None = Field(default=None, ge=0, le=730)
    min_lead_minutes: int | None = Field(default=None, ge=0, le=525_600)
    cancellation_deadline_hours: int | None = Field(default=None, ge=0, le=8760)
    payment_required: bool | None = None
    hold_minutes: int | None = Field(default=None, ge=1, le=10_080)
    confirmation_mode: ConfirmationMode | None = None


class ServiceIn(Input):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=20_000)
    duration_minutes: int = Field(ge=1, le=MAX_DURATION)
    price: int = Field(default=0, ge=0, le=MAX_PRICE)
    buffer_before_minutes: int = Field(default=0, ge=0, le=MAX_BUFFER)
    buffer_after_minutes: int = Field(default=0, ge=0, le=MAX_BUFFER)
    capacity: int = Field(default=1, ge=1, le=MAX_CAPACITY)
    is_active: bool = True
    staff_ids: list[RowId] = Field(default_factory=list, max_length=500)

    _name = field_validator("name", mode="before")(not_blank)


class ServiceUpdate(Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=20_000)
    duration_minutes: int | None = Field(default=None, ge=1, le=MAX_DURATION)
    price: int | None = Field(default=None, ge=0, le=MAX_PRICE)
    buffer_before_minutes: int | None = Field(default=None, ge=0, le=MAX_BUFFER)
    buffer_after_minutes: int | None = Field(default=None, ge=0, le=MAX_BUFFER)
    capacity: int | None = Field(default=None, ge=1, le=MAX_CAPACITY)
    is_active: bool | None = None
    staff_ids: list[RowId] | None = Field(default=None, max_length=500)

    _name = field_validator("name", mode="before")(not_blank)


class StaffIn(Input):
    name: str = Field(min_length=1, max_length=200)
    service_ids: list[RowId] = Field(default_factory=list, max_length=500)
    staff_login_id: RowId | None = None
    is_active: bool = True

    _name = field_validator("name", mode="before")(not_blank)


class HoursIn(Input):
    weekday: int = Field(ge=1, le=7)
    start: TimeOfDay
    end: RangeEnd


class HoursListIn(Input):
    hours: list[HoursIn] = Field(max_length=100)


class TimeOffIn(Input):
    start: Annotated[str, Field(min_length=1)]
    end: Annotated[str, Field(min_length=1)]
    reason: str = Field(default="", max_length=300)


class BookingIn(Input):
    """The seed's body: a member may leave name and phone out (their profile's are used)."""

    service_id: RowId
    staff_id: RowId | None = None
    date: Day
    time: TimeOfDay
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: EmailStr | None = Field(default=None, max_length=254)
    notes: str = Field(default="", max_length=2000)


class SlotQuery(Input):
    service_id: RowId
    staff_id: RowId | None = None
    date: Day


class MonthQuery(Input):
    service_id: RowId
    staff_id: RowId | None = None
    month: Month


class ScheduleFilter(Input):
    date: Day | None = None
    staff_id: RowId | None = None
    status: ReservationStatus | None = None
