"""Recommendations follow the contributions' workflow: a partner's draft cites its source, is
invisible to the public in every read until an editor publishes it, and can be withdrawn.

"Every read": the root list, the lists nested under an ISCM, a State and an objective, their
counts, the analytics (objective counts, governance profile, coverage matrix, the catalogue's
objective filter), search, `node`, `nodes` and `_entities`, on the DataLoader path and on the
compiled one.
"""

from typing import Any

from sqlalchemy import func, select

from db import models
from tests.write_api.conftest import OTHER_ISCM, OWN_ISCM, Callers
from tests.write_api.operations import (
    CREATE_RECOMMENDATION,
    PUBLISH_RECOMMENDATION,
    SUBMIT_RECOMMENDATION,
    UPDATE_RECOMMENDATION,
    WITHDRAW_RECOMMENDATION,
)
from tests.write_api.support import WriteClient, new_key

WORD = "Quokkaflux"  # a word no other record holds, for search
MEMBER = "AUS"  # a member State of OWN_ISCM
SOURCE = "https://www.baliprocess.net/ministerial-declarations/"

READS = """
query Reads($iscm: String!, $word: String!, $id: ID!, $state: String!, $objective: Int!) {
  recommendations(filter: {iscm: $iscm}) { totalCount edges { node { id } } }
  byObjective: iscms(filter: {gcmObjective: $objective}) { edges { node { slug } } }
  iscm(slug: $iscm) {
    recommendations { totalCount edges { node { id } } }
    gcmObjectives { objective { number } recommendationCount }
    governanceProfile { recommendationCount }
  }
  memberState(iso3: $state) { recommendations(first: 100) { totalCount edges { node { id } } } }
  gcmObjectives { number recommendations(first: 100) { totalCount edges { node { id } } } }
  search(query: $word) { ... on Recommendation { id } }
  node(id: $id) { id ... on Recommendation { status } }
  nodes(ids: [$id]) { id }
  _entities(representations: [{__typename: "Recommendation", id: $id}]) {
    ... on Recommendation { id }
  }
}
"""
# Shapes the compiled path answers in one statement.
COMPILED_STATE = """
query State($state: String!) {
  memberState(iso3: $state) { iso3 iscms { slug recommendations(first: 100) { edges { node { id } } } } }
}
"""
COMPILED_COVERAGE = "{ gcmCoverage { rows { iscm { slug } recommendationCount } } }"
COMPILED_ISCM = """
query Iscm($iscm: String!) { iscm(slug: $iscm) { slug gcmObjectives { objective { number } recommendationCount } } }
"""


async def unaddressed_objective(reader: WriteClient) -> int:
    """A GCM objective no record of OWN_ISCM addresses yet."""
    query = f'{{ iscm(slug: "{OWN_ISCM}") {{ gcmObjectives {{ objective {{ number }} }} }} }}'
    addressed = {
        c["objective"]["number"] for c in (await reader.data(query))["iscm"]["gcmObjectives"]
    }
    return min(set(range(1, 24)) - addressed)


async def reads(reader: WriteClient, recommendation_id: str, objective: int) -> dict[str, Any]:
    """What `reader` finds of the recommendation, read by read: present, or a count."""
    variables = {
        "iscm": OWN_ISCM,
        "word": WORD,
        "id": recommendation_id,
        "state": MEMBER,
        "objective": objective,
    }
    data = await reader.data(READS, variables)

    def ids(connection: dict[str, Any]) -> bool:
        return recommendation_id in [edge["node"]["id"] for edge in connection["edges"]]

    iscm = data["iscm"]
    addressing = data["gcmObjectives"][objective - 1]
    state = (await reader.data(COMPILED_STATE, {"state": MEMBER}))["memberState"]
    coverage = (await reader.data(COMPILED_COVERAGE))["gcmCoverage"]["rows"]
    compiled_iscm = (await reader.data(COMPILED_ISCM, {"iscm": OWN_ISCM}))["iscm"]
    return {
        "list": ids(data["recommendations"]),
        "list count": data["recommendations"]["totalCount"],
        "ISCM's list": ids(iscm["recommendations"]),
        "ISCM's count": iscm["recommendations"]["totalCount"],
        "objective counts": [
            c["recommendationCount"]
            for c in iscm["gcmObjectives"]
            if c["objective"]["number"] == objective
        ],
        "governance profile": iscm["governanceProfile"]["recommendationCount"],
        "State's list": ids(data["memberState"]["recommendations"]),
        "State's count": data["memberState"]["recommendations"]["totalCount"],
        "objective's list": ids(addressing["recommendations"]),
        "objective's count": addressing["recommendations"]["totalCount"],
        "objective filter": OWN_ISCM in [e["node"]["slug"] for e in data["byObjective"]["edges"]],
        "search": recommendation_id in [hit.get("id") for hit in data["search"]],
        "node": data["node"] is not None,
        "nodes": data["nodes"] != [None],
        "_entities": data["_entities"] != [None],
        "compiled State": any(
            recommendation_id in [e["node"]["id"] for e in i["recommendations"]["edges"]]
            for i in state["iscms"]
        ),
        "compiled coverage": [
            r["recommendationCount"] for r in coverage if r["iscm"]["slug"] == OWN_ISCM
        ],
        "compiled ISCM": [
            c["recommendationCount"]
            for c in compiled_iscm["gcmObjectives"]
            if c["objective"]["number"] == objective
        ],
    }


