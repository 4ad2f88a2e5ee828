"""Orders the shop's server places for a customer from a list of items (dialect B).

Items name products only (the seed has no variants in them): each is priced at the product's
price and takes the product's stock.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.catalog import ProductStatus
from tenantry.models.order import Customer
from tenantry.resolvers.catalog import unit_price
from tenantry.resolvers.catalog.fetch import products_by_ids
from tenantry.resolvers.orders.checkout import ADDRESS_REQUIRED
from tenantry.resolvers.orders.inputs import DirectOrderIn
from tenantry.resolvers.orders.placing import OrderDraft, PlacedOrder, place_order
from tenantry.resolvers.pricing import PricedLine, compute_totals, needs_shipping
from tenantry.resolvers.stock import StockLine


class UnknownReference(ValidationFailed):
    """An id in the body that names nothing: Stripe's 400 resource_missing on that param."""

    default_code = "resource_missing"

    def __init__(self, param: str, resource: str, label: str, row_id: int | None = None) -> None:
        self.reference = param
        self.resource = resource
        self.label = label
        self.row_id = row_id
        message = f"No such {resource}: '{label}'"
        super().__init__({param: [message]}, message)


async def create_order_from_items(
    session: AsyncSession, *, ctx: Ctx, data: DirectOrderIn, numbers: Iterator[str] | None = None
) -> PlacedOrder:
    require_admin(ctx)
    customer = None
    if data.customer_id is not None:
        customer = await session.scalar(
            select(Customer).where(
                col(Customer.id) == data.customer_id, col(Customer.deleted_at).is_(None)
            )
        )
        if customer is None:
            raise UnknownReference(
                "customer_id", "customer", str(data.customer_id), data.customer_id
            )
    products = await products_by_ids(session, (item.product_id for item in data.items))
    priced: list[PricedLine] = []
    stock: list[StockLine] = []
    for index, item in enumerate(data.items):
        param = f"items.{index}.product_id"
        product = products.get(item.product_id)
        if product is None:
            raise UnknownReference(param, "product", str(item.product_id), item.product_id)
        if product.status != ProductStatus.ACTIVE:
            raise ValidationFailed.single(param, f"{product.name} is not for sale.")
        assert product.id is not None
        priced.append(
            PricedLine(
                product_id=product.id,
                variant_id=None,
                category_id=product.category_id,
                product_type=str(product.type),
                name=product.name,
                sku=product.sku,
                options={},
                unit_price=unit_price(product, None),
                quantity=item.quantity,
            )
        )
        stock.append(StockLine(product=product, variant=None, quantity=item.quantity))
    if needs_shipping(priced) and data.shipping_address is None:
        raise ValidationFailed.single("shipping_address", ADDRESS_REQUIRED)
    draft = OrderDraft(
        lines=priced,
        stock=stock,
        totals=compute_totals(ctx, priced, discount=0),
        member_id=customer.member_id if customer else None,
        customer_id=customer.id if customer else None,
        email=customer.email if customer else None,
        shipping_address=data.shipping_address.stored() if data.shipping_address else {},
        note=data.note or "",
    )
    return await place_order(session, ctx=ctx, draft=draft, numbers=numbers)
