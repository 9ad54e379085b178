"""Rate-limit buckets (in-process and Redis), without HTTP."""

import uuid

import pytest

from service.ratelimit import Limit, LocalBuckets, RedisBuckets

REDIS_URL = "redis://127.0.0.1:6379/0"
TWO_PER_MINUTE = Limit.per_minute(2, burst=2)


async def test_local_buckets_refuse_when_empty_and_refill_with_time():
    # given a clock the test moves
    now = [100.0]
    buckets = LocalBuckets(clock=lambda: now[0])
    # when three requests come at once
    decisions = [await buckets.take("address:a", TWO_PER_MINUTE) for _ in range(3)]
    # then the third waits 30 s, another client is unaffected, and 30 s later one more passes
    assert [d.allowed for d in decisions] == [True, True, False]
    assert decisions[2].retry_after == pytest.approx(30.0)
    assert (await buckets.take("address:b", TWO_PER_MINUTE)).allowed
    now[0] += 30.0
    assert (await buckets.take("address:a", TWO_PER_MINUTE)).allowed
    assert not (await buckets.take("address:a", TWO_PER_MINUTE)).allowed


async def redis_buckets() -> RedisBuckets:
    buckets = RedisBuckets(REDIS_URL, prefix=f"iscm-graph-test:{uuid.uuid4().hex}:")
    try:
        await buckets._redis.ping()
    except OSError as error:  # redis-py's ConnectionError is an OSError too
        await buckets.close()
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    return buckets


async def test_redis_buckets_are_shared_by_every_instance():
    # given two instances' limiters on the same Redis
    first = await redis_buckets()
    second = RedisBuckets(REDIS_URL, prefix=first._prefix)
    try:
        # when each takes from the same client's bucket
        taken = [
            await first.take("key:k1", TWO_PER_MINUTE),
            await second.take("key:k1", TWO_PER_MINUTE),
            await first.take("key:k1", TWO_PER_MINUTE),
        ]
        # then the bucket is one: the third request is refused, with the wait to the next token
        assert [d.allowed for d in taken] == [True, True, False]
        assert 29.0 < taken[2].retry_after <= 30.0
        assert (await second.take("key:other", TWO_PER_MINUTE)).allowed
        ttl = await first._redis.pttl(first._prefix + "key:k1")
        assert 0 < ttl <= 61_000
    finally:
        await first._redis.delete(first._prefix + "key:k1", first._prefix + "key:other")
        await first.close()
        await second.close()


async def test_an_unreachable_redis_lets_requests_through():
    buckets = RedisBuckets("redis://127.0.0.1:1/0")
    try:
        assert (await buckets.take("key:k", TWO_PER_MINUTE)).allowed
    finally:
        await buckets.close()
