"""The REST layer's OpenAPI document at /openapi.json and a page that reads it at /docs.

The page's script is shipped in the package (tenantry/rest/static), so it works offline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from tenantry import __version__
from tenantry.rest import routes
from tenantry.rest.openapi import document

STATIC = Path(__file__).resolve().parent / "static"
REDOC = "redoc.standalone.js"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tenantry REST API</title>
</head>
<body>
<redoc spec-url="/openapi.json" hide-download-button="false"></redoc>
<script src="/docs/redoc.standalone.js"></script>
</body>
</html>
"""


def openapi_document() -> dict[str, object]:
    return document(routes.all_routes(), version=__version__)


def openapi_text() -> str:
    """The document as checked in: stable key order, one trailing newline."""
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


@cache
def _body() -> bytes:
    return openapi_text().encode()


async def openapi_json(request: Request) -> Response:
    return Response(_body(), media_type="application/json")


async def docs_page(request: Request) -> Response:
    return HTMLResponse(_PAGE)


async def redoc_script(request: Request) -> Response:
    return FileResponse(
        STATIC / REDOC,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def docs_routes() -> Sequence[BaseRoute]:
    return [
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route("/docs", docs_page, methods=["GET"]),
        Route(f"/docs/{REDOC}", redoc_script, methods=["GET"]),
    ]
