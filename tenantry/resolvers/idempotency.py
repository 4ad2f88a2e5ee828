"""Idempotency-Key with Stripe's semantics, for the POSTs that create orders (and payments).

A key is claimed by inserting its record in the same transaction as the work it guards, and the
answer is stored in that record before the commit: the work and its remembered answer commit
together or not at all. The unique (tenant_id, scope, key) constraint decides races: on
PostgreSQL a second insert of the same key waits for the first transaction, then fails and
replays the committed answer; on SQLite transactions are serialised, with the same outcome. A
request that fails (invalid input, out of stock, …) rolls its claim back, so the key is free to
be retried. Keys are scoped per tenant (the row's tenant), operation and principal; a key is
remembered for 24 hours.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

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
IN_PROGRESS = "A request with the same Idempotency-Key is in progress."


class KeyReused(ValidationFailed):
    """The key was first used with other parameters."""

    default_code = "idempotency_key_reused"

    def __init__(self, field: str = FIELD) -> None:
        super().__init__({field: [REUSED]}, REUSED)


class KeyInProgress(Conflict):
    default_code = "idempotency_key_in_use"

    def __init__(self) -> None:
        super().__init__(IN_PROGRESS)


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Claim:
    """A fresh claim (record set, replay None) or an earlier answer to replay."""

    record: IdempotencyRecord | None = None
    replay: Answer | None = None


def principal_tag(principal: Principal) -> str:
    if principal.kind is PrincipalKind.MEMBER:
        return f"member:{principal.member_id}"
    if principal.kind is PrincipalKind.STAFF:
        return f"staff:{principal.staff_id}"
    if principal.kind is PrincipalKind.API_KEY:
        return f"key:{principal.key_id}"
    return "anonymous"


def request_hash(params: Any) -> str:
    """Equal JSON gives an equal hash, whatever its key order or whitespace."""
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
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
    session: AsyncSession, *, ctx: Ctx, operation: str, key: str, params: Any
) -> Claim:
    """Claims key for this request, or finds the answer of the request that used it first.

    Raises KeyReused when the key came with other parameters, KeyInProgress when that request
    has not finished.
    """
    key = check_key(key)
    scope = f"{operation}|{principal_tag(ctx.principal)}"[:100]
    digest = request_hash(params)
    for _ in range(3):
        record = IdempotencyRecord(scope=scope, key=key, request_hash=digest)
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
        if earlier.request_hash != digest:
            raise KeyReused()
        if earlier.status_code is None or earlier.response is None:
            raise KeyInProgress()
        return Claim(replay=Answer(earlier.status_code, dict(earlier.response)))
    raise KeyInProgress()


async def remember_answer(
    session: AsyncSession, *, record: IdempotencyRecord, answer: Answer
) -> None:
    record.status_code = answer.status_code
    record.response = answer.body
    await session.flush()


async def run_idempotent(
    session: AsyncSession,
    *,
    ctx: Ctx,
    operation: str,
    key: str | None,
    params: Any,
    run: Callable[[], Awaitable[T]],
    answer: Callable[[T], Answer],
    replay: Callable[[Answer], Awaitable[T]],
) -> T:
    """run() once per key: the first request's answer(result) is stored, later ones replay it.

    Without a key, run() simply runs. The edges decide what an answer is: REST keeps the status
    and body it sent; GraphQL keeps the object's reference and replays by loading it.
    """
    if key is None:
        return await run()
    claim = await claim_key(session, ctx=ctx, operation=operation, key=key, params=params)
    if claim.replay is not None:
        return await replay(claim.replay)
    assert claim.record is not None
    result = await run()
    await remember_answer(session, record=claim.record, answer=answer(result))
    return result
