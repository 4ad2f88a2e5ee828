"""Reading the GraphiQL page the way its script does."""

from __future__ import annotations

import json
import re
from typing import Any

CONFIG = re.compile(r'<script id="graphiql-config" type="application/json">(.*?)</script>', re.S)
HTML = {"Accept": "text/html"}


def page_config(html: str) -> dict[str, Any]:
    found = CONFIG.search(html)
    assert found is not None, "the page carries no configuration"
    config: dict[str, Any] = json.loads(found.group(1))
    return config
