"""corrections.md applied where the sources agree, kept as disputed facts where they do not."""

import json
from importlib.resources import files

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from db import models
from db.iscm_amendments import Amendments
from db.reference_data import membership_plan
from db.seed_loading import SeedDataError

AMENDMENTS = json.loads(
    files("db").joinpath("seed", "iscm_amendments.json").read_text(encoding="utf-8")
)
ISCMS = {
    record["slug"]: record
    for record in json.loads(files("db").joinpath("seed", "iscms.json").read_text("utf-8"))
}


async def iscm(session, slug):
    return (await session.execute(select(models.Iscm).where(models.Iscm.slug == slug))).scalar_one()


async def membership(session, slug, iso3):
    return (
        await session.execute(
            select(models.IscmMembership)
            .join(models.Iscm)
            .where(models.Iscm.slug == slug, models.IscmMembership.state_iso3 == iso3)
        )
    ).scalar_one()


async def test_corrections_the_sources_agree_on_are_applied_with_their_sources(session):
    khartoum = await iscm(session, "khartoum-process")
    assert ISCMS["khartoum-process"]["members_confidence"] == "confirmed"
    assert khartoum.members_confidence == "PARTIAL"
    assert {
        "https://www.egypttoday.com/Article/1/132025/Egypt-begins-chairmanship-term-of-Khartoum-Process-concerned-with-migration",
        "https://mena.org.eg/news/dbcall/table/textnews/id/11131620",
    } <= set(khartoum.sources)

    afghanistan = await membership(session, "budapest-process", "AFG")
    assert (afghanistan.role, afghanistan.until) == ("MEMBER", 2021)
    assert afghanistan.source == "https://www.budapestprocess.org/budapest-process/the-history"
    assert "August 2021" in afghanistan.note

    for slug, iso3 in (
        ("budapest-process", "BGD"),
        ("budapest-process", "IRN"),
        ("budapest-process", "CHN"),
        ("budapest-process", "IND"),
        ("budapest-process", "AUS"),
        ("bali-process", "USA"),
    ):
        doubted = await membership(session, slug, iso3)
        assert doubted.unverified, (slug, iso3)
        assert doubted.note, (slug, iso3)
    assert not (await membership(session, "budapest-process", "DEU")).unverified

    link = models.iscm_observer_organizations
    observers = dict(
        (
            await session.execute(
                select(models.Organization.name, link.c.source)
                .join(link, link.c.organization_id == models.Organization.id)
                .join(models.Iscm, models.Iscm.id == link.c.iscm_id)
                .where(models.Iscm.slug == "abu-dhabi-dialogue")
            )
        ).all()
    )
    mohre = next(a["source"] for a in AMENDMENTS["observer_organizations"])
    assert observers["International Organisation of Employers (IOE)"] == mohre
    assert observers["European Union"] == mohre
    assert observers["International Organization for Migration (IOM)"] is None


async def test_observer_lists_say_whether_they_are_complete(session):
    confidence = dict(
        (await session.execute(select(models.Iscm.slug, models.Iscm.observers_confidence))).all()
    )
    assert confidence["regional-conference-on-migration"] == "CONFIRMED"
    # the Bali Process lists no observer although it has 18 observer States: not "none"
    assert ISCMS["bali-process"]["observers"] == []
    assert confidence["bali-process"] == "PARTIAL"
    assert confidence["abu-dhabi-dialogue"] == "PARTIAL"
    assert sorted(slug for slug, value in confidence.items() if value == "CONFIRMED") == [
        "regional-conference-on-migration"
    ]


async def test_every_disputed_fact_is_kept_with_each_sides_sources(session):
    facts = {
        fact.slug: fact for fact in (await session.execute(select(models.DisputedFact))).scalars()
    }
    claims = (
        await session.execute(select(models.DisputedFactClaim).order_by("fact_id", "position"))
    ).scalars()
    claims_of: dict[int, list] = {}
    for claim in claims:
        claims_of.setdefault(claim.fact_id, []).append(claim)
    slugs = dict((await session.execute(select(models.Iscm.id, models.Iscm.slug))).all())

    assert set(facts) == {record["slug"] for record in AMENDMENTS["disputed_facts"]}
    for record in AMENDMENTS["disputed_facts"]:
        fact = facts[record["slug"]]
        assert slugs[fact.iscm_id] == record["iscm"]
        assert (fact.field, fact.state_iso3, fact.note) == (
            record["field"].upper(),
            record.get("state"),
            record["note"],
        )
        stored = [(c.value, c.note, c.sources) for c in claims_of[fact.id]]
        assert stored == [(c["value"], c.get("note"), c["sources"]) for c in record["claims"]]

    # the conflicts corrections.md names keep both sides
    founding = [c.value for c in claims_of[facts["budapest-process-established"].id]]
    assert founding == ["1993", "1991"]
    assert (await iscm(session, "budapest-process")).established == 1993
    assert [c.value for c in claims_of[facts["khartoum-process-member-count"].id]] == [
        "41",
        "36",
        "40",
    ]
    assert len(claims_of[facts["abu-dhabi-dialogue-observers"].id]) == 3
    roles = {(f.iscm_id, f.state_iso3) for f in facts.values() if f.field == "ROLE"}
    assert len(roles) == 4  # Budapest's BGD and IRN, Bali's USA, Abu Dhabi's CHN


async def test_a_territorys_membership_is_stored_with_its_source(session):
    territories = (
        await session.execute(
            select(models.IscmMembership.state_iso3, models.IscmMembership.source)
            .join(models.MemberState)
            .where(models.MemberState.un_status == models.TERRITORY)
        )
    ).all()
    assert len(territories) == 13  # PIDC 5, CMC 6, ACP-EU 2 (db/seed/SOURCES.md)
    assert all(source and source.startswith("http") for _, source in territories)


def test_the_loader_refuses_a_territory_without_a_source():
    record = ISCMS["pacific-immigration-development-community"]
    territories = {"COK", "NIU", "PYF", "NCL", "WLF"}
    statuses = {iso3: "NONE" if iso3 in territories else "MEMBER" for iso3 in record["members"]}
    without_sources = Amendments(
        {"iscms": [], "memberships": [], "observer_organizations": [], "disputed_facts": []}
    )
    with pytest.raises(SeedDataError, match="COK, PYF, NCL, NIU, WLF are territories"):
        membership_plan(record, without_sources, statuses)

    plan, _ = membership_plan(record, Amendments.from_file(), statuses)
    assert {plan[iso3].source for iso3 in territories} == {
        "https://www.iom.int/pacific-immigration-development-community-pidc"
    }


async def test_the_database_refuses_a_territory_without_a_source(session):
    bali = await iscm(session, "bali-process")
    session.add(models.IscmMembership(iscm_id=bali.id, state_iso3="ATA", role="OBSERVER"))
    with pytest.raises(DBAPIError, match="ATA is a territory"):
        await session.flush()


def test_an_amendment_of_a_membership_the_files_do_not_hold_is_refused():
    amendments = Amendments(
        {**AMENDMENTS, "memberships": [{"iscm": "bali-process", "state": "FRA", "source": None}]}
    )
    with pytest.raises(SeedDataError, match="bali-process/FRA"):
        amendments.memberships_of("bali-process", {"AUS": "MEMBER"})
