"""Retries, Retry-After, timeouts and the circuit breaker, through a real client."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from connectors import (
    CircuitBreaker,
    HttpSettings,
    ResilienceConfig,
    UpstreamRejected,
    UpstreamUnavailable,
    WorldBankClient,
    parse_retry_after,
    upstream_deadline,
)
from tests.connectors.un_replay import (
    DEU,
    FakeClock,
    Replay,
    SleepRecorder,
    fixture_response,
    fixture_url,
)

FIXTURE = "worldbank_DEU_SM.POP.RHCR.EA.json"
QUERY = [("format", "json"), ("date", "2021:2023"), ("per_page", "50"), ("page", "1")]


def scripted(replay: Replay, *answers: httpx.Response | Exception) -> None:
    """Serve `answers` in turn for the fixture URL; an exception is raised as a transport error."""
    remaining = list(answers)

    def respond(request: httpx.Request) -> httpx.Response:
        answer = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    replay.add(fixture_url(FIXTURE), QUERY, respond)


def make_client(
    replay: Replay, sleeps: SleepRecorder, clock: FakeClock | None = None, **config
) -> WorldBankClient:
    resilience = ResilienceConfig(**{"attempts": 3, "max_backoff": 4.0, **config})
    return WorldBankClient(
        http=replay.client(),
        page_size=50,
        sleep=sleeps,
        clock=clock,
        settings=HttpSettings(resilience=resilience),
    )


async def fetch(wb: WorldBankClient) -> list:
    return await wb.fetch(["SM.POP.RHCR.EA"], [DEU], 2021, 2023)


@pytest.mark.asyncio
async def test_429_waits_what_retry_after_says_then_succeeds(
    replay: Replay, sleeps: SleepRecorder
) -> None:
    scripted(replay, httpx.Response(429, headers={"Retry-After": "7"}), fixture_response(FIXTURE))
    async with make_client(replay, sleeps) as wb:
        observations = await fetch(wb)

    assert sleeps.calls == [7.0]
    assert len(replay.requests) == 2
    assert {o.year: o.value for o in observations} == {2021: 1255694, 2022: 2075445, 2023: 2593007}


@pytest.mark.asyncio
async def test_retry_after_http_date_is_capped(replay: Replay, sleeps: SleepRecorder) -> None:
    far = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    scripted(replay, httpx.Response(503, headers={"Retry-After": far}), fixture_response(FIXTURE))
    async with make_client(replay, sleeps, max_retry_after=12.0) as wb:
        observations = await fetch(wb)

    assert sleeps.calls == [12.0]
    assert len(observations) == 3


@pytest.mark.asyncio
async def test_503_then_success_backs_off_within_the_cap(
    replay: Replay, sleeps: SleepRecorder
) -> None:
    scripted(replay, httpx.Response(503), httpx.Response(502), fixture_response(FIXTURE))
    async with make_client(replay, sleeps, initial_backoff=0.5, max_backoff=4.0) as wb:
        observations = await fetch(wb)

    assert len(replay.requests) == 3
    assert len(sleeps.calls) == 2
    assert all(0.5 <= wait <= 4.0 for wait in sleeps.calls)
    assert sleeps.calls[1] >= 1.0  # exponential: the second wait starts from 2 x 0.5
    assert observations[-1].value == 2593007


@pytest.mark.asyncio
async def test_timeouts_fail_after_all_attempts(replay: Replay, sleeps: SleepRecorder) -> None:
    scripted(replay, httpx.ReadTimeout("read timed out"))
    async with make_client(replay, sleeps, attempts=4) as wb:
        with pytest.raises(UpstreamUnavailable) as caught:
            await fetch(wb)

    assert len(replay.requests) == 4
    assert len(sleeps.calls) == 3
    assert caught.value.source == "WORLDBANK"
    assert caught.value.message == "timed out (ReadTimeout) after 4 attempts"
    assert "Traceback" not in str(caught.value)


def seconds_from_now(seconds: float) -> float:
    """Return the loop time `seconds` from now."""
    return asyncio.get_running_loop().time() + seconds


@pytest.mark.asyncio
async def test_under_a_deadline_no_retry_is_waited_for_that_could_not_run_before_it(
    replay: Replay, sleeps: SleepRecorder
) -> None:
    # given a source asking for 7 s of patience, and 2 s left in the request
    scripted(replay, httpx.Response(503, headers={"Retry-After": "7"}), fixture_response(FIXTURE))
    async with make_client(replay, sleeps) as wb:
        with upstream_deadline(seconds_from_now(2.0)), pytest.raises(UpstreamUnavailable) as caught:
            await fetch(wb)

    assert sleeps.calls == []
    assert len(replay.requests) == 1
    assert caught.value.message == "HTTP 503 after 1 attempt, all the request's time allowed"


@pytest.mark.asyncio
async def test_a_spent_deadline_sends_nothing_and_leaves_the_breaker_alone(
    replay: Replay, sleeps: SleepRecorder
) -> None:
    scripted(replay, fixture_response(FIXTURE))
    async with make_client(replay, sleeps, breaker_threshold=1) as wb:
        with (
            upstream_deadline(seconds_from_now(0.0)),
            pytest.raises(UpstreamUnavailable, match="no time left"),
        ):
            await fetch(wb)
        assert wb.breaker.state == "closed"
        assert len(await fetch(wb)) == 3  # outside the deadline the same client asks

    assert len(replay.requests) == 1


@pytest.mark.asyncio
async def test_connection_errors_are_unavailable(replay: Replay, sleeps: SleepRecorder) -> None:
    scripted(replay, httpx.ConnectError("connection refused"))
    async with make_client(replay, sleeps, attempts=2) as wb:
        with pytest.raises(UpstreamUnavailable, match=r"network error \(ConnectError\)"):
            await fetch(wb)
    assert len(replay.requests) == 2


@pytest.mark.asyncio
async def test_persistent_500_is_unavailable(replay: Replay, sleeps: SleepRecorder) -> None:
    scripted(replay, httpx.Response(500, text="Traceback (most recent call last): boom"))
    async with make_client(replay, sleeps) as wb:
        with pytest.raises(UpstreamUnavailable) as caught:
            await fetch(wb)
    assert caught.value.message == "HTTP 500 after 3 attempts"
    assert len(replay.requests) == 3


@pytest.mark.asyncio
async def test_404_is_not_retried(replay: Replay, sleeps: SleepRecorder) -> None:
    scripted(replay, httpx.Response(404))
    async with make_client(replay, sleeps) as wb:
        with pytest.raises(UpstreamRejected):
            await fetch(wb)
    assert len(replay.requests) == 1
    assert sleeps.calls == []


@pytest.mark.asyncio
async def test_breaker_opens_then_half_opens_after_cooldown(
    replay: Replay, sleeps: SleepRecorder, clock: FakeClock
) -> None:
    scripted(replay, httpx.Response(503), httpx.Response(503), fixture_response(FIXTURE))
    async with make_client(
        replay, sleeps, clock, attempts=1, breaker_threshold=2, breaker_cooldown=60.0
    ) as wb:
        for _ in range(2):
            with pytest.raises(UpstreamUnavailable, match="HTTP 503"):
                await fetch(wb)
        assert wb.breaker.state == "open"

        with pytest.raises(UpstreamUnavailable, match="circuit breaker open"):
            await fetch(wb)
        assert len(replay.requests) == 2  # failed fast: nothing sent

        clock.advance(61.0)
        assert wb.breaker.state == "half_open"
        observations = await fetch(wb)  # the probe goes through and succeeds
        assert wb.breaker.state == "closed"
        assert len(observations) == 3
        assert len(replay.requests) == 3


@pytest.mark.asyncio
async def test_failed_probe_reopens_the_breaker(
    replay: Replay, sleeps: SleepRecorder, clock: FakeClock
) -> None:
    scripted(replay, httpx.Response(503))
    async with make_client(
        replay, sleeps, clock, attempts=1, breaker_threshold=1, breaker_cooldown=30.0
    ) as wb:
        with pytest.raises(UpstreamUnavailable, match="HTTP 503"):
            await fetch(wb)
        clock.advance(31.0)
        with pytest.raises(UpstreamUnavailable, match="HTTP 503"):
            await fetch(wb)  # the half-open probe fails
        assert wb.breaker.state == "open"
        clock.advance(10.0)
        with pytest.raises(UpstreamUnavailable, match="circuit breaker open"):
            await fetch(wb)
    assert len(replay.requests) == 2


def test_breaker_lets_one_probe_at_a_time(clock: FakeClock) -> None:
    breaker = CircuitBreaker("SDG", threshold=2, cooldown=5.0, clock=clock)
    breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.state == "open"
    clock.advance(5.0)
    breaker.before_call()  # the probe
    with pytest.raises(UpstreamUnavailable):
        breaker.before_call()  # a second caller while the probe is out
    breaker.record_success()
    assert breaker.state == "closed"
    assert breaker.failures == 0


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("") is None
    assert parse_retry_after(None) is None


def test_config_rejects_zero_attempts() -> None:
    with pytest.raises(ValueError, match="attempts"):
        ResilienceConfig(attempts=0)
