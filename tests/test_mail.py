from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import col, select

from tenantry.config import Settings
from tenantry.mail import CLAIM_LEASE, Mailer, deliver_pending, wait_for_deliveries
from tenantry.models.mail import MailOutbox, MailStatus
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _smtp_settings(services: Services, port: int) -> Settings:
    return services.settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False}
    )


async def _queue_rows(services: Services, tenant: TenantFixture, count: int = 1) -> list[int]:
    async with services.db.unit(tenant.id) as uow:
        rows = [
            MailOutbox(to_address=f"user{n}@example.com", subject=f"Hello {n}", body=f"Body {n}")
            for n in range(count)
        ]
        uow.session.add_all(rows)
        await uow.session.flush()
        ids = [row.id or 0 for row in rows]
        await uow.commit()
    return ids


async def _rows(services: Services, tenant: TenantFixture) -> list[MailOutbox]:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.scalars(select(MailOutbox).order_by(col(MailOutbox.id)))
        return list(found.all())


async def test_without_smtp_pending_mail_is_logged(
    services: Services, factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    tenant = await factory.tenant()
    await _queue_rows(services, tenant)
    caplog.set_level(logging.INFO, logger="tenantry.mail")

    # when
    handled = await deliver_pending(services.db, services.settings, tenant_id=tenant.id)

    # then
    assert handled == 1
    [row] = await _rows(services, tenant)
    assert (row.status, row.attempts) == (MailStatus.LOGGED, 1)
    assert row.sent_at is not None
    assert "user0@example.com" in caplog.text
    assert "Body 0" in caplog.text


async def test_with_smtp_pending_mail_is_sent(
    services: Services, factory: Factory, smtp_server: tuple[Inbox, int]
) -> None:
    # given
    inbox, port = smtp_server
    tenant = await factory.tenant()
    await _queue_rows(services, tenant)

    # when
    await deliver_pending(services.db, _smtp_settings(services, port), tenant_id=tenant.id)

    # then
    [row] = await _rows(services, tenant)
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT, 1, None)
    assert row.sent_at is not None
    [message] = inbox.messages
    assert message.mail_from == services.settings.mail_from
    assert message.rcpt_tos == ["user0@example.com"]
    content = message.content.decode()
    assert "Subject: Hello 0" in content
    assert "Body 0" in content


async def test_an_unreachable_smtp_server_marks_the_mail_failed(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await _queue_rows(services, tenant)

    # when
    await deliver_pending(services.db, _smtp_settings(services, _free_port()), tenant_id=tenant.id)

    # then
    [row] = await _rows(services, tenant)
    assert (row.status, row.attempts, row.sent_at) == (MailStatus.FAILED, 1, None)
    assert row.last_error
    assert "ConnectionRefusedError" in row.last_error


async def test_concurrent_deliverers_send_each_mail_once(
    services: Services, factory: Factory, smtp_server: tuple[Inbox, int]
) -> None:
    # given
    inbox, port = smtp_server
    tenant = await factory.tenant()
    await _queue_rows(services, tenant, count=3)
    settings = _smtp_settings(services, port)

    # when
    handled = await asyncio.gather(
        deliver_pending(services.db, settings, tenant_id=tenant.id),
        deliver_pending(services.db, settings, tenant_id=tenant.id),
    )

    # then
    assert sum(handled) == 3
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == [
        "user0@example.com",
        "user1@example.com",
        "user2@example.com",
    ]
    assert {row.status for row in await _rows(services, tenant)} == {MailStatus.SENT}


async def test_delivery_leaves_other_tenants_mail_alone(
    services: Services, factory: Factory
) -> None:
    # given
    mine, theirs = await factory.tenant(), await factory.tenant()
    await _queue_rows(services, theirs)

    # when
    handled = await deliver_pending(services.db, services.settings, tenant_id=mine.id)

    # then
    assert handled == 0
    [row] = await _rows(services, theirs)
    assert row.status == MailStatus.PENDING


async def test_queued_mail_is_delivered_after_commit(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    mailer = Mailer(services.db, services.settings)

    # when
    async with services.db.unit(tenant.id) as uow:
        await mailer.queue(
            uow.session, tenant_id=tenant.id, to="a@example.com", subject="Hi", body="Hello"
        )
        await uow.commit()
    await wait_for_deliveries()

    # then
    [row] = await _rows(services, tenant)
    assert (row.to_address, row.status) == ("a@example.com", MailStatus.LOGGED)


async def test_queued_mail_of_a_rolled_back_unit_is_never_sent(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mailer = Mailer(services.db, services.settings)

    # when
    async with services.db.unit(tenant.id) as uow:
        await mailer.queue(
            uow.session, tenant_id=tenant.id, to="a@example.com", subject="Hi", body="Hello"
        )
        await uow.rollback()
    await wait_for_deliveries()

    # then
    assert await _rows(services, tenant) == []


async def _claimed_row(services: Services, tenant: TenantFixture, claimed_ago: timedelta) -> None:
    async with services.db.unit(tenant.id) as uow:
        uow.session.add(
            MailOutbox(
                to_address="a@example.com",
                subject="Hi",
                body="Hello",
                attempts=1,
                sent_at=datetime.now(UTC) - claimed_ago,
            )
        )
        await uow.commit()


async def test_a_mail_being_sent_is_not_picked_up_again(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await _claimed_row(services, tenant, timedelta(minutes=1))

    # when
    handled = await deliver_pending(services.db, services.settings, tenant_id=tenant.id)

    # then
    assert handled == 0
    [row] = await _rows(services, tenant)
    assert (row.status, row.attempts) == (MailStatus.PENDING, 1)


async def test_a_mail_whose_sender_died_is_retried_after_the_lease(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await _claimed_row(services, tenant, CLAIM_LEASE + timedelta(minutes=1))

    # when
    handled = await deliver_pending(services.db, services.settings, tenant_id=tenant.id)

    # then
    assert handled == 1
    [row] = await _rows(services, tenant)
    assert (row.status, row.attempts) == (MailStatus.LOGGED, 2)
