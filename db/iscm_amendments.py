"""What the catalogue adds to iscms.json (db/seed/iscm_amendments.json), and disputed facts.

Three kinds of amendment, each naming its basis in corrections.md or SOURCES.md: the source
cited for a membership (a territory's membership needs one), corrections applied where the
sources agree (a list's confidence, a membership's end or doubt, an observer organisation),
and the facts sources disagree on, kept with every side's sources.
"""

from dataclasses import astuple, dataclass, fields
from typing import Any, Self

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from db import models
from db.seed_loading import (
    SeedDataError,
    SeedReport,
    iscm_ids,
    load_seed_file,
    replace_children,
    upsert_rows,
)

AMENDMENTS_FILE = "iscm_amendments.json"


@dataclass(frozen=True)
class MembershipValues:
    """The stored values of one State's membership in an ISCM, besides its keys."""

    role: str
    source: str | None = None
    note: str | None = None
    unverified: bool = False
    until: int | None = None

    @staticmethod
    def columns() -> list[ColumnElement[Any]]:
        """The iscm_memberships columns, in field order."""
        return [getattr(models.IscmMembership, f.name) for f in fields(MembershipValues)]

    def values(self) -> dict[str, Any]:
        """The values by column name."""
        return {f.name: value for f, value in zip(fields(self), astuple(self), strict=True)}

    def differences(self, other: "MembershipValues") -> list[str]:
        """The names of the columns whose values differ from `other`'s."""
        theirs = other.values()
        return [name for name, value in self.values().items() if theirs[name] != value]


@dataclass(frozen=True)
class Amendments:
    """The amendments file, indexed by ISCM slug."""

    records: dict[str, Any]

    @classmethod
    def from_file(cls) -> Self:
        """Read db/seed/iscm_amendments.json."""
        return cls(load_seed_file(AMENDMENTS_FILE))

    def iscm_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return an ISCM's columns with the corrections to it applied and their sources added."""
        out = dict(values)
        for amendment in self.records["iscms"]:
            if amendment["iscm"] != values["slug"]:
                continue
            out.update({name: value.upper() for name, value in amendment["set"].items()})
            out["sources"] = list(dict.fromkeys([*out["sources"], *amendment["sources"]]))
        return out

    def memberships_of(self, slug: str, roles: dict[str, str]) -> dict[str, MembershipValues]:
        """Return the ISCM's memberships (State to role) with what the amendments add."""
        plan = {iso3: MembershipValues(role) for iso3, role in roles.items()}
        for amendment in self.records["memberships"]:
            if amendment["iscm"] != slug:
                continue
            iso3 = amendment["state"]
            if iso3 not in plan:
                raise SeedDataError(
                    f"{AMENDMENTS_FILE}: {slug}/{iso3} amends a membership iscms.json does not hold"
                )
            plan[iso3] = MembershipValues(
                role=plan[iso3].role,
                source=amendment.get("source"),
                note=amendment.get("note"),
                unverified=amendment.get("unverified", False),
                until=amendment.get("until"),
            )
        return plan

    def organizations_of(self, slug: str, names: list[str]) -> dict[str, str | None]:
        """Return the ISCM's observer organisations, each with the source that adds it if any."""
        out: dict[str, str | None] = dict.fromkeys(names)
        out.update(
            {
                a["name"]: a["source"]
                for a in self.records["observer_organizations"]
                if a["iscm"] == slug
            }
        )
        return out

    def check_iscms(self, known: set[str]) -> None:
        """Refuse amendments naming an ISCM the catalogue does not hold (a typo would be lost)."""
        named = {
            record["iscm"]
            for section in ("iscms", "memberships", "observer_organizations", "disputed_facts")
            for record in self.records[section]
        }
        if unknown := sorted(named - known):
            raise SeedDataError(f"{AMENDMENTS_FILE} names unknown ISCMs: {', '.join(unknown)}")


async def load_disputed_facts(
    session: AsyncSession, report: SeedReport, amendments: Amendments
) -> None:
    """Upsert the disputed facts by slug, each with its claims in order."""
    records = amendments.records["disputed_facts"]
    ids = await iscm_ids(session)
    rows = [
        {
            "slug": record["slug"],
            "iscm_id": ids[record["iscm"]],
            "state_iso3": record.get("state"),
            "field": record["field"].upper(),
            "note": record["note"],
        }
        for record in records
    ]
    stored = await upsert_rows(session, report, models.DisputedFact, "slug", rows)
    for record in records:
        claims = [
            {
                "position": position,
                "value": claim["value"],
                "note": claim.get("note"),
                "sources": list(claim["sources"]),
            }
            for position, claim in enumerate(record["claims"], start=1)
        ]
        parent = ("fact_id", stored[record["slug"]].id)
        await replace_children(session, report, models.DisputedFactClaim, parent, claims)
