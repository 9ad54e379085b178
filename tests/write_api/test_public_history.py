"""What each reader sees of a record's history, as a matrix: every role x own or other ISCM x
every history and audit field.

- Everyone who sees a published contribution sees its published versions: when, published by
  its ISCM, and what changed between them, public fields only.
- Its whole history (drafts, withdrawn texts, key names, internal ids) is for the ISCM's own
  partners, editors and admins; for anyone else it is empty.
- The audit log as a whole is for admins; others are refused.
"""

import base64
import json
from dataclasses import dataclass

import pytest

from tests.write_api.conftest import OPEN_PROCESS, OTHER_ISCM, OWN_ISCM, Callers
from tests.write_api.operations import CREATE, PUBLISH, SUBMIT, UPDATE, WITHDRAW
from tests.write_api.support import WriteClient, new_key

DRAFT_TEXT = "Draft wording nobody outside the ISCM may read"
PUBLISHED_TEXT = "The summary as first published."
CORRECTED_TEXT = "The summary as corrected by an editor."
WITHDRAWN_TEXT = "A text published, then withdrawn."

RECORD = """
query Record($id: ID!) {
  node(id: $id) {
    ... on ReviewContribution {
      id status summary
      history { occurredAt actor actorName action entity entityId before after note requestId }
      publishedVersions { version publishedAt publishedBy { slug } changes { field before after } }
    }
  }
}
"""
AUDIT_LOG = """
query Log($entityId: String!) {
  auditEvents(first: 50, filter: {entity: "review_contribution", entityId: $entityId}) {
    totalCount
    edges { node { occurredAt actor actorName action entity entityId before after note requestId } }
  }
}
"""
ROLES = ("anonymous", "partner", "editor", "admin")
# Who reads the whole history of a contribution of the partner's ISCM (own) or another's.
READS_HISTORY = {
    ("anonymous", True): False,
    ("anonymous", False): False,
    ("partner", True): True,
    ("partner", False): False,
    ("editor", True): True,
    ("editor", False): True,
    ("admin", True): True,
    ("admin", False): True,
}
AUDIT_LOG_REFUSAL = {"anonymous": "UNAUTHENTICATED", "partner": "FORBIDDEN", "editor": "FORBIDDEN"}


@dataclass
class Published:
    """A contribution drafted, fixed, submitted, published, then corrected by an editor."""

    id: str
    database_id: str


def database_id(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":")[1]


async def published_contribution(callers: Callers, author: WriteClient, iscm: str) -> Published:
    """Make the contribution: draft (with text that must stay private) to corrected."""
    created = await author.ok(
        CREATE,
        {
            "input": {
                "iscm": iscm,
                "reviewProcess": OPEN_PROCESS,
                "title": f"Input of {iscm}",
                "summary": DRAFT_TEXT,
                "gcmObjectives": [5],
            }
        },
    )
    cid = created["contribution"]["id"]
    await author.ok(UPDATE, {"id": cid, "version": 1, "input": {"summary": PUBLISHED_TEXT}})
    await author.ok(SUBMIT, {"id": cid, "version": 2})
    await callers.editor.ok(PUBLISH, {"id": cid})
    await callers.editor.ok(UPDATE, {"id": cid, "version": 4, "input": {"summary": CORRECTED_TEXT}})
    return Published(cid, database_id(cid))


@pytest.fixture
async def contributions(callers: Callers, session, client) -> dict[bool, Published]:
    """A published contribution of the partner's ISCM (True) and one of another ISCM (False),
    each written by a partner of its ISCM."""
    other_partner = WriteClient(client, await new_key(session, "partner", [OTHER_ISCM]))
    return {
        True: await published_contribution(callers, callers.partner, OWN_ISCM),
        False: await published_contribution(callers, other_partner, OTHER_ISCM),
    }


