"""What a set of lines costs: subtotal, discount, shipping and tax, all on the server.

Shipping and tax come from the tenant's settings, e.g.
    {"shipping": {"flat_rate": 3000, "free_over": 50000},
     "tax": {"rate_bps": 1000, "inclusive": true}}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tenantry.core.context import Ctx
from tenantry.models.catalog import ProductType
from tenantry.resolvers.setting_shapes import Shipping, Tax, read_setting

BASIS_POINTS = 10_000
# Nothing is shipped for these: a digital file and a subscription have no parcel.
UNSHIPPED_TYPES = frozenset({ProductType.DIGITAL.value, ProductType.SUBSCRIPTION.value})


@dataclass(frozen=True)
class PricedLine:
    product_id: int
    variant_id: int | None
    category_id: int | None
    product_type: str
    name: str
    sku: str | None
    options: dict[str, Any]
    unit_price: int
    quantity: int

    @property
    def total(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Totals:
    subtotal: int
    discount_total: int
    shipping_total: int
    tax_total: int
    total: int
    currency: str


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero, in integers (no float drift)."""
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def needs_shipping(lines: Sequence[PricedLine]) -> bool:
    return any(line.product_type not in UNSHIPPED_TYPES for line in lines)


def shipping_for(settings: Mapping[str, Any], *, goods: int, shipped: bool) -> int:
    """The flat rate, waived when the discounted goods reach free_over."""
    if not shipped:
        return 0
    config = read_setting(settings, "shipping", Shipping)
    if config.free_over is not None and goods >= config.free_over:
        return 0
    return config.flat_rate


def tax_for(settings: Mapping[str, Any], *, taxable: int) -> tuple[int, bool]:
    """(tax, inclusive): inclusive tax is already inside the prices and is only extracted."""
    config = read_setting(settings, "tax", Tax)
    rate_bps, inclusive = config.rate_bps, config.inclusive
    if rate_bps == 0 or taxable <= 0:
        return 0, inclusive
    if inclusive:
        return divide_half_up(taxable * rate_bps, BASIS_POINTS + rate_bps), True
    return divide_half_up(taxable * rate_bps, BASIS_POINTS), False


def compute_totals(ctx: Ctx, lines: Sequence[PricedLine], *, discount: int) -> Totals:
    settings = ctx.tenant.settings
    subtotal = sum(line.total for line in lines)
    # A discount never exceeds what it discounts, so the total cannot go below zero.
    discount_total = min(max(discount, 0), subtotal)
    goods = subtotal - discount_total
    shipping = shipping_for(settings, goods=goods, shipped=needs_shipping(lines))
    tax, inclusive = tax_for(settings, taxable=goods + shipping)
    total = goods + shipping + (0 if inclusive else tax)
    return Totals(
        subtotal=subtotal,
        discount_total=discount_total,
        shipping_total=shipping,
        tax_total=tax,
        total=max(total, 0),
        currency=ctx.tenant.currency,
    )
