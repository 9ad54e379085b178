"""UN data cache: indicator observations and the fetch log

Revision ID: 0003_indicator_cache
Revises: 0001_foundation
Create Date: 2026-11-30 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_indicator_cache"
down_revision: str | Sequence[str] | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES = "source IN ('SDG', 'UNPD', 'UNHCR', 'WORLDBANK')"


def upgrade() -> None:
    op.create_table(
        "indicator_observations",
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("dimensions_key", sa.Text(), server_default="", nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("raw_value", sa.Text(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column(
            "dimensions", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("footnotes", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column(
            "fetched_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("synthetic", sa.Boolean(), server_default="false", nullable=False),
        sa.CheckConstraint(SOURCES, name=op.f("ck_indicator_observations_source")),
        sa.CheckConstraint(
            "year BETWEEN 1800 AND 2200", name=op.f("ck_indicator_observations_year_range")
        ),
        sa.ForeignKeyConstraint(
            ["iso3"],
            ["member_states.iso3"],
            name=op.f("fk_indicator_observations_iso3_member_states"),
        ),
        sa.PrimaryKeyConstraint(
            "source", "code", "iso3", "year", "dimensions_key", name=op.f("pk_indicator_observations")
        ),
    )
    op.create_index(
        "ix_indicator_observations_iso3_source_code",
        "indicator_observations",
        ["iso3", "source", "code"],
        unique=False,
    )
    op.create_index(
        "ix_indicator_observations_source_code_year",
        "indicator_observations",
        ["source", "code", "year"],
        unique=False,
    )
    op.create_table(
        "indicator_fetches",
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("rows", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(SOURCES, name=op.f("ck_indicator_fetches_source")),
        sa.CheckConstraint(
            "outcome IN ('DATA', 'EMPTY', 'REJECTED')", name=op.f("ck_indicator_fetches_outcome")
        ),
        sa.CheckConstraint("rows >= 0", name=op.f("ck_indicator_fetches_rows_not_negative")),
        sa.ForeignKeyConstraint(
            ["iso3"], ["member_states.iso3"], name=op.f("fk_indicator_fetches_iso3_member_states")
        ),
        sa.PrimaryKeyConstraint("source", "code", "iso3", name=op.f("pk_indicator_fetches")),
    )


def downgrade() -> None:
    op.drop_table("indicator_fetches")
    op.drop_index("ix_indicator_observations_source_code_year", table_name="indicator_observations")
    op.drop_index("ix_indicator_observations_iso3_source_code", table_name="indicator_observations")
    op.drop_table("indicator_observations")
