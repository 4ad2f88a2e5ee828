"""Full-text search over blog posts, per database.

PostgreSQL matches the very expression of the GIN index `ix_blog_post_search` (created by the
initial migration), so the planner can use it; SQLite asks the FTS5 table `blog_post_fts`.
Either way the result joins back to BlogPost in the caller's ORM query, where the session's
tenant criteria apply: the full-text side may see every tenant, the answer never does.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, Select, false, func, literal, literal_column
from sqlalchemy import text as sql_text

from tenantry.models.blog import BlogPost

# Must stay token-for-token identical to the index definition in the migration.
_PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(blog_post.title, '') || ' ' || "
    "coalesce(blog_post.excerpt, '') || ' ' || coalesce(blog_post.content, ''))"
)
_PG_CONFIG = "'simple'"

_SQLITE_MATCH = (
    "SELECT rowid AS post_id, -bm25(blog_post_fts) AS score "
    "FROM blog_post_fts WHERE blog_post_fts MATCH :fts_query"
)
_WORDY = re.compile(r"[^\W_]")


def fts5_query(terms: str) -> str | None:
    """Every whitespace-separated token as a quoted FTS5 phrase, all required.

    Quoting makes FTS5 operators and punctuation in user input plain text, so no input can be a
    syntax error. Tokens without a letter or digit would be empty phrases, which match nothing.
    """
    tokens = [token.replace('"', '""') for token in terms.split() if _WORDY.search(token)]
    return " ".join(f'"{token}"' for token in tokens) or None


def search_posts(
    query: Select[Any], *, dialect: str, terms: str
) -> tuple[Select[Any], ColumnElement[Any]]:
    """query narrowed to posts matching terms, and a score that sorts best first descending."""
    if dialect == "postgresql":
        document: ColumnElement[Any] = literal_column(_PG_DOCUMENT)
        tsquery = func.websearch_to_tsquery(literal_column(_PG_CONFIG), terms)
        return query.where(document.op("@@")(tsquery)), func.ts_rank(document, tsquery)
    if dialect == "sqlite":
        match = fts5_query(terms)
        if match is None:
            return query.where(false()), literal(0)
        found = (
            sql_text(_SQLITE_MATCH)
            .bindparams(fts_query=match)
            .columns(post_id=Integer, score=Float)
            .subquery("blog_post_match")
        )
        return query.join(found, found.c.post_id == BlogPost.id), found.c.score
    raise NotImplementedError(f"full-text search is not implemented for {dialect}")
