"""Idempotent replays check visibility and permission again, with whoever asks now."""

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import delete, select

from db import models
from service.settings import Settings
from tests.write_api.conftest import OTHER_ISCM, OWN_ISCM
from tests.write_api.operations import CREATE, CREATE_RECOMMENDATION, IMPORT
from tests.write_api.support import WriteClient, new_key
from tests.write_api.test_authentication import AUDIENCE, ISSUER, public_pem, token_for
from tests.write_api.test_contribution_mutations import codes, count, draft
from tests.write_api.test_reference_mutations import recommendation


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def settings(database_url: str, signing_key: rsa.RSAPrivateKey) -> Settings:
    """The test settings, with JWTs signed by `signing_key` accepted."""
    return Settings(
        database_url=database_url,
        offline=True,
        jwt_public_key=public_pem(signing_key),
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
    )


@pytest.fixture
def same_subject(client, signing_key, review_processes) -> tuple[WriteClient, WriteClient]:
    """Two partner JWTs of one subject (user-42): one for OWN_ISCM, one for OTHER_ISCM."""
    return (
        WriteClient(client, token_for(signing_key, iscms=[OWN_ISCM])),
        WriteClient(client, token_for(signing_key, iscms=[OTHER_ISCM])),
    )


async def test_a_jwt_with_another_scope_replays_a_create_as_a_fresh_request(same_subject, session):
    # given a draft of OWN_ISCM created under an idempotency key
    own, other = same_subject
    created = await own.ok(CREATE, {"input": draft(), "key": "rso-1"})
    rows = await count(session, models.ReviewContribution)

    # when the same subject, now scoped to another ISCM, replays it
    replay = await other.payload(CREATE, {"input": draft(), "key": "rso-1"})
    fresh = await other.payload(CREATE, {"input": draft()})

    # then it gets what the same request without a key gets: FORBIDDEN, not the draft
    assert replay == fresh
    assert replay["contribution"] is None
    assert codes(replay["errors"]) == [("FORBIDDEN", ["input", "iscm"])]
    assert await count(session, models.ReviewContribution) == rows
    # and the original scope still replays it
    again = await own.ok(CREATE, {"input": draft(), "key": "rso-1"})
    assert again["contribution"] == created["contribution"]


@pytest.mark.parametrize("atomic", [False, True])
async def test_a_jwt_with_another_scope_replays_an_import_as_a_fresh_request(
    same_subject, session, atomic
):
    own, other = same_subject
    inputs = [draft(title="Row 1"), draft(title="Row 2")]
    first = await own.payload(IMPORT, {"inputs": inputs, "atomic": atomic, "key": "batch-1"})
    assert first["importedCount"] == 2
    rows = await count(session, models.ReviewContribution)

    replay = await other.payload(IMPORT, {"inputs": inputs, "atomic": atomic, "key": "batch-1"})
    fresh = await other.payload(IMPORT, {"inputs": inputs, "atomic": atomic})

    assert replay == fresh
    assert replay["importedCount"] == 0
    assert [result["contribution"] for result in replay["results"]] == [None, None]
    assert [codes(result["errors"]) for result in replay["results"]] == [
        [("FORBIDDEN", ["inputs", "0", "iscm"])],
        [("FORBIDDEN", ["inputs", "1", "iscm"])],
    ]
    assert await count(session, models.ReviewContribution) == rows


async def test_a_jwt_with_another_scope_replays_a_recommendation_as_a_fresh_request(
    same_subject, session
):
    own, other = same_subject
    await own.ok(CREATE_RECOMMENDATION, {"input": recommendation(), "key": "rec-1"})

    replay = await other.payload(CREATE_RECOMMENDATION, {"input": recommendation(), "key": "rec-1"})
    fresh = await other.payload(CREATE_RECOMMENDATION, {"input": recommendation()})

    assert replay == fresh
    assert replay["recommendation"] is None
    assert codes(replay["errors"]) == [("FORBIDDEN", ["input", "iscm"])]


async def test_a_key_whose_scope_was_narrowed_replays_as_a_fresh_request(
    client, session, review_processes
):
    # given a partner key of both ISCMs that created a draft of OTHER_ISCM under a key
    partner = WriteClient(client, await new_key(session, "partner", [OWN_ISCM, OTHER_ISCM]))
    created = await partner.ok(CREATE, {"input": draft(iscm=OTHER_ISCM), "key": "k-9"})
    assert created["contribution"]["iscm"]["slug"] == OTHER_ISCM

    # when the operator takes OTHER_ISCM off the key, and the key replays
    other_id = select(models.Iscm.id).where(models.Iscm.slug == OTHER_ISCM).scalar_subquery()
    await session.execute(
        delete(models.api_key_iscms).where(models.api_key_iscms.c.iscm_id == other_id)
    )
    replay = await partner.payload(CREATE, {"input": draft(iscm=OTHER_ISCM), "key": "k-9"})
    fresh = await partner.payload(CREATE, {"input": draft(iscm=OTHER_ISCM)})

    # then
    assert replay == fresh
    assert replay["contribution"] is None
    assert codes(replay["errors"]) == [("FORBIDDEN", ["input", "iscm"])]
