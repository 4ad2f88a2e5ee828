"""One row of every tenant-owned model, for tests that must cover them all."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from tenantry import models as m

RowFactory = Callable[[AsyncSession, int], Awaitable[SQLModel]]
LATER = datetime.now(UTC) + timedelta(days=1)


def _token() -> str:
    return secrets.token_hex(8)


async def _add(session: AsyncSession, row: SQLModel) -> SQLModel:
    session.add(row)
    await session.flush()
    return row


async def _member(session: AsyncSession, tenant_id: int) -> m.Member:
    row = m.Member(tenant_id=tenant_id, email=f"{_token()}@example.com", password_hash="x")
    await _add(session, row)
    return row


async def _staff(session: AsyncSession, tenant_id: int) -> m.Staff:
    row = m.Staff(tenant_id=tenant_id, email=f"{_token()}@example.com", password_hash="x")
    await _add(session, row)
    return row


async def _post(session: AsyncSession, tenant_id: int) -> m.BlogPost:
    row = m.BlogPost(tenant_id=tenant_id, slug=_token(), title="Title")
    await _add(session, row)
    return row


async def _tag(session: AsyncSession, tenant_id: int) -> m.BlogTag:
    row = m.BlogTag(tenant_id=tenant_id, slug=_token(), name="Tag")
    await _add(session, row)
    return row


async def _post_tag(session: AsyncSession, tenant_id: int) -> SQLModel:
    post = await _post(session, tenant_id)
    tag = await _tag(session, tenant_id)
    assert post.id is not None
    assert tag.id is not None
    return await _add(session, m.BlogPostTag(tenant_id=tenant_id, post_id=post.id, tag_id=tag.id))


async def _password_reset(session: AsyncSession, tenant_id: int) -> SQLModel:
    member = await _member(session, tenant_id)
    assert member.id is not None
    row = m.PasswordReset(
        tenant_id=tenant_id, member_id=member.id, token_hash=_token(), expires_at=LATER
    )
    return await _add(session, row)


async def _product(session: AsyncSession, tenant_id: int) -> m.Product:
    row = m.Product(tenant_id=tenant_id, slug=_token(), name="P", price=100, currency="USD")
    await _add(session, row)
    return row


async def _child_of_product(
    session: AsyncSession, tenant_id: int, build: type[SQLModel]
) -> SQLModel:
    product = await _product(session, tenant_id)
    assert product.id is not None
    if build is m.ProductVariant:
        return await _add(session, m.ProductVariant(tenant_id=tenant_id, product_id=product.id))
    if build is m.ProductImage:
        row = m.ProductImage(tenant_id=tenant_id, product_id=product.id, url="https://x.test/a.png")
        return await _add(session, row)
    if build is m.ProductFile:
        row = m.ProductFile(
            tenant_id=tenant_id, product_id=product.id, filename="a.pdf", storage_path="a.pdf"
        )
        return await _add(session, row)
    if build is m.BundleItem:
        part = await _product(session, tenant_id)
        assert part.id is not None
        return await _add(
            session, m.BundleItem(tenant_id=tenant_id, bundle_id=product.id, product_id=part.id)
        )
    if build is m.RelatedProduct:
        other = await _product(session, tenant_id)
        assert other.id is not None
        row = m.RelatedProduct(tenant_id=tenant_id, product_id=product.id, related_id=other.id)
        return await _add(session, row)
    raise AssertionError(build)


async def _cart(session: AsyncSession, tenant_id: int) -> m.Cart:
    row = m.Cart(tenant_id=tenant_id, token=_token())
    await _add(session, row)
    return row


async def _cart_item(session: AsyncSession, tenant_id: int) -> SQLModel:
    cart = await _cart(session, tenant_id)
    product = await _product(session, tenant_id)
    assert cart.id is not None
    assert product.id is not None
    row = m.CartItem(tenant_id=tenant_id, cart_id=cart.id, product_id=product.id)
    return await _add(session, row)


async def _customer(session: AsyncSession, tenant_id: int) -> m.Customer:
    row = m.Customer(tenant_id=tenant_id, email=f"{_token()}@example.com")
    await _add(session, row)
    return row


async def _order(session: AsyncSession, tenant_id: int) -> m.Order:
    row = m.Order(tenant_id=tenant_id, number=f"ORD-{_token()}", currency="USD")
    await _add(session, row)
    return row


async def _order_item(session: AsyncSession, tenant_id: int) -> m.OrderItem:
    order = await _order(session, tenant_id)
    assert order.id is not None
    row = m.OrderItem(
        tenant_id=tenant_id, order_id=order.id, name="P", unit_price=1, quantity=1, total=1
    )
    await _add(session, row)
    return row


async def _status_change(session: AsyncSession, tenant_id: int) -> SQLModel:
    order = await _order(session, tenant_id)
    assert order.id is not None
    row = m.OrderStatusChange(tenant_id=tenant_id, order_id=order.id, to_status="pending")
    return await _add(session, row)


async def _coupon(session: AsyncSession, tenant_id: int) -> m.Coupon:
    row = m.Coupon(tenant_id=tenant_id, code=_token(), value=10)
    await _add(session, row)
    return row


async def _coupon_assignment(session: AsyncSession, tenant_id: int) -> SQLModel:
    coupon = await _coupon(session, tenant_id)
    member = await _member(session, tenant_id)
    assert coupon.id is not None
    assert member.id is not None
    row = m.CouponAssignment(tenant_id=tenant_id, coupon_id=coupon.id, member_id=member.id)
    return await _add(session, row)


async def _coupon_redemption(session: AsyncSession, tenant_id: int) -> SQLModel:
    coupon = await _coupon(session, tenant_id)
    order = await _order(session, tenant_id)
    assert coupon.id is not None
    assert order.id is not None
    row = m.CouponRedemption(tenant_id=tenant_id, coupon_id=coupon.id, order_id=order.id)
    return await _add(session, row)


async def _wishlist_item(session: AsyncSession, tenant_id: int) -> SQLModel:
    member = await _member(session, tenant_id)
    product = await _product(session, tenant_id)
    assert member.id is not None
    assert product.id is not None
    row = m.WishlistItem(tenant_id=tenant_id, member_id=member.id, product_id=product.id)
    return await _add(session, row)


async def _review(session: AsyncSession, tenant_id: int) -> m.Review:
    member = await _member(session, tenant_id)
    product = await _product(session, tenant_id)
    assert member.id is not None
    assert product.id is not None
    row = m.Review(tenant_id=tenant_id, member_id=member.id, product_id=product.id, rating=5)
    await _add(session, row)
    return row


async def _helpful_vote(session: AsyncSession, tenant_id: int) -> SQLModel:
    review = await _review(session, tenant_id)
    member = await _member(session, tenant_id)
    assert review.id is not None
    assert member.id is not None
    row = m.ReviewHelpfulVote(tenant_id=tenant_id, review_id=review.id, member_id=member.id)
    return await _add(session, row)


async def _download_grant(session: AsyncSession, tenant_id: int) -> SQLModel:
    item = await _order_item(session, tenant_id)
    file = await _child_of_product(session, tenant_id, m.ProductFile)
    assert item.id is not None
    row = m.DownloadGrant(
        tenant_id=tenant_id,
        order_id=item.order_id,
        order_item_id=item.id,
        product_file_id=file.id,  # type: ignore[attr-defined]
        token_hash=_token(),
    )
    return await _add(session, row)


async def _board(session: AsyncSession, tenant_id: int) -> m.Board:
    row = m.Board(tenant_id=tenant_id, slug=_token(), name="Board")
    await _add(session, row)
    return row


async def _board_post(session: AsyncSession, tenant_id: int) -> m.BoardPost:
    board = await _board(session, tenant_id)
    assert board.id is not None
    row = m.BoardPost(tenant_id=tenant_id, board_id=board.id, title="Hello")
    await _add(session, row)
    return row


async def _comment(session: AsyncSession, tenant_id: int) -> m.Comment:
    row = m.Comment(
        tenant_id=tenant_id, target_type=m.CommentTarget.PAGE, page_slug="guestbook", content="Hi"
    )
    await _add(session, row)
    return row


async def _comment_like(session: AsyncSession, tenant_id: int) -> SQLModel:
    comment = await _comment(session, tenant_id)
    member = await _member(session, tenant_id)
    assert comment.id is not None
    assert member.id is not None
    return await _add(
        session, m.CommentLike(tenant_id=tenant_id, comment_id=comment.id, member_id=member.id)
    )


async def _form(session: AsyncSession, tenant_id: int) -> m.Form:
    row = m.Form(tenant_id=tenant_id, slug=_token(), name="Contact")
    await _add(session, row)
    return row


async def _form_submission(session: AsyncSession, tenant_id: int) -> SQLModel:
    form = await _form(session, tenant_id)
    assert form.id is not None
    return await _add(session, m.FormSubmission(tenant_id=tenant_id, form_id=form.id))


async def _entity(session: AsyncSession, tenant_id: int) -> m.Entity:
    row = m.Entity(tenant_id=tenant_id, slug=_token(), name="Things")
    await _add(session, row)
    return row


async def _entity_record(session: AsyncSession, tenant_id: int) -> SQLModel:
    entity = await _entity(session, tenant_id)
    assert entity.id is not None
    return await _add(session, m.EntityRecord(tenant_id=tenant_id, entity_id=entity.id))


async def _course(session: AsyncSession, tenant_id: int) -> m.Course:
    row = m.Course(tenant_id=tenant_id, slug=_token(), title="Course")
    await _add(session, row)
    return row


async def _lesson(session: AsyncSession, tenant_id: int) -> m.Lesson:
    course = await _course(session, tenant_id)
    assert course.id is not None
    row = m.Lesson(tenant_id=tenant_id, course_id=course.id, title="Lesson")
    await _add(session, row)
    return row


async def _enrollment(session: AsyncSession, tenant_id: int) -> m.Enrollment:
    course = await _course(session, tenant_id)
    member = await _member(session, tenant_id)
    assert course.id is not None
    assert member.id is not None
    row = m.Enrollment(tenant_id=tenant_id, course_id=course.id, member_id=member.id)
    await _add(session, row)
    return row


async def _lesson_progress(session: AsyncSession, tenant_id: int) -> SQLModel:
    enrollment = await _enrollment(session, tenant_id)
    lesson = await _lesson(session, tenant_id)
    assert enrollment.id is not None
    assert lesson.id is not None
    row = m.LessonProgress(tenant_id=tenant_id, enrollment_id=enrollment.id, lesson_id=lesson.id)
    return await _add(session, row)


async def _conversation(session: AsyncSession, tenant_id: int) -> m.Conversation:
    row = m.Conversation(tenant_id=tenant_id, visitor_id=_token())
    await _add(session, row)
    return row


async def _chat_message(session: AsyncSession, tenant_id: int) -> SQLModel:
    conversation = await _conversation(session, tenant_id)
    assert conversation.id is not None
    row = m.ChatMessage(
        tenant_id=tenant_id,
        conversation_id=conversation.id,
        sender_type=m.SenderType.VISITOR,
        body="Hi",
    )
    return await _add(session, row)


async def _presence(session: AsyncSession, tenant_id: int) -> SQLModel:
    staff = await _staff(session, tenant_id)
    assert staff.id is not None
    return await _add(session, m.OperatorPresence(tenant_id=tenant_id, staff_id=staff.id))


def _of_product(build: type[SQLModel]) -> RowFactory:
    return lambda session, tenant_id: _child_of_product(session, tenant_id, build)


FACTORIES: dict[type[SQLModel], RowFactory] = {
    m.Board: _board,
    m.BoardPost: _board_post,
    m.Comment: _comment,
    m.CommentLike: _comment_like,
    m.Media: lambda s, t: _add(
        s, m.Media(tenant_id=t, filename="a.png", content_type="image/png", storage_path="a.png")
    ),
    m.Form: _form,
    m.FormSubmission: _form_submission,
    m.Entity: _entity,
    m.EntityRecord: _entity_record,
    m.ShopPost: lambda s, t: _add(s, m.ShopPost(tenant_id=t, title="Post", slug=_token())),
    m.LandingPage: lambda s, t: _add(s, m.LandingPage(tenant_id=t, name="Page", slug=_token())),
    m.Feedback: lambda s, t: _add(
        s, m.Feedback(tenant_id=t, name="N", email="n@example.com", content="Nice")
    ),
    m.Course: _course,
    m.Lesson: _lesson,
    m.Enrollment: _enrollment,
    m.LessonProgress: _lesson_progress,
    m.Conversation: _conversation,
    m.ChatMessage: _chat_message,
    m.OperatorPresence: _presence,
    m.AgentConfig: lambda s, t: _add(s, m.AgentConfig(tenant_id=t, slug=_token())),
    m.AgentExecution: lambda s, t: _add(s, m.AgentExecution(tenant_id=t, agent_slug="faq")),
    m.FaqEntry: lambda s, t: _add(s, m.FaqEntry(tenant_id=t, question="Q?", answer="A.")),
    m.Product: _product,
    m.ProductCategory: lambda s, t: _add(
        s, m.ProductCategory(tenant_id=t, slug=_token(), name="C")
    ),
    m.ProductVariant: _of_product(m.ProductVariant),
    m.ProductImage: _of_product(m.ProductImage),
    m.ProductFile: _of_product(m.ProductFile),
    m.BundleItem: _of_product(m.BundleItem),
    m.RelatedProduct: _of_product(m.RelatedProduct),
    m.Cart: _cart,
    m.CartItem: _cart_item,
    m.Customer: _customer,
    m.Order: _order,
    m.OrderItem: _order_item,
    m.OrderStatusChange: _status_change,
    m.Coupon: _coupon,
    m.CouponAssignment: _coupon_assignment,
    m.CouponRedemption: _coupon_redemption,
    m.WishlistItem: _wishlist_item,
    m.Review: _review,
    m.ReviewHelpfulVote: _helpful_vote,
    m.DownloadGrant: _download_grant,
    m.DomainEvent: lambda s, t: _add(
        s, m.DomainEvent(tenant_id=t, type="order.created", object_type="order", object_id=1)
    ),
    m.IdempotencyRecord: lambda s, t: _add(
        s,
        m.IdempotencyRecord(
            tenant_id=t, scope="member:1", key=_token(), operation="orders", request_hash="h"
        ),
    ),
    m.ApiKey: lambda s, t: _add(
        s, m.ApiKey(tenant_id=t, kind=m.ApiKeyKind.SECRET, prefix="sk_", key_hash=_token())
    ),
    m.BlogCategory: lambda s, t: _add(s, m.BlogCategory(tenant_id=t, slug=_token(), name="C")),
    m.BlogPost: _post,
    m.BlogPostTag: _post_tag,
    m.BlogTag: _tag,
    m.MailOutbox: lambda s, t: _add(
        s, m.MailOutbox(tenant_id=t, to_address="a@example.com", subject="S", body="B")
    ),
    m.Member: _member,
    m.PasswordReset: _password_reset,
    m.RefreshToken: lambda s, t: _add(
        s,
        m.RefreshToken(tenant_id=t, jti=_token(), family=_token(), subject_id=1, expires_at=LATER),
    ),
    m.RevokedAccessToken: lambda s, t: _add(
        s, m.RevokedAccessToken(tenant_id=t, jti=_token(), expires_at=LATER)
    ),
    m.Staff: _staff,
    m.TenantDomain: lambda s, t: _add(s, m.TenantDomain(tenant_id=t, host=f"{_token()}.test")),
}
