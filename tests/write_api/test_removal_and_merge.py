"""Editors remove duplicates (a soft delete: audited, invisible to every reader, restorable) and
merge them: the record kept gains the duplicate's links, and the duplicate's id resolves to it
in `node`, `nodes`, `_entities` and mutations."""

import base64

from sqlalchemy import select

from db import models
from tests.write_api.conftest import OPEN_PROCESS, OWN_ISCM, Callers
from tests.write_api.operations import (
    CONTRIBUTION_HISTORY,
    CREATE,
    CREATE_RECOMMENDATION,
    MERGE,
    MERGE_RECOMMENDATION,
    PUBLISH,
    REMOVE,
    REMOVE_RECOMMENDATION,
    RESTORE,
    RESTORE_RECOMMENDATION,
    SUBMIT,
    UPDATE,
)
from tests.write_api.support import WriteClient

CONTRIBUTION_READS = """
query Reads($id: ID!, $iscm: String!) {
  reviewContributions(filter: {iscm: $iscm}) { totalCount edges { node { id } } }
  iscm(slug: $iscm) {
    reviewContributions { totalCount }
    gcmObjectives { objective { number } contributionCount }
  }
  node(id: $id) { id }
}
"""
REMOVED_CONTRIBUTIONS = """
{ reviewContributions(filter: {removed: true}) { totalCount edges { node { id removedAt } } } }
"""
RESOLVE = """
query Resolve($id: ID!, $other: ID!, $type: String!) {
  node(id: $id) { id ... on ReviewContribution { title version gcmObjectives { number } } ... on Recommendation { title } }
  nodes(ids: [$id, $other]) { id }
  _entities(representations: [{__typename: $type, id: $id}]) {
    ... on ReviewContribution { id } ... on Recommendation { id }
  }
}
"""
LINKS = """
query Links($id: ID!) {
  node(id: $id) {
    id ... on Recommendation { event { id } thematicAreas { slug } gcmObjectives { number } }
  }
}
"""
AUDIT = """
query Audit($action: String!) {
  auditEvents(filter: {action: $action}) { edges { node { entity entityId note actor } } }
}
"""


def global_id(type_name: str, database_id: int) -> str:
    return base64.b64encode(f"{type_name}:{database_id}".encode()).decode()


def row_id(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":")[1])


def draft(title: str, objectives: list[int]) -> dict:
    return {
        "input": {
            "iscm": OWN_ISCM,
            "reviewProcess": OPEN_PROCESS,
            "title": title,
            "summary": f"{title}, as written.",
            "gcmObjectives": objectives,
        }
    }


async def contribution_reads(reader: WriteClient, cid: str) -> tuple:
    data = await reader.data(CONTRIBUTION_READS, {"id": cid, "iscm": OWN_ISCM})
    listed = cid in [e["node"]["id"] for e in data["reviewContributions"]["edges"]]
    counts = {
        c["objective"]["number"]: c["contributionCount"] for c in data["iscm"]["gcmObjectives"]
    }
    return (
        listed,
        data["reviewContributions"]["totalCount"],
        data["iscm"]["reviewContributions"]["totalCount"],
        counts.get(17, 0),
        data["node"] is not None,
    )


async def test_a_removed_contribution_is_invisible_until_an_editor_restores_it(callers: Callers):
    # given a published contribution, read by everyone
    cid = (await callers.partner.ok(CREATE, draft("A duplicate", [17])))["contribution"]["id"]
    await callers.partner.ok(SUBMIT, {"id": cid, "version": 1})
    await callers.editor.ok(PUBLISH, {"id": cid})
    readers = (callers.anonymous, callers.partner, callers.editor)
    before = [await contribution_reads(reader, cid) for reader in readers]
    assert all(read[0] and read[-1] for read in before)

    # when an editor removes it (a partner may not)
    refused = await callers.partner.payload(REMOVE, {"id": cid, "reason": "duplicate"})
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    removed = await callers.editor.ok(REMOVE, {"id": cid, "reason": "duplicate of the April one"})

    # then no reader finds it, in lists, counts or by id; editors list it as removed
    assert removed["contribution"]["version"] == 4
    for reader, was in zip(readers, before, strict=True):
        assert await contribution_reads(reader, cid) == (
            False,
            was[1] - 1,
            was[2] - 1,
            was[3] - 1,
            False,
        )
    listed = (await callers.editor.data(REMOVED_CONTRIBUTIONS))["reviewContributions"]
    assert [e["node"]["id"] for e in listed["edges"]] == [cid]
    assert listed["edges"][0]["node"]["removedAt"]
    assert (await callers.partner.data(REMOVED_CONTRIBUTIONS))["reviewContributions"] == {
        "totalCount": 0,
        "edges": [],
    }
    again = await callers.editor.payload(REMOVE, {"id": cid, "reason": "twice"})
    assert [e["code"] for e in again["errors"]] == ["NOT_FOUND"]
    audit = (await callers.admin.data(AUDIT, {"action": "REMOVED"}))["auditEvents"]["edges"]
    assert [(e["node"]["entity"], e["node"]["note"]) for e in audit] == [
        ("review_contribution", "duplicate of the April one")
    ]

    # when an editor restores it: everything is as before
    restored = await callers.editor.ok(RESTORE, {"id": cid, "reason": "not a duplicate"})
    assert (restored["contribution"]["status"], restored["contribution"]["version"]) == (
        "PUBLISHED",
        5,
    )
    assert [await contribution_reads(reader, cid) for reader in readers] == before


