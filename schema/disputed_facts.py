"""Facts about an ISCM that sources state differently, each side with its sources.

Where the sources agree, the catalogue corrects its data (db/seed/iscm_amendments.json); where
they do not, it keeps every side here rather than choose one silently.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from db import models
from schema.graph_enums import DisputedField
from schema.read_path.declare import related, table

if TYPE_CHECKING:
    from schema.catalogue import Iscm, MemberState


@strawberry.type(description="What one side of a disputed fact says, with the sources saying it.")
class DisputedFactClaim:
    __read__ = table(models.DisputedFactClaim)
    value: str = strawberry.field(
        description="The value this side gives (a year, a count, a role, a list), as text."
    )
    note: str | None = strawberry.field(description="Where and how the sources say it.")
    sources: list[str] = strawberry.field(description="URLs of the sources saying it.")


@strawberry.type(
    description="A fact about an ISCM (or one State's part in it) that sources state differently: every side, with its sources."
)
class DisputedFact:
    __read__ = table(models.DisputedFact)
    slug: str = strawberry.field(
        description="Stable identifier, e.g. `budapest-process-established`."
    )
    field: DisputedField = strawberry.field(description="Which fact is disputed.")
    note: str = strawberry.field(description="What the disagreement is, in a sentence or two.")
    updated_at: datetime = strawberry.field(description="When the record last changed.")
    iscm: Annotated["Iscm", strawberry.lazy("schema.catalogue")] = strawberry.field(
        description="The ISCM it concerns.",
        metadata=related(lambda fact, iscm, _: iscm.c.id == fact.c.iscm_id),
    )
    state: Annotated["MemberState", strawberry.lazy("schema.catalogue")] | None = strawberry.field(
        description="For a disputed role, the State concerned; null otherwise.",
        metadata=related(lambda fact, state, _: state.c.iso3 == fact.c.state_iso3),
    )
    claims: list[DisputedFactClaim] = strawberry.field(
        description="Every side, in the order the catalogue records them.",
        metadata=related(
            lambda fact, claim, _: claim.c.fact_id == fact.c.id,
            order=lambda claim: (claim.c.position,),
        ),
    )
