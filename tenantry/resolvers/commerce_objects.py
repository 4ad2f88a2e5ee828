"""The commerce API's (dialect B's) object vocabulary: id prefixes and times, shared by its JSON
and by the data of the events it records."""

from __future__ import annotations

from datetime import UTC, datetime

PRODUCT_PREFIX = "prod"
ORDER_PREFIX = "ord"
CUSTOMER_PREFIX = "cust"
PAYMENT_PREFIX = "pay"
REFUND_PREFIX = "re"


def iso_z(value: datetime) -> str:
    """2025-01-15T10:30:00Z, as the commerce API writes times."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