async def test_a_merged_contributions_id_resolves_to_the_one_kept(callers: Callers, session):
    # given two drafts of one contribution, with different objectives
    duplicate = (await callers.partner.ok(CREATE, draft("Labour mobility", [5])))["contribution"]
    kept = (await callers.partner.ok(CREATE, draft("Labour mobility (final)", [6])))["contribution"]

    # when an editor merges the duplicate into the other
    merged = await callers.editor.ok(
        MERGE, {"id": duplicate["id"], "into": kept["id"], "reason": "entered twice"}
    )

    # then the one kept has both objectives, and the duplicate's id names it everywhere
    assert merged["contribution"]["id"] == kept["id"]
    assert [o["number"] for o in merged["contribution"]["gcmObjectives"]] == [5, 6]
    assert merged["contribution"]["version"] == 2
    resolved = await callers.partner.data(
        RESOLVE, {"id": duplicate["id"], "other": kept["id"], "type": "ReviewContribution"}
    )
    assert resolved["node"]["id"] == kept["id"]
    assert resolved["node"]["title"] == "Labour mobility (final)"
    assert resolved["nodes"] == [{"id": kept["id"]}, {"id": kept["id"]}]
    assert resolved["_entities"] == [{"id": kept["id"]}]
    history = (await callers.partner.data(CONTRIBUTION_HISTORY, {"id": kept["id"]}))["node"]
    merge_event = history["history"][-1]
    assert merge_event["action"] == "MERGED"
    assert (merge_event["before"]["gcm_objectives"], merge_event["after"]["gcm_objectives"]) == (
        [6],
        [5, 6],
    )
    assert merge_event["note"] == f"{duplicate['id']} merged into it: entered twice"
    listed = await callers.partner.data("{ reviewContributions { edges { node { id } } } }")
    ids = [e["node"]["id"] for e in listed["reviewContributions"]["edges"]]
    assert kept["id"] in ids
    assert duplicate["id"] not in ids

    # and a mutation by the old id acts on the record kept
    updated = await callers.partner.ok(
        UPDATE, {"id": duplicate["id"], "version": 2, "input": {"summary": "One text now."}}
    )
    assert (updated["contribution"]["id"], updated["contribution"]["version"]) == (kept["id"], 3)

    # a merge is not undone by restoring; merging the kept one again moves the redirect along
    undo = await callers.editor.payload(RESTORE, {"id": duplicate["id"], "reason": "undo"})
    assert [e["code"] for e in undo["errors"]] == ["INVALID_TRANSITION"]
    third = (await callers.partner.ok(CREATE, draft("Labour mobility (v3)", [7])))["contribution"]
    await callers.editor.ok(MERGE, {"id": kept["id"], "into": third["id"], "reason": "again"})
    again = await callers.anonymous.data(
        RESOLVE, {"id": duplicate["id"], "other": third["id"], "type": "ReviewContribution"}
    )
    assert again["node"] is None  # a draft: not public
    by_partner = await callers.partner.data(
        RESOLVE, {"id": duplicate["id"], "other": third["id"], "type": "ReviewContribution"}
    )
    assert by_partner["node"]["id"] == third["id"]
    assert [o["number"] for o in by_partner["node"]["gcmObjectives"]] == [5, 6, 7]
    rows = (
        await session.execute(
            select(models.ReviewContribution.merged_into_id).where(
                models.ReviewContribution.title.like("Labour mobility%"),
                models.ReviewContribution.merged_into_id.is_not(None),
            )
        )
    ).scalars()
    assert len(set(rows)) == 1  # every duplicate points straight at the last one kept


async def test_a_merge_refuses_itself_and_another_iscms_record(callers: Callers):
    one = (await callers.partner.ok(CREATE, draft("One", [1])))["contribution"]["id"]
    other_iscm = (
        await callers.editor.ok(
            CREATE, {"input": {**draft("Two", [2])["input"], "iscm": "budapest-process"}}
        )
    )["contribution"]["id"]

    itself = await callers.editor.payload(MERGE, {"id": one, "into": one, "reason": "x"})
    across = await callers.editor.payload(MERGE, {"id": one, "into": other_iscm, "reason": "x"})
    nowhere = await callers.editor.payload(
        MERGE, {"id": one, "into": "UmV2aWV3Q29udHJpYnV0aW9uOjA=", "reason": "x"}
    )

    assert [(e["code"], e["field"]) for e in itself["errors"]] == [("INVALID", ["into"])]
    assert [(e["code"], e["field"]) for e in across["errors"]] == [("INVALID", ["into"])]
    assert [(e["code"], e["field"]) for e in nowhere["errors"]] == [("NOT_FOUND", ["into"])]


