"""Fixtures shared by the connector tests."""

from __future__ import annotations

import pytest

from tests.connectors.un_replay import FakeClock, Replay, SleepRecorder


@pytest.fixture
def replay() -> Replay:
    """Return an empty fixture replay for one test."""
    return Replay()


@pytest.fixture
def sleeps() -> SleepRecorder:
    """Return a sleep recorder so retries never really wait."""
    return SleepRecorder()


@pytest.fixture
def clock() -> FakeClock:
    """Return a hand-driven clock for the circuit breaker."""
    return FakeClock()
