from tenantry.serving.graphiql.assets import ASSETS_PATH, serve_asset
from tenantry.serving.graphiql.examples import EXAMPLES, Example
from tenantry.serving.graphiql.page import content_security_policy, new_nonce, render_page

__all__ = [
    "ASSETS_PATH",
    "EXAMPLES",
    "Example",
    "content_security_policy",
    "new_nonce",
    "render_page",
    "serve_asset",
]
