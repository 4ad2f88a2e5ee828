"""The commerce API's product object: B's JSON, and the data of product.* events."""

from __future__ import annotations

from typing import Any

from tenantry.core.ids import encode_prefixed
from tenantry.models.catalog import Product
from tenantry.resolvers.commerce_objects import PRODUCT_PREFIX, iso_z


def product_object(product: Product) -> dict[str, Any]:
    assert product.id is not None
    return {
        "id": encode_prefixed(PRODUCT_PREFIX, product.id),
        "object": "product",
        "name": product.name,
        "description": product.description,
        "price": product.price,
        "currency": product.currency.lower(),
        "inventory": product.stock,
        "status": str(product.status),
        "created_at": iso_z(product.created_at),
    }
