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


@strawberry.enum(
    description="The finer kind of an ISCM's outcome document, as its source describes it (`kind` keeps the coarse kind it maps to)."
)
class DocumentDetailedKind(Enum):
    MINISTERIAL_DECLARATION = strawberry.enum_value(
        "MINISTERIAL_DECLARATION", description="A declaration adopted by ministers."
    )
    JOINT_STATEMENT = strawberry.enum_value(
        "JOINT_STATEMENT", description="A joint statement or communiqué of the participants."
    )
    ACTION_PLAN = strawberry.enum_value(
        "ACTION_PLAN", description="An action plan, programme or roadmap."
    )
    REPORT = strawberry.enum_value("REPORT", description="A meeting or progress report.")
    SUMMARY_OF_CONCLUSIONS = strawberry.enum_value(
        "SUMMARY_OF_CONCLUSIONS", description="A chair's summary or summary of conclusions."
    )
    OTHER = strawberry.enum_value("OTHER", description="Any other outcome document.")


@strawberry.enum(
    description="The finer kind of an ISCM's meeting, as its source describes it (`kind` keeps the coarse kind it maps to)."
)
class EventDetailedKind(Enum):
    MINISTERIAL_CONFERENCE = strawberry.enum_value(
        "MINISTERIAL_CONFERENCE", description="A ministerial conference or summit."
    )
    SENIOR_OFFICIALS_MEETING = strawberry.enum_value(
        "SENIOR_OFFICIALS_MEETING", description="A meeting of senior officials."
    )
    THEMATIC_MEETING = strawberry.enum_value(
        "THEMATIC_MEETING", description="A thematic meeting, workshop or expert meeting."
    )
    WORKING_GROUP = strawberry.enum_value(
        "WORKING_GROUP", description="A meeting of a standing working group."
    )
    OTHER = strawberry.enum_value("OTHER", description="Any other meeting.")


@strawberry.enum(
    description="Who classified a record's governance level, phase, outcome type, objectives and themes."
)
class ClassificationKind(Enum):
    EDITORIAL = strawberry.enum_value(
        "EDITORIAL",
        description="The catalogue's editorial judgement, not the source's words: read it as an interpretation.",
    )
    AS_PUBLISHED = strawberry.enum_value(
        "AS_PUBLISHED", description="As the source itself states it."
    )


@strawberry.enum(description="Which fact about an ISCM the sources state differently.")
class DisputedField(Enum):
    ESTABLISHED = strawberry.enum_value("ESTABLISHED", description="The year it was established.")
    MEMBERS = strawberry.enum_value("MEMBERS", description="Who its members are.")
    MEMBER_COUNT = strawberry.enum_value("MEMBER_COUNT", description="How many members it has.")
    OBSERVERS = strawberry.enum_value("OBSERVERS", description="Who its observers are.")
    OBSERVER_COUNT = strawberry.enum_value(
        "OBSERVER_COUNT", description="How many observers it has."
    )
    ROLE = strawberry.enum_value(
        "ROLE", description="Whether one State (see `state`) is a member or an observer."
    )
