"""What Toss says of a payment, recorded through the ledger: its status, card, virtual account.

Toss's statuses become ours: DONE and PARTIAL_CANCELED succeeded, WAITING_FOR_DEPOSIT pending,
ABORTED failed, CANCELED and EXPIRED canceled (closed before anything was taken), READY and
IN_PROGRESS unknown (not approved yet). A payment that succeeded keeps its status whatever comes
later; refunds are recorded as refunds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.models.order import Order
from tenantry.models.payments import Payment, PaymentStatus
from tenantry.resolvers.payments.errors import ProviderRefused, ProviderUnavailable
from tenantry.resolvers.payments.ledger import mark_failed, mark_succeeded, mark_unknown
from tenantry.resolvers.payments.toss_client import PROVIDER, TossError

SUCCEEDED = frozenset({"DONE", "PARTIAL_CANCELED"})
CLOSED = frozenset({"CANCELED", "EXPIRED"})
NOT_APPROVED = frozenset({"READY", "IN_PROGRESS"})
WAITING = "WAITING_FOR_DEPOSIT"
SECRET = "_secret"  # Toss's secret of a virtual account, echoed in its deposit callbacks
METHODS = {
    "카드": "card",
    "CARD": "card",
    "가상계좌": "virtual_account",
    "VIRTUAL_ACCOUNT": "virtual_account",
    "간편결제": "easy_pay",
    "EASY_PAY": "easy_pay",
    "계좌이체": "transfer",
    "TRANSFER": "transfer",
    "휴대폰": "mobile_phone",
    "MOBILE_PHONE": "mobile_phone",
}


def keep_card(payment: Payment, toss: dict[str, Any]) -> None:
    """The method, and of a card what Toss shows: its issuer and the last digits when unmasked."""
    method = METHODS.get(str(toss.get("method") or ""))
    if method is not None:
        payment.method = method
    card = toss.get("card")
    if isinstance(card, dict):
        brand = card.get("company") or card.get("issuerCode")
        payment.card_brand = str(brand)[:20] if brand else None
        tail = str(card.get("number") or "")[-4:]
        payment.card_last4 = tail if len(tail) == 4 and tail.isdigit() else None
    receipt = toss.get("receipt")
    if isinstance(receipt, dict) and receipt.get("url"):
        payment.details = {**(payment.details or {}), "receipt_url": str(receipt["url"])}


def keep_account(payment: Payment, toss: dict[str, Any]) -> None:
    """A virtual account's number, bank and due date (shown), and its secret (never shown)."""
    account = toss.get("virtualAccount")
    details = dict(payment.details or {})
    if isinstance(account, dict):
        details.update(
            account_number=account.get("accountNumber"),
            bank=account.get("bank") or account.get("bankCode"),
            customer_name=account.get("customerName"),
            due_date=account.get("dueDate"),
        )
    if toss.get("secret"):
        details[SECRET] = str(toss["secret"])
    payment.method = "virtual_account"
    payment.details = details


async def close_payment(session: AsyncSession, *, ctx: Ctx, payment: Payment, reason: str) -> bool:
    """Closes a payment before anything was taken (an account cancelled or expired); the ledger
    has no such step. Nothing is emitted: no money moved."""
    if payment.status in {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELED}:
        return False
    payment.status = PaymentStatus.CANCELED
    payment.failure_message = reason[:500]
    payment.updated_at = ctx.now()
    await session.flush()
    return True


async def record_failure(
    session: AsyncSession, *, ctx: Ctx, payment: Payment, error: TossError
) -> None:
    await mark_failed(
        session,
        ctx=ctx,
        payment=payment,
        code=error.reason,
        decline_code=error.code,
        message=f"{error.message} ({error.code})",
    )


async def settle(
    session: AsyncSession,
    *,
    ctx: Ctx,
    order: Order | None,
    payment: Payment,
    toss: dict[str, Any],
    order_id: str | None = None,
) -> None:
    """Records Toss's word on payment (order and payment locked, order first). `order_id` is
    Toss's orderId when it is not the order's number (a booking's payment has no order)."""
    if payment.status == PaymentStatus.SUCCEEDED:
        return
    status = str(toss.get("status") or "")
    expected = toss_order_id(order, order_id)
    if status in SUCCEEDED and not _same_payment(expected, payment, toss):
        error = TossError("AMOUNT_OR_ORDER_MISMATCH", "Toss reports another order or amount.", 200)
        await record_failure(session, ctx=ctx, payment=payment, error=error)
    elif status in SUCCEEDED:
        keep_card(payment, toss)
        await mark_succeeded(session, ctx=ctx, order=order, payment=payment)
    elif status == WAITING:
        keep_account(payment, toss)
        payment.status = PaymentStatus.PENDING
        await session.flush()
    elif status == "ABORTED":
        await record_failure(session, ctx=ctx, payment=payment, error=_failure(toss))
    elif status in CLOSED:
        await close_payment(session, ctx=ctx, payment=payment, reason=f"Toss: {status}")
    else:
        await mark_unknown(session, ctx=ctx, payment=payment, reason=f"Toss: {status or '?'}")


def _failure(toss: dict[str, Any]) -> TossError:
    failure = toss.get("failure")
    found = failure if isinstance(failure, dict) else {}
    code = str(found.get("code") or "ABORTED")
    return TossError(code, str(found.get("message") or "Toss aborted the payment."), 200)


def toss_order_id(order: Order | None, order_id: str | None) -> str:
    """Toss's orderId: the order's number, or the one given (a booking's number)."""
    if order_id is not None:
        return order_id
    assert order is not None
    return order.number


def _same_payment(order_id: str, payment: Payment, toss: dict[str, Any]) -> bool:
    return toss.get("orderId") == order_id and toss.get("totalAmount") == payment.amount


def outcome_error(payment: Payment) -> ProviderRefused | ProviderUnavailable | None:
    """What a caller is told of a payment that did not succeed (it stays recorded)."""
    if payment.status == PaymentStatus.FAILED:
        return ProviderRefused(
            payment.failure_message or f"{PROVIDER} refused the payment.",
            code=payment.failure_code or ProviderRefused.default_code,
            decline_code=payment.decline_code,
            payment_id=payment.id,
            keep_changes=True,
        )
    if payment.status == PaymentStatus.UNKNOWN:
        return ProviderUnavailable(PROVIDER)
    return None
