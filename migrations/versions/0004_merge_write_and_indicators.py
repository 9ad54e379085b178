"""Join the write-API and indicator-cache branches into one history.

Revision ID: 0004_merge
Revises: 0002_write_api, 0003_indicator_cache
Create Date: 2026-11-30
"""

from collections.abc import Sequence

revision: str = "0004_merge"
down_revision: str | Sequence[str] | None = ("0002_write_api", "0003_indicator_cache")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: both branches are independent."""


def downgrade() -> None:
    """Nothing to change: both branches are independent."""
