"""`tenantry tenant social SLUG PROVIDER --client-id … --client-secret … [--json]`: a tenant's
social login provider (the client secret is stored sealed)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from tenantry.cli.runner import pk, run_unit
from tenantry.config import Settings
from tenantry.core.inputs import parse_input
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.resolvers import social, tenants
from tenantry.secrets import SecretBox


def add_social_command(actions: Any) -> None:
    parser = actions.add_parser(
        "social", help="set a tenant's social login provider (the client secret is stored sealed)"
    )
    parser.add_argument("slug", help="the tenant's slug")
    parser.add_argument(
        "provider",
        help="google, github, kakao, naver, or any lowercase key with --issuer (OpenID Connect)",
    )
    parser.add_argument("--client-id", required=True, help="the OAuth client id")
    parser.add_argument("--client-secret", required=True, help="the OAuth client secret")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        default=[],
        dest="redirect_uris",
        metavar="URL",
        help="a frontend URL the provider may send the browser back to (repeatable)",
    )
    parser.add_argument(
        "--issuer", help="the OpenID Connect issuer; endpoints are found by its discovery document"
    )
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            dest=name,
            metavar="URL",
            help=f"replaces the preset's or the discovered {name.replace('_', ' ')}",
        )
    parser.add_argument(
        "--disable", action="store_true", help="keep the settings, offer no sign-in"
    )
    parser.add_argument("--json", action="store_true", help="print what is set, secret masked")
    parser.set_defaults(handler=cmd_tenant_social)


def cmd_tenant_social(args: argparse.Namespace, settings: Settings) -> int:
    fields = (
        "provider",
        "client_id",
        "client_secret",
        "redirect_uris",
        "issuer",
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
    )
    values = {name: getattr(args, name) for name in fields if getattr(args, name) is not None}
    data = parse_input(social.SocialProviderIn, {**values, "enabled": not args.disable})

    async def job(uow: UnitOfWork) -> social.ProviderView:
        tenant = await tenants.get_tenant_by_slug(uow.session, slug=args.slug)
        row = await social.set_social_provider(
            uow.session, tenant_id=pk(tenant.id), data=data, settings=settings
        )
        return social.ProviderView.of(row, SecretBox.from_settings(settings))

    view: social.ProviderView = run_unit(settings, job)
    if args.json:
        shown = {
            "tenant": args.slug,
            "provider": view.provider,
            "enabled": view.enabled,
            "client_id": view.client_id,
            "client_secret": view.client_secret,
            "redirect_uris": view.redirect_uris,
            "issuer": view.issuer,
            "endpoints": view.endpoints,
        }
        print(json.dumps(shown, indent=2))
        return 0
    state = "enabled" if view.enabled else "disabled"
    print(f"{view.name} sign-in is {state} for {args.slug}.")
    print(f"  client id: {view.client_id}")
    print(f"  client secret: {view.client_secret}")
    for uri in view.redirect_uris:
        print(f"  redirect URI: {uri}")
    return 0
