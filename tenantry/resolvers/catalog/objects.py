"""The commerce API's product object: B's JSON, and the data of product.* events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tenantry.models.catalog import Product

PRODUCT_PREFIX = "prod"


def iso_z(value: datetime) -> str:
    """2025-01-15T10:30:00Z, as the commerce API writes times."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def product_object(product: Product) -> dict[str, Any]:
    return {
        "id": f"{PRODUCT_PREFIX}_{product.id}",
        "object": "product",
        "name": product.name,
        "description": product.description,
        "price": product.price,
        "currency": product.currency.lower(),
        "inventory": product.stock,
        "status": str(product.status),
        "created_at": iso_z(product.created_at),
    }
