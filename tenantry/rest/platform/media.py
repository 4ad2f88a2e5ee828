"""Dialect A media: GET /media · POST /media (multipart: file, folder) · DELETE /media/{media}.

Uploads are streamed into storage here, at the edge; the resolver records the stored file.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.config import Settings
from tenantry.core.ids import parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.media import Media
from tenantry.resolvers import media
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.spec import MULTIPART, PAGED, Body, Param
from tenantry.serving.uploads import UploadLimits, receive_upload
from tenantry.storage import storage_for

FOLDER_TEXT = "Letters, digits, dashes and underscores, in segments joined by '/'."
FOLDER = Param(
    "folder",
    {"type": "string", "maxLength": media.MAX_FOLDER_LENGTH},
    "Only the media in this folder (exactly; empty: every folder). " + FOLDER_TEXT,
)
UPLOAD = Body(
    schema={
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {
                "type": "string",
                "contentMediaType": "application/octet-stream",
                "description": "The file; its type must be one the tenant allows.",
            },
            "folder": {
                "type": "string",
                "maxLength": media.MAX_FOLDER_LENGTH,
                "description": "The folder to file it in (default: the root). " + FOLDER_TEXT,
            },
        },
    },
    media=(MULTIPART,),
)


def media_json(settings: Settings, item: Media) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": media.media_url(settings, item),
        "filename": item.filename,
        "original_name": item.original_name,
        "folder": item.folder,
        "content_type": item.content_type,
        "size": item.size,
        "created_at": iso(item.created_at),
    }


async def list_media(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await media.list_media(
        call.session, ctx=call.ctx, folder=call.query("folder"), page=page
    )
    settings = call.ctx.settings
    return json(
        {
            "data": [media_json(settings, item) for item in found.items],
            "meta": page_meta(found),
        }
    )


async def upload_media(call: Call) -> Response:
    """Uploads one file (the multipart `file` part), streamed into storage."""
    ctx = call.ctx
    media.require_uploader(ctx)
    storage = storage_for(ctx.settings)
    upload = await receive_upload(
        call.request.stream(),
        content_type=call.request.headers.get("content-type", ""),
        limits=UploadLimits(ctx.settings.upload_max_bytes, ctx.settings.upload_allowed_types),
        storage=storage,
        path_for=lambda content_type: media.media_path(ctx, content_type),
    )
    data = media.MediaIn(
        path=upload.path,
        original_name=upload.original_name,
        content_type=upload.content_type,
        size=upload.size,
        folder=upload.fields.get("folder"),
    )
    try:
        created = await media.create_media(call.session, ctx=ctx, data=data)
    except BaseException:
        await storage.delete(upload.path)
        raise
    return json({"data": media_json(ctx.settings, created)}, 201)


async def delete_media(call: Call) -> Response:
    media_id = parse_id(call.path("media"), "media")
    await media.delete_media(call.session, ctx=call.ctx, media_id=media_id)
    return json({"message": "Media deleted."})


routes: list[BaseRoute] = [
    Route("/media", endpoint(list_media, query=(*PAGED, FOLDER)), methods=["GET"]),
    Route("/media", endpoint(upload_media, body=UPLOAD, status=201), methods=["POST"]),
    Route("/media/{media}", endpoint(delete_media), methods=["DELETE"]),
]
