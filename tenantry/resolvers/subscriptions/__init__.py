"""Recurring subscriptions billed through Stripe: plans, members' subscriptions, Stripe's
subscription events."""

from tenantry.resolvers.subscriptions.access import has_product_access
from tenantry.resolvers.subscriptions.checkout import (
    SetupIntent,
    SubscriptionCheckout,
    SubscriptionCheckoutIn,
    SubscriptionVerifyIn,
    create_setup_intent,
    create_subscription_checkout,
    verify_subscription_checkout,
)
from tenantry.resolvers.subscriptions.errors import AlreadySubscribed, SubscriptionEnded
from tenantry.resolvers.subscriptions.members import (
    CancelIn,
    SubscribeIn,
    cancel_subscription,
    create_subscription,
    get_subscription,
    list_my_subscriptions,
    pause_subscription,
    resume_subscription,
)
from tenantry.resolvers.subscriptions.plans import PlanIn, get_plan, list_plans, save_plan
from tenantry.resolvers.subscriptions.stripe_events import stripe_handlers
from tenantry.resolvers.subscriptions.sync import STATUS_CHANGED

__all__ = [
    "STATUS_CHANGED",
    "AlreadySubscribed",
    "CancelIn",
    "PlanIn",
    "SetupIntent",
    "SubscribeIn",
    "SubscriptionCheckout",
    "SubscriptionCheckoutIn",
    "SubscriptionEnded",
    "SubscriptionVerifyIn",
    "cancel_subscription",
    "create_setup_intent",
    "create_subscription",
    "create_subscription_checkout",
    "get_plan",
    "get_subscription",
    "has_product_access",
    "list_my_subscriptions",
    "list_plans",
    "pause_subscription",
    "resume_subscription",
    "save_plan",
    "stripe_handlers",
    "verify_subscription_checkout",
]
