"""Idempotency-Key with Stripe's semantics, for the operations that create orders (and payments).

A key is claimed by inserting its record in the same transaction as the work it guards, and the
ids of what the work made are stored in that record before the commit: the work and its
remembered result commit together or not at all. The unique (tenant_id, scope, key) constraint
decides races: on PostgreSQL a second insert of the same key waits for the first transaction,
then fails and replays the committed result; on SQLite transactions are serialised, with the
same outcome. A request that fails (invalid input, out of stock, …) rolls its claim back, so the
key is free to be retried. A key is remembered for 24 hours.

The record knows nothing of HTTP or GraphQL: one key space per tenant and principal serves every
interface, so a key first sent on `POST /orders` replays on `createOrder` with the same input.
The same key with another operation or another input is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, ValidationFailed
from tenantry.models.event import IdempotencyRecord

T = TypeVar("T")

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
MAX_KEY_LENGTH = 255
KEEP_FOR = timedelta(hours=24)
REUSED = (
    "Keys for idempotent requests can only be used with the same parameters they were first "
    "used with."
)
OTHER_OPERATION = "This Idempotency-Key was already used for another kind of request."
IN_PROGRESS = "A request with the same Idempotency-Key is in progress."


class KeyReused(ValidationFailed):
    """The key was first used with other parameters."""

    default_code = "idempotency_key_reused"

    def __init__(self, message: str = REUSED, *, field: str = FIELD) -> None:
        super().__init__({field: [message]}, message)


class KeyInProgress(Conflict):
    default_code = "idempotency_key_in_use"

    def __init__(self) -> None:
        super().__init__(IN_PROGRESS)


Result = dict[str, int]


@dataclass(frozen=True)
class Claim:
    """A fresh claim (record set, earlier None) or the result of the request that came first."""

    record: IdempotencyRecord | None = None
    earlier: Result | None = None


@dataclass(frozen=True)
class Once(Generic[T]):
    """What an idempotent operation answers: its value, and whether it was a replay."""

    value: T
    replayed: bool


def principal_tag(principal: Principal) -> str:
    if principal.kind is PrincipalKind.MEMBER:
        return f"member:{principal.member_id}"
    if principal.kind is PrincipalKind.STAFF:
        return f"staff:{principal.staff_id}"
    if principal.kind is PrincipalKind.API_KEY:
        return f"key:{principal.key_id}"
    return "anonymous"


def request_hash(params: BaseModel) -> str:
    """Equal input gives an equal hash, whichever interface it came through."""
    canonical = json.dumps(
        params.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str, *, field: str = FIELD) -> str:
    key = key.strip()
    if not key:
        raise ValidationFailed.single(field, f"The {HEADER} header must not be empty.")
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed.single(
            field, f"The {HEADER} header must not be greater than {MAX_KEY_LENGTH} characters."
        )
    return key


async def claim_key(
    session: AsyncSession, *, ctx: Ctx, operation: str, key: str, params: BaseModel
) -> Claim:
    """Claims key for this request, or finds the result of the request that used it first.

    Raises KeyReused when the key came with another operation or other input, KeyInProgress
    when that request has not finished.
    """
    key = check_key(key)
    scope = principal_tag(ctx.principal)
    digest = request_hash(params)
    for _ in range(3):
        record = IdempotencyRecord(scope=scope, key=key, operation=operation, request_hash=digest)
        try:
            async with session.begin_nested():
                session.add(record)
                await session.flush()
            return Claim(record=record)
        except IntegrityError:
            pass
        earlier = await session.scalar(
            select(IdempotencyRecord)
            .where(col(IdempotencyRecord.scope) == scope, col(IdempotencyRecord.key) == key)
            .execution_options(populate_existing=True)
        )
        if earlier is None:  # its request failed and let the key go: claim it again
            continue
        if earlier.created_at <= ctx.now() - KEEP_FOR:
            await session.execute(
                delete(IdempotencyRecord).where(col(IdempotencyRecord.id) == earlier.id)
            )
            continue
        if earlier.operation != operation:
            raise KeyReused(OTHER_OPERATION)
        if earlier.request_hash != digest:
            raise KeyReused()
        if earlier.result is None:
            raise KeyInProgress()
        return Claim(earlier=dict(earlier.result))
    raise KeyInProgress()


async def remember_result(
    session: AsyncSession, *, record: IdempotencyRecord, result: Result
) -> None:
    record.result = result
    await session.flush()


async def run_once(
    session: AsyncSession,
    *,
    ctx: Ctx,
    operation: str,
    key: str | None,
    params: BaseModel,
    run: Callable[[], Awaitable[T]],
    result: Callable[[T], Result],
    replay: Callable[[Result], Awaitable[T]],
) -> Once[T]:
    """run() once per key: the ids result(value) names are stored, later requests replay(ids).

    Without a key, run() simply runs. A replay answers the objects as they are now.
    """
    if key is None:
        return Once(await run(), replayed=False)
    claim = await claim_key(session, ctx=ctx, operation=operation, key=key, params=params)
    if claim.earlier is not None:
        return Once(await replay(claim.earlier), replayed=True)
    assert claim.record is not None
    value = await run()
    await remember_result(session, record=claim.record, result=result(value))
    return Once(value, replayed=False)
