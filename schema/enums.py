"""GraphQL enums of the catalogue, each value described."""

from enum import Enum

import strawberry


@strawberry.enum(
    description="What kind of inter-State consultation mechanism this is (IOM's typology)."
)
class IscmKind(Enum):
    RCP = strawberry.enum_value(
        "RCP",
        description="Regional consultative process: States of one region meeting regularly on migration.",
    )
    IRF = strawberry.enum_value(
        "IRF",
        description="Inter-regional forum: States of two or more regions, often along a migration route.",
    )
    GLOBAL = strawberry.enum_value(
        "GLOBAL", description="Global process open to all States, such as the GFMD or the IMRF."
    )


@strawberry.enum(description="Whether an ISCM still meets, as far as the public record shows.")
class IscmStatus(Enum):
    ACTIVE = strawberry.enum_value("ACTIVE", description="Described as current, or met recently.")
    INACTIVE = strawberry.enum_value(
        "INACTIVE", description="A source says it is dormant or inactive."
    )
    UNKNOWN = strawberry.enum_value("UNKNOWN", description="No recent activity could be confirmed.")


@strawberry.enum(description="How complete an ISCM's member (or observer) list is known to be.")
class MembersConfidence(Enum):
    CONFIRMED = strawberry.enum_value(
        "CONFIRMED",
        description="A source gives the full list and every listed State is included.",
    )
    PARTIAL = strawberry.enum_value(
        "PARTIAL",
        description="The public record did not list every one: do not read the list as complete.",
    )


@strawberry.enum(description="How a State takes part in an ISCM.")
class MembershipRole(Enum):
    MEMBER = strawberry.enum_value("MEMBER", description="A full member or participating State.")
    OBSERVER = strawberry.enum_value("OBSERVER", description="An observer State.")


@strawberry.enum(description="A State's standing at the United Nations.")
class UnStatus(Enum):
    MEMBER = strawberry.enum_value("MEMBER", description="One of the 193 UN Member States.")
    OBSERVER = strawberry.enum_value(
        "OBSERVER",
        description="A non-member observer State (the Holy See, the State of Palestine).",
    )
    NONE = strawberry.enum_value(
        "NONE", description="A territory or area that is not a UN Member State."
    )


@strawberry.enum(description="Sort direction.")
class SortDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Ascending.")
    DESC = strawberry.enum_value("DESC", description="Descending.")
