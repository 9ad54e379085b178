"""Bounded APQ registrations: when each persisted document was last used

APQ registrations beyond ISCM_PERSISTED_MAX_ENTRIES are evicted least recently used first;
allow-listed documents never are. The index serves that eviction.

Revision ID: 0006_persisted_query_bounds
Revises: 0005_operations
Create Date: 2026-12-10 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_persisted_query_bounds"
down_revision: str | Sequence[str] | None = "0005_operations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "persisted_queries",
        sa.Column(
            "last_used_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_persisted_queries_allow_listed_last_used",
        "persisted_queries",
        ["allow_listed", "last_used_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        "ix_persisted_queries_allow_listed_last_used", table_name="persisted_queries"
    )
    op.drop_column("persisted_queries", "last_used_at")
