"""Schemathesis against a live server, every operation of the OpenAPI document, signed in.

The server runs in a thread of its own (schemathesis calls it synchronously), on PostgreSQL,
with one tenant whose member, shop user and secret key sign the calls of their dialect; a
dialect A call a member may not make is made again by the tenant's admin.
Every answer must be no 5xx and must match the document: status, content type and body.
Examples per operation are bounded (FUZZ_EXAMPLES, 8 by default) to keep CI's time; the figures
of a longer run are in docs/operations.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import threading
from collections import Counter, defaultdict
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
# Status codes answered, by operation: what the run reached, reported at its end.
ANSWERS: dict[str, Counter[int]] = defaultdict(Counter)

schema = schemathesis.openapi.from_dict(openapi_document())


@dataclass(frozen=True)
class Signed:
    base_url: str
    tenant: str
    host: str
    member: str
    staff: str
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
    staff_id, _ = await Factory(services).staff(tenant)
    staff = await access_token(services, tenant.info, kind=SessionKind.STAFF, subject_id=staff_id)
    app = create_app(settings, services=services)
    async with app.router.lifespan_context(app), serve(app) as server:
        signed = Signed(
            server.http(), tenant.slug, tenant.host, member, staff, shop, tenant.secret_key
        )
        ready.put(signed)
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


# Credentials schemathesis draws from the security schemes: random ones would only test the
# refusal of a bad token, so the run signs every call itself.
_CREDENTIALS = frozenset({"authorization", "x-api-key"})


def _sign(case: schemathesis.Case, signed: Signed) -> dict[str, str]:
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in _CREDENTIALS}
    case.cookies = {}
    dialect = _dialect(case)
    if dialect == "platform":
        case.path_parameters = {**(case.path_parameters or {}), "tenant": signed.tenant}
    if case.path.endswith("/logout"):
        # Signed, a logout would end the session every later call of the run is signed with.
        return {"Host": signed.host} if dialect == "shop" else {}
    if dialect == "platform":
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
    ANSWERS[f"{case.operation.method.upper()} {case.operation.path}"][response.status_code] += 1
    case.validate_response(response, checks=CHECKS)
    if (
        response.status_code in (401, 403)
        and headers.get("Authorization") == f"Bearer {signed.member}"
    ):
        # What a member may not do, staff may: the same case again, signed by the admin.
        headers["Authorization"] = f"Bearer {signed.staff}"
        response = case.call(base_url=signed.base_url, headers=headers, timeout=30)
        ANSWERS[f"{case.operation.method.upper()} {case.operation.path}"][response.status_code] += 1
        case.validate_response(response, checks=CHECKS)


def test_the_run_reached_every_operation_and_past_the_checks_of_many() -> None:
    """Runs after the operations (file order): a run that met only 401s and 404s proves little.
    With FUZZ_REPORT set, the figures are written there (docs/operations.md quotes them)."""
    if not ANSWERS:
        pytest.fail("run the whole module: this test reads what the operations' run answered")
    documented = {f"{op.method.upper()} {op.path}" for op in _operations()}
    assert set(ANSWERS) == documented
    succeeded = {op for op, statuses in ANSWERS.items() if any(200 <= s < 300 for s in statuses)}
    report = {
        "operations": len(ANSWERS),
        "cases": sum(sum(statuses.values()) for statuses in ANSWERS.values()),
        "operations_with_a_2xx": len(succeeded),
        "by_status": dict(sorted(sum(ANSWERS.values(), Counter[int]()).items())),
    }
    out = os.environ.get("FUZZ_REPORT")
    if out:
        Path(out).write_text(json.dumps(report, indent=1) + "\n")
    # Signed in as a member, a shop user and the secret key, on an empty shop: a quarter of the
    # operations must get past authentication and validation to a success at least once.
    assert len(succeeded) >= len(documented) // 4, report


def _operations() -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]
