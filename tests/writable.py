"""A database that tests may commit to, for tests that drive a served iscm-graph from outside
(Node clients, a browser): migrated and seeded, with an open review process and a partner key."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.reference_data import load_reference_data
from db.session import create_engine
from migrations import upgrade_async
from service.api_keys import create_key
from tests.database import create_database
from tests.write_api.support import add_review_process

PARTNER_ISCM = "bali-process"
OPEN_REVIEW = "outside-open-review"
CREATE_DRAFT = """
mutation CreateDraft($input: CreateReviewContributionInput!) {
  createReviewContribution(input: $input) { contribution { id title status } errors { code } }
}
"""


@dataclass(frozen=True)
class WritableDatabase:
    """The database's URL, the token of a partner of PARTNER_ISCM and an editor's."""

    url: str
    partner_token: str
    editor_token: str


async def create_writable_database(admin_url: str) -> WritableDatabase:
    """Create the database next to `admin_url`; the caller drops it."""
    url = await create_database(admin_url, prefix="iscm_outside")
    await upgrade_async(url)
    engine = create_engine(url, pool_size=1, max_overflow=0)
    async with AsyncSession(engine) as session, session.begin():
        await load_reference_data(session)
        await add_review_process(session, OPEN_REVIEW)
        partner = await create_key(
            session, name="outside partner", role="partner", iscm_slugs=[PARTNER_ISCM]
        )
        editor = await create_key(session, name="outside editor", role="editor", iscm_slugs=[])
    await engine.dispose()
    return WritableDatabase(url, partner.token, editor.token)


def new_draft(title: str) -> dict[str, Any]:
    """Return the GraphQL request creating a draft of PARTNER_ISCM's for OPEN_REVIEW."""
    return {
        "query": CREATE_DRAFT,
        "variables": {
            "input": {
                "iscm": PARTNER_ISCM,
                "reviewProcess": OPEN_REVIEW,
                "title": title,
                "summary": "Made over HTTP while a client subscribes.",
            }
        },
    }