async def curated(session) -> models.Recommendation:
    """A curated recommendation with a meeting, a document and themes."""
    themed = select(models.recommendation_thematic_areas.c.recommendation_id)
    query = (
        select(models.Recommendation)
        .where(
            models.Recommendation.slug.is_not(None),
            models.Recommendation.event_id.is_not(None),
            models.Recommendation.document_id.is_not(None),
            models.Recommendation.iscm_id.is_not(None),
            models.Recommendation.id.in_(themed),
        )
        .order_by(models.Recommendation.id)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one()


async def test_a_merged_recommendation_keeps_its_links(callers: Callers, session):
    # given a curated recommendation (meeting, document, themes, objectives, sources), and a
    # draft an editor entered again for the same ISCM
    original = await curated(session)
    iscm = (
        await session.execute(select(models.Iscm.slug).where(models.Iscm.id == original.iscm_id))
    ).scalar_one()
    reentered = (
        await callers.editor.ok(
            CREATE_RECOMMENDATION,
            {
                "input": {
                    "iscm": iscm,
                    "title": original.title,
                    "text": original.text,
                    "sourceUrl": "https://example.org/again",
                    "gcmObjectives": [23],
                }
            },
        )
    )["recommendation"]
    old_id = global_id("Recommendation", original.id)
    before = (await callers.anonymous.data(LINKS, {"id": old_id}))["node"]
    assert before["event"]
    assert before["thematicAreas"]

    # when the editor merges the curated record into the new one
    merged = await callers.editor.ok(
        MERGE_RECOMMENDATION, {"id": old_id, "into": reentered["id"], "reason": "entered twice"}
    )

    # then the new one holds every link, and the old id names it
    after = (await callers.editor.data(LINKS, {"id": old_id}))["node"]
    assert after["id"] == reentered["id"] == merged["recommendation"]["id"]
    assert after["event"] == before["event"]
    assert after["thematicAreas"] == before["thematicAreas"]
    assert [o["number"] for o in after["gcmObjectives"]] == sorted(
        {23, *(o["number"] for o in before["gcmObjectives"])}
    )
    kept = (
        await session.execute(
            select(models.Recommendation.document_id, models.Recommendation.sources).where(
                models.Recommendation.id == row_id(reentered["id"])
            )
        )
    ).one()
    assert kept.document_id == original.document_id
    assert set(original.sources) <= set(kept.sources)
    # the one kept is a draft: the public no longer finds the old id
    assert (await callers.anonymous.data(LINKS, {"id": old_id}))["node"] is None


async def test_a_removed_recommendation_leaves_search_and_counts(callers: Callers):
    async def create(title: str) -> str:
        payload = await callers.editor.ok(
            CREATE_RECOMMENDATION,
            {
                "input": {
                    "iscm": OWN_ISCM,
                    "title": title,
                    "text": "Members exchange data.",
                    "sourceUrl": "https://www.baliprocess.net/",
                }
            },
        )
        return payload["recommendation"]["id"]

    # given two records matching a search equally, the first to be removed
    rid = await create("Wombatgrid data exchange")
    other = await create("Wombatgrid data exchange, again")
    reads = """
    query R($id: ID!) {
      search(query: "Wombatgrid") { ... on Recommendation { id } }
      best: search(query: "Wombatgrid", first: 1) { ... on Recommendation { id } }
      recommendations(filter: {iscm: "bali-process"}) { totalCount }
      node(id: $id) { id }
    }
    """
    seen = await callers.editor.data(reads, {"id": rid})
    assert seen["search"] == [{"id": rid}, {"id": other}]
    assert seen["best"] == [{"id": rid}]

    # when it is removed, search, counts and node lose it (the best match is the other one)
    await callers.editor.ok(REMOVE_RECOMMENDATION, {"id": rid, "reason": "test record"})
    gone = await callers.editor.data(reads, {"id": rid})
    assert gone["search"] == [{"id": other}]
    assert gone["best"] == [{"id": other}]
    assert gone["node"] is None
    assert gone["recommendations"]["totalCount"] == seen["recommendations"]["totalCount"] - 1

    # and restored, it is back
    await callers.editor.ok(RESTORE_RECOMMENDATION, {"id": rid, "reason": "needed after all"})
    assert await callers.editor.data(reads, {"id": rid}) == seen


async def test_a_retry_does_not_hand_back_a_removed_record(callers: Callers):
    created = await callers.partner.ok(CREATE, {**draft("Retried", [3]), "key": "retry-1"})
    await callers.editor.ok(
        REMOVE, {"id": created["contribution"]["id"], "reason": "entered by mistake"}
    )

    retry = await callers.partner.payload(CREATE, {**draft("Retried", [3]), "key": "retry-1"})

    assert retry["contribution"] is None
    assert [(e["code"], e["field"]) for e in retry["errors"]] == [("NOT_FOUND", ["idempotencyKey"])]
