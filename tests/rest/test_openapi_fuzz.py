"""Schemathesis against a live server, every operation of the OpenAPI document, signed in.

The server runs in a thread of its own (schemathesis calls it synchronously), on PostgreSQL,
with one tenant whose member, staff, shop user and secret key sign the calls of their dialect.
Every answer must be no 5xx and must match the document: status, content type and body.
Examples per operation are bounded (FUZZ_EXAMPLES, 8 by default) to keep CI's time; the figures
of a longer run are in docs/operations.md.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tenantry.app import create_app
from tenantry.auth.passwords import hash_password
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tenantry.models.member import Member
from tenantry.models.tenant import Plan
from tenantry.resolvers.sessions import SessionKind
from tenantry.rest.api_docs import openapi_document
from tenantry.serving.services import Services
from tests.conftest import Factory, make_settings
from tests.live import access_token, serve

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))

schema = schemathesis.openapi.from_dict(openapi_document())


@dataclass(frozen=True)
class Signed:
    base_url: str
    tenant: str
    host: str
    member: str
    shop: str
    secret_key: str


async def _run(url: str, media: Path, ready: queue.Queue[Any], stop: threading.Event) -> None:
    settings = make_settings(url, media)
    db = Database.from_settings(settings)
    await upgrade_engine(db.engine)
    services = Services.from_settings(settings, db=db)
    tenant = await Factory(services).tenant(plan=Plan.ENTERPRISE)
    member_id = await _member(services, tenant.id)
    member, shop = [
        await access_token(services, tenant.info, kind=kind, subject_id=member_id)
        for kind in (SessionKind.MEMBER, SessionKind.SHOP)
    ]
    app = create_app(settings, services=services)
    async with app.router.lifespan_context(app), serve(app) as server:
        ready.put(Signed(server.http(), tenant.slug, tenant.host, member, shop, tenant.secret_key))
        await asyncio.to_thread(stop.wait)


async def _member(services: Services, tenant_id: int) -> int:
    async with services.db.unit(tenant_id) as uow:
        member = Member(email="fuzz@example.com", password_hash=await hash_password("fuzz-pass-1"))
        uow.session.add(member)
        await uow.session.flush()
        await uow.commit()
    assert member.id is not None
    return member.id


@pytest.fixture(scope="module")
def signed(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Signed]:
    ready: queue.Queue[Any] = queue.Queue()
    stop = threading.Event()
    media = tmp_path_factory.mktemp("fuzz")

    def main() -> None:
        try:
            asyncio.run(_run(postgres_url, media, ready, stop))
        except BaseException as exc:  # handed to the test, which fails with it
            ready.put(exc)

    thread = threading.Thread(target=main, name="fuzz-server", daemon=True)
    thread.start()
    started = ready.get(timeout=60)
    if isinstance(started, BaseException):
        raise started
    yield started
    stop.set()
    thread.join(timeout=30)


def _dialect(case: schemathesis.Case) -> str:
    tags: list[str] = case.operation.definition.raw.get("tags", [])
    return tags[0]


def _sign(case: schemathesis.Case, signed: Signed) -> dict[str, str]:
    dialect = _dialect(case)
    if dialect == "platform":
        case.path_parameters = {**(case.path_parameters or {}), "tenant": signed.tenant}
        return {"Authorization": f"Bearer {signed.member}"}
    if dialect == "commerce":
        return {"Authorization": f"Bearer {signed.secret_key}"}
    return {"Host": signed.host, "Authorization": f"Bearer {signed.shop}"}


CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_every_operation_answers_as_documented(case: schemathesis.Case, signed: Signed) -> None:
    headers = _sign(case, signed)
    response = case.call(base_url=signed.base_url, headers=headers, timeout=30)
    case.validate_response(response, checks=CHECKS)
