from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _broadcast(app: Any) -> None:
    """Chat publishes after commit: the app's lifespan connects the broadcast."""