def seen(before: dict[str, Any], after: dict[str, Any]) -> dict[str, bool]:
    """For each read, whether it shows the recommendation now (a count that grew by one)."""

    def grew(old: Any, new: Any) -> bool:
        if isinstance(new, bool):
            return new
        if isinstance(new, list):
            return (new[0] if new else 0) == (old[0] if old else 0) + 1
        return new == old + 1

    return {name: grew(before[name], after[name]) for name in after}


async def test_a_recommendation_is_public_only_once_an_editor_publishes_it(
    callers: Callers, session, client
):
    # given what each reader sees before the partner writes
    other_partner = WriteClient(client, await new_key(session, "partner", [OTHER_ISCM]))
    readers = {
        "anonymous": callers.anonymous,
        "other ISCM's partner": other_partner,
        "own partner": callers.partner,
        "editor": callers.editor,
    }
    placeholder = "UmVjb21tZW5kYXRpb246MA=="  # Recommendation:0, nothing
    objective = await unaddressed_objective(callers.editor)
    baseline = {
        name: await reads(reader, placeholder, objective) for name, reader in readers.items()
    }

    # when the partner drafts a recommendation
    created = await callers.partner.ok(
        CREATE_RECOMMENDATION,
        {
            "input": {
                "iscm": OWN_ISCM,
                "title": f"{WORD} cooperation on smuggling",
                "text": "Members agree to share information.",
                "sourceUrl": SOURCE,
                "level": "REGIONAL",
                "gcmObjectives": [objective],
            }
        },
    )
    rid = created["recommendation"]["id"]
    assert created["recommendation"]["status"] == "DRAFT"

    # then only its ISCM's partners and editors see it, in every read
    for name, reader in readers.items():
        visible = name in ("own partner", "editor")
        now = seen(baseline[name], await reads(reader, rid, objective))
        assert now == dict.fromkeys(now, visible), (name, now)

    # when it is submitted: still not public; a partner may not publish it
    await callers.partner.ok(SUBMIT_RECOMMENDATION, {"id": rid, "version": 1})
    refused = await callers.partner.payload(PUBLISH_RECOMMENDATION, {"id": rid})
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    now = seen(baseline["anonymous"], await reads(callers.anonymous, rid, objective))
    assert not any(now.values()), now

    # when an editor publishes it: everyone sees it everywhere
    published = await callers.editor.ok(PUBLISH_RECOMMENDATION, {"id": rid})
    assert (published["recommendation"]["status"], published["recommendation"]["version"]) == (
        "PUBLISHED",
        3,
    )
    for name, reader in readers.items():
        now = seen(baseline[name], await reads(reader, rid, objective))
        assert all(now.values()), (name, now)

    # and the partner may neither edit nor withdraw it any more; an editor withdraws it
    edit = await callers.partner.payload(
        UPDATE_RECOMMENDATION, {"id": rid, "version": 3, "input": {"title": "Changed"}}
    )
    assert [e["code"] for e in edit["errors"]] == ["FORBIDDEN"]
    withdraw = await callers.partner.payload(WITHDRAW_RECOMMENDATION, {"id": rid, "reason": "x"})
    assert [e["code"] for e in withdraw["errors"]] == ["FORBIDDEN"]
    withdrawn = await callers.editor.ok(WITHDRAW_RECOMMENDATION, {"id": rid, "reason": "Misread"})
    assert withdrawn["recommendation"]["status"] == "WITHDRAWN"
    now = seen(baseline["anonymous"], await reads(callers.anonymous, rid, objective))
    assert not any(now.values()), now


async def test_every_recommendation_cites_its_source(callers: Callers):
    base = {"iscm": OWN_ISCM, "title": "Share data", "text": "Members share."}

    missing = await callers.partner.execute(CREATE_RECOMMENDATION, {"input": base})
    blank = await callers.partner.payload(
        CREATE_RECOMMENDATION, {"input": {**base, "sourceUrl": "   "}}
    )

    assert missing["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "sourceUrl" in missing["errors"][0]["message"]
    assert [(e["code"], e["field"]) for e in blank["errors"]] == [
        ("REQUIRED", ["input", "sourceUrl"])
    ]


async def test_the_curated_recommendations_are_published_on_load(callers: Callers, session):
    stored = (
        await session.execute(
            select(func.count())
            .select_from(models.Recommendation)
            .where(models.Recommendation.slug.is_not(None))
        )
    ).scalar_one()
    assert stored > 100
    unpublished = (
        await session.execute(
            select(func.count())
            .select_from(models.Recommendation)
            .where(
                models.Recommendation.slug.is_not(None),
                (models.Recommendation.status != "PUBLISHED")
                | models.Recommendation.published_at.is_(None),
            )
        )
    ).scalar_one()
    assert unpublished == 0

    data = await callers.anonymous.data(
        "{ recommendations(first: 5) { totalCount edges { node { status publishedAt } } } }"
    )
    assert data["recommendations"]["totalCount"] >= stored
    assert {edge["node"]["status"] for edge in data["recommendations"]["edges"]} == {"PUBLISHED"}
