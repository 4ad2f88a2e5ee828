"""A tenant's whole category tree, loaded in two statements and walked in memory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.models.catalog import Product, ProductCategory, ProductStatus


def _order(category: ProductCategory) -> tuple[int, str, int]:
    return (category.position, category.name.casefold(), category.id or 0)


@dataclass
class CategoryTree:
    """Every category; `visible` ones are active with active ancestors (admins see all)."""

    by_id: dict[int, ProductCategory]
    direct_counts: dict[int, int] = field(default_factory=dict)  # active products, no descendants
    show_inactive: bool = False
    _children: dict[int | None, list[ProductCategory]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for category in sorted(self.by_id.values(), key=_order):
            parent = category.parent_id if category.parent_id in self.by_id else None
            self._children.setdefault(parent, []).append(category)

    def by_slug(self, slug: str) -> ProductCategory | None:
        found = next((c for c in self.by_id.values() if c.slug == slug), None)
        return found if found is not None and self.is_visible(found) else None

    def is_visible(self, category: ProductCategory) -> bool:
        if self.show_inactive:
            return True
        return all(node.is_active for node in self.ancestors(category))

    def children(self, category_id: int | None) -> list[ProductCategory]:
        return [c for c in self._children.get(category_id, []) if self.is_visible(c)]

    def ancestors(self, category: ProductCategory) -> list[ProductCategory]:
        """From the root down to the category itself: its breadcrumbs."""
        path = [category]
        seen = {category.id}
        while path[-1].parent_id in self.by_id and path[-1].parent_id not in seen:
            parent = self.by_id[path[-1].parent_id]
            seen.add(parent.id)
            path.append(parent)
        return path[::-1]

    def subtree_ids(self, category_id: int) -> set[int]:
        """The category and every descendant, visible or not."""
        found = {category_id}
        frontier = [category_id]
        while frontier:
            current = frontier.pop()
            for child in self._children.get(current, []):
                if child.id is not None and child.id not in found:
                    found.add(child.id)
                    frontier.append(child.id)
        return found

    def product_count(self, category_id: int) -> int:
        """Active products in the category or below it, as the category filter lists them."""
        return sum(self.direct_counts.get(i, 0) for i in self.subtree_ids(category_id))

    def visible(self) -> list[ProductCategory]:
        """Depth-first, siblings in display order."""
        ordered: list[ProductCategory] = []

        def walk(parent: int | None) -> None:
            for child in self.children(parent):
                ordered.append(child)
                walk(child.id)

        walk(None)
        return ordered


async def load_tree(
    session: AsyncSession, *, show_inactive: bool = False, counts: bool = True
) -> CategoryTree:
    rows = await session.scalars(select(ProductCategory))
    by_id = {row.id: row for row in rows if row.id is not None}
    direct: dict[int, int] = {}
    if counts and by_id:
        found = await session.execute(
            select(Product.category_id, func.count(col(Product.id)))
            .where(
                col(Product.category_id).is_not(None),
                col(Product.status) == ProductStatus.ACTIVE,
            )
            .group_by(col(Product.category_id))
        )
        direct = {category_id: n for category_id, n in found if category_id is not None}
    return CategoryTree(by_id=by_id, direct_counts=direct, show_inactive=show_inactive)


def would_cycle(tree: CategoryTree, category_id: int, parent_id: int | None) -> bool:
    return parent_id is not None and parent_id in tree.subtree_ids(category_id)


def ids_of(categories: Iterable[ProductCategory]) -> list[int]:
    return [c.id for c in categories if c.id is not None]
