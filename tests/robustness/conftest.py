"""Fixtures of the robustness suite (issue 8)."""
from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line("markers", "slow_property: a heavier property-based test, bounded by "
                                       "its hypothesis settings (runs in CI all the same)")
