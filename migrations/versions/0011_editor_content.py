"""Editors keep the content alive: events and documents can be removed (a soft delete)

Revision ID: 0011_editor_content
Revises: 0010_updated_since
Create Date: 2026-12-05 12:00:00.000000

Only adds a nullable column to each table: removal is an UPDATE of `deleted_at`, so the
service role needs no privilege it did not have, and nothing stored changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_editor_content"
down_revision: str | Sequence[str] | None = "0010_updated_since"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REMOVABLE = ("events", "documents")


def upgrade() -> None:
    for table in REMOVABLE:
        op.add_column(table, sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in REMOVABLE:
        op.drop_column(table, "deleted_at")
