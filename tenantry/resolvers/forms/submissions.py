"""Submissions: validated against the form, limited per IP address, listed for staff and members."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member, require_staff
from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, NotFound, RateLimited, Unauthenticated
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.forms import Form, FormSubmission
from tenantry.resolvers.forms.answers import clean_answers
from tenantry.resolvers.forms.forms import get_form, success_message

DEFAULT_IP_WINDOW_SECONDS = 86400
MAX_USER_AGENT = 500
LIMIT_REACHED = "Too many submissions from your address. Please try again later."


@dataclass(frozen=True)
class SubmissionIn:
    answers: dict[str, Any] = field(default_factory=dict)
    user_agent: str = ""


@dataclass(frozen=True)
class Submitted:
    submission: FormSubmission
    message: str


@dataclass(frozen=True)
class IpAllowance:
    """remaining is None when the form sets no per-IP limit."""

    can_submit: bool
    remaining: int | None
    retry_after: int | None


def _limit(form: Form) -> tuple[int, int] | None:
    per_ip = form.settings.get("submissions_per_ip")
    if not per_ip:
        return None
    return int(per_ip), int(form.settings.get("ip_window_seconds") or DEFAULT_IP_WINDOW_SECONDS)


def _same_ip(ip: str | None) -> ColumnElement[bool]:
    return col(FormSubmission.ip).is_(None) if ip is None else col(FormSubmission.ip) == ip


async def _allowance(session: AsyncSession, *, ctx: Ctx, form: Form) -> IpAllowance:
    limit = _limit(form)
    if limit is None:
        return IpAllowance(can_submit=True, remaining=None, retry_after=None)
    per_ip, window = limit
    now = ctx.now()
    row = (
        await session.execute(
            select(func.count(), func.min(col(FormSubmission.created_at))).where(
                col(FormSubmission.form_id) == form.id,
                _same_ip(ctx.client_ip),
                col(FormSubmission.created_at) > now - timedelta(seconds=window),
            )
        )
    ).one()
    used, oldest = int(row[0]), row[1]
    remaining = max(0, per_ip - used)
    if remaining:
        return IpAllowance(can_submit=True, remaining=remaining, retry_after=None)
    return IpAllowance(can_submit=False, remaining=0, retry_after=_retry_after(oldest, window, now))


def _retry_after(oldest: datetime | None, window: int, now: datetime) -> int:
    if oldest is None:  # a limit reached with nothing in the window cannot happen; be safe
        return window
    return max(1, math.ceil((oldest + timedelta(seconds=window) - now).total_seconds()))


async def check_ip(session: AsyncSession, *, ctx: Ctx, slug: str) -> IpAllowance:
    form = await get_form(session, ctx=ctx, slug=slug)
    return await _allowance(session, ctx=ctx, form=form)


async def submit_form(
    session: AsyncSession, *, ctx: Ctx, slug: str, data: SubmissionIn
) -> Submitted:
    form = await get_form(session, ctx=ctx, slug=slug)
    if not form.is_active:
        raise Forbidden("This form is not accepting submissions.", code="form_closed")
    principal = ctx.principal
    if form.settings.get("requires_member") and not principal.is_member:
        raise Unauthenticated()
    answers = await clean_answers(session, ctx=ctx, fields=form.fields, data=data.answers)
    if _limit(form) is not None:
        # Concurrent submissions from one address queue on the form's row, so each counts
        # the ones committed before it (SQLite already runs writers one at a time).
        await session.execute(select(col(Form.id)).where(col(Form.id) == form.id).with_for_update())
        allowance = await _allowance(session, ctx=ctx, form=form)
        if not allowance.can_submit:
            raise RateLimited(allowance.retry_after or 1, LIMIT_REACHED)
    assert form.id is not None
    submission = FormSubmission(
        form_id=form.id,
        member_id=principal.member_id if principal.is_member else None,
        data=answers,
        ip=ctx.client_ip,
        user_agent=data.user_agent[:MAX_USER_AGENT],
        created_at=ctx.now(),
    )
    session.add(submission)
    await session.flush()
    return Submitted(submission, success_message(form))


async def list_submissions(
    session: AsyncSession, *, ctx: Ctx, slug: str, page: PageRequest
) -> Page[FormSubmission]:
    """Staff: a form's submissions, newest first."""
    require_staff(ctx)
    form = await session.scalar(select(Form).where(col(Form.slug) == slug))
    if form is None:
        raise NotFound("form", "Form not found.")
    query = (
        select(FormSubmission)
        .where(col(FormSubmission.form_id) == form.id)
        .order_by(col(FormSubmission.created_at).desc(), col(FormSubmission.id).desc())
    )
    return await paginate(session, query, page)


async def list_my_submissions(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest
) -> Page[FormSubmission]:
    member_id = require_member(ctx)
    query = (
        select(FormSubmission)
        .where(col(FormSubmission.member_id) == member_id)
        .order_by(col(FormSubmission.created_at).desc(), col(FormSubmission.id).desc())
    )
    return await paginate(session, query, page)
