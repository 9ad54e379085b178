"""Recommendations (partners, own ISCM) and ISCM records and memberships (editors), kept by seed."""

from sqlalchemy import select

from db import models
from db.reference_data import load_reference_data
from tests.write_api.conftest import OTHER_ISCM, OWN_ISCM
from tests.write_api.operations import (
    CREATE_RECOMMENDATION,
    LINK_OBJECTIVES,
    SET_MEMBERSHIP,
    UPDATE_ISCM,
    UPDATE_RECOMMENDATION,
)

SOURCE = "https://www.baliprocess.net/membership/"


def codes(errors):
    return [(e["code"], e["field"]) for e in errors]


def recommendation(**overrides):
    return {
        "iscm": OWN_ISCM,
        "title": "Strengthen cooperation against people smuggling",
        "text": "Members agree to share information.",
        "adoptedOn": "2023-02-10",
        "sourceUrl": "https://www.baliprocess.net/ministerial-declarations/",
        "gcmObjectives": [9],
        **overrides,
    }


async def test_a_partner_records_edits_and_links_a_recommendation(callers):
    created = (await callers.partner.ok(CREATE_RECOMMENDATION, {"input": recommendation()}))[
        "recommendation"
    ]
    assert (created["version"], created["iscm"]["slug"], created["status"]) == (
        1,
        OWN_ISCM,
        "DRAFT",
    )

    uncited = await callers.partner.payload(
        UPDATE_RECOMMENDATION,
        {"id": created["id"], "version": 1, "input": {"title": "Cooperate", "sourceUrl": None}},
    )
    assert codes(uncited["errors"]) == [("REQUIRED", ["input", "sourceUrl"])]
    edited = (
        await callers.partner.ok(
            UPDATE_RECOMMENDATION,
            {"id": created["id"], "version": 1, "input": {"title": "Cooperate"}},
        )
    )["recommendation"]
    assert (edited["title"], edited["version"]) == ("Cooperate", 2)

    linked = (
        await callers.partner.ok(LINK_OBJECTIVES, {"id": created["id"], "objectives": [10, 9]})
    )["recommendation"]
    assert [o["number"] for o in linked["gcmObjectives"]] == [9, 10]
    assert linked["version"] == 3

    replaced = (
        await callers.partner.ok(
            LINK_OBJECTIVES, {"id": created["id"], "objectives": [23], "replace": True}
        )
    )["recommendation"]
    assert [o["number"] for o in replaced["gcmObjectives"]] == [23]

    stale = await callers.partner.payload(
        UPDATE_RECOMMENDATION, {"id": created["id"], "version": 1, "input": {"title": "Late"}}
    )
    assert codes(stale["errors"]) == [("CONFLICT", ["expectedVersion"])]


async def test_recommendation_input_is_validated_whole(callers):
    payload = await callers.partner.payload(
        CREATE_RECOMMENDATION,
        {
            "input": recommendation(
                adoptedOn="2999-01-01",
                sourceUrl="javascript:alert(1)",
                title="",
                gcmObjectives=[30],
            )
        },
    )
    assert sorted(codes(payload["errors"])) == sorted(
        [
            ("OUT_OF_RANGE", ["input", "adoptedOn"]),
            ("INVALID", ["input", "sourceUrl"]),
            ("REQUIRED", ["input", "title"]),
            ("OUT_OF_RANGE", ["input", "gcmObjectives", "0"]),
        ]
    )
    other = await callers.partner.payload(
        CREATE_RECOMMENDATION, {"input": recommendation(iscm=OTHER_ISCM)}
    )
    assert codes(other["errors"]) == [("FORBIDDEN", ["input", "iscm"])]


