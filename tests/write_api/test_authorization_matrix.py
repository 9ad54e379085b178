"""The authorisation policy as a matrix: every mutation x every role x own / other ISCM.

Expected outcomes:
- anonymous: a top-level UNAUTHENTICATED error, whatever the ISCM;
- editor and admin: allowed everywhere;
- partner, own ISCM: allowed, except publishing and reference data (FORBIDDEN);
- partner, other ISCM: FORBIDDEN, or NOT_FOUND for a contribution it may not even see
  (drafts and submissions of other ISCMs are invisible to it).
"""

import base64
from functools import partial

import pytest
from sqlalchemy import func, insert, select

from db import models
from resolvers.authorization import PARTNER_ACTIONS, Action, can
from resolvers.principal import ANONYMOUS, Principal, Role
from tests.write_api.conftest import OPEN_PROCESS, OTHER_ISCM, OWN_ISCM
from tests.write_api.operations import (
    CREATE,
    CREATE_RECOMMENDATION,
    IMPORT,
    LINK_OBJECTIVES,
    PUBLISH,
    SET_MEMBERSHIP,
    SUBMIT,
    UPDATE,
    UPDATE_ISCM,
    UPDATE_RECOMMENDATION,
    WITHDRAW,
)

ROLES = ("anonymous", "partner", "editor", "admin")
OK, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED = "OK", "FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED"
SOURCE = "https://example.org/source"


def global_id(type_name: str, row_id: int) -> str:
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode()


async def iscm_id(session, slug: str) -> int:
    return (
        await session.execute(select(models.Iscm.id).where(models.Iscm.slug == slug))
    ).scalar_one()


async def contribution(session, slug: str, status: str, process_id: int) -> str:
    values = {
        "iscm_id": await iscm_id(session, slug),
        "review_process_id": process_id,
        "title": "Existing contribution",
        "summary": "Made by the test.",
        "status": status,
        "submitted_at": func.now() if status != "DRAFT" else None,
    }
    row_id = (
        await session.execute(
            insert(models.ReviewContribution)
            .values(**values)
            .returning(models.ReviewContribution.id)
        )
    ).scalar_one()
    return global_id("ReviewContribution", row_id)


async def recommendation(session, slug: str) -> str:
    row_id = (
        await session.execute(
            insert(models.Recommendation)
            .values(
                iscm_id=await iscm_id(session, slug), title="Existing", text="Made by the test."
            )
            .returning(models.Recommendation.id)
        )
    ).scalar_one()
    return global_id("Recommendation", row_id)


def new_contribution(slug: str) -> dict:
    return {"iscm": slug, "reviewProcess": OPEN_PROCESS, "title": "New", "summary": "New one."}


async def variables_for(mutation: str, session, slug: str, process: int) -> dict:
    """Make the object the mutation acts on, in ISCM `slug`; return the mutation's variables."""
    draft = partial(contribution, session, slug, "DRAFT", process)
    submitted = partial(contribution, session, slug, "SUBMITTED", process)
    existing = partial(recommendation, session, slug)
    builders = {
        "createReviewContribution": lambda: {"input": new_contribution(slug)},
        "importReviewContributions": lambda: {"inputs": [new_contribution(slug)]},
        "updateReviewContribution": lambda: {"version": 1, "input": {"title": "Changed"}},
        "submitReviewContribution": lambda: {"version": 1},
        "withdrawReviewContribution": lambda: {"reason": "Test"},
        "publishReviewContribution": dict,
        "createRecommendation": lambda: {
            "input": {"iscm": slug, "title": "New", "text": "New one."}
        },
        "updateRecommendation": lambda: {"version": 1, "input": {"title": "New"}},
        "linkRecommendationToObjectives": lambda: {"objectives": [3]},
        "updateIscm": lambda: {
            "slug": slug,
            "version": 1,
            "input": {"summary": "New summary."},
            "source": SOURCE,
        },
        "setIscmMembership": lambda: {
            "slug": slug,
            "iso3": "FRA",
            "role": "OBSERVER",
            "source": SOURCE,
        },
    }
    targets = {
        "updateReviewContribution": draft,
        "submitReviewContribution": draft,
        "withdrawReviewContribution": submitted,
        "publishReviewContribution": submitted,
        "updateRecommendation": existing,
        "linkRecommendationToObjectives": existing,
    }
    variables = builders[mutation]()
    if mutation in targets:
        variables["id"] = await targets[mutation]()
    return variables


MUTATIONS = {
    "createReviewContribution": (CREATE, FORBIDDEN),
    "updateReviewContribution": (UPDATE, NOT_FOUND),
    "submitReviewContribution": (SUBMIT, NOT_FOUND),
    "withdrawReviewContribution": (WITHDRAW, NOT_FOUND),
    "publishReviewContribution": (PUBLISH, NOT_FOUND),
    "importReviewContributions": (IMPORT, FORBIDDEN),
    "createRecommendation": (CREATE_RECOMMENDATION, FORBIDDEN),
    "updateRecommendation": (UPDATE_RECOMMENDATION, FORBIDDEN),
    "linkRecommendationToObjectives": (LINK_OBJECTIVES, FORBIDDEN),
    "updateIscm": (UPDATE_ISCM, FORBIDDEN),
    "setIscmMembership": (SET_MEMBERSHIP, FORBIDDEN),
}
EDITOR_ONLY = {"publishReviewContribution", "updateIscm", "setIscmMembership"}


def expected(mutation: str, role: str, own: bool) -> str:
    if role == "anonymous":
        return UNAUTHENTICATED
    if role in ("editor", "admin"):
        return OK
    if own:
        return FORBIDDEN if mutation in EDITOR_ONLY else OK
    return MUTATIONS[mutation][1]


def outcome(body: dict) -> str:
    if body.get("errors"):
        return body["errors"][0]["extensions"]["code"]
    (payload,) = body["data"].values()
    if not payload["errors"]:
        return OK
    return payload["errors"][0]["code"]


@pytest.mark.parametrize("own", [True, False], ids=["own-iscm", "other-iscm"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mutation", list(MUTATIONS))
async def test_who_may_call_each_mutation(mutation, role, own, callers, session, review_processes):
    # given the object the mutation acts on, in the partner's ISCM or another one
    variables = await variables_for(
        mutation, session, OWN_ISCM if own else OTHER_ISCM, review_processes[OPEN_PROCESS]
    )

    # when
    body = await callers.by_role(role).execute(MUTATIONS[mutation][0], variables)

    # then
    assert outcome(body) == expected(mutation, role, own), body


ALL_ROLES = [Role.ANONYMOUS, Role.PARTNER, Role.EDITOR, Role.ADMIN]


@pytest.mark.parametrize("own", [True, False], ids=["own-iscm", "other-iscm"])
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", list(Action))
def test_the_policy_decides_every_action(action, role, own):
    principal = (
        ANONYMOUS
        if role is Role.ANONYMOUS
        else Principal(role=role, subject="t", iscm_ids=frozenset({1}))
    )
    allowed = can(principal, action, 1 if own else 2)
    if role is Role.ANONYMOUS:
        assert allowed is False
    elif role in (Role.EDITOR, Role.ADMIN):
        assert allowed is True
    else:
        assert allowed is (own and action in PARTNER_ACTIONS)
