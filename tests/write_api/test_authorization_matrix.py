"""The authorisation policy as a matrix: every mutation x every role x own / other ISCM.

Expected outcomes:
- anonymous: a top-level UNAUTHENTICATED error, whatever the ISCM;
- editor and admin: allowed everywhere;
- partner, own ISCM: allowed, except publishing, removing, restoring and merging, and
  reference data (FORBIDDEN);
- partner, other ISCM: FORBIDDEN, or NOT_FOUND for a record it may not even see (drafts,
  submissions and removed records of other ISCMs are invisible to it).
"""

import base64
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from db import models
from resolvers.authorization import ADMIN_ONLY_ACTIONS, PARTNER_ACTIONS, Action, can
from resolvers.principal import ANONYMOUS, Principal, Role
from tests.write_api.conftest import OPEN_PROCESS, OTHER_ISCM, OWN_ISCM
from tests.write_api.operations import (
    CREATE,
    CREATE_DOCUMENT,
    CREATE_EVENT,
    CREATE_PROCESS,
    CREATE_RECOMMENDATION,
    IMPORT,
    LINK_DOCUMENT_EVENTS,
    LINK_DOCUMENT_ISCMS,
    LINK_EVENT_DOCUMENTS,
    LINK_EVENT_ISCMS,
    LINK_OBJECTIVES,
    MERGE,
    MERGE_RECOMMENDATION,
    PUBLISH,
    PUBLISH_RECOMMENDATION,
    REMOVE,
    REMOVE_DOCUMENT,
    REMOVE_EVENT,
    REMOVE_RECOMMENDATION,
    RESTORE,
    RESTORE_DOCUMENT,
    RESTORE_EVENT,
    RESTORE_RECOMMENDATION,
    SET_MEMBERSHIP,
    SET_OBSERVER,
    SUBMIT,
    SUBMIT_RECOMMENDATION,
    UPDATE,
    UPDATE_DOCUMENT,
    UPDATE_EVENT,
    UPDATE_ISCM,
    UPDATE_PROCESS,
    UPDATE_RECOMMENDATION,
    WITHDRAW,
    WITHDRAW_RECOMMENDATION,
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


async def contribution(
    session, slug: str, status: str, process_id: int, *, removed: bool = False
) -> str:
    values = {
        "iscm_id": await iscm_id(session, slug),
        "review_process_id": process_id,
        "title": "Existing contribution",
        "summary": "Made by the test.",
        "status": status,
        "submitted_at": func.now() if status != "DRAFT" else None,
        "deleted_at": func.now() if removed else None,
    }
    row_id = (
        await session.execute(
            insert(models.ReviewContribution)
            .values(**values)
            .returning(models.ReviewContribution.id)
        )
    ).scalar_one()
    return global_id("ReviewContribution", row_id)


async def recommendation(session, slug: str, status: str, *, removed: bool = False) -> str:
    row_id = (
        await session.execute(
            insert(models.Recommendation)
            .values(
                iscm_id=await iscm_id(session, slug),
                title="Existing",
                text="Made by the test.",
                source_url=SOURCE,
                status=status,
                published_at=func.now() if status == "PUBLISHED" else None,
                deleted_at=func.now() if removed else None,
            )
            .returning(models.Recommendation.id)
        )
    ).scalar_one()
    return global_id("Recommendation", row_id)


async def event(session, slug: str, *, removed: bool = False) -> str:
    row_id = (
        await session.execute(
            insert(models.Event)
            .values(
                slug=f"test-meeting-{slug}-{'removed' if removed else 'live'}",
                iscm_id=await iscm_id(session, slug),
                title="Existing meeting",
                kind="OTHER",
                year=2025,
                sources=[SOURCE],
                deleted_at=func.now() if removed else None,
            )
            .returning(models.Event.id)
        )
    ).scalar_one()
    return global_id("Event", row_id)


async def document(session, slug: str, *, removed: bool = False) -> str:
    row_id = (
        await session.execute(
            insert(models.Document)
            .values(
                title="Existing document",
                kind="OTHER",
                sources=[SOURCE],
                deleted_at=func.now() if removed else None,
            )
            .returning(models.Document.id)
        )
    ).scalar_one()
    await session.execute(
        insert(models.document_iscms).values(
            document_id=row_id, iscm_id=await iscm_id(session, slug)
        )
    )
    return global_id("Document", row_id)


def new_contribution(slug: str) -> dict:
    return {"iscm": slug, "reviewProcess": OPEN_PROCESS, "title": "New", "summary": "New one."}


async def variables_for(mutation: str, session, slug: str, process: int) -> dict:
    """Make the object the mutation acts on, in ISCM `slug`; return the mutation's variables."""
    draft = partial(contribution, session, slug, "DRAFT", process)
    submitted = partial(contribution, session, slug, "SUBMITTED", process)
    removed = partial(contribution, session, slug, "DRAFT", process, removed=True)
    recommended = partial(recommendation, session, slug, "DRAFT")
    recommendation_sent = partial(recommendation, session, slug, "SUBMITTED")
    recommendation_removed = partial(recommendation, session, slug, "DRAFT", removed=True)
    reason = {"reason": "Test"}
    cited = {"reason": "Test", "source": SOURCE}
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "createEvent": lambda: {
            "input": {
                "slug": f"new-meeting-of-{slug}",
                "iscm": slug,
                "title": "New meeting",
                "kind": "OTHER",
                "year": 2025,
            },
            "source": SOURCE,
        },
        "updateEvent": lambda: {"version": 1, "input": {"title": "New"}, "source": SOURCE},
        "linkEventToIscms": lambda: {"iscms": ["rabat-process"], "source": SOURCE},
        "linkEventToDocuments": lambda: {"documents": [], "replace": True, "source": SOURCE},
        "removeEvent": lambda: cited,
        "restoreEvent": lambda: cited,
        "createDocument": lambda: {
            "input": {"title": "New document", "kind": "OTHER", "iscms": [slug]},
            "source": SOURCE,
        },
        "updateDocument": lambda: {"version": 1, "input": {"title": "New"}, "source": SOURCE},
        "linkDocumentToIscms": lambda: {"iscms": ["rabat-process"], "source": SOURCE},
        "linkDocumentToEvents": lambda: {"events": [], "replace": True, "source": SOURCE},
        "removeDocument": lambda: cited,
        "restoreDocument": lambda: cited,
        "setIscmObserverOrganization": lambda: {
            "slug": slug,
            "organization": "International Centre for Migration Policy Development",
            "source": SOURCE,
        },
        "createReviewContribution": lambda: {"input": new_contribution(slug)},
        "importReviewContributions": lambda: {"inputs": [new_contribution(slug)]},
        "updateReviewContribution": lambda: {"version": 1, "input": {"title": "Changed"}},
        "submitReviewContribution": lambda: {"version": 1},
        "withdrawReviewContribution": lambda: {"reason": "Test"},
        "publishReviewContribution": dict,
        "createRecommendation": lambda: {
            "input": {"iscm": slug, "title": "New", "text": "New one.", "sourceUrl": SOURCE}
        },
        "updateRecommendation": lambda: {"version": 1, "input": {"title": "New"}},
        "linkRecommendationToObjectives": lambda: {"objectives": [3]},
        "submitRecommendation": lambda: {"version": 1},
        "withdrawRecommendation": lambda: reason,
        "publishRecommendation": dict,
        "removeReviewContribution": lambda: reason,
        "restoreReviewContribution": lambda: reason,
        "mergeReviewContribution": lambda: reason,
        "removeRecommendation": lambda: reason,
        "restoreRecommendation": lambda: reason,
        "mergeRecommendation": lambda: reason,
        "createReviewProcess": lambda: {
            "input": {
                "slug": f"review-of-{slug}",
                "name": "A review",
                "kind": "GLOBAL",
                "year": 2030,
                "opensOn": "2029-01-01",
                "closesOn": "2030-06-30",
                "description": "Made by the test.",
            },
            "source": SOURCE,
        },
        "updateReviewProcess": lambda: {
            "slug": OPEN_PROCESS,
            "version": 1,
            "input": {"windowStatus": "OFFICIAL"},
            "source": SOURCE,
        },
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
        "removeReviewContribution": submitted,
        "restoreReviewContribution": removed,
        "mergeReviewContribution": draft,
        "updateRecommendation": recommended,
        "linkRecommendationToObjectives": recommended,
        "submitRecommendation": recommended,
        "withdrawRecommendation": recommendation_sent,
        "publishRecommendation": recommendation_sent,
        "removeRecommendation": recommendation_sent,
        "restoreRecommendation": recommendation_removed,
        "mergeRecommendation": recommended,
        "updateEvent": partial(event, session, slug),
        "linkEventToIscms": partial(event, session, slug),
        "linkEventToDocuments": partial(event, session, slug),
        "removeEvent": partial(event, session, slug),
        "restoreEvent": partial(event, session, slug, removed=True),
        "updateDocument": partial(document, session, slug),
        "linkDocumentToIscms": partial(document, session, slug),
        "linkDocumentToEvents": partial(document, session, slug),
        "removeDocument": partial(document, session, slug),
        "restoreDocument": partial(document, session, slug, removed=True),
    }
    variables = builders[mutation]()
    if mutation in targets:
        variables["id"] = await targets[mutation]()
    if mutation == "mergeReviewContribution":
        variables["into"] = await submitted()
    if mutation == "mergeRecommendation":
        variables["into"] = await recommendation_sent()
    return variables


