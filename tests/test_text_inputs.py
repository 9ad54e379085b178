"""Strings holding NUL (U+0000), which PostgreSQL text cannot hold, are the client's mistake."""

import pytest
from sqlalchemy import func, select

from db import models
from tests.test_compiled import compiled_statements
from tests.write_api.operations import CREATE_RECOMMENDATION
from tests.write_api.support import new_key

ISCM_BY_SLUG = "query Q($slug: String!) { iscm(slug: $slug) { name } }"
SEARCH = "query S($q: String!) { search(query: $q) { __typename } }"


def codes(body: dict) -> list[str]:
    """Return the error codes of a response body."""
    return [error["extensions"]["code"] for error in body.get("errors", [])]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (ISCM_BY_SLUG, {"slug": "bali\x00process"}),
        (SEARCH, {"q": "migration\x00"}),
        ('{ iscm(slug: "bali\\u0000process") { name } }', None),
        ('{ search(query: "\\u0000") { __typename } }', None),
    ],
    ids=["compiled variable", "variable", "compiled literal", "literal"],
)
async def test_a_string_holding_nul_is_bad_user_input(client, statements, query, variables):
    # when a read passes NUL in a variable or in a string literal
    statements.reset()
    response = await client.post("/graphql", json={"query": query, "variables": variables})

    # then it is refused as the client's mistake, before any SQL
    body = response.json()
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert "NUL" in body["errors"][0]["message"]
    assert body.get("data") is None
    assert compiled_statements(statements) == []
    assert [s for s in statements.statements if "SAVEPOINT" not in s] == []


async def test_a_write_holding_nul_is_refused_by_its_own_validation(client, session):
    # given an editor
    token = await new_key(session, "editor")
    before = (
        await session.execute(select(func.count()).select_from(models.Recommendation))
    ).scalar()
    slug = (await session.execute(select(models.Iscm.slug).limit(1))).scalar_one()
    variables = {
        "input": {
            "iscm": slug,
            "title": "Nul\x00title",
            "text": "Some text.",
            "sourceUrl": "https://example.org/",
        }
    }

    # when a mutation's input holds NUL deep inside
    response = await client.post(
        "/graphql",
        json={"query": CREATE_RECOMMENDATION, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )

    # then the mutation's validation names the field in its payload, and nothing was written
    payload = response.json()["data"]["createRecommendation"]
    assert payload["recommendation"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["input", "title"])]
    after = (
        await session.execute(select(func.count()).select_from(models.Recommendation))
    ).scalar()
    assert after == before
