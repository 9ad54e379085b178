"""The live recommendations and review contributions of ISCMs, readable from an index alone

Revision ID: 0012_visible_records_index
Revises: 0011_editor_content
Create Date: 2026-12-05 19:40:00.000000

The analyses (the GCM coverage matrix, its basis and totals) read, for a set of ISCMs, the
live records a reader may see (db/queries/visibility.py `record_visible`): by ISCM and status,
whether removed, whether synthetic, and the id their objective links join on. A partial index
of the live rows keyed on ISCM and status and carrying the rest answers those reads by an
index-only scan, where the existing (iscm_id, status, id) and (iscm_id, adopted_on, id) indexes
visited every row's page to test `deleted_at` and `synthetic`. Only adds indexes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_visible_records_index"
down_revision: str | Sequence[str] | None = "0011_editor_content"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Table -> the columns the analyses read beyond the keys (the basis counts recommendations
# by classification).
INCLUDED = {
    "review_contributions": ["id", "synthetic"],
    "recommendations": ["id", "synthetic", "classification"],
}


def upgrade() -> None:
    for table, included in INCLUDED.items():
        op.create_index(
            op.f(f"ix_{table}_live_by_iscm"),
            table,
            ["iscm_id", "status"],
            unique=False,
            postgresql_include=included,
            postgresql_where=sa.text("deleted_at IS NULL"),
        )


def downgrade() -> None:
    for table in INCLUDED:
        op.drop_index(op.f(f"ix_{table}_live_by_iscm"), table_name=table)
