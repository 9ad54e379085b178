"""SQLAlchemy models: the catalogue of ISCMs, reference data and review data."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names, so later migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ISCM_KINDS = ("RCP", "IRF", "GLOBAL")
ISCM_STATUSES = ("ACTIVE", "INACTIVE", "UNKNOWN")
MEMBERS_CONFIDENCE = ("CONFIRMED", "PARTIAL")  # of member lists, and of observer lists
MEMBERSHIP_ROLES = ("MEMBER", "OBSERVER")
UN_STATUSES = ("MEMBER", "OBSERVER", "NONE")
TERRITORY = "NONE"  # the un_status of territories and other areas that are not States
SDG_KINDS = ("TARGET", "INDICATOR")
REVIEW_KINDS = ("GLOBAL", "REGIONAL")
# Whether a review process's submission window is the organisers' own (OFFICIAL) or the
# catalogue's estimate of it (INDICATIVE).
WINDOW_STATUSES = ("INDICATIVE", "OFFICIAL")
# The workflow of review contributions and recommendations alike.
CONTRIBUTION_STATUSES = ("DRAFT", "SUBMITTED", "PUBLISHED", "WITHDRAWN")
EVENT_KINDS = (
    "MINISTERIAL_CONFERENCE",
    "SENIOR_OFFICIALS_MEETING",
    "THEMATIC_WORKSHOP",
    "GRCP_MEETING",
    "REVIEW_MEETING",
    "OTHER",
)
DOCUMENT_KINDS = (
    "GRCP_REPORT",
    "KEY_DOCUMENT",
    "NEWSLETTER",
    "POSITION_PAPER",
    "DECLARATION",
    "OTHER",
)
# The finer kinds of the ISCMs' outcome documents and meetings (db/seed/SOURCES.md); `kind`
# keeps the coarse kind each one maps to, so both readings stay available.
DOCUMENT_DETAILED_KINDS = (
    "MINISTERIAL_DECLARATION",
    "JOINT_STATEMENT",
    "ACTION_PLAN",
    "REPORT",
    "SUMMARY_OF_CONCLUSIONS",
    "OTHER",
)
EVENT_DETAILED_KINDS = (
    "MINISTERIAL_CONFERENCE",
    "SENIOR_OFFICIALS_MEETING",
    "THEMATIC_MEETING",
    "WORKING_GROUP",
    "OTHER",
)
# Whether a record's level, phase, outcome type and objectives are the catalogue's judgement
# (EDITORIAL) or stated by the source itself (AS_PUBLISHED).
CLASSIFICATIONS = ("EDITORIAL", "AS_PUBLISHED")
# Which field of an ISCM (or of one State's membership, for ROLE) sources disagree on.
DISPUTED_FIELDS = ("ESTABLISHED", "MEMBERS", "MEMBER_COUNT", "OBSERVERS", "OBSERVER_COUNT", "ROLE")


def one_of(column: str, values: tuple[str, ...]) -> str:
    """Return a CHECK expression that keeps `column` within `values`."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamps:
    """Creation and last-change times, set by the database."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    # Indexed: integration scripts export what changed since their last run (`updatedSince`).
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=func.now(),
        onupdate=func.now(),
        nullable=False,
        index=True,
    )


class SoftRemovable:
    """Removal by editors: a soft delete, reversible. A removed row (`deleted_at` set) is
    invisible to every reader (events and documents since migration 0011_editor_content)."""

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Removable(SoftRemovable):
    """Removal and merging of duplicates by editors (migration 0009_partner_workflow).

    Besides removal, one merged into another (a duplicate) also names the record it was
    merged into, so its id still resolves to it.
    """

    @declared_attr
    def merged_into_id(cls) -> Mapped[int | None]:
        return mapped_column(BigInteger, ForeignKey(f"{cls.__tablename__}.id"))  # type: ignore[attr-defined]


# The CHECK that keeps a merged row removed and never merged into itself.
MERGED_IS_REMOVED = "merged_into_id IS NULL OR (deleted_at IS NOT NULL AND merged_into_id <> id)"


def live_by_iscm(table: str, *included: str) -> Index:
    """The index of a workflow table's live rows by ISCM and status, carrying `included`, so
    that reading the records a reader may see of some ISCMs (db/queries/visibility.py) needs
    no visit to the table (migration 0012_visible_records_index)."""
    return Index(
        f"ix_{table}_live_by_iscm",
        "iscm_id",
        "status",
        postgresql_include=list(included),
        postgresql_where=text("deleted_at IS NULL"),
    )


class MemberState(Timestamps, Base):
    """A State or territory, keyed by ISO 3166-1 alpha-3, placed in the UN M49 regions.

    `un_status` tells UN Member States (MEMBER), observer States (OBSERVER: the Holy See and
    the State of Palestine) and territories and other areas (NONE) apart.
    """

    __tablename__ = "member_states"
    __table_args__ = (
        CheckConstraint("iso3 ~ '^[A-Z]{3}$'", name="iso3_format"),
        CheckConstraint("iso2 ~ '^[A-Z]{2}$'", name="iso2_format"),
        CheckConstraint("m49 BETWEEN 1 AND 999", name="m49_range"),
        CheckConstraint(one_of("un_status", UN_STATUSES), name="un_status"),
    )

    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    iso2: Mapped[str] = mapped_column(String(2), unique=True, nullable=False)
    m49: Mapped[int] = mapped_column(SmallInteger, unique=True, nullable=False)
    # The UN M49 short name ("Viet Nam", "Republic of Korea").
    name: Mapped[str] = mapped_column(Text, nullable=False)
    # Other names people search by: common short names, ISO 3166-1 names, the official name.
    alternative_names: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default="{}"
    )
    official_name: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text, index=True)
    subregion: Mapped[str | None] = mapped_column(Text, index=True)
    intermediate_region: Mapped[str | None] = mapped_column(Text)
    un_status: Mapped[str] = mapped_column(String(8), nullable=False, index=True)
    un_member_since: Mapped[int | None] = mapped_column(SmallInteger)


class Iscm(Timestamps, Base):
    """An Inter-State Consultation Mechanism on migration."""

    __tablename__ = "iscms"
    __table_args__ = (
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint(one_of("kind", ISCM_KINDS), name="kind"),
        CheckConstraint(one_of("status", ISCM_STATUSES), name="status"),
        CheckConstraint(
            one_of("members_confidence", MEMBERS_CONFIDENCE), name="members_confidence"
        ),
        CheckConstraint(
            one_of("observers_confidence", MEMBERS_CONFIDENCE), name="observers_confidence"
        ),
        CheckConstraint("established BETWEEN 1945 AND 2100", name="established_range"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_iscms_search", "search_vector", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    acronym: Mapped[str | None] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(Text, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False, index=True)
    regions: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    established: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    secretariat: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), nullable=False, index=True)
    website: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    open_to: Mapped[str | None] = mapped_column(Text)
    members_without_iso: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default="{}"
    )
    members_confidence: Mapped[str] = mapped_column(String(9), nullable=False)
    # PARTIAL unless a source gives the whole observer list: an empty list is not "none".
    observers_confidence: Mapped[str] = mapped_column(
        String(9), nullable=False, server_default="PARTIAL"
    )
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('english'::regconfig, coalesce(acronym, '') || ' ' || name), 'A')"
            " || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')",
            persisted=True,
        ),
    )


class IscmMembership(Base):
    """A State's participation in an ISCM, as member or observer.

    A territory's membership must cite its source (enforced by a trigger, migration
    0008_real_content, as well as by the writers).
    """

    __tablename__ = "iscm_memberships"
    __table_args__ = (
        CheckConstraint(one_of("role", MEMBERSHIP_ROLES), name="role"),
        CheckConstraint("since IS NULL OR since BETWEEN 1945 AND 2100", name="since_range"),
        CheckConstraint("until IS NULL OR until BETWEEN 1945 AND 2100", name="until_range"),
        CheckConstraint("since IS NULL OR until IS NULL OR since <= until", name="period_order"),
    )

    iscm_id: Mapped[int] = mapped_column(
        ForeignKey("iscms.id", ondelete="CASCADE"), primary_key=True
    )
    state_iso3: Mapped[str] = mapped_column(
        ForeignKey("member_states.iso3"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(8), nullable=False, index=True)
    since: Mapped[int | None] = mapped_column(SmallInteger)
    # The year a source says the participation ended or was suspended.
    until: Mapped[int | None] = mapped_column(SmallInteger)
    source: Mapped[str | None] = mapped_column(Text)
    # True where the sources leave the role in doubt; `note` says why.
    unverified: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    note: Mapped[str | None] = mapped_column(Text)


class Organization(Base):
    """An international organisation that observes or supports ISCMs (IOM, UNHCR, ICMPD, ...)."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True, nullable=False)
    acronym: Mapped[str | None] = mapped_column(String(40), index=True)


