"""blog_list with tenantry's response cache turned off: every request is executed."""

from __future__ import annotations

from dataclasses import replace

from bench.scenarios.blog_list import SCENARIO as CACHED

SCENARIO = replace(
    CACHED,
    name="blog_list_uncached",
    description=CACHED.description + ", response cache off",
    tenantry_settings={"TENANTRY_RESPONSE_CACHE_SECONDS": "0"},
)
