from __future__ import annotations

from typing import Any

import httpx

BLOG_LIST = """
query BlogList($page: Int!, $perPage: Int!, $category: String, $tag: String, $search: String) {
  blogPosts(page: $page, perPage: $perPage, category: $category, tag: $tag, search: $search) {
    items {
      id slug title excerpt coverImage status publishedAt viewCount createdAt updatedAt
      author { id name }
      category { id slug name }
      tags { id slug name }
    }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""


async def graphql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    tenant: str | None = None,
    bearer: str | None = None,
    api_key: str | None = None,
) -> dict[str, Any]:
    headers = {}
    if tenant:
        headers["X-Tenant"] = tenant
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    if api_key:
        headers["X-API-Key"] = api_key
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors") or []]