iscm_observer_organizations = Table(
    "iscm_observer_organizations",
    Base.metadata,
    Column("iscm_id", ForeignKey("iscms.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("source", Text),
)


class GcmObjective(Base):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration."""

    __tablename__ = "gcm_objectives"
    __table_args__ = (CheckConstraint("number BETWEEN 1 AND 23", name="number_range"),)

    number: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    short_name: Mapped[str] = mapped_column(Text, nullable=False)


class GcmGuidingPrinciple(Base):
    """One of the 10 cross-cutting guiding principles of the GCM (para. 15)."""

    __tablename__ = "gcm_guiding_principles"
    __table_args__ = (CheckConstraint("number BETWEEN 1 AND 10", name="number_range"),)

    number: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    paragraph: Mapped[str] = mapped_column(String(8), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)


class Migof(Base):
    """IOM's Migration Governance Framework (MiGOF, Council Resolution No. 1310, 2015)."""

    __tablename__ = "migof"

    acronym: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    organization: Mapped[str] = mapped_column(Text, nullable=False)
    endorsed: Mapped[str] = mapped_column(Text, nullable=False)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")


class MigofStatement:
    """A principle or an objective of MiGOF: the statement and the brochure's short title."""

    __table_args__ = (
        CheckConstraint("number BETWEEN 1 AND 10", name="number_range"),
        CheckConstraint("cardinality(sources) >= 1", name="has_sources"),
    )

    number: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    statement: Mapped[str] = mapped_column(Text, nullable=False)
    short_title: Mapped[str] = mapped_column(Text, nullable=False)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)


class MigofPrinciple(MigofStatement, Base):
    """One of MiGOF's three principles."""

    __tablename__ = "migof_principles"


class MigofObjective(MigofStatement, Base):
    """One of MiGOF's three objectives."""

    __tablename__ = "migof_objectives"


class SdgTarget(Timestamps, Base):
    """An SDG target or indicator relevant to migration."""

    __tablename__ = "sdg_targets"
    __table_args__ = (
        CheckConstraint(one_of("kind", SDG_KINDS), name="kind"),
        CheckConstraint("goal BETWEEN 1 AND 17", name="goal_range"),
    )

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(9), nullable=False)
    goal: Mapped[int] = mapped_column(SmallInteger, nullable=False, index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("sdg_targets.code"), index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")


class SdgSeries(Base):
    """A UN SDG Global Database series that measures an SDG indicator."""

    __tablename__ = "sdg_series"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    indicator_code: Mapped[str] = mapped_column(
        ForeignKey("sdg_targets.code"), primary_key=True, index=True
    )
    description: Mapped[str | None] = mapped_column(Text)


class ThematicArea(Timestamps, Base):
    """A migration theme that ISCMs and recommendations work on."""

    __tablename__ = "thematic_areas"
    __table_args__ = (CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),)

    slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)


