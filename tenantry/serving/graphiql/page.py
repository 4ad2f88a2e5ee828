"""GraphiQL's page: our own HTML, which loads only the files the app serves itself."""

from __future__ import annotations

import json
import secrets
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from tenantry.serving.graphiql.assets import SCRIPTS, STYLESHEETS
from tenantry.serving.graphiql.examples import EXAMPLES, Example

TEMPLATE = Template((Path(__file__).parent / "page.html").read_text(encoding="utf-8"))


def render_page(
    *,
    endpoint: str,
    assets: str,
    tenant: str | None,
    nonce: str,
    examples: tuple[Example, ...] = EXAMPLES,
) -> str:
    """The page for the endpoint at `endpoint` (a path), its files under `assets`; `nonce`
    lets its inline script past the content security policy.

    With a tenant, the headers editor of every tab starts with `X-Tenant` set to it, and the
    socket that subscriptions run on is opened for it."""
    headers = {"X-Tenant": tenant} if tenant else {}
    config: dict[str, Any] = {
        "endpoint": endpoint,
        "tenant": tenant,
        "headers": json.dumps(headers, indent=2) if headers else "",
        "tabs": [{"query": example.query, "variables": example.variables} for example in examples],
    }
    return TEMPLATE.substitute(
        nonce=escape(nonce),
        stylesheets="\n".join(
            f'    <link rel="stylesheet" href="{escape(f"{assets}/{name}")}" />'
            for name in STYLESHEETS
        ),
        scripts="\n".join(
            f'    <script src="{escape(f"{assets}/{name}")}"></script>' for name in SCRIPTS
        ),
        config=script_json(config),
    )


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def content_security_policy(nonce: str) -> str:
    """Only this server's files and sockets; the one inline script is the page's own."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'",
        )
    )


def script_json(value: object) -> str:
    """JSON that cannot end the <script> element it is written into."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
