"""Keep the list sizes of the cost estimate measured (schema/list_sizes.py) in each process."""

import asyncio
import logging

from db.session import SessionFactory
from schema import list_sizes

log = logging.getLogger("iscm_graph.list_sizes")


async def measure_once(sessions: SessionFactory) -> None:
    """Measure the list sizes; keep the previous ones (and log why) when the database cannot."""
    try:
        async with sessions() as session:
            await list_sizes.refresh(session)
    except Exception as error:  # a database not reachable or not migrated yet
        log.warning("list_sizes.unmeasured error=%s", type(error).__name__)


async def measure_list_sizes(sessions: SessionFactory) -> asyncio.Task[None]:
    """Measure now, then every REFRESH_SECONDS in a task the caller cancels at shutdown."""
    await measure_once(sessions)

    async def keep_measuring() -> None:
        while True:
            await asyncio.sleep(list_sizes.REFRESH_SECONDS)
            await measure_once(sessions)

    return asyncio.create_task(keep_measuring(), name="list-sizes")
