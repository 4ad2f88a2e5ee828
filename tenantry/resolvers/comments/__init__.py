"""Unified comments on blog posts, board posts and standalone pages. Both edges call these."""

from tenantry.resolvers.comments.inputs import CommentIn, CommentUpdate, TargetRef
from tenantry.resolvers.comments.likes import LikeState, toggle_comment_like
from tenantry.resolvers.comments.queries import (
    Thread,
    count_comments,
    liked_comment_ids,
    list_comments,
    replies_by_parent_ids,
    viewer_member_id,
)
from tenantry.resolvers.comments.targets import Target, guest_audience, open_target, target_of
from tenantry.resolvers.comments.writes import (
    create_comment,
    delete_comment,
    update_comment,
    visible_comment,
)

__all__ = [
    "CommentIn",
    "CommentUpdate",
    "LikeState",
    "Target",
    "TargetRef",
    "Thread",
    "count_comments",
    "create_comment",
    "delete_comment",
    "guest_audience",
    "liked_comment_ids",
    "list_comments",
    "open_target",
    "replies_by_parent_ids",
    "target_of",
    "toggle_comment_like",
    "update_comment",
    "viewer_member_id",
    "visible_comment",
]
