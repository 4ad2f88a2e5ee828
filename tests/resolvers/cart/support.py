"""A shopper drives the cart resolvers the way an edge does: one transaction per call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.models.cart import Cart
from tenantry.models.catalog import Product, ProductVariant
from tenantry.resolvers import cart as carts
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.resolvers.cart import rows
from tests.support import guest_ctx, member_ctx

T = TypeVar("T")


class Shopper:
    """A member (member_id) or a guest, who keeps the token of the cart it was given."""

    def __init__(
        self,
        services: Services,
        tenant: TenantFixture,
        *,
        member_id: int | None = None,
        token: str | None = None,
    ) -> None:
        self.services = services
        self.tenant = tenant
        self.member_id = member_id
        self.token = token

    @property
    def ctx(self) -> Ctx:
        if self.member_id is not None:
            return member_ctx(self.services, self.tenant, self.member_id)
        return guest_ctx(self.services, self.tenant)

    async def run(self, call: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async with self.services.db.unit(self.tenant.id) as uow:
            result = await call(uow.session)
            await uow.commit()
        if isinstance(result, Cart) and result.token:
            self.token = result.token
        return result

    async def add(
        self, product: Product, quantity: int = 1, variant: ProductVariant | None = None
    ) -> Cart:
        data = carts.CartItemIn(
            product_id=product.id or 0,
            variant_id=variant.id if variant is not None else None,
            quantity=quantity,
        )
        return await self.run(
            lambda s: carts.add_to_cart(s, ctx=self.ctx, cart_token=self.token, data=data)
        )

    async def update(self, item_id: int | None, quantity: int) -> Cart:
        data = carts.CartItemUpdate(quantity=quantity)
        return await self.run(
            lambda s: carts.update_cart_item(
                s, ctx=self.ctx, cart_token=self.token, item_id=item_id or 0, data=data
            )
        )

    async def remove(self, item_id: int | None) -> Cart:
        return await self.run(
            lambda s: carts.remove_cart_item(
                s, ctx=self.ctx, cart_token=self.token, item_id=item_id or 0
            )
        )

    async def cart(self) -> Cart | None:
        return await self.run(lambda s: carts.get_cart(s, ctx=self.ctx, cart_token=self.token))

    async def summary(self) -> carts.CartSummary:
        async def summarize(session: AsyncSession) -> carts.CartSummary:
            cart = await carts.get_cart(session, ctx=self.ctx, cart_token=self.token)
            return await carts.summarize_cart(session, ctx=self.ctx, cart=cart)

        return await self.run(summarize)

    async def quantities(self) -> list[tuple[int, int | None, int]]:
        """(product_id, variant_id, quantity) of each line, oldest first."""
        cart = await self.cart()
        if cart is None:
            return []
        found = await rows.cart_rows(self.services, self.tenant, cart.id)
        return [(item.product_id, item.variant_id, item.quantity) for item in found]

    async def validate(self) -> carts.CartValidation:
        return await self.run(lambda s: carts.validate_cart(s, ctx=self.ctx, cart_token=self.token))
