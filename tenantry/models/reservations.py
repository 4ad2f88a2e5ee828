"""Reservations: bookable services, the people who perform them, their hours and time off, and
the bookings themselves. Every instant is stored in UTC; local times live only at the edges."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)


class ConfirmationMode(StrEnum):
    AUTO = "auto"
    STAFF = "staff"


class ReservationStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


# A booking in one of these holds its staff's time (a pending one only until its hold expires).
ACTIVE_STATUSES = (ReservationStatus.PENDING, ReservationStatus.CONFIRMED)
ACTIVE_SQL = "status IN ('pending', 'confirmed')"
# The PostgreSQL exclusion constraint the migration creates (models cannot declare it for both
# databases): overlapping active bookings of one staff member conflict unless they are seats of
# one group slot (equal slot_key).
EXCLUSION_NAME = "ex_reservation_staff_time"


class ReservationSettings(TenantOwned, table=True):
    """One row per tenant; a tenant without one has the defaults below."""

    __tablename__ = "reservation_settings"
    __table_args__ = (
        UniqueConstraint("tenant_id"),
        CheckConstraint("slot_interval_minutes BETWEEN 5 AND 720", name="interval_range"),
        CheckConstraint("booking_window_days BETWEEN 0 AND 730", name="window_range"),
        CheckConstraint("min_lead_minutes >= 0", name="lead_not_negative"),
        CheckConstraint("cancellation_deadline_hours >= 0", name="deadline_not_negative"),
        CheckConstraint("hold_minutes >= 1", name="hold_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    timezone: str = Field(max_length=64)
    slot_interval_minutes: int = Field(default=30)
    booking_window_days: int = Field(default=30)
    min_lead_minutes: int = Field(default=60)
    cancellation_deadline_hours: int = Field(default=24)
    payment_required: bool = Field(default=False)
    hold_minutes: int = Field(default=15)
    confirmation_mode: ConfirmationMode = enum_field(ConfirmationMode.AUTO)
    updated_at: datetime = updated_at_field()


class ReservationService(TenantOwned, table=True):
    __tablename__ = "reservation_service"
    __table_args__ = (
        CheckConstraint("duration_minutes >= 1", name="duration_positive"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint(
            "buffer_before_minutes >= 0 AND buffer_after_minutes >= 0", name="buffers_not_negative"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    duration_minutes: int
    price: int = Field(default=0)
    buffer_before_minutes: int = Field(default=0)
    buffer_after_minutes: int = Field(default=0)
    capacity: int = Field(default=1)
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReservationStaff(TenantOwned, table=True):
    """Someone who performs services; staff_id links a staff login when they have one."""

    __tablename__ = "reservation_staff"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReservationServiceStaff(TenantOwned, table=True):
    __tablename__ = "reservation_service_staff"
    __table_args__ = (UniqueConstraint("tenant_id", "service_id", "staff_id"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="reservation_service.id", ondelete="CASCADE", index=True)
    staff_id: int = Field(foreign_key="reservation_staff.id", ondelete="CASCADE", index=True)


class StaffHours(TenantOwned, table=True):
    """A working range on a weekday (1 = Monday), local wall-clock "HH:MM"; a day may have
    several (a lunch break is two ranges)."""

    __tablename__ = "reservation_staff_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday_range"),
        CheckConstraint("start_time < end_time", name="start_before_end"),
    )

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="reservation_staff.id", ondelete="CASCADE", index=True)
    weekday: int
    start_time: str = Field(max_length=5)
    end_time: str = Field(max_length=5)


class StaffTimeOff(TenantOwned, table=True):
    __tablename__ = "reservation_time_off"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="start_before_end"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="reservation_staff.id", ondelete="CASCADE", index=True)
    starts_at: datetime = datetime_field(nullable=False)
    ends_at: datetime = datetime_field(nullable=False)
    reason: str = Field(default="", max_length=300)
    created_at: datetime = created_at_field()


class Reservation(TenantOwned, table=True):
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_reservation_staff_time", "tenant_id", "staff_id", "blocked_from"),
        Index("ix_reservation_member", "tenant_id", "member_id"),
        Index("ix_reservation_local_date", "tenant_id", "local_date"),
        Index("ix_reservation_hold", "status", "hold_expires_at"),
        CheckConstraint("starts_at < ends_at", name="start_before_end"),
        CheckConstraint(
            "blocked_from <= starts_at AND ends_at <= blocked_until", name="blocked_covers"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=30)
    service_id: int = Field(foreign_key="reservation_service.id", ondelete="RESTRICT")
    staff_id: int = Field(foreign_key="reservation_staff.id", ondelete="RESTRICT")
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    name: str = Field(max_length=200)
    phone: str = Field(default="", max_length=40)
    email: str | None = Field(default=None, max_length=254)
    local_date: str = Field(max_length=10)
    local_time: str = Field(max_length=5)
    starts_at: datetime = datetime_field(nullable=False)
    ends_at: datetime = datetime_field(nullable=False)
    blocked_from: datetime = datetime_field(nullable=False)
    blocked_until: datetime = datetime_field(nullable=False)
    # Seats of one group slot share it ("{service}:{starts_at}"); a one-to-one booking's is its
    # number. The exclusion constraint lets only equal keys overlap.
    slot_key: str = Field(max_length=60)
    price: int = Field(default=0)
    status: ReservationStatus = enum_field(ReservationStatus.PENDING)
    hold_expires_at: datetime | None = datetime_field()
    notes: str = Field(default="", max_length=2000)
    confirmed_at: datetime | None = datetime_field()
    cancelled_at: datetime | None = datetime_field()
    # When its payment succeeded (a paid booking may still wait for staff to confirm it).
    paid_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReservationSlot(TenantOwned, table=True):
    """The capacity row of a group slot: locked FOR UPDATE while its seats are counted."""

    __tablename__ = "reservation_slot"
    __table_args__ = (UniqueConstraint("tenant_id", "staff_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="reservation_staff.id", ondelete="CASCADE")
    starts_at: datetime = datetime_field(nullable=False)
