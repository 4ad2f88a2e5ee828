"""GET /media/{path}: uploaded media files, public by their unguessable URLs.

Only the media area of each tenant is served; other stored files (paid downloads) share the
media root and must stay private. No database access: the path is the whole lookup.
"""

from __future__ import annotations

import mimetypes
import os
import stat as stats
from email.utils import parsedate_to_datetime

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from tenantry.resolvers.media import is_media_path
from tenantry.serving.services import Services
from tenantry.storage import LocalStorage, UnsafePath

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=31536000, immutable",
}


def _not_found() -> Response:
    return JSONResponse({"message": "File not found."}, status_code=404)


def _not_modified(request: Request, response: FileResponse) -> bool:
    etag = response.headers["etag"]
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
        modified = parsedate_to_datetime(response.headers["last-modified"])
    except (TypeError, ValueError):
        return False
    return modified <= since


async def serve_media(request: Request) -> Response:
    services: Services = request.scope["state"]["services"]
    path = str(request.path_params["path"])
    if not is_media_path(path):
        return _not_found()
    try:
        full = LocalStorage(services.settings.media_root).path_of(path)
    except UnsafePath:
        return _not_found()
    try:
        stat = await anyio.to_thread.run_sync(os.stat, full)
    except OSError:
        return _not_found()
    if not stats.S_ISREG(stat.st_mode):
        return _not_found()
    media_type = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
    response = FileResponse(full, media_type=media_type, stat_result=stat, headers=SECURITY_HEADERS)
    if _not_modified(request, response):
        kept = {
            name: response.headers[name]
            for name in ("etag", "last-modified", "cache-control", "x-content-type-options")
        }
        return Response(status_code=304, headers=kept)
    return response
