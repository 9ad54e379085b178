"""IOM's Migration Governance Framework (MiGOF): its three principles and three objectives,
each with its sources, and the root field that serves them."""

import strawberry

from db import models
from schema.read_path.declare import related, table

STATEMENT_HELP = "The statement, as IOM's Migration Governance Framework words it."
SHORT_TITLE_HELP = "The short title of IOM's MiGOF brochure (PUB2020/009/L)."
SOURCES_HELP = "URLs of the sources of the statement and of its short title."


@strawberry.type(description="One of the three principles of MiGOF.")
class MigofPrinciple:
    __read__ = table(models.MigofPrinciple)
    number: int = strawberry.field(description="Principle number, 1 to 3.")
    statement: str = strawberry.field(description=STATEMENT_HELP)
    short_title: str = strawberry.field(description=SHORT_TITLE_HELP)
    sources: list[str] = strawberry.field(description=SOURCES_HELP)


@strawberry.type(description="One of the three objectives of MiGOF.")
class MigofObjective:
    __read__ = table(models.MigofObjective)
    number: int = strawberry.field(description="Objective number, 1 to 3.")
    statement: str = strawberry.field(description=STATEMENT_HELP)
    short_title: str = strawberry.field(description=SHORT_TITLE_HELP)
    sources: list[str] = strawberry.field(description=SOURCES_HELP)


@strawberry.type(
    description="IOM's Migration Governance Framework (MiGOF), endorsed by IOM Member States in 2015: what well-governed migration would look like, as three principles and three objectives."
)
class MigrationGovernanceFramework:
    __read__ = table(models.Migof)
    name: str = strawberry.field(description="Its name.")
    acronym: str = strawberry.field(description="`MiGOF`.")
    organization: str = strawberry.field(description="The organisation that issued it.")
    endorsed: str = strawberry.field(description="When and how it was endorsed, as sourced.")
    sources: list[str] = strawberry.field(description="URLs of the sources of this record.")
    principles: list[MigofPrinciple] = strawberry.field(
        description="Its principles, by number.",
        metadata=related(order=lambda principle: (principle.c.number,)),
    )
    objectives: list[MigofObjective] = strawberry.field(
        description="Its objectives, by number.",
        metadata=related(order=lambda objective: (objective.c.number,)),
    )


@strawberry.type
class MigofQuery:
    migof: MigrationGovernanceFramework | None = strawberry.field(
        description="IOM's Migration Governance Framework, with its principles and objectives; null before the reference data is loaded.",
        metadata=related(),
    )