class GovernanceLevel(Base):
    """The level at which an ISCM outcome acts: national, regional, interregional, global."""

    __tablename__ = "governance_levels"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False, unique=True)


class GovernancePhase(Base):
    """The policy-cycle phase an ISCM outcome belongs to."""

    __tablename__ = "governance_phases"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False, unique=True)


class OutcomeType(Base):
    """The kind of outcome an ISCM produces (forum for dialogue, capacity building, ...)."""

    __tablename__ = "outcome_types"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False, unique=True)


class ReviewProcess(Timestamps, Base):
    """A GCM review: an IMRF or a regional review led by a UN regional commission.

    Contributions are submitted from `opens_on` to `closes_on`; `window_status` says whether
    those dates are the organisers' (OFFICIAL) or the catalogue's estimate (INDICATIVE).
    """

    __tablename__ = "review_processes"
    __table_args__ = (
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint(one_of("kind", REVIEW_KINDS), name="kind"),
        CheckConstraint("year BETWEEN 2018 AND 2100", name="year_range"),
        CheckConstraint("opens_on <= closes_on", name="window_order"),
        CheckConstraint(one_of("window_status", WINDOW_STATUSES), name="window_status"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String(8), nullable=False, index=True)
    regional_commission: Mapped[str | None] = mapped_column(String(8), index=True)
    year: Mapped[int] = mapped_column(SmallInteger, nullable=False, index=True)
    opens_on: Mapped[date] = mapped_column(Date, nullable=False)
    closes_on: Mapped[date] = mapped_column(Date, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    window_status: Mapped[str] = mapped_column(
        String(10), nullable=False, server_default="INDICATIVE"
    )
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    # Above 1 once changed through the API: `iscm-graph seed` then keeps the record as it is.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class Event(SoftRemovable, Timestamps, Base):
    """A meeting on the ISCM calendar (ministerial conference, GRCP meeting, workshop, ...)."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(one_of("kind", EVENT_KINDS), name="kind"),
        CheckConstraint(
            f"detailed_kind IS NULL OR {one_of('detailed_kind', EVENT_DETAILED_KINDS)}",
            name="detailed_kind",
        ),
        CheckConstraint("year BETWEEN 1945 AND 2100", name="year_range"),
        CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on", name="date_order"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    iscm_id: Mapped[int | None] = mapped_column(ForeignKey("iscms.id"), index=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    # True where the source gives no title and this one is written by the catalogue.
    title_is_descriptive: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default="false"
    )
    kind: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    detailed_kind: Mapped[str | None] = mapped_column(String(30))
    sequence: Mapped[int | None] = mapped_column(SmallInteger)
    year: Mapped[int] = mapped_column(SmallInteger, nullable=False, index=True)
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    city: Mapped[str | None] = mapped_column(Text)
    country_iso3: Mapped[str | None] = mapped_column(ForeignKey("member_states.iso3"), index=True)
    host: Mapped[str | None] = mapped_column(Text)
    theme: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # Where the sources disagree about this meeting (dates, attendance), with both sides.
    conflicts: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    # Above 1 once changed through the API: `iscm-graph seed` then keeps the record as it is.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


# The ISCMs an event also belongs to besides `events.iscm_id` (a meeting of two processes).
event_shared_iscms = Table(
    "event_shared_iscms",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("iscm_id", ForeignKey("iscms.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Document(SoftRemovable, Timestamps, Base):
    """A document: an ISCM's declaration, action plan or statement, a GRCP report, a paper."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint(
            f"detailed_kind IS NULL OR {one_of('detailed_kind', DOCUMENT_DETAILED_KINDS)}",
            name="detailed_kind",
        ),
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint("year BETWEEN 1945 AND 2100", name="year_range"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_documents_search", "search_vector", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    # The natural key of a document loaded from db/seed/documents.json; null for others.
    slug: Mapped[str | None] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    title_is_descriptive: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default="false"
    )
    alternative_titles: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default="{}"
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    detailed_kind: Mapped[str | None] = mapped_column(String(30))
    # Why the kind was chosen where it could mislead (a summit's declaration, ...).
    kind_note: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date, index=True)
    # Set only where a single day of adoption is known; `adopted_on_note` says what is.
    adopted_on: Mapped[date | None] = mapped_column(Date, index=True)
    adopted_on_note: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    year_note: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    conflicts: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('english'::regconfig, title), 'A')"
            " || setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B')",
            persisted=True,
        ),
    )


