"""The commerce API's events (DiSeller webhooks), written in the transaction that caused them."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.models.event import DomainEvent

ORDER_CREATED: Final = "order.created"
ORDER_UPDATED: Final = "order.updated"
ORDER_COMPLETED: Final = "order.completed"
ORDER_CANCELLED: Final = "order.cancelled"
PAYMENT_SUCCEEDED: Final = "payment.succeeded"
PAYMENT_FAILED: Final = "payment.failed"
PRODUCT_CREATED: Final = "product.created"
PRODUCT_UPDATED: Final = "product.updated"
CUSTOMER_CREATED: Final = "customer.created"
REFUND_PROCESSED: Final = "refund.processed"
SUBSCRIPTION_CREATED: Final = "subscription.created"
SUBSCRIPTION_UPDATED: Final = "subscription.updated"
SUBSCRIPTION_CANCELED: Final = "subscription.canceled"
RESERVATION_CREATED: Final = "reservation.created"
RESERVATION_CONFIRMED: Final = "reservation.confirmed"
RESERVATION_CANCELLED: Final = "reservation.cancelled"

EVENT_TYPES: Final = frozenset(
    {
        ORDER_CREATED,
        ORDER_UPDATED,
        ORDER_COMPLETED,
        ORDER_CANCELLED,
        PAYMENT_SUCCEEDED,
        PAYMENT_FAILED,
        PRODUCT_CREATED,
        PRODUCT_UPDATED,
        CUSTOMER_CREATED,
        REFUND_PROCESSED,
        SUBSCRIPTION_CREATED,
        SUBSCRIPTION_UPDATED,
        SUBSCRIPTION_CANCELED,
        RESERVATION_CREATED,
        RESERVATION_CONFIRMED,
        RESERVATION_CANCELLED,
    }
)


async def record_event(
    session: AsyncSession,
    *,
    type: str,
    object_type: str,
    object_id: int,
    data: dict[str, Any],
) -> DomainEvent:
    """Add the event to the caller's unit of work; it commits or rolls back with the change."""
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {type!r}")
    event = DomainEvent(type=type, object_type=object_type, object_id=object_id, data=data)
    session.add(event)
    await session.flush()
    return event
