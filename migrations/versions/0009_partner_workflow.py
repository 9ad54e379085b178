"""The partner's workflow: recommendations reviewed like contributions, removal and merging of
duplicates, per-row import keys, review processes maintained by editors

Revision ID: 0009_partner_workflow
Revises: 0008_real_content
Create Date: 2026-12-12 09:00:00.000000

Only adds columns, constraints and indexes. The recommendations already stored were public:
they become PUBLISHED, published when they were created. Removal is an UPDATE of
`deleted_at`, so the service role needs no privilege it did not have.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_partner_workflow"
down_revision: str | Sequence[str] | None = "0008_real_content"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "status IN ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'WITHDRAWN')"
MERGED_IS_REMOVED = "merged_into_id IS NULL OR (deleted_at IS NOT NULL AND merged_into_id <> id)"
REMOVABLE = ("recommendations", "review_contributions")


def upgrade() -> None:
    op.add_column("recommendations", sa.Column("status", sa.String(length=9), server_default="PUBLISHED", nullable=False))
    op.add_column("recommendations", sa.Column("submitted_by", sa.Text(), nullable=True))
    op.add_column("recommendations", sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("recommendations", sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE recommendations SET published_at = created_at")
    op.alter_column("recommendations", "published_at", server_default=sa.text("now()"))
    op.create_index(op.f("ix_recommendations_status"), "recommendations", ["status"], unique=False)
    op.create_check_constraint(op.f("ck_recommendations_status"), "recommendations", STATUSES)
    op.create_check_constraint(
        op.f("ck_recommendations_published_time"), "recommendations", "status <> 'PUBLISHED' OR published_at IS NOT NULL"
    )

    for table in REMOVABLE:
        op.add_column(table, sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        op.add_column(table, sa.Column("merged_into_id", sa.BigInteger(), nullable=True))
        op.create_foreign_key(op.f(f"fk_{table}_merged_into_id_{table}"), table, table, ["merged_into_id"], ["id"])
        op.create_check_constraint(op.f(f"ck_{table}_merged_is_removed"), table, MERGED_IS_REMOVED)

    op.add_column("review_contributions", sa.Column("import_key", sa.Text(), nullable=True))
    op.create_check_constraint(
        op.f("ck_review_contributions_import_key_length"), "review_contributions", "char_length(import_key) BETWEEN 1 AND 200"
    )
    op.create_unique_constraint(
        op.f("uq_review_contributions_iscm_id_import_key"), "review_contributions", ["iscm_id", "import_key"]
    )

    op.add_column("review_processes", sa.Column("window_status", sa.String(length=10), server_default="INDICATIVE", nullable=False))
    op.add_column("review_processes", sa.Column("sources", sa.ARRAY(sa.Text()), server_default="{}", nullable=False))
    op.add_column("review_processes", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("review_processes", sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False))
    op.add_column("review_processes", sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False))
    op.create_check_constraint(
        op.f("ck_review_processes_window_status"), "review_processes", "window_status IN ('INDICATIVE', 'OFFICIAL')"
    )
    op.create_check_constraint(op.f("ck_review_processes_version_positive"), "review_processes", "version >= 1")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_review_processes_version_positive"), "review_processes", type_="check")
    op.drop_constraint(op.f("ck_review_processes_window_status"), "review_processes", type_="check")
    for column in ("updated_at", "created_at", "version", "sources", "window_status"):
        op.drop_column("review_processes", column)

    op.drop_constraint(op.f("uq_review_contributions_iscm_id_import_key"), "review_contributions", type_="unique")
    op.drop_constraint(op.f("ck_review_contributions_import_key_length"), "review_contributions", type_="check")
    op.drop_column("review_contributions", "import_key")

    for table in REMOVABLE:
        op.drop_constraint(op.f(f"ck_{table}_merged_is_removed"), table, type_="check")
        op.drop_constraint(op.f(f"fk_{table}_merged_into_id_{table}"), table, type_="foreignkey")
        op.drop_column(table, "merged_into_id")
        op.drop_column(table, "deleted_at")

    op.drop_constraint(op.f("ck_recommendations_published_time"), "recommendations", type_="check")
    op.drop_constraint(op.f("ck_recommendations_status"), "recommendations", type_="check")
    op.drop_index(op.f("ix_recommendations_status"), table_name="recommendations")
    for column in ("published_at", "submitted_at", "submitted_by", "status"):
        op.drop_column("recommendations", column)
