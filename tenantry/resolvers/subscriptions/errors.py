"""The reasons a subscription request is refused."""

from __future__ import annotations

from tenantry.core.errors import Conflict, ValidationFailed


class AlreadySubscribed(Conflict):
    default_code = "subscription_exists"
    default_message = "You already have a subscription to this plan."


class SubscriptionEnded(Conflict):
    default_code = "subscription_ended"
    default_message = "This subscription has ended."


def not_a_subscription_product() -> ValidationFailed:
    return ValidationFailed.single(
        "product_id",
        "The product must be a subscription product.",
        code="product_not_subscription",
    )