MUTATIONS = {
    "createReviewContribution": (CREATE, FORBIDDEN),
    "updateReviewContribution": (UPDATE, NOT_FOUND),
    "submitReviewContribution": (SUBMIT, NOT_FOUND),
    "withdrawReviewContribution": (WITHDRAW, NOT_FOUND),
    "publishReviewContribution": (PUBLISH, NOT_FOUND),
    "importReviewContributions": (IMPORT, FORBIDDEN),
    "removeReviewContribution": (REMOVE, NOT_FOUND),
    "restoreReviewContribution": (RESTORE, NOT_FOUND),
    "mergeReviewContribution": (MERGE, NOT_FOUND),
    "createRecommendation": (CREATE_RECOMMENDATION, FORBIDDEN),
    "updateRecommendation": (UPDATE_RECOMMENDATION, NOT_FOUND),
    "linkRecommendationToObjectives": (LINK_OBJECTIVES, NOT_FOUND),
    "submitRecommendation": (SUBMIT_RECOMMENDATION, NOT_FOUND),
    "withdrawRecommendation": (WITHDRAW_RECOMMENDATION, NOT_FOUND),
    "publishRecommendation": (PUBLISH_RECOMMENDATION, NOT_FOUND),
    "removeRecommendation": (REMOVE_RECOMMENDATION, NOT_FOUND),
    "restoreRecommendation": (RESTORE_RECOMMENDATION, NOT_FOUND),
    "mergeRecommendation": (MERGE_RECOMMENDATION, NOT_FOUND),
    "updateIscm": (UPDATE_ISCM, FORBIDDEN),
    "setIscmMembership": (SET_MEMBERSHIP, FORBIDDEN),
    "createReviewProcess": (CREATE_PROCESS, FORBIDDEN),
    "updateReviewProcess": (UPDATE_PROCESS, FORBIDDEN),
    "setIscmObserverOrganization": (SET_OBSERVER, FORBIDDEN),
    "createEvent": (CREATE_EVENT, FORBIDDEN),
    "updateEvent": (UPDATE_EVENT, FORBIDDEN),
    "linkEventToIscms": (LINK_EVENT_ISCMS, FORBIDDEN),
    "linkEventToDocuments": (LINK_EVENT_DOCUMENTS, FORBIDDEN),
    "removeEvent": (REMOVE_EVENT, FORBIDDEN),
    "restoreEvent": (RESTORE_EVENT, FORBIDDEN),
    "createDocument": (CREATE_DOCUMENT, FORBIDDEN),
    "updateDocument": (UPDATE_DOCUMENT, FORBIDDEN),
    "linkDocumentToIscms": (LINK_DOCUMENT_ISCMS, FORBIDDEN),
    "linkDocumentToEvents": (LINK_DOCUMENT_EVENTS, FORBIDDEN),
    "removeDocument": (REMOVE_DOCUMENT, FORBIDDEN),
    "restoreDocument": (RESTORE_DOCUMENT, FORBIDDEN),
}
# Editors' reference content: events, documents and observer organisations are public, so a
# partner is told FORBIDDEN (nothing about them is hidden from it).
EDITORS_CONTENT = {
    "setIscmObserverOrganization",
    "createEvent",
    "updateEvent",
    "linkEventToIscms",
    "linkEventToDocuments",
    "removeEvent",
    "restoreEvent",
    "createDocument",
    "updateDocument",
    "linkDocumentToIscms",
    "linkDocumentToEvents",
    "removeDocument",
    "restoreDocument",
}
EDITOR_ONLY = {
    "publishReviewContribution",
    "removeReviewContribution",
    "mergeReviewContribution",
    "publishRecommendation",
    "removeRecommendation",
    "mergeRecommendation",
    "updateIscm",
    "setIscmMembership",
    "createReviewProcess",
    "updateReviewProcess",
    *EDITORS_CONTENT,
}
# A removed record is invisible to partners, even their own ISCM's.
INVISIBLE_TO_PARTNERS = {"restoreReviewContribution", "restoreRecommendation"}


def expected(mutation: str, role: str, own: bool) -> str:
    if role == "anonymous":
        return UNAUTHENTICATED
    if role in ("editor", "admin"):
        return OK
    if mutation in INVISIBLE_TO_PARTNERS:
        return NOT_FOUND
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
    elif role is Role.ADMIN:
        assert allowed is True
    elif role is Role.EDITOR:
        assert allowed is (action not in ADMIN_ONLY_ACTIONS)
    else:
        assert allowed is (own and action in PARTNER_ACTIONS)
