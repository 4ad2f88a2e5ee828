"""The reservation tests' clock: frozen at NOW (a Sunday noon before today), so that slots,
lead times and holds are computed against a known instant. Registered in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenantry.serving.services import Services
from tests.resolvers.reservations.support import NOW
from tests.support import FixedClock, frozen_clock


@pytest.fixture
def clock(services: Services) -> Iterator[FixedClock]:
    with frozen_clock(services) as fixed:
        fixed.moment = NOW
        yield fixed
