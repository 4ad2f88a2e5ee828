"""A small Toss Payments server for tests, on a free port of 127.0.0.1: the v1 routes tenantry
calls, kept in memory.

It checks what Toss checks: Basic auth with the secret key (else 401 UNAUTHORIZED_KEY), and that a
confirm's orderId and amount are those the buyer authorised in the payment window (`authorize`
stands for the buyer). Every request is recorded. `fail_next(code)` makes the next request answer
with one of Toss's error codes; `hang(before=…)` makes the next request wait longer than the
client's timeout, either without doing its work or after doing it (a confirm Toss made, whose
answer was lost).
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.live import serve

SECRET_KEY = "test_sk_fake_toss_0001"
CLIENT_KEY = "test_ck_fake_toss_0001"
HANG_SECONDS = 2.5
NOW = "2026-12-07T10:00:00+09:00"


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    body: dict[str, Any] | None
    authorization: str | None
    idempotency_key: str | None


@dataclass
class FakeToss:
    base_url: str = ""
    requests: list[Seen] = field(default_factory=list)
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    answered: dict[str, dict[str, Any]] = field(default_factory=dict)  # by Idempotency-Key
    failures: list[tuple[str, int]] = field(default_factory=list)
    hangs: list[bool] = field(default_factory=list)  # True: hang before doing the work

    def authorize(self, order_id: str, amount: int, *, method: str = "카드") -> str:
        """The buyer finished the payment window: a payment Toss waits to have confirmed."""
        key = f"tgen_{secrets.token_hex(8)}"
        self.payments[key] = _payment(key, order_id, amount, status="READY", method=method)
        return key

    def fail_next(self, code: str, status: int = 400) -> None:
        self.failures.append((code, status))

    def hang(self, *, before: bool = False) -> None:
        self.hangs.append(before)

    def calls(self, path_part: str = "") -> list[Seen]:
        return [seen for seen in self.requests if path_part in seen.path]

    def deposit(self, key: str, status: str = "DONE") -> dict[str, Any]:
        """The buyer paid into the account: the callback body Toss would post."""
        payment = self.payments[key]
        payment["status"] = status
        return {
            "createdAt": "2026-12-07T10:05:00.000000",
            "secret": payment["secret"],
            "status": status,
            "transactionKey": f"tx_{key}_{status}",
            "orderId": payment["orderId"],
        }


def _payment(key: str, order_id: str, amount: int, *, status: str, method: str) -> dict[str, Any]:
    return {
        "paymentKey": key,
        "orderId": order_id,
        "orderName": "",
        "status": status,
        "method": method,
        "totalAmount": amount,
        "balanceAmount": amount,
        "currency": "KRW",
        "approvedAt": None,
        "card": None,
        "virtualAccount": None,
        "cancels": None,
        "secret": None,
        "receipt": {"url": f"https://dashboard.tosspayments.test/receipt/{key}"},
    }


def _error(code: str, message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status)


def build_app(state: FakeToss) -> Starlette:
    expected = "Basic " + base64.b64encode(f"{SECRET_KEY}:".encode()).decode()

    async def handle(request: Request) -> Response:
        raw = await request.body()
        body = await request.json() if raw else None
        state.requests.append(
            Seen(
                request.method,
                request.url.path,
                body,
                request.headers.get("authorization"),
                request.headers.get("idempotency-key"),
            )
        )
        if request.headers.get("authorization") != expected:
            return _error(
                "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.", 401
            )
        if state.failures:
            code, status = state.failures.pop(0)
            return _error(code, f"Failure {code} as asked.", status)
        hang = state.hangs.pop(0) if state.hangs else None
        if hang is True:  # too late, and the work never done
            await asyncio.sleep(HANG_SECONDS)
            return _error("PROVIDER_ERROR", "Timed out before doing anything.", 504)
        once = request.headers.get("idempotency-key")
        if once and once in state.answered:
            return JSONResponse(state.answered[once])
        response = _route(state, request, body or {})
        if hang is False:
            await asyncio.sleep(HANG_SECONDS)
        if once and response.status_code == 200:
            state.answered[once] = _json(response)
        return response

    routes = [
        Route("/v1/payments/confirm", handle, methods=["POST"]),
        Route("/v1/virtual-accounts", handle, methods=["POST"]),
        Route("/v1/payments/{key}/cancel", handle, methods=["POST"]),
        Route("/v1/payments/{key}", handle, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def _json(response: Response) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(bytes(response.body))
    return found


def _route(state: FakeToss, request: Request, body: dict[str, Any]) -> Response:
    path = request.url.path
    if path == "/v1/payments/confirm":
        return _confirm(state, body)
    if path == "/v1/virtual-accounts":
        return _virtual_account(state, body)
    key = request.path_params["key"]
    payment = state.payments.get(key)
    if payment is None:
        return _error("NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.", 404)
    if path.endswith("/cancel"):
        return _cancel(payment, body)
    return JSONResponse(payment)


def _confirm(state: FakeToss, body: dict[str, Any]) -> Response:
    payment = state.payments.get(str(body.get("paymentKey")))
    if payment is None:
        return _error("NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.", 404)
    if body.get("orderId") != payment["orderId"] or body.get("amount") != payment["totalAmount"]:
        return _error("INVALID_REQUEST", "잘못된 요청입니다: orderId or amount")
    if payment["status"] != "READY":
        return _error("ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.")
    payment.update(
        status="DONE",
        approvedAt=NOW,
        card={"company": "현대", "number": "43301234****1234", "approveNo": "00000000"},
    )
    return JSONResponse(payment)


def _virtual_account(state: FakeToss, body: dict[str, Any]) -> Response:
    amount = body.get("amount")
    if not isinstance(amount, int) or not body.get("orderId") or not body.get("customerName"):
        return _error("INVALID_REQUEST", "잘못된 요청입니다.")
    key = f"tvir_{secrets.token_hex(8)}"
    payment = _payment(
        key, str(body["orderId"]), amount, status="WAITING_FOR_DEPOSIT", method="가상계좌"
    )
    payment.update(
        orderName=body.get("orderName"),
        secret=f"ps_{secrets.token_hex(10)}",
        virtualAccount={
            "accountNumber": f"X{secrets.randbelow(10**12):012d}",
            "bank": body.get("bank"),
            "customerName": body.get("customerName"),
            "dueDate": "2026-12-10T10:00:00+09:00",
            "validHours": body.get("validHours", 168),
        },
    )
    state.payments[key] = payment
    return JSONResponse(payment)


def _cancel(payment: dict[str, Any], body: dict[str, Any]) -> Response:
    if not body.get("cancelReason"):
        return _error("INVALID_REQUEST", "취소 사유는 필수입니다.")
    if payment["status"] in ("CANCELED", "EXPIRED", "ABORTED"):
        return _error("ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다.")
    balance = payment["balanceAmount"]
    amount = body.get("cancelAmount", balance)
    if payment["status"] == "WAITING_FOR_DEPOSIT":
        amount = balance
    elif payment["status"] not in ("DONE", "PARTIAL_CANCELED"):
        return _error("NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.")
    if not isinstance(amount, int) or not 0 < amount <= balance:
        return _error("NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.")
    cancels = payment["cancels"] or []
    cancels.append(
        {
            "transactionKey": f"txc_{secrets.token_hex(8)}",
            "cancelAmount": amount,
            "cancelReason": body["cancelReason"],
            "canceledAt": NOW,
        }
    )
    payment.update(
        cancels=cancels,
        balanceAmount=balance - amount,
        status="CANCELED" if amount == balance else "PARTIAL_CANCELED",
    )
    return JSONResponse(payment)


@asynccontextmanager
async def fake_toss_server() -> AsyncIterator[FakeToss]:
    state = FakeToss()
    async with serve(build_app(state)) as server:
        state.base_url = server.http()
        yield state
