"""product_list with tenantry's response cache turned off: every request is executed.

With the cache on (the default, as in product_list) the repeated anonymous read is answered
from memory after the first request; this scenario measures what each request costs when it
is not: middleware, GraphQL execution, the ORM with the tenant criteria, the DataLoaders.
"""

from __future__ import annotations

from dataclasses import replace

from bench.scenarios.product_list import SCENARIO as CACHED

SCENARIO = replace(
    CACHED,
    name="product_list_uncached",
    description=CACHED.description + ", response cache off",
    tenantry_settings={"TENANTRY_RESPONSE_CACHE_SECONDS": "0"},
)
