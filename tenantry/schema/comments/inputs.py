from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.resolvers import comments


@strawberry.input(description="Exactly one of a blog post's slug, a board post's id, a page slug.")
class CommentTargetInput:
    blog_slug: str | None = None
    post_id: strawberry.ID | None = None
    page_slug: str | None = None

    def ref(self) -> comments.TargetRef:
        post_id = parse_id(self.post_id, "post") if self.post_id is not None else None
        return comments.TargetRef(
            blog_slug=self.blog_slug, post_id=post_id, page_slug=self.page_slug
        )


@strawberry.input
class CreateCommentInput:
    content: str
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="A reply to a reply joins the top-level comment's thread."
    )
    author_name: str | None = strawberry.field(
        default=None, description="Required of guests, where the site takes guest comments."
    )


@strawberry.input
class UpdateCommentInput:
    content: str
