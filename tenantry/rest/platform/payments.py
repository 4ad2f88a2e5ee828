"""Dialect A payments: GET /payments/status lists the methods a tenant takes. Public."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.models.payments import ProviderKind
from tenantry.resolvers import payments
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json


async def payment_status(call: Call) -> Response:
    """The payment methods the tenant takes, with the public keys their SDKs are opened with."""
    found = await payments.get_payment_methods(call.session, ctx=call.ctx)
    keys = found.public_keys
    return json(
        {
            "data": {
                "methods": [kind.value for kind in found.methods],
                "stripe": {
                    "enabled": ProviderKind.STRIPE in keys,
                    "publishable_key": keys.get(ProviderKind.STRIPE),
                },
                "toss": {
                    "enabled": ProviderKind.TOSS in keys,
                    "client_key": keys.get(ProviderKind.TOSS),
                },
            }
        }
    )


routes: list[BaseRoute] = [
    Route("/payments/status", endpoint(payment_status), methods=["GET"]),
]
