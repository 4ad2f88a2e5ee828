"""Order object types. Items and history resolve through the operation's loaders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models import order as rows
from tenantry.models import payments as payment_rows
from tenantry.resolvers import orders
from tenantry.resolvers.pricing import PricedLine
from tenantry.schema.context import GraphQLContext
from tenantry.schema.ids import graphql_id, optional_id
from tenantry.schema.orders import loaders
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(rows.OrderStatus, name="OrderStatus")
OrderStatus = rows.OrderStatus


@strawberry.type(description="A postal address as given at checkout; fields absent are null.")
class Address:
    name: str | None = None
    phone: str | None = None
    address: str | None = None
    address2: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> Address | None:
        if not stored:
            return None
        known = {name: str(value) for name, value in stored.items() if name in _ADDRESS_FIELDS}
        return cls(**known)


_ADDRESS_FIELDS = frozenset(
    ("name", "phone", "address", "address2", "street", "city", "state", "zip", "country")
)


@strawberry.type
class OrderItem:
    id: strawberry.ID
    product_id: strawberry.ID | None = strawberry.field(description="Null once deleted.")
    variant_id: strawberry.ID | None
    product_type: str
    name: str = strawberry.field(description="The product's name when ordered.")
    sku: str | None
    options: JSON
    unit_price: int = strawberry.field(description="The price paid, in minor units.")
    quantity: int
    total: int

    @classmethod
    def from_model(cls, item: rows.OrderItem) -> OrderItem:
        return cls(
            id=strawberry.ID(str(item.id)),
            product_id=optional_id(item.product_id),
            variant_id=optional_id(item.variant_id),
            product_type=item.product_type,
            name=item.name,
            sku=item.sku,
            options=JSON(item.options),
            unit_price=item.unit_price,
            quantity=item.quantity,
            total=item.total,
        )


@strawberry.type
class OrderStatusChange:
    from_status: OrderStatus | None
    to_status: OrderStatus
    note: str
    changed_at: datetime

    @classmethod
    def from_model(cls, change: rows.OrderStatusChange) -> OrderStatusChange:
        return cls(
            from_status=rows.OrderStatus(change.from_status) if change.from_status else None,
            to_status=rows.OrderStatus(change.to_status),
            note=change.note,
            changed_at=change.created_at,
        )


strawberry.enum(payment_rows.PaymentStatus, name="PaymentStatus")
strawberry.enum(payment_rows.Processor, name="PaymentProcessor")
strawberry.enum(payment_rows.RefundStatus, name="RefundStatus")


@strawberry.type(description="What is kept of a card: never its number or security code.")
class PaymentCard:
    brand: str | None
    last4: str
    exp_month: int | None
    exp_year: int | None


@strawberry.type(description="One attempt to pay an order. Amounts are in minor units.")
class Payment:
    id: strawberry.ID
    order_id: strawberry.ID
    processor: payment_rows.Processor
    method: str
    status: payment_rows.PaymentStatus
    amount: int
    amount_refunded: int
    currency: str
    reference: str | None = strawberry.field(
        description="The provider's id: Stripe's PaymentIntent, Toss's paymentKey."
    )
    card: PaymentCard | None
    failure_code: str | None
    decline_code: str | None
    failure_message: str | None
    details: JSON = strawberry.field(
        description="What the provider gave for this method (a virtual account's number, bank "
        "and due date, a receipt URL)."
    )
    succeeded_at: datetime | None
    created_at: datetime
    order_row_id: strawberry.Private[int]

    @strawberry.field(description="The order this payment is for.")
    async def order(self, info: GQLInfo) -> Order | None:
        found = await loaders.order_by_id(info.context).load(self.order_row_id)
        return Order.from_model(found) if found is not None else None

    @classmethod
    def from_model(cls, payment: payment_rows.Payment) -> Payment:
        card = None
        if payment.card_last4 is not None:
            card = PaymentCard(
                brand=payment.card_brand,
                last4=payment.card_last4,
                exp_month=payment.card_exp_month,
                exp_year=payment.card_exp_year,
            )
        public: Any = {k: v for k, v in (payment.details or {}).items() if not k.startswith("_")}
        return cls(
            id=graphql_id(payment.id),
            order_id=graphql_id(payment.order_id),
            processor=payment_rows.Processor(payment.processor),
            method=payment.method,
            status=payment_rows.PaymentStatus(payment.status),
            amount=payment.amount,
            amount_refunded=payment.amount_refunded,
            currency=payment.currency,
            reference=payment.reference,
            card=card,
            failure_code=payment.failure_code,
            decline_code=payment.decline_code,
            failure_message=payment.failure_message,
            details=public,
            succeeded_at=payment.succeeded_at,
            created_at=payment.created_at,
            order_row_id=_order_of(payment),
        )


def _order_of(payment: payment_rows.Payment) -> int:
    # Booking payments are answered by the reservations schema, never as an order's.
    assert payment.order_id is not None
    return payment.order_id


@strawberry.type(description="Money given back from a payment. Amounts are in minor units.")
class Refund:
    id: strawberry.ID
    payment_id: strawberry.ID
    order_id: strawberry.ID
    processor: payment_rows.Processor
    status: payment_rows.RefundStatus
    amount: int
    currency: str
    reason: str
    reference: str | None
    restocked: bool
    created_at: datetime

    @classmethod
    def from_model(cls, refund: payment_rows.Refund) -> Refund:
        return cls(
            id=graphql_id(refund.id),
            payment_id=graphql_id(refund.payment_id),
            order_id=graphql_id(refund.order_id),
            processor=payment_rows.Processor(refund.processor),
            status=payment_rows.RefundStatus(refund.status),
            amount=refund.amount,
            currency=refund.currency,
            reason=refund.reason,
            reference=refund.reference,
            restocked=refund.restocked,
            created_at=refund.created_at,
        )


@strawberry.type
class Order:
    id: strawberry.ID
    number: str
    status: OrderStatus
    currency: str
    subtotal: int
    discount_total: int
    shipping_total: int
    tax_total: int
    total: int
    coupon_code: str | None
    shipping_address: Address | None
    billing_address: Address | None
    note: str
    paid_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime
    row_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, order: rows.Order) -> Order:
        assert order.id is not None
        return cls(
            id=strawberry.ID(str(order.id)),
            number=order.number,
            status=rows.OrderStatus(order.status),
            currency=order.currency,
            subtotal=order.subtotal,
            discount_total=order.discount_total,
            shipping_total=order.shipping_total,
            tax_total=order.tax_total,
            total=order.total,
            coupon_code=order.coupon_code,
            shipping_address=Address.from_stored(order.shipping_address),
            billing_address=Address.from_stored(order.billing_address),
            note=order.note,
            paid_at=order.paid_at,
            cancelled_at=order.cancelled_at,
            created_at=order.created_at,
            updated_at=order.updated_at,
            row_id=order.id,
        )

    @strawberry.field
    async def items(self, info: GQLInfo) -> list[OrderItem]:
        found = await loaders.items_by_order_id(info.context).load(self.row_id)
        return [OrderItem.from_model(item) for item in found]

    @strawberry.field(description="Every attempt to pay the order, oldest first.")
    async def payments(self, info: GQLInfo) -> list[Payment]:
        found = await loaders.payments_by_order_id(info.context).load(self.row_id)
        return [Payment.from_model(payment) for payment in found]

    @strawberry.field(description="Money given back, oldest first.")
    async def refunds(self, info: GQLInfo) -> list[Refund]:
        found = await loaders.refunds_by_order_id(info.context).load(self.row_id)
        return [Refund.from_model(refund) for refund in found]

    @strawberry.field(description="Every status the order has had, oldest first.")
    async def status_history(self, info: GQLInfo) -> list[OrderStatusChange]:
        found = await loaders.history_by_order_id(info.context).load(self.row_id)
        return [OrderStatusChange.from_model(change) for change in found]


@strawberry.type
class OrderPage:
    items: list[Order]
    page_info: PageInfo


@strawberry.type
class OrderPreviewLine:
    product_id: strawberry.ID
    variant_id: strawberry.ID | None
    product_type: str
    name: str
    sku: str | None
    options: JSON
    unit_price: int
    quantity: int
    total: int

    @classmethod
    def from_line(cls, line: PricedLine) -> OrderPreviewLine:
        return cls(
            product_id=strawberry.ID(str(line.product_id)),
            variant_id=optional_id(line.variant_id),
            product_type=line.product_type,
            name=line.name,
            sku=line.sku,
            options=JSON(line.options),
            unit_price=line.unit_price,
            quantity=line.quantity,
            total=line.total,
        )


@strawberry.type(description="What createOrder would charge now; nothing is written.")
class OrderPreview:
    lines: list[OrderPreviewLine]
    currency: str
    subtotal: int
    discount_total: int
    shipping_total: int
    tax_total: int
    total: int
    needs_shipping: bool
    coupon_code: str | None
    coupon_error: str | None = strawberry.field(
        description="Why the coupon does not apply; the totals are then without it."
    )

    @classmethod
    def from_preview(cls, preview: orders.OrderPreview) -> OrderPreview:
        totals = preview.totals
        return cls(
            lines=[OrderPreviewLine.from_line(line) for line in preview.lines],
            currency=totals.currency,
            subtotal=totals.subtotal,
            discount_total=totals.discount_total,
            shipping_total=totals.shipping_total,
            tax_total=totals.tax_total,
            total=totals.total,
            needs_shipping=preview.needs_shipping,
            coupon_code=preview.coupon_code,
            coupon_error=preview.coupon_error,
        )


@strawberry.type(description="An order's status has just changed.")
class OrderStatusEvent:
    number: str
    status: OrderStatus
    previous_status: OrderStatus | None
    changed_at: datetime

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> OrderStatusEvent:
        previous = data.get("previous_status")
        return cls(
            number=str(data["number"]),
            status=rows.OrderStatus(data["status"]),
            previous_status=rows.OrderStatus(previous) if previous else None,
            changed_at=datetime.fromisoformat(str(data["changed_at"])),
        )
