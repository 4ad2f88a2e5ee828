"""Dialect A downloads: GET /my/downloads · GET /orders/{orderNumber}/downloads ·
GET /downloads/{token}/info · GET /downloads/{token} (the file itself).

The token links need no bearer token: a link is the capability, like a signed URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from tenantry.core.access import require_member
from tenantry.core.pagination import PageRequest
from tenantry.resolvers import downloads, orders
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.spec import PAGED
from tenantry.storage import safe_filename, storage_for


def download_json(download: downloads.Download) -> dict[str, Any]:
    grant, file, product = download.grant, download.file, download.product
    return {
        "id": grant.id,
        "product": {"id": product.id, "name": product.name, "slug": product.slug},
        "file": {"filename": file.filename, "size": file.size, "content_type": file.content_type},
        "order_number": download.order_number,
        "download_count": grant.download_count,
        "max_downloads": grant.max_downloads,
        "remaining": download.remaining,
        "expires_at": iso(grant.expires_at),
        "token": download.token,
        "url": download.url,
        "created_at": iso(grant.created_at),
    }


def info_json(download: downloads.Download) -> dict[str, Any]:
    grant, file = download.grant, download.file
    return {
        "filename": file.filename,
        "size": file.size,
        "content_type": file.content_type,
        "download_count": grant.download_count,
        "max_downloads": grant.max_downloads,
        "remaining": download.remaining,
        "expires_at": iso(grant.expires_at),
        "url": download.url,
    }


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback name, and the exact name in UTF-8 for clients that read it."""
    name = safe_filename(filename)
    fallback = name.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def my_downloads(call: Call) -> Response:
    """The member's download grants, newest first, expired and used-up ones included."""
    require_member(call.ctx)
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await downloads.list_my_downloads(call.session, ctx=call.ctx, page=page)
    return json(
        {
            "data": [download_json(item) for item in found.items],
            "meta": page_meta(found),
        }
    )


async def order_downloads(call: Call) -> Response:
    """The download grants an order gave."""
    found = await orders.list_order_downloads(
        call.session, ctx=call.ctx, number=call.path("number")
    )
    return json({"data": [download_json(item) for item in found]})


async def download_info(call: Call) -> Response:
    """What a download link gives (file, downloads left, expiry) without using a download."""
    found = await downloads.get_download(call.session, ctx=call.ctx, token=call.path("token"))
    return json({"data": info_json(found)})


def file_headers(download: downloads.Download) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(download.file.filename),
        "Content-Length": str(download.file.size),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }


async def download_file(call: Call) -> Response:
    """The file, as an attachment with its own content type; each GET uses one download
    (HEAD does not)."""
    token = call.path("token")
    if call.request.method == "HEAD":
        # Link checkers and previews ask with HEAD: that must not use up a download.
        found = await downloads.get_download(call.session, ctx=call.ctx, token=token)
        downloads.check_available(found, call.ctx.now())
        return Response(media_type=found.file.content_type, headers=file_headers(found))
    found = await downloads.start_download(call.session, ctx=call.ctx, token=token)
    # The endpoint commits the count before Starlette sends the body.
    return StreamingResponse(
        storage_for(call.ctx.settings).open(found.file.storage_path),
        media_type=found.file.content_type,
        headers=file_headers(found),
    )


routes: list[BaseRoute] = [
    Route("/my/downloads", endpoint(my_downloads, query=PAGED), methods=["GET"]),
    Route("/orders/{number}/downloads", endpoint(order_downloads), methods=["GET"]),
    Route("/downloads/{token}/info", endpoint(download_info), methods=["GET"]),
    # The file's own content type, whatever it is.
    Route("/downloads/{token}", endpoint(download_file, produces="*/*"), methods=["GET"]),
]
