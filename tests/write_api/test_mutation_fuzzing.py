"""Malformed input never yields a 500: random values at every mutation's arguments, over HTTP.

Each example sends one mutation, as an editor (the role whose calls go deepest), with its
GraphQL variables drawn from random JSON: strings (any Unicode), huge numbers, nulls, floats,
huge lists and deeply nested objects, either in place of a whole argument or inside an input
object of the right shape. The answer must be typed (payload errors, or top-level errors
whose `extensions.code` is not INTERNAL_SERVER_ERROR) and the database unchanged.
"""

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db import models
from tests.write_api.operations import (
    CREATE,
    CREATE_DOCUMENT,
    CREATE_EVENT,
    CREATE_RECOMMENDATION,
    IMPORT,
    LINK_DOCUMENT_EVENTS,
    LINK_EVENT_DOCUMENTS,
    LINK_EVENT_ISCMS,
    LINK_OBJECTIVES,
    PUBLISH,
    REMOVE_EVENT,
    SET_MEMBERSHIP,
    SET_OBSERVER,
    SUBMIT,
    UPDATE,
    UPDATE_DOCUMENT,
    UPDATE_EVENT,
    UPDATE_ISCM,
    UPDATE_RECOMMENDATION,
    WITHDRAW,
)

EXAMPLES_PER_MUTATION = 15


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = {"level": level, "next": value} if level % 2 else [value]
    return value


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.text(alphabet=st.characters(codec="utf-8"), min_size=400, max_size=700)
    | st.sampled_from(["", " ", "\x00", "bali-process", "imrf-2026", "AFG", "<script>", "0" * 30])
)
garbage = (
    st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=6)
            | st.dictionaries(st.text(max_size=12), children, max_size=6)
        ),
        max_leaves=25,
    )
    | st.lists(st.integers(min_value=-5, max_value=40), min_size=500, max_size=2000)
    | st.integers(min_value=30, max_value=300).map(nested)
)


def shaped(required: dict[str, Any], optional: dict[str, Any] | None = None) -> st.SearchStrategy:
    """An input object with the right field names and random values."""
    return st.fixed_dictionaries(
        {name: garbage for name in required},
        optional={name: garbage for name in (optional or {})},
    )


CONTRIBUTION_FIELDS = dict.fromkeys(["iscm", "reviewProcess", "title", "summary"])
CONTRIBUTION_OPTIONAL = dict.fromkeys(
    ["practices", "challenges", "level", "phase", "outcomeType", "gcmObjectives"]
)
contribution_input = shaped(CONTRIBUTION_FIELDS, CONTRIBUTION_OPTIONAL) | garbage
update_input = shaped({}, {**CONTRIBUTION_OPTIONAL, "title": None, "reviewProcess": None}) | garbage
recommendation_input = (
    shaped(
        dict.fromkeys(["iscm", "title", "text"]),
        dict.fromkeys(["adoptedOn", "sourceUrl", "gcmObjectives"]),
    )
    | garbage
)
iscm_input = (
    shaped(
        {},
        dict.fromkeys(
            ["name", "acronym", "regions", "established", "status", "website", "membersConfidence"]
        ),
    )
    | garbage
)

EVENT_OPTIONAL = dict.fromkeys(
    ["iscm", "alsoIscms", "sequence", "startsOn", "endsOn", "country", "url", "documents"]
)
event_input = shaped(dict.fromkeys(["slug", "title", "kind", "year"]), EVENT_OPTIONAL) | garbage
DOCUMENT_OPTIONAL = dict.fromkeys(
    ["slug", "publishedOn", "adoptedOn", "year", "url", "summary", "iscms", "events"]
)
document_input = shaped(dict.fromkeys(["title", "kind"]), DOCUMENT_OPTIONAL) | garbage