async def test_an_editor_confirms_a_member_list_and_seed_keeps_it(callers, session):
    # given the Bali Process as seeded: version 1, members PARTIAL
    iscm = (
        await session.execute(select(models.Iscm).where(models.Iscm.slug == OWN_ISCM))
    ).scalar_one()
    assert (iscm.version, iscm.members_confidence) == (1, "PARTIAL")
    iscm_id = iscm.id

    # when an editor ends one membership, adds an observer and confirms the list
    ended = await callers.editor.ok(
        SET_MEMBERSHIP, {"slug": OWN_ISCM, "iso3": "afg", "role": None, "source": SOURCE}
    )
    added = await callers.editor.ok(
        SET_MEMBERSHIP,
        {"slug": OWN_ISCM, "iso3": "CAN", "role": "OBSERVER", "source": SOURCE, "since": 2019},
    )
    confirmed = await callers.editor.ok(
        UPDATE_ISCM,
        {
            "slug": OWN_ISCM,
            "version": 3,
            "input": {"membersConfidence": "CONFIRMED"},
            "source": SOURCE,
        },
    )

    # then
    assert "AFG" not in {m["iso3"] for m in ended["iscm"]["members"]}
    assert ended["membership"] is None
    assert added["membership"] == {
        "role": "OBSERVER",
        "since": 2019,
        "source": SOURCE,
        "state": {"iso3": "CAN"},
    }
    assert confirmed["iscm"]["version"] == 4
    assert confirmed["iscm"]["membersConfidence"] == "CONFIRMED"
    assert SOURCE in confirmed["iscm"]["sources"]

    # and a reseed (seeing the database afresh, as `iscm-graph seed` does) keeps the API's changes
    session.expire_all()
    report = await load_reference_data(session)
    kept = report.table("iscm_memberships").kept_api_changes
    assert f"{OWN_ISCM}/AFG: not a participant, kept" in kept
    assert any(OWN_ISCM in note for note in report.table("iscms").kept_api_changes)
    roles = dict(
        (
            await session.execute(
                select(models.IscmMembership.state_iso3, models.IscmMembership.role).where(
                    models.IscmMembership.iscm_id == iscm_id
                )
            )
        ).all()
    )
    assert "AFG" not in roles
    assert roles["CAN"] == "OBSERVER"
    await session.refresh(iscm)
    assert (iscm.version, iscm.members_confidence) == (4, "CONFIRMED")


async def test_reference_data_is_for_editors_and_needs_a_source(callers):
    by_partner = await callers.partner.payload(
        UPDATE_ISCM, {"slug": OWN_ISCM, "version": 1, "input": {"name": "Mine"}, "source": SOURCE}
    )
    assert codes(by_partner["errors"]) == [("FORBIDDEN", ["slug"])]

    no_source = await callers.editor.payload(
        UPDATE_ISCM,
        {"slug": OWN_ISCM, "version": 1, "input": {"name": "New"}, "source": "see email"},
    )
    assert codes(no_source["errors"]) == [("INVALID", ["source"])]

    stale = await callers.editor.payload(
        UPDATE_ISCM, {"slug": OWN_ISCM, "version": 7, "input": {"name": "New"}, "source": SOURCE}
    )
    assert codes(stale["errors"]) == [("CONFLICT", ["expectedVersion"])]

    unknown = await callers.editor.payload(
        SET_MEMBERSHIP, {"slug": OWN_ISCM, "iso3": "XXX", "role": "MEMBER", "source": SOURCE}
    )
    assert codes(unknown["errors"]) == [("UNKNOWN_REFERENCE", ["iso3"])]

    missing = await callers.editor.payload(
        SET_MEMBERSHIP, {"slug": "nowhere", "iso3": "FRA", "role": "MEMBER", "source": SOURCE}
    )
    assert codes(missing["errors"]) == [("NOT_FOUND", ["slug"])]


async def test_a_territory_joins_only_with_its_source_cited(callers, session):
    # Antarctica is no State: without a source its membership is refused, with its own reason
    for source in ("", "   "):
        refused = await callers.editor.payload(
            SET_MEMBERSHIP, {"slug": OWN_ISCM, "iso3": "ATA", "role": "OBSERVER", "source": source}
        )
        assert codes(refused["errors"]) == [("REQUIRED", ["source"])]
        assert "ATA is a territory, not a State" in refused["errors"][0]["message"]
        assert refused["iscm"] is None
    stored = await session.execute(
        select(models.IscmMembership.state_iso3)
        .join(models.Iscm)
        .where(models.Iscm.slug == OWN_ISCM, models.IscmMembership.state_iso3 == "ATA")
    )
    assert stored.first() is None

    # a State's missing source is refused too, without calling it a territory
    state = await callers.editor.payload(
        SET_MEMBERSHIP, {"slug": OWN_ISCM, "iso3": "FRA", "role": "OBSERVER", "source": ""}
    )
    assert codes(state["errors"]) == [("REQUIRED", ["source"])]
    assert "territory" not in state["errors"][0]["message"]

    # cited, the territory's membership is stored with its source
    cited = await callers.editor.ok(
        SET_MEMBERSHIP, {"slug": OWN_ISCM, "iso3": "NCL", "role": "OBSERVER", "source": SOURCE}
    )
    assert cited["membership"] == {
        "role": "OBSERVER",
        "since": None,
        "source": SOURCE,
        "state": {"iso3": "NCL"},
    }
