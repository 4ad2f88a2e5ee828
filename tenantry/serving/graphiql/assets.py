"""GraphiQL's browser files, shipped inside the package and served by the app itself.

Each file sits under a folder named after its npm package and version, so a path never
changes meaning and browsers may keep it for good.
"""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

STATIC = Path(__file__).parent / "static"
ASSETS_PATH = "/graphql/assets"
CACHE_CONTROL = "public, max-age=31536000, immutable"

REACT = "react-18.3.1/react.production.min.js"
REACT_DOM = "react-dom-18.3.1/react-dom.production.min.js"
GRAPHQL_WS = "graphql-ws-5.16.2/graphql-ws.min.js"
GRAPHIQL = "graphiql-3.8.3/graphiql.min.js"
GRAPHIQL_CSS = "graphiql-3.8.3/graphiql.min.css"
# In the order the page loads them: GraphiQL's build expects React and ReactDOM as globals.
SCRIPTS = (REACT, REACT_DOM, GRAPHQL_WS, GRAPHIQL)
STYLESHEETS = (GRAPHIQL_CSS,)

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    "": "text/plain; charset=utf-8",  # the packages' LICENSE files
}


def catalogue(root: Path = STATIC) -> dict[str, tuple[Path, str]]:
    """Every servable file by its path under the assets URL, with its media type."""
    found: dict[str, tuple[Path, str]] = {}
    for path in sorted(root.rglob("*")):
        media_type = MEDIA_TYPES.get(path.suffix)
        if path.is_file() and media_type is not None:
            found[path.relative_to(root).as_posix()] = (path, media_type)
    return found


FILES = catalogue()


async def serve_asset(request: Request) -> Response:
    found = FILES.get(request.path_params["path"])
    if found is None:
        raise HTTPException(404)
    path, media_type = found
    headers = {"Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"}
    return FileResponse(path, media_type=media_type, headers=headers)
