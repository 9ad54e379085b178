"""How the read graph's lists can be ordered: one input per list, shared by root and nested
fields. Without a direction, dates sort newest first (events: earliest first) and titles A-Z."""

from enum import Enum

import strawberry

from schema.enums import SortDirection

DIRECTION_HELP = "Direction; by default descending for dates (newest first), ascending for titles."


def is_descending(direction: SortDirection | None, newest_first: bool) -> bool:
    """Resolve a requested direction, or the field's natural one when none was given."""
    return direction is SortDirection.DESC if direction is not None else newest_first


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

    def descending(self) -> bool:
        """Whether to sort descending."""
        return is_descending(self.direction, self.field is RecommendationOrderField.ADOPTED_ON)


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

    def descending(self) -> bool:
        """Whether to sort descending."""
        return is_descending(self.direction, self.field is ReviewContributionOrderField.CREATED)


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

    def descending(self) -> bool:
        """Whether to sort descending."""
        return is_descending(self.direction, newest_first=False)


@strawberry.enum(description="Fields documents can be ordered by.")
class DocumentOrderField(Enum):
    PUBLISHED_ON = strawberry.enum_value(
        "PUBLISHED_ON", description="Publication date; undated documents count as oldest."
    )
    TITLE = strawberry.enum_value("TITLE", description="Title.")


@strawberry.input(description="How to order documents (default: newest first).")
class DocumentOrder:
    field: DocumentOrderField = strawberry.field(
        default=DocumentOrderField.PUBLISHED_ON, description="Sort field."
    )
    direction: SortDirection | None = strawberry.field(default=None, description=DIRECTION_HELP)

    def descending(self) -> bool:
        """Whether to sort descending."""
        return is_descending(self.direction, self.field is DocumentOrderField.PUBLISHED_ON)
