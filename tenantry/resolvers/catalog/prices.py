"""What a line costs: the server's price, never the client's."""

from __future__ import annotations

from tenantry.models.catalog import Product, ProductVariant


def unit_price(product: Product, variant: ProductVariant | None) -> int:
    if variant is not None and variant.price is not None:
        return variant.price
    return product.price