MUTATIONS = {
    "createReviewContribution": (CREATE, {"input": contribution_input, "key": garbage}),
    "updateReviewContribution": (
        UPDATE,
        {"id": garbage, "version": garbage, "input": update_input},
    ),
    "submitReviewContribution": (SUBMIT, {"id": garbage, "version": garbage}),
    "withdrawReviewContribution": (WITHDRAW, {"id": garbage, "reason": garbage}),
    "publishReviewContribution": (PUBLISH, {"id": garbage}),
    "importReviewContributions": (
        IMPORT,
        {
            "inputs": st.lists(contribution_input, max_size=4) | garbage,
            "atomic": garbage,
            "key": garbage,
        },
    ),
    "createRecommendation": (
        CREATE_RECOMMENDATION,
        {"input": recommendation_input, "key": garbage},
    ),
    "updateRecommendation": (
        UPDATE_RECOMMENDATION,
        {"id": garbage, "version": garbage, "input": recommendation_input},
    ),
    "linkRecommendationToObjectives": (
        LINK_OBJECTIVES,
        {"id": garbage, "objectives": garbage, "replace": garbage},
    ),
    "updateIscm": (
        UPDATE_ISCM,
        {"slug": garbage, "version": garbage, "input": iscm_input, "source": garbage},
    ),
    "setIscmMembership": (
        SET_MEMBERSHIP,
        {"slug": garbage, "iso3": garbage, "role": garbage, "source": garbage, "since": garbage},
    ),
    "setIscmObserverOrganization": (
        SET_OBSERVER,
        {
            "slug": garbage,
            "organization": garbage,
            "source": garbage,
            "acronym": garbage,
            "observer": garbage,
        },
    ),
    "createEvent": (CREATE_EVENT, {"input": event_input, "source": garbage, "key": garbage}),
    "updateEvent": (
        UPDATE_EVENT,
        {"id": garbage, "version": garbage, "input": event_input, "source": garbage},
    ),
    "linkEventToIscms": (
        LINK_EVENT_ISCMS,
        {"id": garbage, "iscms": garbage, "source": garbage, "replace": garbage},
    ),
    "linkEventToDocuments": (
        LINK_EVENT_DOCUMENTS,
        {"id": garbage, "documents": garbage, "source": garbage, "replace": garbage},
    ),
    "removeEvent": (REMOVE_EVENT, {"id": garbage, "reason": garbage, "source": garbage}),
    "createDocument": (
        CREATE_DOCUMENT,
        {"input": document_input, "source": garbage, "key": garbage},
    ),
    "updateDocument": (
        UPDATE_DOCUMENT,
        {"id": garbage, "version": garbage, "input": document_input, "source": garbage},
    ),
    "linkDocumentToEvents": (
        LINK_DOCUMENT_EVENTS,
        {"id": garbage, "events": garbage, "source": garbage, "replace": garbage},
    ),
}


async def database_state(session) -> tuple:
    counts = []
    for model in (
        models.ReviewContribution,
        models.Recommendation,
        models.IscmMembership,
        models.AuditEvent,
        models.IdempotencyKey,
        models.Event,
        models.Document,
        models.Organization,
        models.iscm_observer_organizations,
    ):
        counts.append((await session.execute(select(func.count()).select_from(model))).scalar_one())
    versions = [
        (await session.execute(select(func.sum(model.version)))).scalar_one()
        for model in (models.Iscm, models.Event, models.Document)
    ]
    return (*counts, *versions)


def assert_typed(response) -> None:
    assert response.status_code in (200, 400), response.text
    body = response.json()
    if body.get("errors"):
        for error in body["errors"]:
            code = (error.get("extensions") or {}).get("code")
            assert code is not None, error
            assert code != "INTERNAL_SERVER_ERROR", error
        return
    (payload,) = body["data"].values()
    assert payload["errors"], payload  # nothing random may succeed
    for error in payload["errors"]:
        assert error["code"]
        assert error["message"]


@pytest.mark.parametrize("mutation", list(MUTATIONS))
async def test_random_input_gets_typed_errors_and_changes_nothing(mutation, callers, session):
    document, arguments = MUTATIONS[mutation]
    before = await database_state(session)
    loop = asyncio.get_running_loop()

    # Hypothesis drives a synchronous test (so it can shrink a failure) in a worker thread;
    # each request runs on the test's event loop, where the app and its connection live.
    @settings(
        max_examples=EXAMPLES_PER_MUTATION,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(variables=st.fixed_dictionaries(arguments))
    def check(variables: dict[str, Any]) -> None:
        request = callers.editor.post(document, variables)
        assert_typed(asyncio.run_coroutine_threadsafe(request, loop).result(timeout=60))

    await asyncio.to_thread(check)
    assert await database_state(session) == before
