from __future__ import annotations

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