@pytest.mark.parametrize("own", [True, False], ids=["own-iscm", "other-iscm"])
@pytest.mark.parametrize("role", ROLES)
async def test_history_fields_by_role_and_iscm(role, own, callers, contributions):
    # given a published contribution that went through a draft and a correction
    contribution = contributions[own]
    iscm = OWN_ISCM if own else OTHER_ISCM

    # when the role reads it
    node = (await callers.by_role(role).data(RECORD, {"id": contribution.id}))["node"]

    # then everyone sees the published text and its two published versions, public facts only
    assert (node["status"], node["summary"]) == ("PUBLISHED", CORRECTED_TEXT)
    versions = node["publishedVersions"]
    assert [v["version"] for v in versions] == [4, 5]
    assert [v["publishedBy"] for v in versions] == [{"slug": iscm}, {"slug": iscm}]
    assert versions[0]["publishedAt"] <= versions[1]["publishedAt"]
    first = {c["field"]: (c["before"], c["after"]) for c in versions[0]["changes"]}
    assert first == {
        "title": (None, f"Input of {iscm}"),
        "summary": (None, PUBLISHED_TEXT),
        "gcmObjectives": (None, [5]),
        "reviewProcess": (None, OPEN_PROCESS),
    }
    assert versions[1]["changes"] == [
        {"field": "summary", "before": PUBLISHED_TEXT, "after": CORRECTED_TEXT}
    ]
    public = json.dumps(versions)
    assert DRAFT_TEXT not in public
    assert "key:" not in public
    assert "test partner" not in public
    assert "_id" not in public

    # and the whole history only where the role may read it
    history = node["history"]
    if not READS_HISTORY[(role, own)]:
        assert history == []
        return
    assert [h["action"] for h in history] == [
        "CREATED",
        "UPDATED",
        "SUBMITTED",
        "PUBLISHED",
        "UPDATED",
    ]
    assert history[0]["after"]["summary"] == DRAFT_TEXT
    assert history[1]["before"]["summary"] == DRAFT_TEXT
    assert history[0]["actor"].startswith("key:")
    assert history[0]["actorName"] == f"test partner {iscm}"
    assert history[3]["actorName"] == "test editor"
    assert {h["entity"] for h in history} == {"review_contribution"}
    assert {h["entityId"] for h in history} == {contribution.database_id}
    assert history[0]["after"]["id"] == int(contribution.database_id)
    assert set(history[1]["before"]) == set(history[1]["after"]) == set(history[0]["after"])
    assert all(h["requestId"] for h in history)


@pytest.mark.parametrize("own", [True, False], ids=["own-iscm", "other-iscm"])
@pytest.mark.parametrize("role", ROLES)
async def test_the_audit_log_is_for_admins(role, own, callers, contributions):
    contribution = contributions[own]

    body = await callers.by_role(role).execute(AUDIT_LOG, {"entityId": contribution.database_id})

    if role != "admin":
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == [AUDIT_LOG_REFUSAL[role]]
        return
    log = body["data"]["auditEvents"]
    assert log["totalCount"] == 5
    nodes = [edge["node"] for edge in log["edges"]]
    assert [n["action"] for n in nodes] == [
        "UPDATED",
        "PUBLISHED",
        "SUBMITTED",
        "UPDATED",
        "CREATED",
    ]
    assert nodes[-1]["after"]["summary"] == DRAFT_TEXT
    assert nodes[-1]["actorName"].startswith("test partner")


@pytest.mark.parametrize("role", ROLES)
async def test_a_withdrawn_text_is_not_public(role, callers, contributions):
    # given a published contribution an editor withdrew
    contribution = contributions[True]
    await callers.editor.ok(WITHDRAW, {"id": contribution.id, "reason": WITHDRAWN_TEXT})

    node = (await callers.by_role(role).data(RECORD, {"id": contribution.id}))["node"]

    if role == "anonymous":
        assert node is None
        return
    assert node["status"] == "WITHDRAWN"
    assert node["history"][-1]["note"] == WITHDRAWN_TEXT


async def test_another_iscms_partner_sees_neither_its_drafts_nor_their_history(callers, session):
    draft = await callers.editor.ok(
        CREATE,
        {
            "input": {
                "iscm": OTHER_ISCM,
                "reviewProcess": OPEN_PROCESS,
                "title": "Not yet public",
                "summary": DRAFT_TEXT,
            }
        },
    )
    cid = draft["contribution"]["id"]

    for reader in (callers.anonymous, callers.partner):
        assert (await reader.data(RECORD, {"id": cid}))["node"] is None
    editor_view = (await callers.editor.data(RECORD, {"id": cid}))["node"]
    assert editor_view["publishedVersions"] == []
    assert [h["action"] for h in editor_view["history"]] == ["CREATED"]
