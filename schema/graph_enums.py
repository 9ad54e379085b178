"""GraphQL enums of the read graph's domains, each value described."""

from enum import Enum

import strawberry


@strawberry.enum(description="Whether an SDG entry is a target or an indicator measuring one.")
class SdgKind(Enum):
    TARGET = strawberry.enum_value("TARGET", description="An SDG target, e.g. 10.7.")
    INDICATOR = strawberry.enum_value(
        "INDICATOR", description="An SDG indicator measuring a target, e.g. 10.7.2."
    )


@strawberry.enum(description="The level of an M49 region in the UN geoscheme.")
class RegionLevel(Enum):
    REGION = strawberry.enum_value("REGION", description="A region, e.g. Africa.")
    SUBREGION = strawberry.enum_value("SUBREGION", description="A sub-region, e.g. Western Asia.")
    INTERMEDIATE_REGION = strawberry.enum_value(
        "INTERMEDIATE_REGION", description="An intermediate region, e.g. Central America."
    )


@strawberry.enum(description="Whether a GCM review is global or regional.")
class ReviewKind(Enum):
    GLOBAL = strawberry.enum_value("GLOBAL", description="An International Migration Review Forum.")
    REGIONAL = strawberry.enum_value(
        "REGIONAL", description="A regional review led by a UN regional economic commission."
    )


@strawberry.enum(
    description="Whether a review process's submission window is the organisers' or an estimate."
)
class WindowStatus(Enum):
    INDICATIVE = strawberry.enum_value(
        "INDICATIVE",
        description="The catalogue's estimate of when submissions are accepted, not an official deadline.",
    )
    OFFICIAL = strawberry.enum_value(
        "OFFICIAL", description="The dates the organisers announced (see `url` and `sources`)."
    )


@strawberry.enum(
    description="Where a review contribution or a recommendation stands in its workflow."
)
class ContributionStatus(Enum):
    DRAFT = strawberry.enum_value(
        "DRAFT", description="Being written; visible only to its ISCM and editors."
    )
    SUBMITTED = strawberry.enum_value(
        "SUBMITTED", description="Sent for review; visible only to its ISCM and editors."
    )
    PUBLISHED = strawberry.enum_value("PUBLISHED", description="Public.")
    WITHDRAWN = strawberry.enum_value(
        "WITHDRAWN", description="Taken back; visible only to its ISCM and editors."
    )


@strawberry.enum(description="What kind of meeting an event is.")
class EventKind(Enum):
    MINISTERIAL_CONFERENCE = strawberry.enum_value(
        "MINISTERIAL_CONFERENCE", description="A ministerial conference or summit."
    )
    SENIOR_OFFICIALS_MEETING = strawberry.enum_value(
        "SENIOR_OFFICIALS_MEETING", description="A meeting of senior officials."
    )
    THEMATIC_WORKSHOP = strawberry.enum_value(
        "THEMATIC_WORKSHOP", description="A thematic workshop or expert meeting."
    )
    GRCP_MEETING = strawberry.enum_value(
        "GRCP_MEETING",
        description="A Global Meeting of Chairs and Secretariats of ISCMs (Global RCP meeting).",
    )
    REVIEW_MEETING = strawberry.enum_value(
        "REVIEW_MEETING", description="A GCM review meeting (IMRF or regional review)."
    )
    OTHER = strawberry.enum_value("OTHER", description="Any other meeting.")


@strawberry.enum(description="What kind of document this is.")
class DocumentKind(Enum):
    GRCP_REPORT = strawberry.enum_value("GRCP_REPORT", description="Report of a GRCP meeting.")
    KEY_DOCUMENT = strawberry.enum_value(
        "KEY_DOCUMENT", description="A founding or framework document of an ISCM."
    )
    NEWSLETTER = strawberry.enum_value("NEWSLETTER", description="A newsletter issue.")
    POSITION_PAPER = strawberry.enum_value("POSITION_PAPER", description="A position paper.")
    DECLARATION = strawberry.enum_value(
        "DECLARATION", description="A declaration or outcome statement."
    )
    OTHER = strawberry.enum_value("OTHER", description="Any other document.")
