"""A cart's lines with their products, current prices and stock, in a fixed number of statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.cart import Cart, CartItem
from tenantry.models.catalog import (
    Product,
    ProductStatus,
    ProductType,
    ProductVariant,
)
from tenantry.resolvers.catalog.fetch import images_by_product_ids
from tenantry.resolvers.catalog.prices import unit_price
from tenantry.resolvers.catalog.stock import (
    bundle_quantities_by_ids,
    product_quantity,
    variant_quantity,
)
from tenantry.resolvers.pricing import PricedLine


@dataclass(frozen=True)
class CartLine:
    item: CartItem
    product: Product
    variant: ProductVariant | None
    available: int | None  # None: stock not tracked
    image: str | None = None

    @property
    def purchasable(self) -> bool:
        """The product is still for sale, and so is the chosen variant."""
        if self.product.status != ProductStatus.ACTIVE:
            return False
        return self.variant is None or self.variant.is_active

    @property
    def unit_price(self) -> int:
        return unit_price(self.product, self.variant)

    @property
    def total(self) -> int:
        return self.unit_price * self.item.quantity

    @property
    def in_stock(self) -> bool:
        return self.purchasable and (self.available is None or self.available >= self.item.quantity)

    def priced(self) -> PricedLine:
        product, variant = self.product, self.variant
        assert product.id is not None
        return PricedLine(
            product_id=product.id,
            variant_id=variant.id if variant is not None else None,
            category_id=product.category_id,
            product_type=str(product.type),
            name=f"{product.name} - {variant.name}" if variant and variant.name else product.name,
            sku=(variant.sku if variant is not None and variant.sku else None) or product.sku,
            options=dict(variant.options) if variant is not None else {},
            unit_price=self.unit_price,
            quantity=self.item.quantity,
        )


async def load_lines(
    session: AsyncSession, *, cart: Cart, with_images: bool = False
) -> list[CartLine]:
    """Every line of the cart, whatever its product's status now, oldest first."""
    if cart.id is None:
        return []
    rows = (
        await session.execute(
            select(CartItem, Product, ProductVariant)
            .join(Product, col(Product.id) == col(CartItem.product_id))
            .outerjoin(ProductVariant, col(ProductVariant.id) == col(CartItem.variant_id))
            .where(col(CartItem.cart_id) == cart.id)
            .order_by(col(CartItem.id))
        )
    ).all()
    if not rows:
        return []
    products = [product for _, product, _ in rows]
    available = await _available(session, [(product, variant) for _, product, variant in rows])
    images = {}
    if with_images:
        found = await images_by_product_ids(session, (product.id for product in products))
        images = {product_id: rows[0].url for product_id, rows in found.items() if rows}
    return [
        CartLine(
            item=item,
            product=product,
            variant=variant,
            available=available[index],
            image=images.get(product.id) if product.id is not None else None,
        )
        for index, (item, product, variant) in enumerate(rows)
    ]


async def _available(
    session: AsyncSession, pairs: Sequence[tuple[Product, ProductVariant | None]]
) -> list[int | None]:
    """Stock for many lines at once; the catalog's rules, batched (bundles follow components)."""
    bundle_ids = sorted(
        {p.id for p, _ in pairs if p.type == ProductType.BUNDLE and p.id is not None}
    )
    bundles = await bundle_quantities_by_ids(session, bundle_ids)
    plain_ids = sorted(
        {p.id for p, v in pairs if v is None and p.type != ProductType.BUNDLE and p.id is not None}
    )
    variants: dict[int, list[ProductVariant]] = defaultdict(list)
    if plain_ids:
        for row in await session.scalars(
            select(ProductVariant).where(col(ProductVariant.product_id).in_(plain_ids))
        ):
            variants[row.product_id].append(row)
    found: list[int | None] = []
    for product, variant in pairs:
        assert product.id is not None
        if product.type == ProductType.BUNDLE:
            found.append(bundles.get(product.id))
        elif variant is not None:
            found.append(variant_quantity(product, variant))
        else:
            found.append(product_quantity(product, variants[product.id]))
    return found


async def priced_lines(session: AsyncSession, *, ctx: Ctx, cart: Cart) -> list[PricedLine]:
    """The lines that can be bought now, at today's prices (not the price when added).

    Lines whose product or variant is no longer for sale are left out; validate_cart reports
    them to the buyer before checkout.
    """
    return [line.priced() for line in await load_lines(session, cart=cart) if line.purchasable]
