"""Reading Prometheus' text format in tests."""

from __future__ import annotations


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus' text format."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None
