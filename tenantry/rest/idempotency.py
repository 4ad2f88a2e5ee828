"""The Idempotency-Key header at the REST edge: replay the stored answer, or run and store it.

A replayed answer carries `Idempotent-Replayed: true`, as Stripe's do. Dialect B reports a key
reused with other parameters as Stripe does (400, type idempotency_error); dialect A as a 422.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response

from tenantry.resolvers.idempotency import HEADER, Answer, KeyReused, run_idempotent
from tenantry.rest.endpoint import Call
from tenantry.rest.envelopes import json
from tenantry.serving.dialects import Dialect

REPLAYED_HEADER = "Idempotent-Replayed"


async def idempotent(
    call: Call, *, operation: str, params: Any, run: Callable[[], Awaitable[Answer]]
) -> Response:
    """run() at most once per Idempotency-Key; without the header it simply runs."""

    async def fresh() -> tuple[Answer, bool]:
        return await run(), False

    async def replay(answer: Answer) -> tuple[Answer, bool]:
        return answer, True

    try:
        answer, replayed = await run_idempotent(
            call.session,
            ctx=call.ctx,
            operation=operation,
            key=call.request.headers.get(HEADER),
            params=params,
            run=fresh,
            answer=lambda result: result[0],
            replay=replay,
        )
    except KeyReused as exc:
        if call.request.scope["state"]["route"].dialect is not Dialect.COMMERCE:
            raise
        await call.uow.rollback()
        error = {
            "type": "idempotency_error",
            "message": exc.message,
            "param": None,
            "code": exc.code,
        }
        return json({"error": error}, 400)
    headers = {REPLAYED_HEADER: "true"} if replayed else None
    return json(answer.body, answer.status_code, headers)
