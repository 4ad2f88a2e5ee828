"""The baseline's available dates: the JSON of bench/scenarios/availability.py from raw asyncpg
and a plain loop, for what that scenario sets up (the UTC zone, one-to-one service).

Six statements, like tenantry's: settings, service, performing staff, hours, time off, and the
month's active bookings; then each day counts once a person has one free slot.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench import baseline
from bench.baseline import _tenant_id, dumps

SETTINGS_SQL = """
SELECT slot_interval_minutes, booking_window_days, min_lead_minutes
FROM reservation_settings WHERE tenant_id = $1
"""
SERVICE_SQL = """
SELECT duration_minutes, buffer_before_minutes, buffer_after_minutes
FROM reservation_service WHERE tenant_id = $1 AND id = $2 AND is_active
"""
STAFF_SQL = """
SELECT s.id FROM reservation_service_staff l
JOIN reservation_staff s ON s.id = l.staff_id AND s.tenant_id = l.tenant_id
WHERE l.tenant_id = $1 AND l.service_id = $2 AND s.is_active ORDER BY s.id
"""
HOURS_SQL = """
SELECT staff_id, weekday, start_time, end_time FROM reservation_staff_hours
WHERE tenant_id = $1 AND staff_id = ANY($2::int[])
"""
TIME_OFF_SQL = """
SELECT staff_id, starts_at, ends_at FROM reservation_time_off
WHERE tenant_id = $1 AND staff_id = ANY($2::int[]) AND starts_at < $4 AND ends_at > $3
"""
BOOKINGS_SQL = """
SELECT staff_id, blocked_from, blocked_until FROM reservation
WHERE tenant_id = $1 AND staff_id = ANY($2::int[]) AND blocked_from < $4 AND blocked_until > $3
  AND (status = 'confirmed' OR (status = 'pending'
       AND (hold_expires_at IS NULL OR hold_expires_at > $5)))
"""
DEFAULTS = (30, 30, 60)  # interval, window days, lead minutes: tenantry's defaults

Ranges = list[tuple[datetime, datetime]]


def _minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


async def available_dates(request: Request) -> Response:
    try:
        service_id = int(request.query_params["service_id"])
        year, month = (int(part) for part in request.query_params["month"].split("-"))
        days = calendar.monthrange(year, month)[1]
    except (KeyError, ValueError):
        return JSONResponse({"error": "bad request"}, 422)
    first = datetime(year, month, 1, tzinfo=UTC)
    last = first + timedelta(days=days)
    now = datetime.now(UTC)
    pool: asyncpg.Pool[Any] = request.app.state.pool
    async with pool.acquire() as conn:
        tenant_id = await _tenant_id(request, conn)
        if tenant_id is None:
            return JSONResponse({"error": "tenant not found"}, 404)
        policy = await conn.fetchrow(SETTINGS_SQL, tenant_id)
        service = await conn.fetchrow(SERVICE_SQL, tenant_id, service_id)
        if service is None:
            return JSONResponse({"message": "Service not found."}, 404)
        staff = [row["id"] for row in await conn.fetch(STAFF_SQL, tenant_id, service_id)]
        hours = await conn.fetch(HOURS_SQL, tenant_id, staff)
        margin = timedelta(days=2)
        off = await conn.fetch(TIME_OFF_SQL, tenant_id, staff, first - margin, last + margin)
        booked = await conn.fetch(
            BOOKINGS_SQL, tenant_id, staff, first - margin, last + margin, now
        )
    interval, window, lead = tuple(policy) if policy is not None else DEFAULTS
    by_day: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for row in hours:
        by_day[(row["staff_id"], row["weekday"])].append(
            (_minutes(row["start_time"]), _minutes(row["end_time"]))
        )
    blocked: dict[int, Ranges] = defaultdict(list)
    for row in booked:
        blocked[row["staff_id"]].append((row["blocked_from"], row["blocked_until"]))
    away: dict[int, Ranges] = defaultdict(list)
    for row in off:
        away[row["staff_id"]].append((row["starts_at"], row["ends_at"]))
    shape = (
        timedelta(minutes=service["duration_minutes"]),
        timedelta(minutes=service["buffer_before_minutes"]),
        timedelta(minutes=service["buffer_after_minutes"]),
    )
    earliest = now + timedelta(minutes=lead)
    latest = now.date() + timedelta(days=window)
    found = []
    for number in range(1, days + 1):
        day = date(year, month, number)
        if day < now.date() or day > latest:
            continue
        midnight = datetime(year, month, number, tzinfo=UTC)
        if any(
            _free_slot(
                by_day[(person, day.isoweekday())],
                midnight,
                interval,
                shape,
                earliest,
                blocked[person],
                away[person],
            )
            for person in staff
        ):
            found.append(day.isoformat())
    return Response(dumps({"data": found}), media_type="application/json")


def _free_slot(
    ranges: list[tuple[int, int]],
    midnight: datetime,
    interval: int,
    shape: tuple[timedelta, timedelta, timedelta],
    earliest: datetime,
    blocked: Ranges,
    away: Ranges,
) -> bool:
    duration, before, after = shape
    for start, end in ranges:
        minute = start
        while minute + duration.total_seconds() / 60 <= end:
            begins = midnight + timedelta(minutes=minute)
            ends = begins + duration
            minute += interval
            if begins < earliest or any(a < ends and begins < b for a, b in away):
                continue
            if not any(a < ends + after and begins - before < b for a, b in blocked):
                return True
    return False


def create_app(dsn: str | None = None) -> Starlette:
    app = baseline.create_app(dsn)
    app.router.routes.append(
        Route("/reservation/available-dates", available_dates, methods=["GET"])
    )
    return app
