"""How the read graph's lists can be ordered: one input per list, shared by root and nested
fields. Without a direction, dates sort newest first (events: earliest first) and titles A-Z."""

from collections.abc import Callable
from enum import Enum

import strawberry

from schema.enums import SortDirection

DIRECTION_HELP = "Direction; by default descending for dates (newest first), ascending for titles."


def newest_first(*fields: str) -> Callable[[str], bool]:
    """The natural direction of a list's orders: descending for `fields`, ascending otherwise."""
    return lambda field: field in fields


@strawberry.enum(description="Fields recommendations can be ordered by.")
class RecommendationOrderField(Enum):
    ADOPTED_ON = strawberry.enum_value(
        "ADOPTED_ON", description="Adoption date; undated recommendations count as oldest."
    )
    TITLE = strawberry.enum_value("TITLE", description="Title.")


@strawberry.input(description="How to order recommendations (default: newest first).")
class RecommendationOrder:
    field: RecommendationOrderField = strawberry.field(
        default=RecommendationOrderField.ADOPTED_ON, description="Sort field."
    )
    direction: SortDirection | None = strawberry.field(default=None, description=DIRECTION_HELP)


@strawberry.enum(description="Fields review contributions can be ordered by.")
class ReviewContributionOrderField(Enum):
    CREATED = strawberry.enum_value("CREATED", description="When the contribution was created.")
    TITLE = strawberry.enum_value("TITLE", description="Title.")


@strawberry.input(description="How to order review contributions (default: newest first).")
class ReviewContributionOrder:
    field: ReviewContributionOrderField = strawberry.field(
        default=ReviewContributionOrderField.CREATED, description="Sort field."
    )
    direction: SortDirection | None = strawberry.field(default=None, description=DIRECTION_HELP)


@strawberry.enum(description="Fields events can be ordered by.")
class EventOrderField(Enum):
    STARTS_ON = strawberry.enum_value(
        "STARTS_ON", description="Start date; events known only by year count from 1 January."
    )
    TITLE = strawberry.enum_value("TITLE", description="Title.")


@strawberry.input(description="How to order events (default: earliest first).")
class EventOrder:
    field: EventOrderField = strawberry.field(
        default=EventOrderField.STARTS_ON, description="Sort field."
    )
    direction: SortDirection | None = strawberry.field(
        default=None, description="Direction; by default ascending (calendars read forwards)."
    )


@strawberry.enum(description="Fields documents can be ordered by.")
class DocumentOrderField(Enum):
    DATE = strawberry.enum_value(
        "DATE",
        description="When it came out: its publication or adoption day, else 1 January of its year; undated documents count as oldest.",
    )
    PUBLISHED_ON = strawberry.enum_value(
        "PUBLISHED_ON", description="Publication date; undated documents count as oldest."
    )
    TITLE = strawberry.enum_value("TITLE", description="Title.")


@strawberry.input(description="How to order documents (default: newest first).")
class DocumentOrder:
    field: DocumentOrderField = strawberry.field(
        default=DocumentOrderField.DATE, description="Sort field."
    )
    direction: SortDirection | None = strawberry.field(default=None, description=DIRECTION_HELP)


@strawberry.enum(description="Fields ISCMs can be ordered by.")
class IscmOrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="Full name.")
    ACRONYM = strawberry.enum_value(
        "ACRONYM", description="Acronym, or the name for processes without one."
    )
    ESTABLISHED = strawberry.enum_value(
        "ESTABLISHED", description="Year established; unknown years sort first."
    )


@strawberry.input(description="How to order ISCMs.")
class IscmOrder:
    field: IscmOrderField = strawberry.field(default=IscmOrderField.NAME, description="Sort field.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description="Direction.")


@strawberry.enum(description="Fields member States can be ordered by.")
class MemberStateOrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="Short name.")
    ISO3 = strawberry.enum_value("ISO3", description="ISO 3166-1 alpha-3 code.")


@strawberry.input(description="How to order member States.")
class MemberStateOrder:
    field: MemberStateOrderField = strawberry.field(
        default=MemberStateOrderField.NAME, description="Sort field."
    )
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description="Direction.")
