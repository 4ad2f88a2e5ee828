"""`tenantry worker --once` releases lapsed holds too (a process of its own, the real clock)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
import pytest

from tenantry.models.reservations import ReservationStatus
from tenantry.serving.services import Services
from tests.cli.test_worker import worker_env
from tests.conftest import Factory
from tests.resolvers.reservation_payments.support import salon
from tests.support import FixedClock

pytestmark = pytest.mark.usefixtures("app")


async def test_the_worker_releases_a_hold_that_lapsed(
    client: httpx.AsyncClient, services: Services, factory: Factory, clock: FixedClock
) -> None:
    # given: a hold made at NOW (a past Sunday), long lapsed by the real clock
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    # when
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "tenantry", "worker", "--once"],
        env=worker_env(services.settings),
        capture_output=True,
        timeout=60,
    )
    # then
    assert done.returncode == 0, done.stderr.decode()
    assert (await shop.reservation(number)).status == ReservationStatus.CANCELLED
