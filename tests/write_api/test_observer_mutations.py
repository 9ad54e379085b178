"""Editors keep an ISCM's observer organisations current: seat one, change the source that
lists it, remove it; each change cites a source, is audited, increments the ISCM's version,
and `iscm-graph seed` keeps it."""

from sqlalchemy import select

from db import models
from db.reference_data import load_reference_data
from tests.write_api.conftest import Callers
from tests.write_api.operations import SET_OBSERVER
from tests.write_api.test_contribution_mutations import codes, count

ISCM = "rabat-process"
SOURCE = "https://www.rabat-process.org/en/about/partners"
LATER = "https://www.rabat-process.org/en/about/observers-2026"
IOM = "International Organization for Migration (IOM)"
ICMPD = "International Centre for Migration Policy Development"


def seat(**overrides) -> dict:
    return {"slug": ISCM, "organization": ICMPD, "acronym": "ICMPD", "source": SOURCE, **overrides}


async def test_an_editor_seats_resources_and_removes_an_observer(callers: Callers, session):
    organizations = await count(session, models.Organization)

    # when an editor seats an organisation the catalogue does not know yet
    added = await callers.editor.ok(SET_OBSERVER, seat())

    # then it is added, observes the ISCM with its source, and the ISCM's version moved on
    assert added["organizationMembership"] == {
        "source": SOURCE,
        "organization": {"name": ICMPD, "acronym": "ICMPD"},
    }
    assert added["iscm"]["version"] == 2
    assert {"source": SOURCE, "organization": {"name": ICMPD, "acronym": "ICMPD"}} in added["iscm"][
        "organizationMemberships"
    ]
    assert await count(session, models.Organization) == organizations + 1
    public = await callers.anonymous.data(
        '{ iscm(slug: "rabat-process") { observerOrganizations { name } organizationMemberships { source organization { name } } } }'
    )
    assert ICMPD in [o["name"] for o in public["iscm"]["observerOrganizations"]]
    assert {"source": SOURCE, "organization": {"name": ICMPD}} in public["iscm"][
        "organizationMemberships"
    ]

    # when it cites a newer source (the name matched in any case), the seat is updated
    changed = await callers.editor.ok(
        SET_OBSERVER, seat(organization=ICMPD.upper(), acronym=None, source=LATER)
    )
    assert changed["organizationMembership"]["source"] == LATER
    assert changed["iscm"]["version"] == 3
    assert await count(session, models.Organization) == organizations + 1

    # and when it removes it, it observes no more
    removed = await callers.editor.ok(SET_OBSERVER, seat(observer=False, source=LATER))
    assert removed["organizationMembership"] is None
    assert ICMPD not in [
        o["organization"]["name"] for o in removed["iscm"]["organizationMemberships"]
    ]

    # every change is audited with its source
    log = await callers.admin.data(
        """{ auditEvents(filter: {entity: "iscm_observer_organization"}) {
             edges { node { action entityId note before after } } } }"""
    )
    changes = sorted((e["node"] for e in log["auditEvents"]["edges"]), key=lambda c: c["action"])
    assert [(c["action"], c["entityId"], c["note"]) for c in changes] == [
        ("OBSERVER_ADDED", f"{ISCM}/{ICMPD}", SOURCE),
        ("OBSERVER_CHANGED", f"{ISCM}/{ICMPD}", LATER),
        ("OBSERVER_REMOVED", f"{ISCM}/{ICMPD}", LATER),
    ]
    assert changes[1]["before"]["source"] == SOURCE
    assert changes[2]["after"] is None


async def test_observer_changes_need_an_editor_and_a_source_and_write_nothing_else(
    callers: Callers, session
):
    organizations = await count(session, models.Organization)
    seats = await count(session, models.iscm_observer_organizations)
    audit_events = await count(session, models.AuditEvent)

    for source in ("", "not a url"):
        uncited = await callers.editor.payload(SET_OBSERVER, seat(source=source))
        assert [e["field"] for e in uncited["errors"]] == [["source"]]
        assert uncited["iscm"] is None
    blank = await callers.editor.payload(SET_OBSERVER, seat(organization="  "))
    assert codes(blank["errors"]) == [("REQUIRED", ["organization"])]
    not_seated = await callers.editor.payload(SET_OBSERVER, seat(observer=False))
    assert codes(not_seated["errors"]) == [("NOT_FOUND", ["organization"])]
    nowhere = await callers.editor.payload(SET_OBSERVER, seat(slug="nowhere"))
    assert codes(nowhere["errors"]) == [("NOT_FOUND", ["slug"])]
    partner = await callers.partner.payload(SET_OBSERVER, seat(slug="bali-process"))
    assert codes(partner["errors"]) == [("FORBIDDEN", ["slug"])]
    anonymous = await callers.anonymous.execute(SET_OBSERVER, seat())
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    assert await count(session, models.Organization) == organizations
    assert await count(session, models.iscm_observer_organizations) == seats
    assert await count(session, models.AuditEvent) == audit_events
    version = await session.execute(select(models.Iscm.version).where(models.Iscm.slug == ISCM))
    assert version.scalar_one() == 1


async def test_seed_keeps_an_observer_an_editor_removed(callers: Callers, session):
    # given a seeded observer an editor removed
    await callers.editor.ok(
        SET_OBSERVER, seat(organization=IOM, acronym=None, observer=False, source=LATER)
    )

    # when the reference data is loaded again
    session.expire_all()
    report = await load_reference_data(session)

    # then the organisation does not observe the ISCM again, and the report says so
    observers = await session.execute(
        select(models.Organization.name)
        .join(
            models.iscm_observer_organizations,
            models.iscm_observer_organizations.c.organization_id == models.Organization.id,
        )
        .join(models.Iscm, models.Iscm.id == models.iscm_observer_organizations.c.iscm_id)
        .where(models.Iscm.slug == ISCM)
    )
    assert IOM not in list(observers.scalars())
    assert f"{ISCM}/{IOM}: not an observer, kept" in (
        report.table("iscm_observer_organizations").kept_api_changes
    )
    assert not report.changed
