"""Incremental export and MiGOF: `updated_at` on every table a root list reads, indexed, and the
Migration Governance Framework's principles and objectives

Revision ID: 0010_updated_since
Revises: 0009_partner_workflow
Create Date: 2026-12-05 11:45:00.000000

Only adds columns, indexes and tables. Rows already stored count as changed now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_updated_since"
down_revision: str | Sequence[str] | None = "0009_partner_workflow"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables that had no timestamps: reference data a root list reads.
NEW_TIMESTAMPS = ("member_states", "thematic_areas", "sdg_targets")
# Tables that had them, unindexed.
INDEXED = ("iscms", "review_processes", "events", "documents", "recommendations", "review_contributions", "disputed_facts")
STATEMENT_TABLES = ("migof_principles", "migof_objectives")


def upgrade() -> None:
    for table in NEW_TIMESTAMPS:
        op.add_column(table, sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False))
        op.add_column(table, sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False))
    for table in (*NEW_TIMESTAMPS, *INDEXED):
        op.create_index(op.f(f"ix_{table}_updated_at"), table, ["updated_at"], unique=False)
    op.create_index(op.f("ix_audit_events_occurred_at"), "audit_events", ["occurred_at"], unique=False)

    op.create_table(
        "migof",
        sa.Column("acronym", sa.String(length=10), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("organization", sa.Text(), nullable=False),
        sa.Column("endorsed", sa.Text(), nullable=False),
        sa.Column("sources", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("acronym", name=op.f("pk_migof")),
    )
    for table in STATEMENT_TABLES:
        op.create_table(
            table,
            sa.Column("number", sa.SmallInteger(), autoincrement=False, nullable=False),
            sa.Column("statement", sa.Text(), nullable=False),
            sa.Column("short_title", sa.Text(), nullable=False),
            sa.Column("sources", sa.ARRAY(sa.Text()), nullable=False),
            sa.CheckConstraint("number BETWEEN 1 AND 10", name=op.f(f"ck_{table}_number_range")),
            sa.CheckConstraint("cardinality(sources) >= 1", name=op.f(f"ck_{table}_has_sources")),
            sa.PrimaryKeyConstraint("number", name=op.f(f"pk_{table}")),
        )


def downgrade() -> None:
    for table in STATEMENT_TABLES:
        op.drop_table(table)
    op.drop_table("migof")
    op.drop_index(op.f("ix_audit_events_occurred_at"), table_name="audit_events")
    for table in (*NEW_TIMESTAMPS, *INDEXED):
        op.drop_index(op.f(f"ix_{table}_updated_at"), table_name=table)
    for table in NEW_TIMESTAMPS:
        op.drop_column(table, "updated_at")
        op.drop_column(table, "created_at")
