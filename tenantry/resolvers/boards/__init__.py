"""Community boards and their posts. Both edges call these functions."""

from tenantry.resolvers.boards.access import (
    allows,
    is_author,
    is_moderator,
    require_audience,
    require_moderator,
    require_reader,
)
from tenantry.resolvers.boards.authors import (
    Author,
    Authors,
    AuthorType,
    author_of,
    load_authors,
    members_by_ids,
    staff_by_ids,
)
from tenantry.resolvers.boards.boards import (
    boards_by_ids,
    create_board,
    delete_board,
    get_board,
    list_boards,
    update_board,
)
from tenantry.resolvers.boards.inputs import BoardIn, BoardPostIn, BoardPostUpdate, BoardUpdate
from tenantry.resolvers.boards.posts import (
    PostFilters,
    create_board_post,
    delete_board_post,
    get_board_post,
    list_board_posts,
    mark_board_post_answered,
    pin_board_post,
    readable_post,
    update_board_post,
)
from tenantry.resolvers.boards.queries import PostRelations, content_html, load_post_relations

__all__ = [
    "Author",
    "AuthorType",
    "Authors",
    "BoardIn",
    "BoardPostIn",
    "BoardPostUpdate",
    "BoardUpdate",
    "PostFilters",
    "PostRelations",
    "allows",
    "author_of",
    "boards_by_ids",
    "content_html",
    "create_board",
    "create_board_post",
    "delete_board",
    "delete_board_post",
    "get_board",
    "get_board_post",
    "is_author",
    "is_moderator",
    "list_board_posts",
    "list_boards",
    "load_authors",
    "load_post_relations",
    "mark_board_post_answered",
    "members_by_ids",
    "pin_board_post",
    "readable_post",
    "require_audience",
    "require_moderator",
    "require_reader",
    "staff_by_ids",
    "update_board",
    "update_board_post",
]