document_iscms = Table(
    "document_iscms",
    Base.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("iscm_id", ForeignKey("iscms.id", ondelete="CASCADE"), primary_key=True, index=True),
)
document_events = Table(
    "document_events",
    Base.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True),
)
document_gcm_objectives = Table(
    "document_gcm_objectives",
    Base.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("objective_number", ForeignKey("gcm_objectives.number"), primary_key=True, index=True),
)
iscm_thematic_areas = Table(
    "iscm_thematic_areas",
    Base.metadata,
    Column("iscm_id", ForeignKey("iscms.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "thematic_area_slug",
        ForeignKey("thematic_areas.slug", onupdate="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Recommendation(Removable, Timestamps, Base):
    """An outcome adopted by an ISCM or by a Global RCP meeting.

    A recommendation, commitment, priority area or action area; those loaded from
    db/seed/outcomes.json keep their document, number and the notes that explain them.
    It follows the contributions' workflow (DRAFT -> SUBMITTED -> PUBLISHED, WITHDRAWN); a row
    inserted without a status is curated data, published on load, while the API inserts
    drafts, saying so.
    """

    __tablename__ = "recommendations"
    __table_args__ = (
        CheckConstraint("iscm_id IS NOT NULL OR event_id IS NOT NULL", name="has_issuer"),
        CheckConstraint("char_length(title) BETWEEN 1 AND 500", name="title_length"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint(
            f"classification IS NULL OR {one_of('classification', CLASSIFICATIONS)}",
            name="classification",
        ),
        Index("ix_recommendations_search", "search_vector", postgresql_using="gin"),
        Index("ix_recommendations_iscm_adopted", "iscm_id", "adopted_on", "id"),
        live_by_iscm("recommendations", "id", "synthetic", "classification"),
        CheckConstraint(one_of("status", CONTRIBUTION_STATUSES), name="status"),
        CheckConstraint("status <> 'PUBLISHED' OR published_at IS NOT NULL", name="published_time"),
        CheckConstraint(MERGED_IS_REMOVED, name="merged_is_removed"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # The natural key of an outcome loaded from db/seed/outcomes.json; null for others.
    slug: Mapped[str | None] = mapped_column(String(120), unique=True)
    iscm_id: Mapped[int | None] = mapped_column(ForeignKey("iscms.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    # Its position in the document as the source prints it ("3", "5a", "B"), when shown.
    number: Mapped[str | None] = mapped_column(String(10))
    number_note: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    title_is_descriptive: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default="false"
    )
    title_note: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    adopted_on: Mapped[date | None] = mapped_column(Date, index=True)
    level: Mapped[str | None] = mapped_column(ForeignKey("governance_levels.code"), index=True)
    phase: Mapped[str | None] = mapped_column(ForeignKey("governance_phases.code"), index=True)
    outcome_type: Mapped[str | None] = mapped_column(ForeignKey("outcome_types.code"), index=True)
    # Who classified level, phase, outcome type, objectives and themes, and on what ground.
    classification: Mapped[str | None] = mapped_column(String(12))
    classification_note: Mapped[str | None] = mapped_column(Text)
    # Why it is linked to its document or meeting where that link is a judgement.
    link_note: Mapped[str | None] = mapped_column(Text)
    conflicts: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    status: Mapped[str] = mapped_column(
        String(9), nullable=False, server_default="PUBLISHED", index=True
    )
    submitted_by: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('english'::regconfig, title), 'A')"
            " || setweight(to_tsvector('english'::regconfig, text), 'B')",
            persisted=True,
        ),
    )


# The ISCMs a recommendation also belongs to besides `recommendations.iscm_id` (a text two
# processes share, such as the Joint Valletta Action Plan).
recommendation_shared_iscms = Table(
    "recommendation_shared_iscms",
    Base.metadata,
    Column(
        "recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("iscm_id", ForeignKey("iscms.id", ondelete="CASCADE"), primary_key=True, index=True),
)
recommendation_thematic_areas = Table(
    "recommendation_thematic_areas",
    Base.metadata,
    Column(
        "recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "thematic_area_slug",
        ForeignKey("thematic_areas.slug", onupdate="CASCADE"),
        primary_key=True,
        index=True,
    ),
)
recommendation_gcm_objectives = Table(
    "recommendation_gcm_objectives",
    Base.metadata,
    Column(
        "recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("objective_number", ForeignKey("gcm_objectives.number"), primary_key=True, index=True),
)
recommendation_sdg_targets = Table(
    "recommendation_sdg_targets",
    Base.metadata,
    Column(
        "recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("sdg_code", ForeignKey("sdg_targets.code"), primary_key=True, index=True),
)


class ReviewContribution(Removable, Timestamps, Base):
    """An ISCM's input to a GCM review process.

    `import_key` is the key a bulk import stored it under (the CSV's `key` column), unique
    per ISCM, so importing the same row again finds it instead of adding a duplicate.
    """

    __tablename__ = "review_contributions"
    __table_args__ = (
        CheckConstraint(one_of("status", CONTRIBUTION_STATUSES), name="status"),
        CheckConstraint("char_length(title) BETWEEN 1 AND 500", name="title_length"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "status NOT IN ('SUBMITTED', 'PUBLISHED') OR submitted_at IS NOT NULL",
            name="submitted_has_time",
        ),
        CheckConstraint("status <> 'PUBLISHED' OR published_at IS NOT NULL", name="published_time"),
        CheckConstraint(MERGED_IS_REMOVED, name="merged_is_removed"),
        CheckConstraint("char_length(import_key) BETWEEN 1 AND 200", name="import_key_length"),
        Index("ix_review_contributions_iscm_status", "iscm_id", "status", "id"),
        live_by_iscm("review_contributions", "id", "synthetic"),
        UniqueConstraint("iscm_id", "import_key"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    iscm_id: Mapped[int] = mapped_column(ForeignKey("iscms.id"), nullable=False)
    review_process_id: Mapped[int] = mapped_column(
        ForeignKey("review_processes.id"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(Text, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    practices: Mapped[str | None] = mapped_column(Text)
    challenges: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(ForeignKey("governance_levels.code"), index=True)
    phase: Mapped[str | None] = mapped_column(ForeignKey("governance_phases.code"), index=True)
    outcome_type: Mapped[str | None] = mapped_column(ForeignKey("outcome_types.code"), index=True)
    status: Mapped[str] = mapped_column(
        String(9), nullable=False, server_default="DRAFT", index=True
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    submitted_by: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    import_key: Mapped[str | None] = mapped_column(Text)


review_contribution_gcm_objectives = Table(
    "review_contribution_gcm_objectives",
    Base.metadata,
    Column(
        "contribution_id",
        ForeignKey("review_contributions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("objective_number", ForeignKey("gcm_objectives.number"), primary_key=True, index=True),
)


# --- Facts the sources disagree on (migration 0008_real_content) ---


class DisputedFact(Timestamps, Base):
    """A fact about an ISCM (or one State's part in it) that sources state differently."""

    __tablename__ = "disputed_facts"
    __table_args__ = (
        CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint(one_of("field", DISPUTED_FIELDS), name="field"),
        CheckConstraint("(field = 'ROLE') = (state_iso3 IS NOT NULL)", name="role_names_state"),
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    iscm_id: Mapped[int] = mapped_column(
        ForeignKey("iscms.id", ondelete="CASCADE"), nullable=False, index=True
    )
    state_iso3: Mapped[str | None] = mapped_column(ForeignKey("member_states.iso3"), index=True)
    field: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)


class DisputedFactClaim(Base):
    """What one side of a disputed fact says, with the sources that say it."""

    __tablename__ = "disputed_fact_claims"
    __table_args__ = (
        UniqueConstraint("fact_id", "position"),
        CheckConstraint("cardinality(sources) >= 1", name="has_sources"),
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    fact_id: Mapped[int] = mapped_column(
        ForeignKey("disputed_facts.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)


# --- The write API: API keys, the audit trail, idempotency keys (migration 0002_write_api) ---

KEY_ROLES = ("partner", "editor", "admin")


class ApiKey(Base):
    """An API key: only the SHA-256 of the token is stored; `key_id` names it in logs."""

    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint(one_of("role", KEY_ROLES), name="role"),
        CheckConstraint("key_id ~ '^[a-z0-9]{8,24}$'", name="key_id_format"),
        CheckConstraint("char_length(name) BETWEEN 1 AND 200", name="name_length"),
        CheckConstraint("secret_hash ~ '^[0-9a-f]{64}$'", name="secret_hash_format"),
    )

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(24), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(String(8), nullable=False)
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


api_key_iscms = Table(
    "api_key_iscms",
    Base.metadata,
    Column("api_key_id", ForeignKey("api_keys.id", ondelete="CASCADE"), primary_key=True),
    Column("iscm_id", ForeignKey("iscms.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class AuditEvent(Base):
    """One write, append-only (a trigger refuses UPDATE, DELETE and TRUNCATE)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity", "entity_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False, index=True
    )
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    actor_name: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    entity: Mapped[str] = mapped_column(String(40), nullable=False)
    entity_id: Mapped[str] = mapped_column(Text, nullable=False)
    # No foreign key: the trail outlives what it describes.
    iscm_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    note: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(Text)


class IdempotencyKey(Base):
    """A client's idempotency key, scoped by principal, with the hash of its input and the result."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("principal", "key"),
        CheckConstraint("char_length(key) BETWEEN 1 AND 200", name="key_length"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    principal: Mapped[str] = mapped_column(Text, nullable=False)
    key: Mapped[str] = mapped_column(Text, nullable=False)
    operation: Mapped[str] = mapped_column(String(60), nullable=False)
    request_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


# --- UN data cache: observations fetched from the connectors (migration 0003_indicator_cache) ---

INDICATOR_SOURCES = ("SDG", "UNPD", "UNHCR", "WORLDBANK")
FETCH_OUTCOMES = ("DATA", "EMPTY", "REJECTED")


class IndicatorObservation(Base):
    """One cached value of one UN series for one State, year and dimension slice."""

    __tablename__ = "indicator_observations"
    __table_args__ = (
        CheckConstraint(one_of("source", INDICATOR_SOURCES), name="source"),
        CheckConstraint("year BETWEEN 1800 AND 2200", name="year_range"),
        Index("ix_indicator_observations_iso3_source_code", "iso3", "source", "code"),
        Index("ix_indicator_observations_source_code_year", "source", "code", "year"),
    )

    source: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    iso3: Mapped[str] = mapped_column(ForeignKey("member_states.iso3"), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    # The dimensions as sorted "key=value" pairs joined by "|": SDG slices never collide.
    dimensions_key: Mapped[str] = mapped_column(Text, primary_key=True, server_default="")
    value: Mapped[float | None] = mapped_column(Double)
    raw_value: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    dimensions: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    footnotes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    fetched_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")


class IndicatorFetch(Base):
    """The last answer a source gave for one series and State, so "nothing there" is cached too."""

    __tablename__ = "indicator_fetches"
    __table_args__ = (
        CheckConstraint(one_of("source", INDICATOR_SOURCES), name="source"),
        CheckConstraint(one_of("outcome", FETCH_OUTCOMES), name="outcome"),
        CheckConstraint("rows >= 0", name="rows_not_negative"),
    )

    source: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    iso3: Mapped[str] = mapped_column(ForeignKey("member_states.iso3"), primary_key=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    outcome: Mapped[str] = mapped_column(String(8), nullable=False)
    rows: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")


# --- Operations: persisted queries (migrations 0005_operations, 0006_persisted_query_bounds) ---


class PersistedQuery(Base):
    """A GraphQL document known by its SHA-256: registered by APQ, or allow-listed by the CLI."""

    __tablename__ = "persisted_queries"
    __table_args__ = (
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_format"),
        # Eviction of APQ registrations, least recently used first (migration 0006).
        Index("ix_persisted_queries_allow_listed_last_used", "allow_listed", "last_used_at"),
    )

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    query: Mapped[str] = mapped_column(Text, nullable=False)
    operation_name: Mapped[str | None] = mapped_column(Text)
    allow_listed: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    last_used_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
