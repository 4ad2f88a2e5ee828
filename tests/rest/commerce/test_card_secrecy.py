"""A card's number and security code are never stored or logged: only brand, last4, expiry."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.rest.commerce.payment_support import GOOD_CARD, b_order, pay

pytestmark = pytest.mark.usefixtures("app")

NUMBERS = ["4242424242424242", "4000000000000002", "4000000000009995", "4242424242424241"]
CVC = "9731"


async def test_no_card_number_or_cvc_reaches_the_database_or_the_logs(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given: every statement and its parameters are logged
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    tenant = await factory.tenant()
    # when: good, declined and invalid cards, with and without Idempotency-Keys
    for index, number in enumerate(NUMBERS):
        order = await b_order(client, services, tenant)
        card = {**GOOD_CARD, "number": number, "cvc": CVC}
        await pay(client, tenant, order, card, **{"Idempotency-Key": f"secret-{index}"})
        await pay(client, tenant, order, {**card, "number": f"{number[:4]} {number[4:]}"})
    # then
    stored = []
    async with services.db.unit(None) as uow:
        connection = await uow.session.connection()
        for table in SQLModel.metadata.sorted_tables:
            rows = await connection.execute(select(table))
            stored.extend(repr(tuple(row)) for row in rows)
    dump = "\n".join(stored)
    assert "4242" in dump  # last4 is kept, so the dump does read the payments
    logged = caplog.text
    assert "INSERT INTO payment" in logged  # and the log does show statements' parameters
    for number in NUMBERS:
        for text in (number, f"{number[:4]} {number[4:]}", number[:12]):
            assert text not in dump
            assert text not in logged
    # Four digits can occur anywhere by chance (a timestamp's microseconds): the cvc as a value.
    for quoted in (f"'{CVC}'", f'"{CVC}"'):
        assert quoted not in dump
        assert quoted not in logged
