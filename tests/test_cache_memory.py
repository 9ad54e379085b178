"""A flood of distinct large documents leaves a worker's memory flat: every in-process cache
keyed by document text holds at most ISCM_CACHE_MAX_BYTES, and nothing else keeps them."""

import gc
import tracemalloc

from schema.admission import PARSED, VALIDATED
from schema.compiled import PLANS
from schema.limits import COST_CACHE
from tests.in_process import app_client

DOCUMENTS = 1_000
# Memory is traced from document 925 on and compared between documents 950 and 975: once the
# caches turn over, what one stretch allocates the next frees. (Tracing slows every allocation
# down tenfold, so it covers a short stretch late in the flood.)
TRACE_FROM, COMPARE_FROM, COMPARE_TO = 925, 950, 975
CACHE_BYTES = 1_000_000
# 25 documents of 60,000 characters kept by any cache would add 1.5 MB.
ALLOWED_GROWTH = 500_000


def large_document(index: int) -> str:
    """A distinct anonymous document of 60,000 characters (mostly white space: cheap to parse;
    unnamed, so that no operation name reaches the metrics' labels)."""
    return "{ #" + str(index) + "\n" + " " * 60_000 + "__typename }"


def document_caches() -> dict[str, int]:
    return {lru.name: lru.bytes for lru in (PARSED, VALIDATED, COST_CACHE, PLANS.plans)}


async def test_memory_stays_flat_under_a_flood_of_distinct_large_documents(
    settings, session_factory
):
    bounded = settings.model_copy(update={"cache_max_bytes": CACHE_BYTES})
    async with app_client(bounded, session_factory) as client:

        async def send(documents: range) -> None:
            for index in documents:
                response = await client.post("/graphql", json={"query": large_document(index)})
                assert response.json() == {"data": {"__typename": "Query"}}

        # given the caches filled to their bound by the first documents
        await send(range(TRACE_FROM))
        tracemalloc.start()
        await send(range(TRACE_FROM, COMPARE_FROM))
        gc.collect()
        before = tracemalloc.take_snapshot()

        # when the flood goes on
        await send(range(COMPARE_FROM, COMPARE_TO))
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        await send(range(COMPARE_TO, DOCUMENTS))

    # then every cache is within its bytes, and the process kept nothing more
    caches = document_caches()
    assert all(0 < held <= CACHE_BYTES for held in caches.values()), caches
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert growth < ALLOWED_GROWTH, f"grew {growth} bytes; caches {caches}"
