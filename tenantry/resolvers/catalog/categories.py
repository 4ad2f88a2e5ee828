"""Product categories: a nested tree, public reads with product counts, writes for admins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.catalog import Product, ProductCategory
from tenantry.resolvers.catalog.inputs import CategoryIn, CategoryUpdate
from tenantry.resolvers.catalog.tree import CategoryTree, load_tree, would_cycle
from tenantry.resolvers.rows import row_by_id
from tenantry.resolvers.slugs import changed_slug, flush_unique, new_slug

CYCLE = "A category cannot be placed under itself or one of its descendants."


@dataclass(frozen=True)
class CategoryWithCount:
    category: ProductCategory
    product_count: int


@dataclass(frozen=True)
class CategoryDetail:
    category: ProductCategory
    product_count: int
    children: list[CategoryWithCount]
    breadcrumbs: list[ProductCategory]  # root first, the category itself last


async def category_tree(session: AsyncSession, *, ctx: Ctx) -> CategoryTree:
    return await load_tree(session, show_inactive=ctx.principal.is_admin)


async def list_categories(
    session: AsyncSession, *, ctx: Ctx, parent_slug: str | None = None
) -> list[CategoryWithCount]:
    """Every visible category depth-first, or the direct children of parent_slug."""
    tree = await category_tree(session, ctx=ctx)
    if parent_slug is None:
        found = tree.visible()
    else:
        parent = tree.by_slug(parent_slug)
        if parent is None:
            raise NotFound("category")
        found = tree.children(parent.id)
    return [_counted(tree, category) for category in found]


async def get_category(session: AsyncSession, *, ctx: Ctx, slug: str) -> CategoryDetail:
    tree = await category_tree(session, ctx=ctx)
    category = tree.by_slug(slug)
    if category is None or category.id is None:
        raise NotFound("category")
    return CategoryDetail(
        category=category,
        product_count=tree.product_count(category.id),
        children=[_counted(tree, child) for child in tree.children(category.id)],
        breadcrumbs=tree.ancestors(category),
    )


def _counted(tree: CategoryTree, category: ProductCategory) -> CategoryWithCount:
    assert category.id is not None
    return CategoryWithCount(category, tree.product_count(category.id))


async def create_category(session: AsyncSession, *, ctx: Ctx, data: CategoryIn) -> ProductCategory:
    require_admin(ctx)
    await _check_parent(session, data.parent_id)
    slug = await new_slug(session, ProductCategory, data.slug, data.name, fallback="category")
    category = ProductCategory(
        slug=slug,
        name=data.name,
        description=data.description,
        parent_id=data.parent_id,
        image_url=data.image_url,
        position=data.position,
        is_active=data.is_active,
    )
    session.add(category)
    await flush_unique(session)
    return category


async def update_category(
    session: AsyncSession, *, ctx: Ctx, category_id: int, data: CategoryUpdate
) -> ProductCategory:
    require_admin(ctx)
    category = await row_by_id(session, ProductCategory, category_id, "category")
    given = data.model_fields_set
    if data.name is not None:
        category.name = data.name
    if data.slug and data.slug != category.slug:
        category.slug = await changed_slug(
            session, ProductCategory, data.slug, exclude_id=category_id
        )
    if data.description is not None:
        category.description = data.description
    if "image_url" in given:
        category.image_url = data.image_url
    if data.position is not None:
        category.position = data.position
    if data.is_active is not None:
        category.is_active = data.is_active
    if "parent_id" in given and data.parent_id != category.parent_id:
        await _check_parent(session, data.parent_id)
        if would_cycle(await load_tree(session, counts=False), category_id, data.parent_id):
            raise ValidationFailed.single("parent_id", CYCLE)
        category.parent_id = data.parent_id
    await flush_unique(session)
    return category


async def delete_category(session: AsyncSession, *, ctx: Ctx, category_id: int) -> None:
    """Its children move up to its parent; its products keep no category."""
    require_admin(ctx)
    category = await row_by_id(session, ProductCategory, category_id, "category")
    await session.execute(
        update(ProductCategory)
        .where(col(ProductCategory.parent_id) == category_id)
        .values(parent_id=category.parent_id)
        .execution_options(synchronize_session="fetch")
    )
    await session.execute(
        update(Product)
        .where(col(Product.category_id) == category_id)
        .values(category_id=None)
        .execution_options(synchronize_session="fetch")
    )
    await session.delete(category)
    await session.flush()


async def _check_parent(session: AsyncSession, parent_id: int | None) -> None:
    if parent_id is None:
        return
    found = await session.scalar(
        select(ProductCategory.id).where(col(ProductCategory.id) == parent_id)
    )
    if found is None:
        raise ValidationFailed.single("parent_id", "The selected parent id is invalid.")
