"""Real content: the ISCMs' documents, outcomes and meetings with their sources and notes;
disputed facts; observer-list confidence; membership caveats; M49 names with alternative names

Revision ID: 0008_real_content
Revises: 0006_persisted_query_bounds
Create Date: 2026-12-05 08:20:00.000000

Only adds columns, tables, constraints and one trigger; nothing is renamed or dropped.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_real_content"
down_revision: str | Sequence[str] | None = "0006_persisted_query_bounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLUG_FORMAT = "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'"

# A membership of a territory (a member_states row with un_status NONE) must cite its source,
# whichever writer stores it; the API and the seed loader refuse earlier with a clear message.
TERRITORY_SOURCE_FUNCTION = """
CREATE FUNCTION iscm_memberships_territory_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(btrim(NEW.source), '') = '' AND EXISTS (
        SELECT 1 FROM member_states WHERE iso3 = NEW.state_iso3 AND un_status = 'NONE'
    ) THEN
        RAISE EXCEPTION '% is a territory, not a State: its membership must cite a source',
            NEW.state_iso3
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$
"""


def upgrade() -> None:
    op.add_column("member_states", sa.Column("alternative_names", sa.ARRAY(sa.Text()), server_default="{}", nullable=False))

    op.add_column("iscms", sa.Column("observers_confidence", sa.String(length=9), server_default="PARTIAL", nullable=False))
    op.create_check_constraint(op.f("ck_iscms_observers_confidence"), "iscms", "observers_confidence IN ('CONFIRMED', 'PARTIAL')")

    op.add_column("iscm_memberships", sa.Column("until", sa.SmallInteger(), nullable=True))
    op.add_column("iscm_memberships", sa.Column("unverified", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("iscm_memberships", sa.Column("note", sa.Text(), nullable=True))
    op.create_check_constraint(op.f("ck_iscm_memberships_until_range"), "iscm_memberships", "until IS NULL OR until BETWEEN 1945 AND 2100")
    op.create_check_constraint(op.f("ck_iscm_memberships_period_order"), "iscm_memberships", "since IS NULL OR until IS NULL OR since <= until")
    op.execute(TERRITORY_SOURCE_FUNCTION)
    op.execute(
        "CREATE TRIGGER iscm_memberships_territory_source BEFORE INSERT OR UPDATE"
        " ON iscm_memberships FOR EACH ROW EXECUTE FUNCTION iscm_memberships_territory_source()"
    )
    op.add_column("iscm_observer_organizations", sa.Column("source", sa.Text(), nullable=True))

    op.add_column("events", sa.Column("title_is_descriptive", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("events", sa.Column("detailed_kind", sa.String(length=30), nullable=True))
    op.add_column("events", sa.Column("conflicts", sa.Text(), nullable=True))
    op.add_column("events", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_check_constraint(
        op.f("ck_events_detailed_kind"),
        "events",
        "detailed_kind IS NULL OR detailed_kind IN ('MINISTERIAL_CONFERENCE', 'SENIOR_OFFICIALS_MEETING', 'THEMATIC_MEETING', 'WORKING_GROUP', 'OTHER')",
    )
    op.create_check_constraint(op.f("ck_events_version_positive"), "events", "version >= 1")
    op.create_table(
        "event_shared_iscms",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("iscm_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_shared_iscms_event_id_events"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["iscm_id"], ["iscms.id"], name=op.f("fk_event_shared_iscms_iscm_id_iscms"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "iscm_id", name=op.f("pk_event_shared_iscms")),
    )
    op.create_index(op.f("ix_event_shared_iscms_iscm_id"), "event_shared_iscms", ["iscm_id"], unique=False)

    op.add_column("documents", sa.Column("slug", sa.String(length=120), nullable=True))
    op.add_column("documents", sa.Column("title_is_descriptive", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("documents", sa.Column("alternative_titles", sa.ARRAY(sa.Text()), server_default="{}", nullable=False))
    op.add_column("documents", sa.Column("detailed_kind", sa.String(length=30), nullable=True))
    op.add_column("documents", sa.Column("kind_note", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("adopted_on", sa.Date(), nullable=True))
    op.add_column("documents", sa.Column("adopted_on_note", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("year", sa.SmallInteger(), nullable=True))
    op.add_column("documents", sa.Column("year_note", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("place", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("conflicts", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("sources", sa.ARRAY(sa.Text()), server_default="{}", nullable=False))
    op.add_column("documents", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_unique_constraint(op.f("uq_documents_slug"), "documents", ["slug"])
    op.create_index(op.f("ix_documents_adopted_on"), "documents", ["adopted_on"], unique=False)
    op.create_index(op.f("ix_documents_year"), "documents", ["year"], unique=False)
    op.create_check_constraint(
        op.f("ck_documents_detailed_kind"),
        "documents",
        "detailed_kind IS NULL OR detailed_kind IN ('MINISTERIAL_DECLARATION', 'JOINT_STATEMENT', 'ACTION_PLAN', 'REPORT', 'SUMMARY_OF_CONCLUSIONS', 'OTHER')",
    )
    op.create_check_constraint(op.f("ck_documents_slug_format"), "documents", SLUG_FORMAT)
    op.create_check_constraint(op.f("ck_documents_year_range"), "documents", "year BETWEEN 1945 AND 2100")
    op.create_check_constraint(op.f("ck_documents_version_positive"), "documents", "version >= 1")

    op.add_column("recommendations", sa.Column("slug", sa.String(length=120), nullable=True))
    op.add_column("recommendations", sa.Column("document_id", sa.Integer(), nullable=True))
    op.add_column("recommendations", sa.Column("number", sa.String(length=10), nullable=True))
    op.add_column("recommendations", sa.Column("number_note", sa.Text(), nullable=True))
    op.add_column("recommendations", sa.Column("title_is_descriptive", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("recommendations", sa.Column("title_note", sa.Text(), nullable=True))
    op.add_column("recommendations", sa.Column("classification", sa.String(length=12), nullable=True))
    op.add_column("recommendations", sa.Column("classification_note", sa.Text(), nullable=True))
    op.add_column("recommendations", sa.Column("link_note", sa.Text(), nullable=True))
    op.add_column("recommendations", sa.Column("conflicts", sa.Text(), nullable=True))
    op.add_column("recommendations", sa.Column("sources", sa.ARRAY(sa.Text()), server_default="{}", nullable=False))
    op.create_unique_constraint(op.f("uq_recommendations_slug"), "recommendations", ["slug"])
    op.create_foreign_key(op.f("fk_recommendations_document_id_documents"), "recommendations", "documents", ["document_id"], ["id"])
    op.create_index(op.f("ix_recommendations_document_id"), "recommendations", ["document_id"], unique=False)
    op.create_check_constraint(op.f("ck_recommendations_slug_format"), "recommendations", SLUG_FORMAT)
    op.create_check_constraint(
        op.f("ck_recommendations_classification"),
        "recommendations",
        "classification IS NULL OR classification IN ('EDITORIAL', 'AS_PUBLISHED')",
    )
    op.create_table(
        "recommendation_shared_iscms",
        sa.Column("recommendation_id", sa.BigInteger(), nullable=False),
        sa.Column("iscm_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["iscm_id"], ["iscms.id"], name=op.f("fk_recommendation_shared_iscms_iscm_id_iscms"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendations.id"], name=op.f("fk_recommendation_shared_iscms_recommendation_id_recommendations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("recommendation_id", "iscm_id", name=op.f("pk_recommendation_shared_iscms")),
    )
    op.create_index(op.f("ix_recommendation_shared_iscms_iscm_id"), "recommendation_shared_iscms", ["iscm_id"], unique=False)

    op.create_table(
        "disputed_facts",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("iscm_id", sa.Integer(), nullable=False),
        sa.Column("state_iso3", sa.String(length=3), nullable=True),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("(field = 'ROLE') = (state_iso3 IS NOT NULL)", name=op.f("ck_disputed_facts_role_names_state")),
        sa.CheckConstraint(
            "field IN ('ESTABLISHED', 'MEMBERS', 'MEMBER_COUNT', 'OBSERVERS', 'OBSERVER_COUNT', 'ROLE')",
            name=op.f("ck_disputed_facts_field"),
        ),
        sa.CheckConstraint(SLUG_FORMAT, name=op.f("ck_disputed_facts_slug_format")),
        sa.ForeignKeyConstraint(["iscm_id"], ["iscms.id"], name=op.f("fk_disputed_facts_iscm_id_iscms"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["state_iso3"], ["member_states.iso3"], name=op.f("fk_disputed_facts_state_iso3_member_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputed_facts")),
        sa.UniqueConstraint("slug", name=op.f("uq_disputed_facts_slug")),
    )
    op.create_index(op.f("ix_disputed_facts_iscm_id"), "disputed_facts", ["iscm_id"], unique=False)
    op.create_index(op.f("ix_disputed_facts_state_iso3"), "disputed_facts", ["state_iso3"], unique=False)
    op.create_table(
        "disputed_fact_claims",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("sources", sa.ARRAY(sa.Text()), nullable=False),
        sa.CheckConstraint("cardinality(sources) >= 1", name=op.f("ck_disputed_fact_claims_has_sources")),
        sa.ForeignKeyConstraint(["fact_id"], ["disputed_facts.id"], name=op.f("fk_disputed_fact_claims_fact_id_disputed_facts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputed_fact_claims")),
        sa.UniqueConstraint("fact_id", "position", name=op.f("uq_disputed_fact_claims_fact_id_position")),
    )


def downgrade() -> None:
    op.drop_table("disputed_fact_claims")
    op.drop_index(op.f("ix_disputed_facts_state_iso3"), table_name="disputed_facts")
    op.drop_index(op.f("ix_disputed_facts_iscm_id"), table_name="disputed_facts")
    op.drop_table("disputed_facts")

    op.drop_index(op.f("ix_recommendation_shared_iscms_iscm_id"), table_name="recommendation_shared_iscms")
    op.drop_table("recommendation_shared_iscms")
    op.drop_constraint(op.f("ck_recommendations_classification"), "recommendations", type_="check")
    op.drop_constraint(op.f("ck_recommendations_slug_format"), "recommendations", type_="check")
    op.drop_index(op.f("ix_recommendations_document_id"), table_name="recommendations")
    op.drop_constraint(op.f("fk_recommendations_document_id_documents"), "recommendations", type_="foreignkey")
    op.drop_constraint(op.f("uq_recommendations_slug"), "recommendations", type_="unique")
    for column in (
        "sources", "conflicts", "link_note", "classification_note", "classification", "title_note",
        "title_is_descriptive", "number_note", "number", "document_id", "slug",
    ):
        op.drop_column("recommendations", column)

    for constraint in ("version_positive", "year_range", "slug_format", "detailed_kind"):
        op.drop_constraint(op.f(f"ck_documents_{constraint}"), "documents", type_="check")
    op.drop_index(op.f("ix_documents_year"), table_name="documents")
    op.drop_index(op.f("ix_documents_adopted_on"), table_name="documents")
    op.drop_constraint(op.f("uq_documents_slug"), "documents", type_="unique")
    for column in (
        "version", "sources", "conflicts", "place", "year_note", "year", "adopted_on_note",
        "adopted_on", "kind_note", "detailed_kind", "alternative_titles", "title_is_descriptive",
        "slug",
    ):
        op.drop_column("documents", column)

    op.drop_index(op.f("ix_event_shared_iscms_iscm_id"), table_name="event_shared_iscms")
    op.drop_table("event_shared_iscms")
    op.drop_constraint(op.f("ck_events_version_positive"), "events", type_="check")
    op.drop_constraint(op.f("ck_events_detailed_kind"), "events", type_="check")
    for column in ("version", "conflicts", "detailed_kind", "title_is_descriptive"):
        op.drop_column("events", column)

    op.drop_column("iscm_observer_organizations", "source")
    op.execute("DROP TRIGGER iscm_memberships_territory_source ON iscm_memberships")
    op.execute("DROP FUNCTION iscm_memberships_territory_source()")
    op.drop_constraint(op.f("ck_iscm_memberships_period_order"), "iscm_memberships", type_="check")
    op.drop_constraint(op.f("ck_iscm_memberships_until_range"), "iscm_memberships", type_="check")
    for column in ("note", "unverified", "until"):
        op.drop_column("iscm_memberships", column)

    op.drop_constraint(op.f("ck_iscms_observers_confidence"), "iscms", type_="check")
    op.drop_column("iscms", "observers_confidence")
    op.drop_column("member_states", "alternative_names")
