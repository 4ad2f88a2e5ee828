"""`tenantry tenant payments SLUG stripe|toss --… [--json]`: a tenant's payment provider keys."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tenantry.cli.runner import pk, run_unit
from tenantry.config import Settings
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.models.payments import ProviderKind
from tenantry.resolvers import payments, tenants
from tenantry.secrets import SecretBox

# One option per key the provider's input takes: --secret-key, --publishable-key, …
OPTIONS = {provider: tuple(model.model_fields) for provider, model in payments.KEYS_IN.items()}


def add_payments_command(actions: Any) -> None:
    parser = actions.add_parser(
        "payments", help="set a tenant's payment provider keys (secret keys are stored sealed)"
    )
    parser.add_argument("slug", help="the tenant's slug")
    providers = parser.add_subparsers(dest="provider", required=True, metavar="PROVIDER")
    for provider, names in OPTIONS.items():
        command = providers.add_parser(provider.value, help=f"{provider.value} keys")
        for name in names:
            command.add_argument(
                f"--{name.replace('_', '-')}",
                required=True,
                dest=name,
                help=f"the provider's {name.replace('_', ' ')}",
            )
        command.add_argument(
            "--disable", action="store_true", help="keep the keys, take no payments"
        )
        command.add_argument(
            "--json", action="store_true", help="print what is set, secrets masked"
        )
        command.set_defaults(handler=cmd_tenant_payments)


def cmd_tenant_payments(args: argparse.Namespace, settings: Settings) -> int:
    provider = ProviderKind(args.provider)
    keys = {name: getattr(args, name) for name in OPTIONS[provider]}
    box = SecretBox.from_settings(settings)

    async def job(uow: UnitOfWork) -> payments.ProviderView:
        tenant = await tenants.get_tenant_by_slug(uow.session, slug=args.slug)
        row = await payments.set_provider_keys(
            uow.session,
            tenant_id=pk(tenant.id),
            provider=provider,
            keys=keys,
            enabled=not args.disable,
            box=box,
        )
        return payments.ProviderView.of(row, box)

    view: payments.ProviderView = run_unit(settings, job)
    if args.json:
        shown = {"tenant": args.slug, "provider": provider.value, "enabled": view.enabled}
        print(json.dumps({**shown, "keys": view.keys}, indent=2))
        return 0
    state = "enabled" if view.enabled else "disabled"
    print(f"{provider.value} payments are {state} for {args.slug}.")
    for name, value in view.keys.items():
        print(f"  {name.replace('_', ' ')}: {value}")
    return 0
